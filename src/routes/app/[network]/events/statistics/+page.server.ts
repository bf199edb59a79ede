import { barChartSvg, NARROW_CHART_WIDTH } from '#lib/components/charts/echarts.server.ts';
import { requireContext } from '#lib/server/context.ts';
import { parsePeriod, periodChoices, periodQuery } from '#lib/server/platform/periods.ts';
import { todayIn } from '#lib/server/platform/time.ts';
import { periodStatistics, type EventCountRow } from '#lib/server/events/period-statistics.ts';
import type { PageServerLoad } from './$types';

const chart = (rows: EventCountRow[]) => {
	const data = rows.map((row) => ({ label: row.label, value: row.count }));
	return { wide: barChartSvg(data), narrow: barChartSvg(data, { width: NARROW_CHART_WIDTH }) };
};

/** The events of a period and their figures; the period comes from a GET form (works without JavaScript). */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const period = parsePeriod(event.url.searchParams, ctx.network.timeZone, ctx.now);
	const stats = await periodStatistics(ctx, period);
	return {
		stats,
		charts: { byType: chart(stats.byType), byFormat: chart(stats.byFormat) },
		choices: periodChoices(todayIn(ctx.network.timeZone, ctx.now), ctx.locale),
		query: periodQuery(period)
	};
};
