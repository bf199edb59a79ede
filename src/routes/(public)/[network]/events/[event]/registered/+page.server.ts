import { error } from '@sveltejs/kit';
import { requirePublicContext } from '#lib/server/context.ts';
import { publicEvent } from '#lib/server/events/public/service.ts';
import type { PageServerLoad } from './$types';

/**
 * After a registration: the mail with the personal link is on its way (or the place on the waiting
 * list). The address carries only the outcome, never who registered.
 */
export const load: PageServerLoad = async (event) => {
	const pub = await requirePublicContext(event);
	const found = await publicEvent(pub.db, pub.network, event.params.event, pub.now, pub.locale);
	if (!found.ok) error(404, { message: 'error_not_found' });
	const raw = event.url.searchParams.get('outcome');
	const outcome = raw === 'waiting' ? raw : 'registered';
	const position = Number(event.url.searchParams.get('position'));
	return {
		event: { id: found.value.id, title: found.value.title },
		outcome,
		position: outcome === 'waiting' && Number.isInteger(position) && position > 0 ? position : null
	};
};
