import { sql, type AliasedRawBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import { isPostgres } from '../platform/db/dialect.ts';
import type { Database } from '../platform/db/schema.ts';
import { toBool } from '../platform/db/values.ts';
import { ageGroups, caseTypes, channels, genders, perpetrators, urgencies, vulnerabilities } from './model.ts';

/**
 * The SQL of the statistics (C6). Every query walks one network's consultations of one period of
 * received dates through `consultation_network_received_idx` (or the topic links through
 * `consultation_topic_link_period_idx`) and sums in the database, so a half-year of a large network
 * returns a few hundred rows, never the consultations themselves.
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

const vulnerabilityColumn = {
	disability: 'vulnerable_disability',
	lgbtq: 'vulnerable_lgbtq',
	newly_arrived: 'vulnerable_newly_arrived'
} as const;

function alias(list: CountedList, value: string): string {
	return `${list}__${value}`;
}

/** The network's consultations received in the period: a range of `consultation_network_received_idx`. */
function inPeriod<O>(
	query: SelectQueryBuilder<Database, 'consultation', O>,
	networkId: string,
	period: PeriodRange
): SelectQueryBuilder<Database, 'consultation', O> {
	return query
		.where('network_id', '=', networkId)
		.where('received_on', '>=', period.from)
		.where('received_on', '<=', period.to);
}

/**
 * One pass over the period: the count of every value of every closed list, per received day. Grouping
 * by the indexed day lets SQLite aggregate in index order without sorting; the days are summed here.
 */
export async function countLists(db: Kysely<Database>, networkId: string, period: PeriodRange): Promise<ListCounts> {
	const sums: AliasedRawBuilder<number, string>[] = [];
	for (const [list, values] of Object.entries(countedLists) as [CountedList, readonly string[]][]) {
		for (const value of values) {
			const condition =
				list === 'vulnerability'
					? sql`${sql.ref(vulnerabilityColumn[value as keyof typeof vulnerabilityColumn])} = ${isPostgres(db) ? sql`true` : sql`1`}`
					: sql`${sql.ref(list)} = ${value}`;
			sums.push(sql<number>`sum(case when ${condition} then 1 else 0 end)`.as(alias(list, value)));
		}
	}
	const rows = (await db
		.selectFrom('consultation')
		.select((eb) => ['received_on', eb.fn.countAll<number>().as('n'), ...sums])
		.$call((query) => inPeriod(query, networkId, period))
		.groupBy('received_on')
		.execute()) as unknown as Record<string, string | number | null>[];

	const values = Object.fromEntries(
		(Object.entries(countedLists) as [CountedList, readonly string[]][]).map(([list, listValues]) => [
			list,
			Object.fromEntries(listValues.map((value) => [value, 0]))
		])
	) as Record<CountedList, Record<string, number>>;
	const byMonth = new Map<string, number>();
	let total = 0;
	for (const row of rows) {
		const n = Number(row.n);
		total += n;
		const month = String(row.received_on).slice(0, 7);
		byMonth.set(month, (byMonth.get(month) ?? 0) + n);
		for (const [list, listValues] of Object.entries(countedLists) as [CountedList, readonly string[]][]) {
			for (const value of listValues) values[list][value] += Number(row[alias(list, value)] ?? 0);
		}
	}
	return { total, byMonth, values };
}

async function countBy(
	db: Kysely<Database>,
	networkId: string,
	period: PeriodRange,
	column: 'municipality_id' | 'organisation_type_id'
): Promise<{ id: string | null; count: number }[]> {
	const rows = await db
		.selectFrom('consultation')
		.select((eb) => [eb.ref(column).as('id'), eb.fn.countAll<number>().as('n')])
		.$call((query) => inPeriod(query, networkId, period))
		.groupBy(column)
		.execute();
	return rows.map((row) => ({ id: row.id, count: Number(row.n) }));
}

/** Consultations per municipality; `id` null is outside the network or not stated. */
export function countByMunicipality(db: Kysely<Database>, networkId: string, period: PeriodRange) {
	return countBy(db, networkId, period, 'municipality_id');
}

/** Consultations per asking organisation type; `id` null is not stated. */
export function countByOrganisationType(db: Kysely<Database>, networkId: string, period: PeriodRange) {
	return countBy(db, networkId, period, 'organisation_type_id');
}

/** Consultations per topic, from the topic links (which repeat the received date for this). */
export async function countByTopic(
	db: Kysely<Database>,
	networkId: string,
	period: PeriodRange
): Promise<{ id: string; count: number }[]> {
	const rows = await db
		.selectFrom('consultation_topic_link')
		.select((eb) => ['topic_id', eb.fn.countAll<number>().as('n')])
		.where('network_id', '=', networkId)
		.where('received_on', '>=', period.from)
		.where('received_on', '<=', period.to)
		.groupBy('topic_id')
		.execute();
	return rows.map((row) => ({ id: row.topic_id, count: Number(row.n) }));
}

/** From this instant (ISO, UTC) on, the network's clock is `offsetMinutes` ahead of UTC. */
export interface OffsetSegment {
	from: string;
	offsetMinutes: number;
}

/**
 * How many consultations of the period got their first answer after how many days: calendar days
 * from the received date to the date of the first answer in the network's time zone. PostgreSQL
 * converts with the zone itself; SQLite knows no zones, so it gets the zone's UTC offsets for the
 * instants concerned (`segments`, oldest first, the first one applying before its start as well).
 */
export async function countDaysToFirstAnswer(
	db: Kysely<Database>,
	networkId: string,
	period: PeriodRange,
	zone: { timeZone: string; segments: readonly OffsetSegment[] }
): Promise<{ days: number; count: number }[]> {
	let days;
	if (isPostgres(db)) {
		days = sql<number>`((first_answered_at at time zone ${zone.timeZone})::date - cast(received_on as date))`;
	} else {
		const segments = zone.segments.length > 0 ? zone.segments : [{ from: '', offsetMinutes: 0 }];
		const modifier = (offset: number) => `${offset >= 0 ? '+' : ''}${offset} minutes`;
		const arms = segments
			.slice(1)
			.map((segment, i) => sql`when first_answered_at < ${segment.from} then ${modifier(segments[i].offsetMinutes)}`);
		const last = modifier(segments[segments.length - 1].offsetMinutes);
		const shift = arms.length > 0 ? sql`case ${sql.join(arms, sql` `)} else ${last} end` : sql`${last}`;
		days = sql<number>`cast(julianday(date(first_answered_at, ${shift})) - julianday(received_on) as integer)`;
	}
	const rows = await db
		.selectFrom('consultation')
		.select((eb) => [days.as('days'), eb.fn.countAll<number>().as('n')])
		.$call((query) => inPeriod(query, networkId, period))
		.where('first_answered_at', 'is not', null)
		.groupBy(sql`1`)
		.execute();
	return rows.map((row) => ({ days: Number(row.days), count: Number(row.n) }));
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
