import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { booleanType, falseDefault, nowDefault, serialPrimaryKey, timestampType } from './helpers.ts';

/**
 * Consultations (docs/product.md#consultations): anonymised questions about cases, their topics, their work log and
 * status history, reference counters per network and year, the network's retention setting, and the
 * runs of scheduled jobs. Free texts live only in `*_encrypted` columns (AES-256-GCM, see decision 009);
 * everything else is structured so statistics run in SQL. Calendar dates are YYYY-MM-DD text in the
 * network's time zone.
 */
export const consultations: Migration = {
	async up(db: Kysely<any>) {
		const ts = timestampType(db);
		const bool = booleanType(db);
		const inList = (column: string, values: string[]) =>
			sql.raw(`${column} is null or ${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

		// Topics: defaults have a `key` (translated in the catalogues) until renamed; custom ones a name.
		await db.schema
			.createTable('consultation_topic')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('key', 'text')
			.addColumn('name', 'text')
			.addColumn('hidden', bool, (c) => c.notNull())
			.addColumn('sort_order', 'integer', (c) => c.notNull())
			.addColumn('created_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
			.addUniqueConstraint('consultation_topic_key_uq', ['network_id', 'key'])
			.execute();

		// The last reference number given per network and year ({PREFIX}-{YYYY}-{NNNN}).
		await db.schema
			.createTable('consultation_counter')
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('year', 'integer', (c) => c.notNull())
			.addColumn('last_number', 'integer', (c) => c.notNull())
			.addPrimaryKeyConstraint('consultation_counter_pk', ['network_id', 'year'])
			.execute();

		await db.schema
			.createTable('consultation')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('reference', 'text', (c) => c.notNull())
			.addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('staff', 'member', 'anonymous')`))
			.addColumn('received_on', 'text', (c) => c.notNull())
			.addColumn('channel', 'text', (c) =>
				c.notNull().check(inList('channel', ['email', 'phone', 'team_meeting', 'web_form', 'in_person', 'other']))
			)
			// Null: outside the network, or not said (the anonymous form does not insist).
			.addColumn('municipality_id', 'text', (c) => c.references('municipality.id'))
			.addColumn('organisation_type_id', 'text', (c) => c.references('organisation_type.id'))
			.addColumn('asker_function', 'text')
			.addColumn('case_type', 'text', (c) =>
				c.check(inList('case_type', ['one_person', 'siblings', 'parent_with_children', 'whole_family', 'general']))
			)
			.addColumn('age_group', 'text', (c) =>
				c.check(inList('age_group', ['age_0_12', 'age_13_17', 'age_18_25', 'age_26_plus', 'unknown']))
			)
			.addColumn('gender', 'text', (c) => c.check(inList('gender', ['girl_woman', 'boy_man', 'other', 'unknown'])))
			.addColumn('vulnerable_disability', bool, (c) => c.notNull().defaultTo(falseDefault(db)))
			.addColumn('vulnerable_lgbtq', bool, (c) => c.notNull().defaultTo(falseDefault(db)))
			.addColumn('vulnerable_newly_arrived', bool, (c) => c.notNull().defaultTo(falseDefault(db)))
			.addColumn('perpetrator', 'text', (c) =>
				c.check(inList('perpetrator', ['parents', 'siblings', 'partner', 'relatives', 'community', 'unknown']))
			)
			.addColumn('urgency', 'text', (c) => c.notNull().check(sql`urgency in ('acute', 'high', 'normal')`))
			.addColumn('status', 'text', (c) =>
				c.notNull().check(sql`status in ('new', 'in_progress', 'answered', 'closed')`)
			)
			.addColumn('assignee_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
			// The member who asked in the app (they follow it there); null for staff-registered and anonymous.
			.addColumn('asker_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('created_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('question_encrypted', 'text')
			.addColumn('answer_encrypted', 'text')
			// An anonymous asker's optional way back (e-mail or phone), encrypted, erased with the texts.
			.addColumn('contact_encrypted', 'text')
			// SHA-256 of the anonymous asker's follow-up code; the code itself is shown once.
			.addColumn('follow_up_code_hash', 'text')
			.addColumn('follow_up_on', 'text')
			// The follow-up date a reminder was last queued for, so each date is reminded once.
			.addColumn('follow_up_reminded_on', 'text')
			.addColumn('first_answered_at', ts)
			.addColumn('answered_at', ts)
			.addColumn('closed_at', ts)
			.addColumn('text_erased_at', ts)
			.addColumn('created_at', ts, (c) => c.notNull())
			.addColumn('updated_at', ts, (c) => c.notNull())
			.addUniqueConstraint('consultation_reference_uq', ['network_id', 'reference'])
			.execute();
		// The list (newest first, by status, mine), the statistics (a period of received dates), the
		// follow-up reminders and the retention job each walk one of these.
		const index = (name: string, columns: string[]) =>
			db.schema.createIndex(name).on('consultation').columns(columns).execute();
		await index('consultation_network_received_idx', ['network_id', 'received_on', 'id']);
		await index('consultation_network_status_received_idx', ['network_id', 'status', 'received_on']);
		await index('consultation_network_assignee_idx', ['network_id', 'assignee_user_id', 'status']);
		await index('consultation_network_asker_idx', ['network_id', 'asker_user_id', 'received_on']);
		await index('consultation_follow_up_idx', ['follow_up_on', 'status']);
		await index('consultation_closed_idx', ['closed_at']);

		// Topics of a consultation; the received date is repeated so topic statistics of a period need
		// no join with the consultation table.
		await db.schema
			.createTable('consultation_topic_link')
			.addColumn('consultation_id', 'text', (c) => c.notNull().references('consultation.id').onDelete('cascade'))
			.addColumn('topic_id', 'text', (c) => c.notNull().references('consultation_topic.id'))
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('received_on', 'text', (c) => c.notNull())
			.addPrimaryKeyConstraint('consultation_topic_link_pk', ['consultation_id', 'topic_id'])
			.execute();
		await db.schema
			.createIndex('consultation_topic_link_network_idx')
			.on('consultation_topic_link')
			.columns(['network_id', 'topic_id', 'received_on'])
			.execute();
		await db.schema
			.createIndex('consultation_topic_link_period_idx')
			.on('consultation_topic_link')
			.columns(['network_id', 'received_on', 'topic_id'])
			.execute();

		// The dated work log: advice given, referrals, team-meeting discussions, follow-ups, notes.
		await db.schema
			.createTable('consultation_log')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('consultation_id', 'text', (c) => c.notNull().references('consultation.id').onDelete('cascade'))
			.addColumn('kind', 'text', (c) =>
				c.notNull().check(sql`kind in ('advice', 'referral', 'team_meeting', 'follow_up', 'note')`)
			)
			.addColumn('occurred_on', 'text', (c) => c.notNull())
			.addColumn('minutes_spent', 'integer')
			.addColumn('text_encrypted', 'text')
			.addColumn('referral_type_id', 'text', (c) => c.references('organisation_type.id'))
			.addColumn('referral_organisation_id', 'text', (c) => c.references('organisation.id').onDelete('set null'))
			.addColumn('author_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('created_at', ts, (c) => c.notNull())
			.execute();
		await db.schema
			.createIndex('consultation_log_consultation_idx')
			.on('consultation_log')
			.columns(['consultation_id', 'occurred_on'])
			.execute();

		// Every status change, also the first ("new"), with who made it.
		await db.schema
			.createTable('consultation_transition')
			.addColumn('id', 'integer', serialPrimaryKey(db))
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('consultation_id', 'text', (c) => c.notNull().references('consultation.id').onDelete('cascade'))
			.addColumn('from_status', 'text')
			.addColumn('to_status', 'text', (c) => c.notNull())
			.addColumn('actor_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('at', ts, (c) => c.notNull())
			.execute();
		await db.schema
			.createIndex('consultation_transition_consultation_idx')
			.on('consultation_transition')
			.columns(['consultation_id', 'id'])
			.execute();

		await db.schema
			.createTable('consultation_settings')
			.addColumn('network_id', 'text', (c) => c.primaryKey().references('network.id').onDelete('cascade'))
			.addColumn('retention_months', 'integer', (c) => c.notNull())
			.addColumn('updated_at', ts, (c) => c.notNull())
			.execute();

		// Admins do not read consultation texts unless the network makes them handlers too (least privilege, docs/product.md#roles).
		await db.schema
			.createTable('consultation_handler')
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
			.addColumn('created_at', ts, (c) => c.notNull())
			.addPrimaryKeyConstraint('consultation_handler_pk', ['network_id', 'user_id'])
			.execute();

		// Scheduled jobs (retention, reminders): one run per job and period across all app instances.
		await db.schema
			.createTable('job_run')
			.addColumn('name', 'text', (c) => c.primaryKey())
			.addColumn('last_period', 'text')
			.addColumn('locked_until', ts)
			.addColumn('last_finished_at', ts)
			.execute();

		// "Read by" on a consultation reads the audit log by entity.
		await db.schema
			.createIndex('audit_event_entity_idx')
			.on('audit_event')
			.columns(['entity_type', 'entity_id'])
			.execute();
	}
};
