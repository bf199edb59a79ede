import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { booleanType, falseDefault, timestampType } from './helpers.ts';

/**
 * Team meetings (docs/product.md#team-meetings, docs/decisions/021-team-meetings.md). A series holds
 * the rule (a single date, every N weeks on a weekday, the n-th weekday of each month, or chosen
 * dates), the wall-clock times in the network's time zone, the place, who is invited and the agenda
 * template; its occurrences are real `meeting` rows, made a rolling horizon ahead, so each can be
 * moved, cancelled and given its own agenda and minutes. A single meeting is a series of one date.
 *
 * Attendance is one row per invited member and meeting. Its organisation type and municipality are
 * copied in when it is marked, so the statistics of past years stay as they were when a member later
 * changes organisation, and read one table.
 */
export const meetings: Migration = {
	async up(db: Kysely<any>) {
		const ts = timestampType(db);
		const bool = booleanType(db);
		const oneOf = (column: string, values: string[], nullable = false) =>
			sql.raw(`${nullable ? `${column} is null or ` : ''}${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

		await db.schema
			.createTable('meeting_series')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('title', 'text', (c) => c.notNull())
			.addColumn('description', 'text')
			.addColumn('recurrence', 'text', (c) =>
				c.notNull().check(oneOf('recurrence', ['single', 'weekly', 'monthly', 'dates']))
			)
			.addColumn('interval_weeks', 'integer', (c) =>
				c.check(sql`interval_weeks is null or (interval_weeks >= 1 and interval_weeks <= 12)`)
			)
			// ISO weekday: 1 Monday … 7 Sunday.
			.addColumn('weekday', 'integer', (c) => c.check(sql`weekday is null or (weekday >= 1 and weekday <= 7)`))
			// The n-th such weekday of the month, 1–4, or 5 for the last one.
			.addColumn('week_of_month', 'integer', (c) =>
				c.check(sql`week_of_month is null or (week_of_month >= 1 and week_of_month <= 5)`)
			)
			// Chosen dates (YYYY-MM-DD, comma-separated) of a series without a rule.
			.addColumn('dates', 'text')
			.addColumn('first_day', 'text', (c) => c.notNull())
			.addColumn('last_day', 'text', (c) => c.notNull())
			// Wall-clock times (HH:MM) in the network's time zone: 09:00 stays 09:00 across a DST change.
			.addColumn('start_time', 'text', (c) => c.notNull())
			.addColumn('end_time', 'text', (c) => c.notNull())
			.addColumn('place', 'text')
			// Only in the invitees' mails, calendar files and feeds; never on a public page.
			.addColumn('video_link', 'text')
			.addColumn('audience', 'text', (c) => c.notNull().check(oneOf('audience', ['all', 'roles', 'people'])))
			// The roles invited when the audience is 'roles' (comma-separated).
			.addColumn('audience_roles', 'text')
			// Grows with every change, so two people editing the same series cannot overwrite each other.
			.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
			.addColumn('created_by', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('created_at', ts, (c) => c.notNull())
			.addColumn('updated_at', ts, (c) => c.notNull())
			.execute();
		await db.schema.createIndex('meeting_series_network_idx').on('meeting_series').columns(['network_id']).execute();

		await db.schema
			.createTable('meeting_series_person')
			.addColumn('series_id', 'text', (c) => c.notNull().references('meeting_series.id').onDelete('cascade'))
			.addColumn('membership_id', 'text', (c) => c.notNull().references('membership.id').onDelete('cascade'))
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addPrimaryKeyConstraint('meeting_series_person_pk', ['series_id', 'membership_id'])
			.execute();

		await db.schema
			.createTable('meeting_agenda_template')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('series_id', 'text', (c) => c.notNull().references('meeting_series.id').onDelete('cascade'))
			.addColumn('position', 'integer', (c) => c.notNull())
			.addColumn('title', 'text', (c) => c.notNull())
			.addColumn('owner_membership_id', 'text', (c) => c.references('membership.id').onDelete('set null'))
			.addColumn('minutes', 'integer', (c) => c.check(sql`minutes is null or (minutes >= 1 and minutes <= 480)`))
			.addColumn('notes', 'text')
			.execute();
		await db.schema
			.createIndex('meeting_agenda_template_series_idx')
			.on('meeting_agenda_template')
			.columns(['series_id', 'position'])
			.execute();

		await db.schema
			.createTable('meeting')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('series_id', 'text', (c) => c.notNull().references('meeting_series.id').onDelete('cascade'))
			// The day the series' rule gave this occurrence: its identity within the series, kept when it
			// is moved (the calendar's RECURRENCE-ID, and what keeps materialising idempotent).
			.addColumn('series_day', 'text', (c) => c.notNull())
			.addColumn('title', 'text', (c) => c.notNull())
			.addColumn('start_at', ts, (c) => c.notNull())
			.addColumn('end_at', ts, (c) => c.notNull())
			.addColumn('place', 'text')
			.addColumn('video_link', 'text')
			.addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', ['scheduled', 'cancelled'])))
			// Moved or changed by hand: later changes of the series leave it alone.
			.addColumn('edited', bool, (c) => c.notNull().defaultTo(falseDefault(db)))
			// The iCalendar SEQUENCE: grows with every change an invitee's calendar should take in.
			.addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
			.addColumn('minutes_approved_revision', 'integer')
			.addColumn('minutes_approved_by', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('minutes_approved_at', ts)
			.addColumn('created_at', ts, (c) => c.notNull())
			.addColumn('updated_at', ts, (c) => c.notNull())
			.execute();
		await db.schema
			.createIndex('meeting_series_day_uq')
			.on('meeting')
			.columns(['series_id', 'series_day'])
			.unique()
			.execute();
		await db.schema
			.createIndex('meeting_network_start_idx')
			.on('meeting')
			.columns(['network_id', 'start_at'])
			.execute();

		await db.schema
			.createTable('meeting_attendance')
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
			.addColumn('membership_id', 'text', (c) => c.notNull().references('membership.id').onDelete('cascade'))
			// Null until marked. 'excused' is also what a member's own "I can't come" sets beforehand.
			.addColumn('status', 'text', (c) => c.check(oneOf('status', ['present', 'absent', 'excused'], true)))
			.addColumn('reason', 'text')
			// Announced by the member themselves (rather than marked by the coordinator).
			.addColumn('self_announced', bool, (c) => c.notNull().defaultTo(falseDefault(db)))
			.addColumn('marked_by', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('marked_at', ts)
			// Copied from the member's organisation in the directory when marked (see above).
			.addColumn('organisation_type_id', 'text', (c) => c.references('organisation_type.id').onDelete('set null'))
			.addColumn('municipality_id', 'text', (c) => c.references('municipality.id'))
			.addPrimaryKeyConstraint('meeting_attendance_pk', ['meeting_id', 'membership_id'])
			.execute();
		await db.schema
			.createIndex('meeting_attendance_member_idx')
			.on('meeting_attendance')
			.columns(['network_id', 'membership_id'])
			.execute();

		await db.schema
			.createTable('meeting_guest')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
			.addColumn('organisation_type_id', 'text', (c) => c.references('organisation_type.id').onDelete('set null'))
			.addColumn('municipality_id', 'text', (c) => c.references('municipality.id'))
			.addColumn('count', 'integer', (c) => c.notNull().check(sql`count >= 1 and count <= 500`))
			.execute();
		await db.schema.createIndex('meeting_guest_meeting_idx').on('meeting_guest').columns(['meeting_id']).execute();

		await db.schema
			.createTable('meeting_agenda_item')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
			.addColumn('position', 'integer', (c) => c.notNull())
			.addColumn('title', 'text', (c) => c.notNull())
			.addColumn('owner_membership_id', 'text', (c) => c.references('membership.id').onDelete('set null'))
			.addColumn('minutes', 'integer', (c) => c.check(sql`minutes is null or (minutes >= 1 and minutes <= 480)`))
			.addColumn('notes', 'text')
			.addColumn('state', 'text', (c) => c.notNull().check(oneOf('state', ['open', 'done', 'moved'])))
			// The item of an earlier occurrence this one was moved on from: the backlog's history.
			.addColumn('carried_from', 'text', (c) => c.references('meeting_agenda_item.id').onDelete('set null'))
			.addColumn('created_at', ts, (c) => c.notNull())
			.execute();
		await db.schema
			.createIndex('meeting_agenda_item_meeting_idx')
			.on('meeting_agenda_item')
			.columns(['meeting_id', 'position'])
			.execute();

		await db.schema
			.createTable('meeting_minutes_revision')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
			.addColumn('number', 'integer', (c) => c.notNull())
			// Encrypted at rest like a consultation's texts (decision 009).
			.addColumn('body_encrypted', 'text', (c) => c.notNull())
			.addColumn('lines_added', 'integer', (c) => c.notNull())
			.addColumn('lines_removed', 'integer', (c) => c.notNull())
			.addColumn('author_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('created_at', ts, (c) => c.notNull())
			.execute();
		await db.schema
			.createIndex('meeting_minutes_revision_uq')
			.on('meeting_minutes_revision')
			.columns(['meeting_id', 'number'])
			.unique()
			.execute();

		await db.schema
			.createTable('meeting_consultation')
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
			.addColumn('consultation_id', 'text', (c) => c.notNull().references('consultation.id').onDelete('cascade'))
			.addColumn('linked_by', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('linked_at', ts, (c) => c.notNull())
			.addPrimaryKeyConstraint('meeting_consultation_pk', ['meeting_id', 'consultation_id'])
			.execute();
		await db.schema
			.createIndex('meeting_consultation_consultation_idx')
			.on('meeting_consultation')
			.columns(['consultation_id'])
			.execute();

		// A member's personal calendar feed: the secret is in the URL, only its hash is stored.
		await db.schema
			.createTable('meeting_feed')
			.addColumn('membership_id', 'text', (c) => c.primaryKey().references('membership.id').onDelete('cascade'))
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('token_hash', 'text', (c) => c.notNull().unique())
			.addColumn('created_at', ts, (c) => c.notNull())
			.execute();

		await db.schema
			.createTable('meeting_settings')
			.addColumn('network_id', 'text', (c) => c.primaryKey().references('network.id').onDelete('cascade'))
			// "Took part regularly": attended at least this share of the meetings they were invited to.
			.addColumn('regular_percent', 'integer', (c) =>
				c
					.notNull()
					.defaultTo(75)
					.check(sql`regular_percent >= 1 and regular_percent <= 100`)
			)
			.addColumn('updated_at', ts, (c) => c.notNull())
			.execute();
	},
	async down(db: Kysely<any>) {
		for (const table of [
			'meeting_settings',
			'meeting_feed',
			'meeting_consultation',
			'meeting_minutes_revision',
			'meeting_agenda_item',
			'meeting_guest',
			'meeting_attendance',
			'meeting',
			'meeting_agenda_template',
			'meeting_series_person',
			'meeting_series'
		])
			await db.schema.dropTable(table).execute();
	}
};
