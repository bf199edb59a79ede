import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import {
	authTimestampType,
	booleanType,
	falseDefault,
	isPostgres,
	jsonType,
	nowDefault,
	serialPrimaryKey,
	timestampType
} from './helpers.ts';

/**
 * Networks, people, sign-in, audit, mail and throttling. The sign-in tables follow better-auth's
 * schema (camelCase columns, as its adapter expects); the app's own tables are snake_case.
 */
export const foundation: Migration = {
	async up(db: Kysely<any>) {
		const ts = timestampType(db);
		const authTs = authTimestampType(db);
		const bool = booleanType(db);

		// --- better-auth: user, session, account, verification, twoFactor
		await db.schema
			.createTable('user')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('name', 'text', (c) => c.notNull())
			.addColumn('email', 'text', (c) => c.notNull().unique())
			.addColumn('emailVerified', bool, (c) => c.notNull().defaultTo(falseDefault(db)))
			.addColumn('image', 'text')
			.addColumn('createdAt', authTs, (c) => c.notNull().defaultTo(nowDefault(db)))
			.addColumn('updatedAt', authTs, (c) => c.notNull().defaultTo(nowDefault(db)))
			.addColumn('twoFactorEnabled', bool, (c) => c.defaultTo(falseDefault(db)))
			.addColumn('isInstanceAdmin', bool, (c) => c.notNull().defaultTo(falseDefault(db)))
			.addColumn('locale', 'text')
			.execute();

		await db.schema
			.createTable('session')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('expiresAt', authTs, (c) => c.notNull())
			.addColumn('token', 'text', (c) => c.notNull().unique())
			.addColumn('createdAt', authTs, (c) => c.notNull().defaultTo(nowDefault(db)))
			.addColumn('updatedAt', authTs, (c) => c.notNull().defaultTo(nowDefault(db)))
			.addColumn('ipAddress', 'text')
			.addColumn('userAgent', 'text')
			.addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
			.execute();
		await db.schema.createIndex('session_user_idx').on('session').column('userId').execute();

		await db.schema
			.createTable('account')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('accountId', 'text', (c) => c.notNull())
			.addColumn('providerId', 'text', (c) => c.notNull())
			.addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
			.addColumn('accessToken', 'text')
			.addColumn('refreshToken', 'text')
			.addColumn('idToken', 'text')
			.addColumn('accessTokenExpiresAt', authTs)
			.addColumn('refreshTokenExpiresAt', authTs)
			.addColumn('scope', 'text')
			.addColumn('password', 'text')
			.addColumn('createdAt', authTs, (c) => c.notNull().defaultTo(nowDefault(db)))
			.addColumn('updatedAt', authTs, (c) => c.notNull().defaultTo(nowDefault(db)))
			.execute();
		await db.schema.createIndex('account_user_idx').on('account').column('userId').execute();

		await db.schema
			.createTable('verification')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('identifier', 'text', (c) => c.notNull())
			.addColumn('value', 'text', (c) => c.notNull())
			.addColumn('expiresAt', authTs, (c) => c.notNull())
			.addColumn('createdAt', authTs, (c) => c.notNull().defaultTo(nowDefault(db)))
			.addColumn('updatedAt', authTs, (c) => c.notNull().defaultTo(nowDefault(db)))
			.execute();
		await db.schema.createIndex('verification_identifier_idx').on('verification').column('identifier').execute();

		await db.schema
			.createTable('twoFactor')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('secret', 'text', (c) => c.notNull())
			.addColumn('backupCodes', 'text', (c) => c.notNull())
			.addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
			.addColumn('verified', bool, (c) => c.defaultTo(isPostgres(db) ? sql`true` : sql`1`))
			.addColumn('failedVerificationCount', 'integer')
			.addColumn('lockedUntil', authTs)
			.execute();
		await db.schema.createIndex('two_factor_user_idx').on('twoFactor').column('userId').execute();

		// --- networks and people
		await db.schema
			.createTable('network')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('slug', 'text', (c) => c.notNull().unique())
			.addColumn('name', 'text', (c) => c.notNull())
			.addColumn('country', 'text', (c) => c.notNull().check(sql`country in ('SE', 'NO')`))
			.addColumn('time_zone', 'text', (c) => c.notNull())
			.addColumn('default_locale', 'text', (c) => c.notNull())
			.addColumn('contact_email', 'text', (c) => c.notNull())
			.addColumn('contact_phone', 'text')
			.addColumn('reference_prefix', 'text', (c) => c.notNull())
			// Prepared for per-network single sign-on through OpenID Connect.
			.addColumn('oidc_issuer', 'text')
			.addColumn('oidc_client_id', 'text')
			.addColumn('oidc_client_secret_encrypted', 'text')
			.addColumn('created_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
			.addColumn('closed_at', ts)
			.execute();

		// Public texts of a network per language: description, contact, accessibility, privacy.
		await db.schema
			.createTable('network_text')
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('kind', 'text', (c) => c.notNull())
			.addColumn('locale', 'text', (c) => c.notNull())
			.addColumn('body', 'text', (c) => c.notNull())
			.addColumn('updated_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
			.addColumn('updated_by', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addPrimaryKeyConstraint('network_text_pk', ['network_id', 'kind', 'locale'])
			.execute();

		await db.schema
			.createTable('membership')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
			.addColumn('role', 'text', (c) =>
				c.notNull().check(sql`role in ('admin', 'coordinator', 'communicator', 'member')`)
			)
			.addColumn('active', bool, (c) => c.notNull())
			.addColumn('created_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
			.addColumn('deactivated_at', ts)
			.addUniqueConstraint('membership_network_user_uq', ['network_id', 'user_id'])
			.execute();
		await db.schema.createIndex('membership_user_idx').on('membership').column('user_id').execute();

		await db.schema
			.createTable('invitation')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('email', 'text', (c) => c.notNull())
			.addColumn('role', 'text', (c) => c.notNull())
			.addColumn('token_hash', 'text', (c) => c.notNull().unique())
			.addColumn('invited_by', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('created_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
			.addColumn('expires_at', ts, (c) => c.notNull())
			.addColumn('accepted_at', ts)
			.addColumn('revoked_at', ts)
			.execute();
		await db.schema
			.createIndex('invitation_network_idx')
			.on('invitation')
			.columns(['network_id', 'created_at'])
			.execute();

		// --- audit: append-only, enforced by the database itself
		await db.schema
			.createTable('audit_event')
			.addColumn('id', 'integer', serialPrimaryKey(db))
			.addColumn('occurred_at', ts, (c) => c.notNull())
			.addColumn('network_id', 'text', (c) => c.references('network.id').onDelete('restrict'))
			.addColumn('actor_user_id', 'text')
			.addColumn('action', 'text', (c) => c.notNull())
			.addColumn('entity_type', 'text')
			.addColumn('entity_id', 'text')
			.addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('success', 'failure', 'denied')`))
			.addColumn('client_address', 'text')
			.addColumn('request_id', 'text')
			.execute();
		await db.schema
			.createIndex('audit_event_network_time_idx')
			.on('audit_event')
			.columns(['network_id', 'occurred_at'])
			.execute();
		if (isPostgres(db)) {
			await sql`create function audit_event_is_append_only() returns trigger language plpgsql as $$
				begin raise exception 'audit_event is append-only'; end $$`.execute(db);
			await sql`create trigger audit_event_no_change before update or delete on audit_event
				for each row execute function audit_event_is_append_only()`.execute(db);
		} else {
			await sql`create trigger audit_event_no_update before update on audit_event
				begin select raise(abort, 'audit_event is append-only'); end`.execute(db);
			await sql`create trigger audit_event_no_delete before delete on audit_event
				begin select raise(abort, 'audit_event is append-only'); end`.execute(db);
		}

		// --- mail outbox
		await db.schema
			.createTable('outbox')
			.addColumn('id', 'integer', serialPrimaryKey(db))
			.addColumn('network_id', 'text', (c) => c.references('network.id').onDelete('cascade'))
			.addColumn('kind', 'text', (c) => c.notNull())
			.addColumn('recipient', 'text', (c) => c.notNull())
			.addColumn('from_name', 'text')
			.addColumn('subject', 'text', (c) => c.notNull())
			.addColumn('text_body', 'text', (c) => c.notNull())
			.addColumn('html_body', 'text')
			.addColumn('attachments', jsonType(db))
			.addColumn('status', 'text', (c) =>
				c.notNull().check(sql`status in ('pending', 'sending', 'sent', 'failed', 'uncertain')`)
			)
			.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
			.addColumn('next_attempt_at', ts, (c) => c.notNull())
			.addColumn('locked_until', ts)
			.addColumn('last_error', 'text')
			.addColumn('created_at', ts, (c) => c.notNull())
			.addColumn('sent_at', ts)
			.execute();
		await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['status', 'next_attempt_at']).execute();

		// --- sign-in throttling, shared by all app instances through the database
		await db.schema
			.createTable('auth_throttle')
			.addColumn('key', 'text', (c) => c.primaryKey())
			.addColumn('failures', 'integer', (c) => c.notNull())
			.addColumn('window_started_at', ts, (c) => c.notNull())
			.addColumn('locked_until', ts)
			.execute();
	}
};
