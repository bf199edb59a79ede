import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** better-auth's `twoFactor` row of a person, as far as replay protection needs it. */

/** The TOTP secret as better-auth stores it (encrypted under the app secret); null without two-factor. */
export async function findEncryptedTotpSecret(db: Kysely<Database>, userId: string): Promise<string | null> {
	const row = await db.selectFrom('twoFactor').select('secret').where('userId', '=', userId).executeTakeFirst();
	return row?.secret ?? null;
}

/**
 * Records `step` as the last accepted TOTP time step, only if it is later than the one recorded.
 * One conditional UPDATE, so that of two requests with the same code exactly one changes the row:
 * PostgreSQL re-checks the condition on the row the first one wrote, SQLite runs writes one at a
 * time. True when this call took the step.
 */
export async function claimTotpStep(db: Kysely<Database>, userId: string, step: number): Promise<boolean> {
	const result = await db
		.updateTable('twoFactor')
		.set({ lastAcceptedStep: step })
		.where('userId', '=', userId)
		.where((eb) => eb.or([eb('lastAcceptedStep', 'is', null), eb('lastAcceptedStep', '<', step)]))
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}
