import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { isPostgres, timestampType } from './helpers.ts';

/**
 * Public registration's limits per client address, and personal links besides the first
 * (decision 013).
 *
 * `event_registration_limit`: one row per event and client address (a hash, never the address),
 * with two fixed windows — a day, for the cap per event, and an hour, summed over every event of
 * the address for the cap across events. A row is written only under its event's lock, so two
 * batches never wait for each other's rows (a row shared by every event of an address would be
 * locked in different orders by concurrent batches on PostgreSQL). Keyed client first, so the sum
 * across events reads the client's few rows through the key itself: in a rush nearly every
 * registration comes from a new address and writes a new row, and each index more is a write more
 * on the hottest path (decision 012); on SQLite the table is its key (WITHOUT ROWID).
 *
 * `event_registration_link`: the hash of each personal link mailed to someone who registered again
 * with the same address. The first link stays on the registration and keeps working.
 */
export const eventRegistrationLimits: Migration = {
	async up(db: Kysely<any>) {
		const ts = timestampType(db);
		await db.schema
			.createTable('event_registration_limit')
			.addColumn('event_id', 'text', (c) => c.notNull().references('event.id').onDelete('cascade'))
			.addColumn('client_key', 'text', (c) => c.notNull())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('day_count', 'integer', (c) => c.notNull())
			.addColumn('day_started_at', ts, (c) => c.notNull())
			.addColumn('hour_count', 'integer', (c) => c.notNull())
			.addColumn('hour_started_at', ts, (c) => c.notNull())
			.addPrimaryKeyConstraint('event_registration_limit_pk', ['client_key', 'event_id'])
			.$call((table) => (isPostgres(db) ? table : table.modifyEnd(sql`without rowid`)))
			.execute();
		await db.schema
			.createTable('event_registration_link')
			.addColumn('token_hash', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('registration_id', 'text', (c) => c.notNull().references('event_registration.id').onDelete('cascade'))
			.addColumn('created_at', ts, (c) => c.notNull())
			.execute();
		await db.schema
			.createIndex('event_registration_link_registration_idx')
			.on('event_registration_link')
			.columns(['registration_id', 'created_at'])
			.execute();
	},
	async down(db: Kysely<any>) {
		await db.schema.dropTable('event_registration_link').execute();
		await db.schema.dropTable('event_registration_limit').execute();
	}
};
