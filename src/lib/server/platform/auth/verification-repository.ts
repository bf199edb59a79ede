import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { timestamp } from '../db/values.ts';

/**
 * Reads better-auth's `verification` rows. With `verification.storeIdentifier: 'hashed'` better-auth
 * never stores an identifier in clear: it keeps base64url(SHA-256(identifier)) without padding
 * (better-auth/dist/db/verification-token-storage.mjs, `defaultKeyHasher`), so a database dump gives
 * away no reset link and no pending two-factor challenge. We hash the same way to find a row.
 */
export function hashedIdentifier(identifier: string): string {
	return createHash('sha256').update(identifier, 'utf8').digest('base64url');
}

/** The value (a user id for the rows we read) of an identifier's newest row that has not expired. */
async function findValue(db: Kysely<Database>, identifier: string, now: Date): Promise<string | null> {
	const row = await db
		.selectFrom('verification')
		.select('value')
		.where('identifier', '=', hashedIdentifier(identifier))
		// Both dialects hold ISO-8601 UTC here (text on SQLite), so text comparison orders correctly.
		.where('expiresAt', '>', timestamp(now))
		.orderBy('createdAt', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row?.value ?? null;
}

/**
 * The user a password-reset token belongs to, while the token is unused and valid. Lets the reset
 * page check the new password against that user's e-mail address and networks before better-auth
 * spends the token.
 */
export function findResetTokenUser(db: Kysely<Database>, token: string, now: Date): Promise<string | null> {
	return findValue(db, `reset-password:${token}`, now);
}

/**
 * The user of a pending two-factor challenge (the identifier better-auth put in its signed
 * `two_factor` cookie at sign-in), so that wrong codes count against that account's lockout.
 */
export function findTwoFactorChallengeUser(db: Kysely<Database>, challenge: string, now: Date): Promise<string | null> {
	if (!challenge.startsWith('2fa-')) return Promise.resolve(null);
	return findValue(db, challenge, now);
}
