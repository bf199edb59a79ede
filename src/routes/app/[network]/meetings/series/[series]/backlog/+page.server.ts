import { error } from '@sveltejs/kit';
import { requireContext } from '#lib/server/context.ts';
import { seriesBacklog } from '#lib/server/meetings/agenda-service.ts';
import { seriesFormValues } from '#lib/server/meetings/series-service.ts';
import type { PageServerLoad } from './$types';

/**
 * A series' backlog: items still open. Those carried on at least once show each meeting they went
 * through; those left open at a meeting that is over (neither done nor carried on) come apart, as
 * they need a decision. Items open at coming meetings that were never carried are just the agenda.
 */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const series = await seriesFormValues(ctx, event.params.series);
	if (!series.ok) error(404, { message: 'error_not_found' });
	const backlog = await seriesBacklog(ctx, event.params.series, new Date(0));
	const rows = backlog.map(({ item, meeting, carriedThrough }) => ({
		id: item.id,
		title: item.title,
		ownerName: item.ownerName,
		minutes: item.minutes,
		meeting: { id: meeting.id, startAt: meeting.startAt, endAt: meeting.endAt, status: meeting.status },
		carriedThrough
	}));
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name, timeZone: ctx.network.timeZone },
		series: { id: series.value.series.id, title: series.value.series.title },
		carried: rows.filter((row) => row.carriedThrough.length > 0),
		leftOpen: rows.filter((row) => row.carriedThrough.length === 0 && row.meeting.endAt <= ctx.now)
	};
};
