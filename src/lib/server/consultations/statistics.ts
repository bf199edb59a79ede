import { consultationLabel, type ConsultationList } from '#lib/consultation-labels.ts';
import { m } from '#lib/paraglide/messages.js';
import { typeLabel } from '../directory/index.ts';
import type { Locale, ServiceContext } from '../platform/context.ts';
import { percentFormats, percentText } from '../platform/percent.ts';
import { csvSeparator, toCsv } from '../platform/csv.ts';
import { requireConsultationAbility } from './access.ts';
import { monthLabel, monthsOf, periodLabel, periodToken, type Period } from '../platform/periods.ts';
import * as repo from './statistics-repository.ts';
import type { CountedList, NamedRow } from './statistics-repository.ts';

/**
 * Statistics of a period: plain data the statistics pages, the CSV and the report module show.
 * A count is a number; in the shareable version (`suppressSmallCounts`) a count of 1 or 2 is "<3",
 * and a larger count hidden only so that a "<3" cannot be worked out by subtraction is "–".
 */
export const SUPPRESSED = '<3' as const;
/** A count of 3 or more hidden by complementary (secondary) suppression: not "<3", which would be false. */
export const HIDDEN = '–' as const;
export type ShownCount = number | typeof SUPPRESSED | typeof HIDDEN;

export interface StatRow<C extends ShownCount = number> {
	/** A list value, an id (municipality, organisation type, topic), a month (YYYY-MM) or `not_stated`. */
	key: string;
	label: string;
	count: C;
	/** Of all consultations of the period, 0–1; null when there are none (or when the count is hidden). */
	share: number | null;
}

export interface MunicipalityRow<C extends ShownCount = number> extends StatRow<C> {
	participating: boolean;
}

export interface ConsultationStatisticsOf<C extends ShownCount> {
	period: Period & { label: string; token: string };
	total: C;
	channels: StatRow<C>[];
	municipalities: {
		/** Participating municipalities of the network ("of 10"). */
		participating: number;
		/** Participating municipalities at least one consultation came from ("8"). */
		reached: number;
		notReached: { id: string; name: string }[];
		/** Consultations from outside the network, or with no municipality stated. */
		outside: C;
		/** Every municipality of the network, by name. */
		rows: MunicipalityRow<C>[];
	};
	organisationTypes: StatRow<C>[];
	/** A consultation may have several topics: shares do not sum to 100 %. */
	topics: StatRow<C>[];
	ageGroups: StatRow<C>[];
	genders: StatRow<C>[];
	caseTypes: StatRow<C>[];
	urgencies: StatRow<C>[];
	perpetrators: StatRow<C>[];
	/** Several may apply to one consultation, and most have none. */
	vulnerabilities: StatRow<C>[];
	/** Every month the period touches, in order. */
	trend: StatRow<C>[];
	firstAnswer: {
		/** Consultations of the period that have been answered. */
		answered: C;
		/** Calendar days from received to first answered, in the network's time zone; null without answers. */
		medianDays: number | null;
	};
	/** True for the shareable version, where counts of 1–2 are shown as "<3". */
	suppressed: boolean;
	/** True when some count of the shareable version is hidden ("–") to protect a "<3". */
	complementary: boolean;
}

export type ConsultationStatistics = ConsultationStatisticsOf<number>;
export type ShareableStatistics = ConsultationStatisticsOf<ShownCount>;

export const NOT_STATED = 'not_stated';

export function share(count: number, total: number): number | null {
	return total > 0 ? count / total : null;
}

/** The median of values given as a histogram; the mean of the two middle values for an even count. */
export function medianOfHistogram(histogram: readonly { days: number; count: number }[]): number | null {
	const sorted = histogram.filter((h) => h.count > 0).sort((a, b) => a.days - b.days);
	const n = sorted.reduce((sum, h) => sum + h.count, 0);
	if (n === 0) return null;
	const at = (index: number) => {
		let seen = 0;
		for (const h of sorted) {
			seen += h.count;
			if (index < seen) return h.days;
		}
		return sorted[sorted.length - 1].days;
	};
	return n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

interface Raw {
	period: Period;
	locale: Locale;
	lists: repo.ListCounts;
	municipalities: repo.StatisticsMunicipality[];
	municipalityCounts: { id: string | null; count: number }[];
	organisationTypes: NamedRow[];
	typeCounts: { id: string | null; count: number }[];
	topics: NamedRow[];
	topicCounts: { id: string; count: number }[];
	daysToFirstAnswer: { days: number; count: number }[];
}

function listRows(raw: Raw, list: CountedList, values: readonly string[], withNotStated: boolean): StatRow[] {
	const counts = raw.lists.values[list];
	const total = raw.lists.total;
	const rows: StatRow[] = values.map((value) => ({
		key: value,
		label: consultationLabel(list as ConsultationList, value, raw.locale),
		count: counts[value] ?? 0,
		share: share(counts[value] ?? 0, total)
	}));
	if (withNotStated) {
		const notStated = total - rows.reduce((sum, row) => sum + row.count, 0);
		if (notStated > 0)
			rows.push({
				key: NOT_STATED,
				label: m.statistics_not_stated({}, { locale: raw.locale }),
				count: notStated,
				share: share(notStated, total)
			});
	}
	return rows;
}

/** Named rows (types, topics) by count, then in the network's order; hidden ones only if counted. */
function namedRows(
	raw: Raw,
	named: readonly NamedRow[],
	counts: readonly { id: string | null; count: number }[],
	label: (row: NamedRow) => string,
	notStated: boolean
): StatRow[] {
	const total = raw.lists.total;
	const byId = new Map(counts.filter((c) => c.id !== null).map((c) => [c.id as string, c.count]));
	const rows = named
		.filter((row) => !row.hidden || (byId.get(row.id) ?? 0) > 0)
		.map((row) => ({ row, count: byId.get(row.id) ?? 0 }))
		.sort((a, b) => b.count - a.count || a.row.sortOrder - b.row.sortOrder)
		.map(({ row, count }) => ({ key: row.id, label: label(row), count, share: share(count, total) }));
	if (notStated) {
		const known = new Set(named.map((row) => row.id));
		const missing = counts.filter((c) => c.id === null || !known.has(c.id)).reduce((sum, c) => sum + c.count, 0);
		if (missing > 0)
			rows.push({
				key: NOT_STATED,
				label: m.statistics_not_stated({}, { locale: raw.locale }),
				count: missing,
				share: share(missing, total)
			});
	}
	return rows;
}

/** Turns what the repository counted into the statistics (pure, so it is tested without a database). */
export function buildStatistics(raw: Raw): ConsultationStatistics {
	const { locale, period } = raw;
	const total = raw.lists.total;
	const municipalityCount = new Map(
		raw.municipalityCounts.filter((c) => c.id !== null).map((c) => [c.id as string, c.count])
	);
	const networkIds = new Set(raw.municipalities.map((mu) => mu.id));
	const outside = raw.municipalityCounts
		.filter((c) => c.id === null || !networkIds.has(c.id))
		.reduce((sum, c) => sum + c.count, 0);
	const municipalityRows = [...raw.municipalities]
		.sort((a, b) => a.name.localeCompare(b.name, locale))
		.map((mu) => {
			const count = municipalityCount.get(mu.id) ?? 0;
			return { key: mu.id, label: mu.name, count, share: share(count, total), participating: mu.participating };
		});
	const participating = municipalityRows.filter((row) => row.participating);
	return {
		period: { ...period, label: periodLabel(period, locale), token: periodToken(period) },
		total,
		channels: listRows(raw, 'channel', repo.countedLists.channel, false),
		municipalities: {
			participating: participating.length,
			reached: participating.filter((row) => row.count > 0).length,
			notReached: participating.filter((row) => row.count === 0).map((row) => ({ id: row.key, name: row.label })),
			outside,
			rows: municipalityRows
		},
		organisationTypes: namedRows(raw, raw.organisationTypes, raw.typeCounts, (row) => typeLabel(row, locale), true),
		topics: namedRows(
			raw,
			raw.topics,
			raw.topicCounts,
			(row) => row.name ?? (row.key ? consultationLabel('topic', row.key, locale) : ''),
			false
		),
		ageGroups: listRows(raw, 'age_group', repo.countedLists.age_group, true),
		genders: listRows(raw, 'gender', repo.countedLists.gender, true),
		caseTypes: listRows(raw, 'case_type', repo.countedLists.case_type, true),
		urgencies: listRows(raw, 'urgency', repo.countedLists.urgency, false),
		perpetrators: listRows(raw, 'perpetrator', repo.countedLists.perpetrator, true),
		vulnerabilities: listRows(raw, 'vulnerability', repo.countedLists.vulnerability, false),
		trend: monthsOf(period).map((month) => {
			const count = raw.lists.byMonth.get(month) ?? 0;
			return { key: month, label: monthLabel(month, locale), count, share: share(count, total) };
		}),
		firstAnswer: {
			answered: raw.daysToFirstAnswer.reduce((sum, h) => sum + h.count, 0),
			medianDays: medianOfHistogram(raw.daysToFirstAnswer.map((h) => ({ ...h, days: Math.max(0, h.days) })))
		},
		suppressed: false,
		complementary: false
	};
}

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

function suppressCount(count: number): ShownCount {
	return count === 1 || count === 2 ? SUPPRESSED : count;
}

/**
 * The shown counts of one additive section — cells that add up to the total, each consultation in
 * exactly one of them. Counts of 1–2 become "<3" (primary suppression). Where exactly one cell is
 * "<3", the total minus the others would give it back, so the smallest other non-zero cell (the first
 * of equals) is hidden as well, as "–" (complementary suppression). With two or more "<3" cells
 * nothing more is hidden; 0 stays 0.
 */
export function suppressAdditive(counts: readonly number[]): ShownCount[] {
	const shown: ShownCount[] = counts.map(suppressCount);
	if (shown.filter((count) => count === SUPPRESSED).length !== 1) return shown;
	let smallest = -1;
	counts.forEach((count, index) => {
		if (shown[index] === SUPPRESSED || count <= 0) return;
		if (smallest < 0 || count < counts[smallest]) smallest = index;
	});
	if (smallest >= 0) shown[smallest] = HIDDEN;
	return shown;
}

function withCount<R extends StatRow>(row: R, count: ShownCount): Omit<R, 'count'> & { count: ShownCount } {
	return { ...row, count, share: typeof count === 'number' ? row.share : null };
}

/** Primary suppression only: for lists that are not additive (a consultation may have several or none). */
function suppressEach<R extends StatRow>(rows: readonly R[]): (Omit<R, 'count'> & { count: ShownCount })[] {
	return rows.map((row) => withCount(row, suppressCount(row.count)));
}

/** Primary and complementary suppression over the rows of an additive section. */
function suppressSection<R extends StatRow>(rows: readonly R[]): (Omit<R, 'count'> & { count: ShownCount })[] {
	const shown = suppressAdditive(rows.map((row) => row.count));
	return rows.map((row, index) => withCount(row, shown[index]));
}

/**
 * The shareable version: every count of 1 or 2 becomes "<3" and its share is hidden (0 stays 0), so
 * a printed or forwarded table cannot point at a single case; in the sections that add up to the
 * total (channel, urgency, case type, age group, gender, perpetrator, organisation types with "not
 * stated", municipalities with those outside, the months), a lone "<3" takes a second cell with it
 * ("–", see `suppressAdditive`). Topics and vulnerabilities do not add up (several or none per
 * consultation) and get the primary suppression only. The median of one or two answers goes too.
 */
export function suppressSmallCounts(stats: ConsultationStatistics): ShareableStatistics {
	const answered = suppressCount(stats.firstAnswer.answered);
	const municipalities = suppressAdditive([
		...stats.municipalities.rows.map((row) => row.count),
		stats.municipalities.outside
	]);
	const shared: ShareableStatistics = {
		...stats,
		total: suppressCount(stats.total),
		channels: suppressSection(stats.channels),
		municipalities: {
			...stats.municipalities,
			notReached: [...stats.municipalities.notReached],
			outside: municipalities[municipalities.length - 1],
			rows: stats.municipalities.rows.map((row, index) => withCount(row, municipalities[index]))
		},
		organisationTypes: suppressSection(stats.organisationTypes),
		topics: suppressEach(stats.topics),
		ageGroups: suppressSection(stats.ageGroups),
		genders: suppressSection(stats.genders),
		caseTypes: suppressSection(stats.caseTypes),
		urgencies: suppressSection(stats.urgencies),
		perpetrators: suppressSection(stats.perpetrators),
		vulnerabilities: suppressEach(stats.vulnerabilities),
		trend: suppressSection(stats.trend),
		firstAnswer: {
			answered,
			medianDays: answered === SUPPRESSED ? null : stats.firstAnswer.medianDays
		},
		suppressed: true,
		complementary: false
	};
	const all = [
		shared.channels,
		shared.municipalities.rows,
		shared.organisationTypes,
		shared.ageGroups,
		shared.genders,
		shared.caseTypes,
		shared.urgencies,
		shared.perpetrators,
		shared.trend
	];
	shared.complementary =
		shared.municipalities.outside === HIDDEN || all.some((rows) => rows.some((row) => row.count === HIDDEN));
	return shared;
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
