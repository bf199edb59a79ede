import { requireContext } from '#lib/server/context.ts';
import { listSeries } from '#lib/server/meetings/series-service.ts';
import type { PageServerLoad } from './$types';

/** The network's meeting series, newest first: coordinators and admins (`meetings.manage`). */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'coordinator' });
	const series = await listSeries(ctx);
	return {
		series: series.map((s) => ({
			id: s.id,
			title: s.title,
			rule: {
				recurrence: s.rule.recurrence,
				intervalWeeks: s.rule.intervalWeeks,
				weekday: s.rule.weekday,
				weekOfMonth: s.rule.weekOfMonth,
				dates: s.rule.dates
			},
			firstDay: s.rule.firstDay,
			lastDay: s.rule.lastDay,
			startTime: s.startTime,
			endTime: s.endTime,
			audience: s.audience,
			audienceRoles: s.audienceRoles
		})),
		done: event.url.searchParams.get('done')
	};
};
