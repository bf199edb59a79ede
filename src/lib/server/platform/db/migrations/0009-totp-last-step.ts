import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The last TOTP time step (Unix time / 30 s) that signed someone in, enrolled them or confirmed a
 * step-up: a code at or before it is refused, so a code works once (RFC 6238 §5.2). It lives on the
 * two-factor row because it belongs to that secret; a new secret starts with none. Null: no code
 * accepted since this migration. An integer holds steps until the year 4000.
 */
export const totpLastStep: Migration = {
	async up(db: Kysely<any>) {
		await db.schema.alterTable('twoFactor').addColumn('lastAcceptedStep', 'integer').execute();
	},
	async down(db: Kysely<any>) {
		await db.schema.alterTable('twoFactor').dropColumn('lastAcceptedStep').execute();
	}
};
