import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { toBool } from '../platform/db/values.ts';
import { ageGroups, caseTypes, channels, genders, perpetrators, urgencies, vulnerabilities } from './model.ts';

/**
 * The SQL of the statistics (docs/product.md#consultations-statistics). The counts come from `consultation_stat_day` (migration 0005), which
 * triggers keep exact: per network and received day, the consultations per value of each counted
 * field. A period is one range of its primary key, a few hundred rows per day whatever the number of
 * consultations, summed in the database.
 */

/** The closed lists counted per value; `vulnerability` is three yes/no columns. */
export const countedLists = {
	channel: channels,
	case_type: caseTypes,
	age_group: ageGroups,
	gender: genders,
	perpetrator: perpetrators,
	urgency: urgencies,
	vulnerability: vulnerabilities
} as const;
export type CountedList = keyof typeof countedLists;

export interface PeriodRange {
	from: string;
	to: string;
}

export interface ListCounts {
	total: number;
	/** Consultations per month (YYYY-MM) that had any. */
	byMonth: Map<string, number>;
	/** Per list, consultations per value; a value nobody had is 0, the not stated are `total − sum`. */
	values: Record<CountedList, Record<string, number>>;
}

export interface PeriodCounts {
	lists: ListCounts;
	/** Consultations per municipality; `id` null is outside the network or not stated. */
	municipalityCounts: { id: string | null; count: number }[];
	/** Consultations per asking organisation type; `id` null is not stated. */
	typeCounts: { id: string | null; count: number }[];
	/** Consultations per topic (a consultation may have several). */
	topicCounts: { id: string; count: number }[];
	/** Answered consultations per calendar days to the first answer (network's time zone). */
	daysToFirstAnswer: { days: number; count: number }[];
}

function isCountedList(dimension: string): dimension is CountedList {
	return Object.hasOwn(countedLists, dimension);
}

/**
 * Everything the statistics count for one network and period, in one pass over the summary: per
 * dimension and value, and for `total` per month as well (the trend). A value of '' is "not stated".
 */
export async function countPeriod(db: Kysely<Database>, networkId: string, period: PeriodRange): Promise<PeriodCounts> {
	const month = sql<string>`case when dimension = 'total' then substr(received_on, 1, 7) else '' end`;
	const rows = await db
		.selectFrom('consultation_stat_day')
		.select((eb) => ['dimension', 'value', month.as('month'), eb.fn.sum<number | string>('count').as('n')])
		.where('network_id', '=', networkId)
		.where('received_on', '>=', period.from)
		.where('received_on', '<=', period.to)
		.groupBy(['dimension', 'value', month])
		.execute();

	const values = Object.fromEntries(
		(Object.entries(countedLists) as [CountedList, readonly string[]][]).map(([list, listValues]) => [
			list,
			Object.fromEntries(listValues.map((value) => [value, 0]))
		])
	) as Record<CountedList, Record<string, number>>;
	const counts: PeriodCounts = {
		lists: { total: 0, byMonth: new Map(), values },
		municipalityCounts: [],
		typeCounts: [],
		topicCounts: [],
		daysToFirstAnswer: []
	};
	for (const row of rows) {
		const n = Number(row.n);
		if (n === 0) continue;
		const { dimension, value } = row;
		if (dimension === 'total') {
			counts.lists.total += n;
			counts.lists.byMonth.set(row.month, (counts.lists.byMonth.get(row.month) ?? 0) + n);
		} else if (isCountedList(dimension)) {
			if (value !== '') values[dimension][value] = (values[dimension][value] ?? 0) + n;
		} else if (dimension === 'municipality') {
			counts.municipalityCounts.push({ id: value || null, count: n });
		} else if (dimension === 'organisation_type') {
			counts.typeCounts.push({ id: value || null, count: n });
		} else if (dimension === 'topic') {
			counts.topicCounts.push({ id: value, count: n });
		} else if (dimension === 'answer_days') {
			counts.daysToFirstAnswer.push({ days: Number(value), count: n });
		}
	}
	return counts;
}

export interface StatisticsMunicipality {
	id: string;
	name: string;
	participating: boolean;
}

/** The network's municipalities; a consultation naming any other municipality is outside the network. */
export async function listMunicipalities(db: Kysely<Database>, networkId: string): Promise<StatisticsMunicipality[]> {
	const rows = await db
		.selectFrom('network_municipality as nm')
		.innerJoin('municipality as mu', 'mu.id', 'nm.municipality_id')
		.select(['mu.id', 'mu.name', 'nm.participating'])
		.where('nm.network_id', '=', networkId)
		.execute();
	return rows.map((row) => ({ id: row.id, name: row.name, participating: toBool(row.participating) }));
}

export interface NamedRow {
	id: string;
	key: string | null;
	name: string | null;
	hidden: boolean;
	sortOrder: number;
}

export async function listOrganisationTypes(db: Kysely<Database>, networkId: string): Promise<NamedRow[]> {
	const rows = await db
		.selectFrom('organisation_type')
		.select(['id', 'key', 'name', 'hidden', 'sort_order'])
		.where('network_id', '=', networkId)
		.orderBy('sort_order')
		.execute();
	return rows.map((row) => ({ ...row, hidden: toBool(row.hidden), sortOrder: row.sort_order }));
}

export async function listTopics(db: Kysely<Database>, networkId: string): Promise<NamedRow[]> {
	const rows = await db
		.selectFrom('consultation_topic')
		.select(['id', 'key', 'name', 'hidden', 'sort_order'])
		.where('network_id', '=', networkId)
		.orderBy('sort_order')
		.execute();
	return rows.map((row) => ({ ...row, hidden: toBool(row.hidden), sortOrder: row.sort_order }));
}
