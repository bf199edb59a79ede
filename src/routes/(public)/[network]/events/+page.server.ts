import { requirePublicContext } from '#lib/server/context.ts';
import { eventTypes, type EventType } from '#lib/server/events/model.ts';
import { listPublicEvents } from '#lib/server/events/public-service.ts';
import type { PageServerLoad } from './$types';

/** Upcoming and past public events; the filters are a GET form, so a filtered list is a link. */
export const load: PageServerLoad = async (event) => {
	const pub = await requirePublicContext(event);
	const typeParam = event.url.searchParams.get('type') ?? '';
	const monthParam = event.url.searchParams.get('month') ?? '';
	const type = (eventTypes as readonly string[]).includes(typeParam) ? (typeParam as EventType) : null;
	const month = /^\d{4}-\d{2}$/.test(monthParam) ? monthParam : null;
	const list = await listPublicEvents(pub.db, pub.network, pub.now, { type, month });
	return { ...list, filter: { type: type ?? '', month: month ?? '' }, timeZone: pub.network.timeZone };
};
