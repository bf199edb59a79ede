import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Indexes for the consultation list of a large network (a million rows): the municipality filter,
 * overdue follow-ups, and the two sorts that are expressions. The expressions must stay exactly as
 * the repository writes them (`coalesce(follow_up_on, '9999-12-31')`, the urgency `case`): SQLite uses
 * an index on an expression only for the same expression.
 */
export const consultationListIndexes: Migration = {
	async up(db: Kysely<any>) {
		await db.schema
			.createIndex('consultation_network_municipality_idx')
			.on('consultation')
			.columns(['network_id', 'municipality_id', 'received_on', 'id'])
			.execute();
		await db.schema
			.createIndex('consultation_network_status_follow_up_idx')
			.on('consultation')
			.columns(['network_id', 'status', 'follow_up_on'])
			.execute();
		await sql`create index consultation_network_follow_up_idx on consultation
			(network_id, coalesce(follow_up_on, '9999-12-31'), id)`.execute(db);
		await sql`create index consultation_network_urgency_idx on consultation
			(network_id, (case urgency when 'acute' then 0 when 'high' then 1 else 2 end), received_on desc, id desc)`.execute(db);
	}
};
