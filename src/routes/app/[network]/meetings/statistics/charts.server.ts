import { barChartSvg, NARROW_CHART_WIDTH } from '#lib/components/charts/echarts.server.ts';
import { formatDay } from '#lib/format.ts';
import type { Locale } from '#lib/server/platform/context.ts';
import { utcToZoned } from '#lib/server/platform/time.ts';
import type { MeetingStatistics } from '#lib/server/meetings/statistics-service.ts';

/** One chart of the page: the bars as SVG (wide and phone-width) and the rows of its table. */
export interface ChartData {
	rows: { key: string; label: string; count: number; share: number | null }[];
	wide: string;
	narrow: string;
}

function chart(rows: ChartData['rows']): ChartData {
	const data = rows.map((row) => ({ label: row.label, value: row.count }));
	return { rows, wide: barChartSvg(data), narrow: barChartSvg(data, { width: NARROW_CHART_WIDTH }) };
}

/**
 * The charts of the statistics page and its print view: present per meeting held, and present per
 * municipality and organisation type, each with the attendance rate in its table.
 */
export function attendanceCharts(stats: MeetingStatistics, locale: Locale, timeZone: string) {
	return {
		perMeeting: chart(
			stats.meetingRows
				.filter((r) => r.held)
				.map((r) => ({
					key: r.id,
					label: formatDay(utcToZoned(r.startAt, timeZone).slice(0, 10), locale),
					count: r.present,
					share: r.rate
				}))
		),
		byMunicipality: chart(
			stats.byMunicipality.map((r) => ({ key: r.id ?? '', label: r.label, count: r.present, share: r.rate }))
		),
		byOrganisationType: chart(
			stats.byOrganisationType.map((r) => ({ key: r.id ?? '', label: r.label, count: r.present, share: r.rate }))
		)
	};
}
