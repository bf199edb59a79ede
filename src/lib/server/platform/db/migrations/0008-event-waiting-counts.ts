import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { isPostgres } from './helpers.ts';

/**
 * How many people wait for each pool of an event (on site, digital), kept on the event row by
 * triggers on `event_registration`. The confirmation of someone joining the waiting list shows
 * their place in it; counting the list for that made every registration in a rush slower than the
 * one before (10 000 registrations, 9 750 waiting: 22 % of the app's time). With the counts on the
 * locked event row the place of a new ticket is read, not counted. Triggers keep the counts exact on
 * every write path (services, staff moves, jobs, factories, the demo seed), as in 0005.
 *
 * The triggers touch the event row only when a waiting registration appears, leaves the list or
 * changes pool, so check-in and erasure (which change no waiting status) take no lock on it.
 */

const oneIf = (condition: string) => `(case when ${condition} then 1 else 0 end)`;

function change(sign: '+' | '-', r: 'new' | 'old'): string {
	return `update event set
		waiting_on_site = waiting_on_site ${sign} ${oneIf(`${r}.participation = 'on_site'`)},
		waiting_digital = waiting_digital ${sign} ${oneIf(`${r}.participation = 'digital'`)}
		where id = ${r}.event_id;`;
}

const changedList = `old.status is distinct from new.status or old.participation is distinct from new.participation
		or old.event_id is distinct from new.event_id`;

export const eventWaitingCounts: Migration = {
	async up(db: Kysely<any>) {
		await db.schema
			.alterTable('event')
			.addColumn('waiting_on_site', 'integer', (c) => c.notNull().defaultTo(0))
			.execute();
		await db.schema
			.alterTable('event')
			.addColumn('waiting_digital', 'integer', (c) => c.notNull().defaultTo(0))
			.execute();
		await sql
			.raw(
				`update event set
				waiting_on_site = (select count(*) from event_registration r
					where r.event_id = event.id and r.status = 'waiting' and r.participation = 'on_site'),
				waiting_digital = (select count(*) from event_registration r
					where r.event_id = event.id and r.status = 'waiting' and r.participation = 'digital')`
			)
			.execute(db);

		if (isPostgres(db)) {
			await sql
				.raw(
					`create function event_registration_waiting() returns trigger language plpgsql as $$
					begin
						if tg_op in ('UPDATE', 'DELETE') and old.status = 'waiting' then
							${change('-', 'old')}
						end if;
						if tg_op in ('UPDATE', 'INSERT') and new.status = 'waiting' then
							${change('+', 'new')}
						end if;
						return null;
					end $$`
				)
				.execute(db);
			await sql
				.raw(
					`create trigger event_registration_waiting_insert_delete after insert or delete on event_registration
					for each row execute function event_registration_waiting()`
				)
				.execute(db);
			await sql
				.raw(
					`create trigger event_registration_waiting_update
					after update of status, participation, event_id on event_registration
					for each row when (${changedList}) execute function event_registration_waiting()`
				)
				.execute(db);
		} else {
			await sql
				.raw(
					`create trigger event_registration_waiting_insert after insert on event_registration
					when new.status = 'waiting' begin ${change('+', 'new')} end`
				)
				.execute(db);
			await sql
				.raw(
					`create trigger event_registration_waiting_delete after delete on event_registration
					when old.status = 'waiting' begin ${change('-', 'old')} end`
				)
				.execute(db);
			// SQLite has no "is distinct from": "is not" compares with nulls the same way.
			await sql
				.raw(
					`create trigger event_registration_waiting_update
					after update of status, participation, event_id on event_registration
					when (old.status = 'waiting' or new.status = 'waiting')
						and (${changedList.replaceAll('is distinct from', 'is not')})
					begin
						update event set
							waiting_on_site = waiting_on_site - ${oneIf(`old.status = 'waiting' and old.participation = 'on_site'`)},
							waiting_digital = waiting_digital - ${oneIf(`old.status = 'waiting' and old.participation = 'digital'`)}
							where id = old.event_id;
						update event set
							waiting_on_site = waiting_on_site + ${oneIf(`new.status = 'waiting' and new.participation = 'on_site'`)},
							waiting_digital = waiting_digital + ${oneIf(`new.status = 'waiting' and new.participation = 'digital'`)}
							where id = new.event_id;
					end`
				)
				.execute(db);
		}
	},
	async down(db: Kysely<any>) {
		if (isPostgres(db)) {
			await sql.raw('drop trigger if exists event_registration_waiting_update on event_registration').execute(db);
			await sql
				.raw('drop trigger if exists event_registration_waiting_insert_delete on event_registration')
				.execute(db);
			await sql.raw('drop function if exists event_registration_waiting()').execute(db);
		} else {
			for (const name of ['insert', 'delete', 'update'])
				await sql.raw(`drop trigger if exists event_registration_waiting_${name}`).execute(db);
		}
		await db.schema.alterTable('event').dropColumn('waiting_digital').execute();
		await db.schema.alterTable('event').dropColumn('waiting_on_site').execute();
	}
};
