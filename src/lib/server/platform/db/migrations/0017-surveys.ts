import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { booleanType, falseDefault, isPostgres, timestampType } from './helpers.ts';

/**
 * Evaluations (docs/product.md#evaluations, docs/decisions/023-anonymous-surveys.md). A survey keeps
 * its sections and questions as one definition (JSON text). Who was asked (`survey_invitation`)
 * and what was answered (`survey_response`, `survey_text`) are kept so that no column links them:
 *
 * - an invitation keeps only whether it was answered — no time, no reference to the answer;
 * - a response and a free text have random ids, a day and nothing else about the moment or the
 *   client; a free text is not linked to the response it came with;
 * - on SQLite the answer tables are WITHOUT ROWID, so rows are stored in the order of their random
 *   keys and no hidden row number tells the order they arrived in (PostgreSQL's physical order is
 *   scrambled by the nightly reshuffle, see the decision).
 */
export const surveys: Migration = {
	async up(db: Kysely<any>) {
		const ts = timestampType(db);
		const bool = booleanType(db);
		const withoutRowid = isPostgres(db) ? sql`` : sql` without rowid`;
		const oneOf = (column: string, values: string[], nullable = false) =>
			sql.raw(`${nullable ? `${column} is null or ` : ''}${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

		await db.schema
			.createTable('survey_template')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('title', 'text', (c) => c.notNull())
			.addColumn('description', 'text')
			// The shipped template it was copied from, so results compare with earlier periods.
			.addColumn('template_key', 'text')
			.addColumn('definition', 'text', (c) => c.notNull())
			.addColumn('created_by', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('created_at', ts, (c) => c.notNull())
			.addColumn('updated_at', ts, (c) => c.notNull())
			.execute();
		await db.schema.createIndex('survey_template_network_idx').on('survey_template').column('network_id').execute();

		await db.schema
			.createTable('survey')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('title', 'text', (c) => c.notNull())
			.addColumn('description', 'text')
			// What its results are compared with: a shipped template's key, or a network template's id.
			.addColumn('template_key', 'text')
			.addColumn('definition', 'text', (c) => c.notNull())
			.addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', ['draft', 'open', 'closed'])))
			.addColumn('audience', 'text', (c) =>
				c.notNull().check(oneOf('audience', ['event', 'meeting', 'series', 'roles', 'public']))
			)
			.addColumn('event_id', 'text', (c) => c.references('event.id').onDelete('set null'))
			.addColumn('event_scope', 'text', (c) => c.check(oneOf('event_scope', ['checked_in', 'seated'], true)))
			.addColumn('meeting_id', 'text', (c) => c.references('meeting.id').onDelete('set null'))
			.addColumn('series_id', 'text', (c) => c.references('meeting_series.id').onDelete('set null'))
			.addColumn('meeting_scope', 'text', (c) => c.check(oneOf('meeting_scope', ['invited', 'present'], true)))
			.addColumn('period_from', 'text')
			.addColumn('period_to', 'text')
			// Comma-separated roles, for the audience 'roles'.
			.addColumn('roles', 'text')
			// The public link's secret, for the audience 'public'.
			.addColumn('public_token', 'text', (c) => c.unique())
			.addColumn('min_answers', 'integer', (c) =>
				c
					.notNull()
					.defaultTo(5)
					.check(sql`min_answers >= 3`)
			)
			.addColumn('closes_on', 'text')
			.addColumn('reminder_days', 'text')
			.addColumn('reminders_sent', 'integer', (c) => c.notNull().defaultTo(0))
			// The day the answers were last put in a new random order (decision 023).
			.addColumn('shuffled_on', 'text')
			// While the survey runs, the results last shown (counts only, texts by id): they are
			// refreshed only once enough new answers came in (decision 023).
			.addColumn('results_snapshot', 'text')
			.addColumn('opened_on', 'text')
			.addColumn('closed_on', 'text')
			.addColumn('created_by', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('created_at', ts, (c) => c.notNull())
			.addColumn('updated_at', ts, (c) => c.notNull())
			.execute();
		await db.schema.createIndex('survey_network_idx').on('survey').columns(['network_id', 'status']).execute();

		// Deliberately without any time: when someone was asked or answered is not kept.
		await db.schema
			.createTable('survey_invitation')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('survey_id', 'text', (c) => c.notNull().references('survey.id').onDelete('cascade'))
			.addColumn('email', 'text', (c) => c.notNull())
			.addColumn('name', 'text')
			.addColumn('locale', 'text', (c) => c.notNull())
			.addColumn('user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('answered', bool, (c) => c.notNull().defaultTo(falseDefault(db)))
			.addColumn('reminders_sent', 'integer', (c) => c.notNull().defaultTo(0))
			.addUniqueConstraint('survey_invitation_once', ['survey_id', 'email'])
			.execute();

		// The personal links of an invitation, by the SHA-256 of their token: the invitation's and each
		// reminder's, all valid until it is answered.
		await db.schema
			.createTable('survey_link')
			.addColumn('token_hash', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('invitation_id', 'text', (c) => c.notNull().references('survey_invitation.id').onDelete('cascade'))
			.execute();
		await db.schema.createIndex('survey_link_invitation_idx').on('survey_link').column('invitation_id').execute();

		await sql`create table survey_response (
			id text primary key,
			network_id text not null references network(id) on delete cascade,
			survey_id text not null references survey(id) on delete cascade,
			day text not null,
			via text not null check (via in ('invitation', 'public')),
			answers text not null
		)${withoutRowid}`.execute(db);
		await db.schema
			.createIndex('survey_response_survey_idx')
			.on('survey_response')
			.columns(['survey_id', 'id'])
			.execute();

		await sql`create table survey_text (
			id text primary key,
			network_id text not null references network(id) on delete cascade,
			survey_id text not null references survey(id) on delete cascade,
			question_id text not null,
			body_encrypted text not null,
			quote_consent ${bool} not null,
			quotable ${bool} not null default ${falseDefault(db)}
		)${withoutRowid}`.execute(db);
		await db.schema
			.createIndex('survey_text_survey_idx')
			.on('survey_text')
			.columns(['survey_id', 'question_id', 'id'])
			.execute();

		// A browser's mark that it answered a public survey: a random value from its cookie, hashed.
		await sql`create table survey_public_mark (
			survey_id text not null references survey(id) on delete cascade,
			mark_hash text not null,
			primary key (survey_id, mark_hash)
		)${withoutRowid}`.execute(db);
	},
	async down(db: Kysely<any>) {
		for (const table of [
			'survey_public_mark',
			'survey_text',
			'survey_response',
			'survey_link',
			'survey_invitation',
			'survey'
		])
			await db.schema.dropTable(table).execute();
		await db.schema.dropTable('survey_template').execute();
	}
};
