import { consultationLabel, type ConsultationList } from '#lib/consultation-labels.ts';
import { m } from '#lib/paraglide/messages.js';
import { typeLabel } from '../directory/index.ts';
import type { Locale } from '../platform/context.ts';
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
