import { error } from '@sveltejs/kit';
import { requireContext } from '#lib/server/context.ts';
import { checkInList } from '#lib/server/events/staff/check-in-service.ts';
import { attendanceAction, noShowAllAction } from '../attendance.server.ts';
import type { Actions, PageServerLoad } from './$types';

/** Check-in at the door, on a phone: find by name, big buttons per person, the tally on top. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const q = event.url.searchParams.get('q') ?? '';
	const result = await checkInList(ctx, event.params.event, q, event.url.searchParams.get('participation'));
	if (!result.ok) error(404, { message: 'error_not_found' });
	const { rules, group, groups, total, attended, noShow, remaining, matching, people } = result.value;
	return {
		q,
		group,
		groups,
		rules,
		total,
		attended,
		noShow,
		remaining,
		matching,
		people,
		marked: event.url.searchParams.get('marked'),
		done: event.url.searchParams.get('done')
	};
};

export const actions = {
	attendance: (event) => attendanceAction(event, 'check-in'),
	noShowAll: (event) => noShowAllAction(event, 'check-in')
} satisfies Actions;
