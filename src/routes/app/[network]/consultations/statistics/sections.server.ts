import { barChartSvg, lineChartSvg, NARROW_CHART_WIDTH } from '#lib/components/charts/echarts.server.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Locale } from '#lib/server/platform/context.ts';
import { periodChoices } from '#lib/server/platform/periods.ts';
import { statisticsSections } from '#lib/server/consultations/statistics-service.ts';
import { type ConsultationStatisticsOf, type ShownCount } from '#lib/server/consultations/statistics.ts';
import { todayIn } from '#lib/server/platform/time.ts';

export interface ChartSectionData {
	key: string;
	title: string;
	svg: string;
	/** The bar chart laid out for a phone (the trend's line scales well enough). */
	svgNarrow: string | null;
	note: string | null;
	rows: { key: string; label: string; count: ShownCount; share: number | null }[];
}

/** Each section of the statistics with its chart; a hidden ("<3" or "–") count draws no bar. */
export function chartSections(stats: ConsultationStatisticsOf<ShownCount>, locale: Locale): ChartSectionData[] {
	const options = { locale };
	return statisticsSections(stats, locale).map((section) => {
		const data = section.rows.map((row) => ({
			label: row.label,
			value: typeof row.count === 'number' ? row.count : null
		}));
		return {
			key: section.key,
			title: section.title,
			rows: section.rows,
			svg: section.key === 'trend' ? lineChartSvg(data) : barChartSvg(data),
			svgNarrow: section.key === 'trend' ? null : barChartSvg(data, { width: NARROW_CHART_WIDTH }),
			note:
				section.key === 'topic'
					? m.statistics_topic_note({}, options)
					: section.key === 'vulnerability'
						? m.statistics_vulnerability_note({}, options)
						: null
		};
	});
}

/** What the period picker offers, relative to today in the network's time zone. */
export function pickerChoices(timeZone: string, now: Date, locale: Locale) {
	return periodChoices(todayIn(timeZone, now), locale);
}
