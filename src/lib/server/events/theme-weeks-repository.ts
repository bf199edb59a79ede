import type { Kysely } from 'kysely';
import type { Timestamp } from '../platform/db/column-types.ts';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toDate } from '../platform/db/values.ts';

/** SQL of theme weeks: a named span of days that groups several events. Every query names its network. */

export interface ThemeWeekRecord {
	id: string;
	name: string;
	description: string | null;
	/** 'YYYY-MM-DD', a day in the network's time zone. */
	startsOn: string;
	endsOn: string;
	createdAt: Date;
}

export interface ThemeWeekValues {
	name: string;
	description: string | null;
	startsOn: string;
	endsOn: string;
}

const columns = ['id', 'name', 'description', 'starts_on', 'ends_on', 'created_at'] as const;

function toRecord(row: {
	id: string;
	name: string;
	description: string | null;
	starts_on: string;
	ends_on: string;
	created_at: Timestamp;
}): ThemeWeekRecord {
	return {
		id: row.id,
		name: row.name,
		description: row.description,
		startsOn: row.starts_on,
		endsOn: row.ends_on,
		createdAt: toDate(row.created_at)
	};
}

export async function insertThemeWeek(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	values: ThemeWeekValues,
	now: Date
): Promise<void> {
	await db
		.insertInto('event_theme_week')
		.values({
			id,
			network_id: networkId,
			name: values.name,
			description: values.description,
			starts_on: values.startsOn,
			ends_on: values.endsOn,
			created_at: timestamp(now)
		})
		.execute();
}

export async function updateThemeWeek(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	values: ThemeWeekValues
): Promise<boolean> {
	const result = await db
		.updateTable('event_theme_week')
		.set({ name: values.name, description: values.description, starts_on: values.startsOn, ends_on: values.endsOn })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function findThemeWeek(
	db: Kysely<Database>,
	networkId: string,
	id: string
): Promise<ThemeWeekRecord | undefined> {
	const row = await db
		.selectFrom('event_theme_week')
		.select(columns)
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return row ? toRecord(row) : undefined;
}

/** The network's theme weeks, latest first, with how many events (any status) belong to each. */
export async function listThemeWeeksWithCounts(
	db: Kysely<Database>,
	networkId: string
): Promise<(ThemeWeekRecord & { events: number })[]> {
	const [weeks, counts] = await Promise.all([
		db
			.selectFrom('event_theme_week')
			.select(columns)
			.where('network_id', '=', networkId)
			.orderBy('starts_on', 'desc')
			.orderBy('name')
			.execute(),
		db
			.selectFrom('event')
			.select(['theme_week_id', (eb) => eb.fn.countAll<number>().as('n')])
			.where('network_id', '=', networkId)
			.where('theme_week_id', 'is not', null)
			.groupBy('theme_week_id')
			.execute()
	]);
	const byWeek = new Map(counts.map((c) => [c.theme_week_id, Number(c.n)]));
	return weeks.map((w) => ({ ...toRecord(w), events: byWeek.get(w.id) ?? 0 }));
}

/** Weeks not over by `today` ('YYYY-MM-DD' in the network's zone), soonest first. */
export async function listThemeWeeksEndingFrom(
	db: Kysely<Database>,
	networkId: string,
	today: string
): Promise<ThemeWeekRecord[]> {
	const rows = await db
		.selectFrom('event_theme_week')
		.select(columns)
		.where('network_id', '=', networkId)
		.where('ends_on', '>=', today)
		.orderBy('starts_on')
		.orderBy('name')
		.execute();
	return rows.map(toRecord);
}

export async function countEventsOfThemeWeek(db: Kysely<Database>, networkId: string, id: string): Promise<number> {
	const row = await db
		.selectFrom('event')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('network_id', '=', networkId)
		.where('theme_week_id', '=', id)
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

/** When each event of the week starts (any status): moving the week must keep them inside it. */
export async function listEventStartsOfThemeWeek(db: Kysely<Database>, networkId: string, id: string): Promise<Date[]> {
	const rows = await db
		.selectFrom('event')
		.select('start_at')
		.where('network_id', '=', networkId)
		.where('theme_week_id', '=', id)
		.execute();
	return rows.map((row) => toDate(row.start_at));
}

/** Deletes the week only if no event belongs to it (checked in the same statement). */
export async function deleteUnusedThemeWeek(db: Kysely<Database>, networkId: string, id: string): Promise<boolean> {
	const result = await db
		.deleteFrom('event_theme_week')
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.where((eb) =>
			eb.not(
				eb.exists(
					eb
						.selectFrom('event')
						.select('event.id')
						.where('event.network_id', '=', networkId)
						.where('event.theme_week_id', '=', id)
				)
			)
		)
		.executeTakeFirst();
	return Number(result.numDeletedRows) === 1;
}
