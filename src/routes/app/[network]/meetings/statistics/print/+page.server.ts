import { formatDate } from '#lib/format.ts';
import { requireContext } from '#lib/server/context.ts';
import { meetingStatistics } from '#lib/server/meetings/statistics-service.ts';
import { parsePeriod, periodQuery } from '#lib/server/platform/periods.ts';
import type { PageServerLoad } from './$types';
import { attendanceCharts } from '../charts.server.ts';

/** The same figures laid out for paper or a PDF, for the half-year report. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'coordinator' });
	const period = parsePeriod(event.url.searchParams, ctx.network.timeZone, ctx.now);
	const stats = await meetingStatistics(ctx, period);
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name, timeZone: ctx.network.timeZone },
		stats,
		charts: attendanceCharts(stats, ctx.locale, ctx.network.timeZone),
		made: formatDate(ctx.now, ctx.locale, ctx.network.timeZone),
		query: periodQuery(period)
	};
};
