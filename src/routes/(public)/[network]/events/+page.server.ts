import { requirePublicContext } from '#lib/server/context.ts';
import { eventTypes, type EventType } from '#lib/server/events/model.ts';
import { listPublicEvents } from '#lib/server/events/public/service.ts';
import { upcomingPublicThemeWeeks } from '#lib/server/events/theme-weeks.ts';
import type { PageServerLoad } from './$types';

/**
 * Upcoming and past public events, and the theme weeks not yet over with their public activities;
 * the filters are a GET form, so a filtered list is a link. The weeks are shown whatever the filter.
 */
export const load: PageServerLoad = async (event) => {
	const pub = await requirePublicContext(event);
	const typeParam = event.url.searchParams.get('type') ?? '';
	const monthParam = event.url.searchParams.get('month') ?? '';
	const type = (eventTypes as readonly string[]).includes(typeParam) ? (typeParam as EventType) : null;
	const month = /^\d{4}-\d{2}$/.test(monthParam) ? monthParam : null;
	const [list, themeWeeks] = await Promise.all([
		listPublicEvents(pub.db, pub.network, pub.now, { type, month }),
		upcomingPublicThemeWeeks(pub.db, pub.network, pub.now)
	]);
	return {
		...list,
		themeWeeks,
		now: pub.now,
		filter: { type: type ?? '', month: month ?? '' },
		timeZone: pub.network.timeZone
	};
};
