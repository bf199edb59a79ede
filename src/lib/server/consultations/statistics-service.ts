import { m } from '#lib/paraglide/messages.js';
import type { Locale, ServiceContext } from '../platform/context.ts';
import { percentFormats, percentText } from '../platform/percent.ts';
import { csvSeparator, toCsv } from '../platform/csv.ts';
import type { Period } from '../platform/periods.ts';
import { requireConsultationAbility } from './access.ts';
import * as repo from './statistics-repository.ts';
import { suppressSmallCounts } from './statistics-shareable.ts';
import {
	buildStatistics,
	share,
	type ConsultationStatistics,
	type ConsultationStatisticsOf,
	type ShownCount,
	type StatRow
} from './statistics.ts';

/**
 * The consultation statistics of a period as the pages, the CSV and the report module show them:
 * the figures (built in `statistics.ts`, made shareable in `statistics-shareable.ts`) and their
 * sentences, sections and CSV.
 */

/**
 * The statistics of a period for the actor's network: admins and coordinators (and handlers) only.
 * The report module reuses this function as it is.
 */
export async function consultationStatistics(ctx: ServiceContext, period: Period): Promise<ConsultationStatistics> {
	await requireConsultationAbility(ctx, 'statistics');
	const { db } = ctx;
	const networkId = ctx.network.id;
	const [counts, municipalities, types, topics] = await Promise.all([
		repo.countPeriod(db, networkId, period),
		repo.listMunicipalities(db, networkId),
		repo.listOrganisationTypes(db, networkId),
		repo.listTopics(db, networkId)
	]);
	return buildStatistics({
		...counts,
		period,
		locale: ctx.locale,
		municipalities,
		organisationTypes: types,
		topics
	});
}

/**
 * The median sentence of the summary. In the shareable version one or two answers hide the median
 * with their count: the sentence then says that it is hidden, never "none answered yet", which
 * would be false (see docs/guide on the shareable statistics).
 */
export function medianText(stats: ConsultationStatisticsOf<ShownCount>, locale: Locale): string {
	const options = { locale };
	const { answered, medianDays } = stats.firstAnswer;
	if (answered === 0) return m.statistics_median_none({}, options);
	if (typeof answered !== 'number' || medianDays === null)
		return m.statistics_median_hidden({ mark: String(answered) }, options);
	// One decimal, as a number: the message formats it and picks "1 dag" / "1,5 dagar" by it.
	return m.statistics_median_days_value({ days: Math.round(medianDays * 10) / 10, answered }, options);
}

/**
 * The summary's figures as sentences, the same on the page, the printed version and the CSV: the
 * total, those from outside the network, and the median days to a first answer.
 */
export function summarySentences(
	stats: ConsultationStatisticsOf<ShownCount>,
	locale: Locale
): { key: 'total' | 'outside' | 'median'; text: string }[] {
	const options = { locale };
	const count = (value: ShownCount) =>
		typeof value === 'number' ? new Intl.NumberFormat(percentFormats[locale]).format(value) : value;
	return [
		{ key: 'total', text: count(stats.total) },
		{ key: 'outside', text: m.statistics_outside_count({ count: count(stats.municipalities.outside) }, options) },
		{ key: 'median', text: medianText(stats, locale) }
	];
}

/** The sections of the statistics in page order, each a titled list of rows (pages, CSV, report). */
export function statisticsSections<C extends ShownCount>(
	stats: ConsultationStatisticsOf<C>,
	locale: Locale
): { key: string; title: string; rows: StatRow<C>[] }[] {
	const options = { locale };
	return [
		{ key: 'trend', title: m.statistics_section_trend({}, options), rows: stats.trend },
		{ key: 'channel', title: m.statistics_section_channel({}, options), rows: stats.channels },
		{
			key: 'municipality',
			title: m.statistics_section_municipality({}, options),
			rows: [
				...stats.municipalities.rows,
				{
					key: 'outside',
					label: m.statistics_outside_network({}, options),
					count: stats.municipalities.outside,
					share:
						typeof stats.municipalities.outside === 'number' && typeof stats.total === 'number'
							? share(stats.municipalities.outside, stats.total)
							: null
				}
			]
		},
		{
			key: 'organisation_type',
			title: m.statistics_section_organisation_type({}, options),
			rows: stats.organisationTypes
		},
		{ key: 'topic', title: m.statistics_section_topic({}, options), rows: stats.topics },
		{ key: 'age_group', title: m.statistics_section_age_group({}, options), rows: stats.ageGroups },
		{ key: 'gender', title: m.statistics_section_gender({}, options), rows: stats.genders },
		{ key: 'case_type', title: m.statistics_section_case_type({}, options), rows: stats.caseTypes },
		{ key: 'urgency', title: m.statistics_section_urgency({}, options), rows: stats.urgencies },
		{ key: 'perpetrator', title: m.statistics_section_perpetrator({}, options), rows: stats.perpetrators },
		{ key: 'vulnerability', title: m.statistics_section_vulnerability({}, options), rows: stats.vulnerabilities }
	];
}

/** The statistics as CSV: one row per figure, with its section, label, count and share in percent. */
export function statisticsCsv(stats: ConsultationStatisticsOf<ShownCount>, locale: Locale): string {
	const options = { locale };
	const summary: (string | number | null)[][] = [
		[m.statistics_section_summary({}, options), m.statistics_period({}, options), stats.period.label, null],
		[m.statistics_section_summary({}, options), m.statistics_total({}, options), stats.total, null],
		[
			m.statistics_section_summary({}, options),
			m.statistics_municipalities_reached_label({}, options),
			stats.municipalities.reached,
			null
		],
		[
			m.statistics_section_summary({}, options),
			m.statistics_municipalities_participating_label({}, options),
			stats.municipalities.participating,
			null
		],
		[m.statistics_section_summary({}, options), m.statistics_median_days({}, options), medianText(stats, locale), null]
	];
	const rows: (string | number | null)[][] = statisticsSections(stats, locale).flatMap((section) =>
		section.rows.map((row) => [section.title, row.label, row.count, percentText(row.share, locale)])
	);
	// The shareable version says what "<3" and "–" mean, at the end so the figures keep their places.
	if (stats.suppressed) {
		rows.push([m.statistics_csv_note({}, options), m.statistics_print_notice({}, options), null, null]);
		if (stats.complementary)
			rows.push([m.statistics_csv_note({}, options), m.statistics_hidden_note({}, options), null, null]);
	}
	return toCsv(
		[
			m.statistics_csv_section({}, options),
			m.statistics_csv_item({}, options),
			m.statistics_csv_count({}, options),
			m.statistics_csv_share({}, options)
		],
		[...summary, ...rows],
		{ separator: csvSeparator(locale) }
	);
}

/** The CSV download, full or shareable; the export is written to the audit log. */
export async function exportStatisticsCsv(
	ctx: ServiceContext,
	period: Period,
	options: { shareable?: boolean } = {}
): Promise<string> {
	const stats = await consultationStatistics(ctx, period);
	await ctx.audit.exported(
		'consultation_statistics',
		`csv:${options.shareable ? 'shareable' : 'full'}:${period.from}..${period.to}`
	);
	return statisticsCsv(options.shareable ? suppressSmallCounts(stats) : stats, ctx.locale);
}
