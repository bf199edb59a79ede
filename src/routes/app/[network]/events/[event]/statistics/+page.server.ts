import { error } from '@sveltejs/kit';
import { requireContext } from '#lib/server/context.ts';
import { eventStatistics } from '#lib/server/events/staff/statistics-service.ts';
import type { PageServerLoad } from './$types';

/** The event's figures: counts only, no names. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const result = await eventStatistics(ctx, event.params.event);
	if (!result.ok) error(404, { message: 'error_not_found' });
	return { stats: result.value };
};
