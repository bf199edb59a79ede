import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { isPostgres } from './helpers.ts';

/**
 * Consultation statistics from a summary table (docs/product.md#consultations-statistics): a half-year of a
 * network with a million consultations is ~125 000 rows to aggregate, too slow for the page.
 * `consultation_stat_day` holds, per network and received day, how many consultations had each value
 * of each counted field. Triggers on `consultation` and `consultation_topic_link` keep it exact on
 * every write path (services, factories, demo seed, bulk inserts), so none of them has to remember
 * it; the statistics read at most a few hundred rows per day of the period.
 *
 * Dimensions and their values: `total` (''), `channel`, `municipality` and `organisation_type` (the
 * id, '' when null), `case_type`, `age_group`, `gender`, `perpetrator`, `urgency` ('' when null),
 * `vulnerability` (one row per flag set: disability, lgbtq, newly_arrived), `answer_days` (the days
 * to the first answer as text, answered consultations only) and `topic` (the topic id, per link).
 * Rows whose count falls to zero are deleted by the triggers that decrement.
 */

/** Per dimension, the value counted for a consultation row (`r` is NEW, OLD or a table alias); null counts nothing. */
const dimensions: [dimension: string, value: (r: string) => string][] = [
	['total', () => `''`],
	['channel', (r) => `${r}.channel`],
	['municipality', (r) => `coalesce(${r}.municipality_id, '')`],
	['organisation_type', (r) => `coalesce(${r}.organisation_type_id, '')`],
	['case_type', (r) => `coalesce(${r}.case_type, '')`],
	['age_group', (r) => `coalesce(${r}.age_group, '')`],
	['gender', (r) => `coalesce(${r}.gender, '')`],
	['perpetrator', (r) => `coalesce(${r}.perpetrator, '')`],
	['urgency', (r) => `coalesce(${r}.urgency, '')`],
	['vulnerability', (r) => `case when ${r}.vulnerable_disability then 'disability' end`],
	['vulnerability', (r) => `case when ${r}.vulnerable_lgbtq then 'lgbtq' end`],
	['vulnerability', (r) => `case when ${r}.vulnerable_newly_arrived then 'newly_arrived' end`],
	['answer_days', (r) => `cast(${r}.first_answer_days as text)`]
];

const topicDimensions: typeof dimensions = [['topic', (r) => `${r}.topic_id`]];

/** The consultation columns the summary depends on: a change to any other column leaves it alone. */
const countedColumns = [
	'network_id',
	'received_on',
	'channel',
	'municipality_id',
	'organisation_type_id',
	'case_type',
	'age_group',
	'gender',
	'perpetrator',
	'urgency',
	'vulnerable_disability',
	'vulnerable_lgbtq',
	'vulnerable_newly_arrived',
	'first_answer_days'
];
const topicColumns = ['network_id', 'received_on', 'topic_id'];

/** One row per dimension of a row `r` (optionally read `from` a table), each counting `delta`. */
function countedRows(list: typeof dimensions, r: string, delta: 1 | -1, from = ''): string {
	const source = from && ` from ${from}`;
	return list
		.map(([dimension, value], i) =>
			i === 0
				? `select ${r}.network_id as network_id, ${r}.received_on as received_on, '${dimension}' as dimension, ${value(r)} as value, ${delta} as delta${source}`
				: `select ${r}.network_id, ${r}.received_on, '${dimension}', ${value(r)}, ${delta}${source}`
		)
		.join('\n\t\tunion all ');
}

/**
 * Adds the counted rows to the summary. An insert or a delete yields one row per key, in the list's
 * order. An update yields −old and +new: grouping nets them out, so an edit that changes one field
 * writes two rows (PostgreSQL refuses to touch a row twice in one statement anyway), and the order
 * keeps concurrent writers locking rows in the same order. Grouping costs ~10 µs a row on SQLite, so
 * inserts (bulk loads) go without it.
 */
function upsert(rows: string[]): string {
	const netted = rows.length > 1;
	return [
		'insert into consultation_stat_day (network_id, received_on, dimension, value, count)',
		`select network_id, received_on, dimension, value, ${netted ? 'sum(delta)' : 'delta'} from (`,
		rows.join('\n\t\tunion all '),
		') as counted',
		'where value is not null',
		...(netted
			? [
					'group by network_id, received_on, dimension, value',
					'having sum(delta) <> 0',
					'order by network_id, received_on, dimension, value'
				]
			: []),
		'on conflict (network_id, received_on, dimension, value)',
		'do update set count = consultation_stat_day.count + excluded.count'
	].join('\n\t\t');
}

/** Drops the rows of the old row's day that no consultation counts any more. */
function dropZeros(r: string): string {
	return `delete from consultation_stat_day
		where network_id = ${r}.network_id and received_on = ${r}.received_on and count = 0`;
}

interface Source {
	table: string;
	list: typeof dimensions;
	columns: string[];
}

const sources: Source[] = [
	{ table: 'consultation', list: dimensions, columns: countedColumns },
	{ table: 'consultation_topic_link', list: topicDimensions, columns: topicColumns }
];

const onInsert = (s: Source) => [upsert([countedRows(s.list, 'NEW', 1)])];
const onDelete = (s: Source) => [upsert([countedRows(s.list, 'OLD', -1)]), dropZeros('OLD')];
const onUpdate = (s: Source) => [
	upsert([countedRows(s.list, 'OLD', -1), countedRows(s.list, 'NEW', 1)]),
	dropZeros('OLD')
];

async function createSqliteTriggers(db: Kysely<any>, s: Source) {
	const body = (statements: string[]) => statements.map((statement) => `\t${statement};`).join('\n');
	const changed = s.columns.map((column) => `OLD.${column} is not NEW.${column}`).join(' or ');
	await sql
		.raw(`create trigger ${s.table}_stat_insert after insert on ${s.table}\nbegin\n${body(onInsert(s))}\nend`)
		.execute(db);
	await sql
		.raw(`create trigger ${s.table}_stat_delete after delete on ${s.table}\nbegin\n${body(onDelete(s))}\nend`)
		.execute(db);
	await sql
		.raw(
			`create trigger ${s.table}_stat_update after update of ${s.columns.join(', ')} on ${s.table}
			when ${changed}\nbegin\n${body(onUpdate(s))}\nend`
		)
		.execute(db);
}

async function createPostgresTriggers(db: Kysely<any>, s: Source) {
	const body = (statements: string[]) => statements.map((statement) => `${statement};`).join('\n');
	const changed = s.columns.map((column) => `OLD.${column} is distinct from NEW.${column}`).join(' or ');
	await sql
		.raw(
			`create function ${s.table}_stat() returns trigger language plpgsql as $$
			begin
				if tg_op = 'INSERT' then
					${body(onInsert(s))}
				elsif tg_op = 'DELETE' then
					${body(onDelete(s))}
				else
					${body(onUpdate(s))}
				end if;
				return null;
			end $$`
		)
		.execute(db);
	await sql
		.raw(
			`create trigger ${s.table}_stat_insert_delete after insert or delete on ${s.table}
			for each row execute function ${s.table}_stat()`
		)
		.execute(db);
	await sql
		.raw(
			`create trigger ${s.table}_stat_update after update of ${s.columns.join(', ')} on ${s.table}
			for each row when (${changed}) execute function ${s.table}_stat()`
		)
		.execute(db);
}

export const consultationStatistics: Migration = {
	async up(db: Kysely<any>) {
		// Calendar days from receipt to the first answer in the network's time zone, written by the app
		// when a consultation is first answered. Rows answered before this column existed get it here:
		// PostgreSQL converts the answer instant in the network's zone; SQLite knows no zones and takes
		// the UTC date, which is a day off for answers given between midnight and 01:00/02:00 local time.
		await db.schema.alterTable('consultation').addColumn('first_answer_days', 'integer').execute();
		if (isPostgres(db)) {
			await sql`update consultation as c
				set first_answer_days = greatest(0, (c.first_answered_at at time zone n.time_zone)::date - c.received_on::date)
				from network as n
				where n.id = c.network_id and c.first_answered_at is not null`.execute(db);
		} else {
			await sql`update consultation
				set first_answer_days = max(0, cast(round(julianday(date(first_answered_at)) - julianday(received_on)) as integer))
				where first_answered_at is not null`.execute(db);
		}

		// Derived data, so no foreign keys: deleting a network cascades to its consultations, whose
		// triggers write here while the delete runs. The key serves the statistics: one range per period.
		await db.schema
			.createTable('consultation_stat_day')
			.addColumn('network_id', 'text', (c) => c.notNull())
			.addColumn('received_on', 'text', (c) => c.notNull())
			.addColumn('dimension', 'text', (c) => c.notNull())
			.addColumn('value', 'text', (c) => c.notNull())
			.addColumn('count', 'integer', (c) => c.notNull())
			.addPrimaryKeyConstraint('consultation_stat_day_pk', ['network_id', 'received_on', 'dimension', 'value'])
			// SQLite: the rows live in the key's b-tree, so a period is one contiguous read.
			.$call((table) => (isPostgres(db) ? table : table.modifyEnd(sql`without rowid`)))
			.execute();

		for (const s of sources) {
			await sql
				.raw(
					`insert into consultation_stat_day (network_id, received_on, dimension, value, count)
					select network_id, received_on, dimension, value, sum(delta) from (
					${countedRows(s.list, 'r', 1, `${s.table} as r`)}
					) as counted
					where value is not null
					group by network_id, received_on, dimension, value`
				)
				.execute(db);
			if (isPostgres(db)) await createPostgresTriggers(db, s);
			else await createSqliteTriggers(db, s);
		}
	}
};
