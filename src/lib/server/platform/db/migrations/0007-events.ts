import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { booleanType, falseDefault, timestampType } from './helpers.ts';

/**
 * Events (docs/product.md#events): trainings, conferences and other events of a network, their sessions and
 * speakers, theme weeks that group them, and public registrations with a waiting list. Times are
 * UTC timestamps, shown in the network's time zone. The event row holds the seat counters: every
 * seat decision locks it (PostgreSQL) or runs in the one writer transaction (SQLite), so the counters
 * and the registrations' statuses never disagree and capacity is never exceeded.
 */
export const events: Migration = {
	async up(db: Kysely<any>) {
		const ts = timestampType(db);
		const bool = booleanType(db);
		const oneOf = (column: string, values: string[], nullable = false) =>
			sql.raw(`${nullable ? `${column} is null or ` : ''}${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

		await db.schema
			.createTable('event_theme_week')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('name', 'text', (c) => c.notNull())
			.addColumn('description', 'text')
			.addColumn('starts_on', 'text', (c) => c.notNull())
			.addColumn('ends_on', 'text', (c) => c.notNull())
			.addColumn('created_at', ts, (c) => c.notNull())
			.execute();
		await db.schema
			.createIndex('event_theme_week_network_idx')
			.on('event_theme_week')
			.columns(['network_id', 'starts_on'])
			.execute();

		await db.schema
			.createTable('event')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('title', 'text', (c) => c.notNull())
			// Rich text as submitted; sanitised on the server before it is stored or shown.
			.addColumn('description_html', 'text', (c) => c.notNull())
			.addColumn('type', 'text', (c) =>
				c.notNull().check(oneOf('type', ['training', 'conference', 'network_meeting', 'theme_week_activity', 'other']))
			)
			.addColumn('format', 'text', (c) => c.notNull().check(oneOf('format', ['digital', 'on_site', 'hybrid'])))
			// Only in mails and on the registrant's personal page, never on the public page.
			.addColumn('video_link', 'text')
			.addColumn('address', 'text')
			.addColumn('start_at', ts, (c) => c.notNull())
			.addColumn('end_at', ts, (c) => c.notNull())
			.addColumn('target_audience', 'text')
			// Null: unlimited. Hybrid events count on-site and digital seats apart.
			.addColumn('capacity', 'integer', (c) => c.check(sql`capacity is null or capacity >= 0`))
			.addColumn('capacity_on_site', 'integer', (c) => c.check(sql`capacity_on_site is null or capacity_on_site >= 0`))
			.addColumn('capacity_digital', 'integer', (c) => c.check(sql`capacity_digital is null or capacity_digital >= 0`))
			.addColumn('registration_opens_at', ts)
			.addColumn('registration_closes_at', ts)
			.addColumn('visibility', 'text', (c) => c.notNull().check(oneOf('visibility', ['public', 'members'])))
			.addColumn('language', 'text', (c) => c.notNull())
			.addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', ['draft', 'published', 'cancelled'])))
			.addColumn('contact_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('theme_week_id', 'text', (c) => c.references('event_theme_week.id').onDelete('set null'))
			.addColumn('promotion_mode', 'text', (c) =>
				c
					.notNull()
					.defaultTo('automatic')
					.check(oneOf('promotion_mode', ['automatic', 'offer']))
			)
			.addColumn('offer_hours', 'integer', (c) => c.notNull().defaultTo(24))
			.addColumn('reminder_days', 'integer')
			.addColumn('reminder_hours', 'integer')
			.addColumn('data_retention_months', 'integer', (c) => c.notNull().defaultTo(6))
			// Seats held (registered, offered, attended, no show), in total and per format of a hybrid event.
			.addColumn('seats_taken', 'integer', (c) =>
				c
					.notNull()
					.defaultTo(0)
					.check(sql`seats_taken >= 0`)
			)
			.addColumn('seats_taken_on_site', 'integer', (c) => c.notNull().defaultTo(0))
			.addColumn('seats_taken_digital', 'integer', (c) => c.notNull().defaultTo(0))
			// The last waiting-list ticket given; tickets only grow, so the order of the list is stable.
			.addColumn('waiting_last', 'integer', (c) => c.notNull().defaultTo(0))
			.addColumn('created_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('published_at', ts)
			.addColumn('cancelled_at', ts)
			.addColumn('created_at', ts, (c) => c.notNull())
			.addColumn('updated_at', ts, (c) => c.notNull())
			.execute();
		await db.schema.createIndex('event_network_start_idx').on('event').columns(['network_id', 'start_at']).execute();
		await db.schema
			.createIndex('event_network_status_start_idx')
			.on('event')
			.columns(['network_id', 'status', 'start_at'])
			.execute();
		await db.schema.createIndex('event_theme_week_idx').on('event').columns(['theme_week_id']).execute();

		await db.schema
			.createTable('event_session')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('event_id', 'text', (c) => c.notNull().references('event.id').onDelete('cascade'))
			.addColumn('title', 'text')
			.addColumn('start_at', ts, (c) => c.notNull())
			.addColumn('end_at', ts, (c) => c.notNull())
			.addColumn('sort_order', 'integer', (c) => c.notNull())
			.execute();
		await db.schema
			.createIndex('event_session_event_idx')
			.on('event_session')
			.columns(['event_id', 'start_at'])
			.execute();

		await db.schema
			.createTable('event_speaker')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('event_id', 'text', (c) => c.notNull().references('event.id').onDelete('cascade'))
			.addColumn('name', 'text', (c) => c.notNull())
			.addColumn('title', 'text')
			.addColumn('organisation', 'text')
			.addColumn('bio', 'text')
			.addColumn('sort_order', 'integer', (c) => c.notNull())
			.execute();
		await db.schema
			.createIndex('event_speaker_event_idx')
			.on('event_speaker')
			.columns(['event_id', 'sort_order'])
			.execute();

		// Organisation types the event is meant for (the target audience besides its text).
		await db.schema
			.createTable('event_audience_type')
			.addColumn('event_id', 'text', (c) => c.notNull().references('event.id').onDelete('cascade'))
			.addColumn('organisation_type_id', 'text', (c) =>
				c.notNull().references('organisation_type.id').onDelete('cascade')
			)
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addPrimaryKeyConstraint('event_audience_type_pk', ['event_id', 'organisation_type_id'])
			.execute();

		await db.schema
			.createTable('event_registration')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('event_id', 'text', (c) => c.notNull().references('event.id').onDelete('cascade'))
			.addColumn('name', 'text', (c) => c.notNull())
			// Lower-case; erased (with the other personal data) N months after the event.
			.addColumn('email', 'text', (c) => c.notNull())
			.addColumn('organisation', 'text')
			.addColumn('organisation_type_id', 'text', (c) => c.references('organisation_type.id').onDelete('set null'))
			.addColumn('municipality_id', 'text', (c) => c.references('municipality.id'))
			.addColumn('needs_diet', 'text')
			.addColumn('needs_access', 'text')
			.addColumn('participation', 'text', (c) => c.notNull().check(oneOf('participation', ['on_site', 'digital'])))
			.addColumn('consent', bool, (c) => c.notNull().defaultTo(falseDefault(db)))
			.addColumn('newsletter_opt_in', bool, (c) => c.notNull().defaultTo(falseDefault(db)))
			// The registrant's language, for every later mail and the certificate.
			.addColumn('locale', 'text', (c) => c.notNull())
			.addColumn('user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('status', 'text', (c) =>
				c.notNull().check(oneOf('status', ['registered', 'waiting', 'offered', 'cancelled', 'attended', 'no_show']))
			)
			// The waiting-list ticket (the event's `waiting_last` when the person joined the list).
			.addColumn('waiting_position', 'integer')
			// SHA-256 of the personal link's token; the token itself is only in the mail.
			.addColumn('token_hash', 'text', (c) => c.notNull())
			.addColumn('offer_expires_at', ts)
			.addColumn('created_at', ts, (c) => c.notNull())
			.addColumn('updated_at', ts, (c) => c.notNull())
			.addColumn('cancelled_at', ts)
			.addColumn('checked_in_at', ts)
			.addColumn('erased_at', ts)
			.addUniqueConstraint('event_registration_email_uq', ['event_id', 'email'])
			.addUniqueConstraint('event_registration_token_uq', ['token_hash'])
			.execute();
		await db.schema
			.createIndex('event_registration_event_status_idx')
			.on('event_registration')
			.columns(['event_id', 'status', 'waiting_position'])
			.execute();
		await db.schema
			.createIndex('event_registration_offer_idx')
			.on('event_registration')
			.columns(['status', 'offer_expires_at'])
			.execute();
		await db.schema
			.createIndex('event_registration_network_idx')
			.on('event_registration')
			.columns(['network_id', 'event_id', 'created_at'])
			.execute();
	},
	async down(db: Kysely<any>) {
		for (const table of [
			'event_registration',
			'event_audience_type',
			'event_speaker',
			'event_session',
			'event',
			'event_theme_week'
		])
			await db.schema.dropTable(table).execute();
	}
};
