import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { forUpdate } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';
import { timestamp, toDate, toDateOrNull } from '../db/values.ts';

/**
 * Failure counting and temporary lockout, kept in the database so that every app instance sees
 * the same counts. Keys never hold an e-mail address in clear: accounts are keyed by a hash.
 */
export interface ThrottlePolicy {
	/** Failures allowed within the window before the key is locked. */
	maxFailures: number;
	windowMs: number;
	lockMs: number;
}

const minutes = (n: number) => n * 60_000;

export const policies = {
	/** Per account: five wrong passwords or codes in 15 minutes lock the account for 15 minutes. */
	account: { maxFailures: 5, windowMs: minutes(15), lockMs: minutes(15) },
	/**
	 * Per client address: guessing across many accounts from one address. Generous, because a whole
	 * municipal office often shares one address; the per-account limit does the fine-grained work.
	 */
	address: { maxFailures: 50, windowMs: minutes(15), lockMs: minutes(15) },
	/** Requests that send mail (password reset): generous for people, tight for scripts. */
	mailRequest: { maxFailures: 5, windowMs: minutes(60), lockMs: minutes(60) }
} satisfies Record<string, ThrottlePolicy>;

export function accountKey(email: string): string {
	const digest = createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
	return `account:${digest}`;
}

export function addressKey(address: string | null | undefined, scope = 'signin'): string {
	return `address:${scope}:${address ?? 'unknown'}`;
}

export interface LockState {
	locked: boolean;
	until: Date | null;
}

/** Whether any of the keys is locked now. */
export async function lockState(db: Kysely<Database>, keys: string[], now: Date): Promise<LockState> {
	const rows = await db.selectFrom('auth_throttle').select(['locked_until']).where('key', 'in', keys).execute();
	const until = rows
		.map((row) => toDateOrNull(row.locked_until))
		.filter((date): date is Date => date !== null && date > now)
		.sort((a, b) => b.getTime() - a.getTime())[0];
	return { locked: until !== undefined, until: until ?? null };
}

/**
 * Counts one failure for the key; returns true when this failure locked it. Runs in a transaction
 * so two instances counting at once cannot both miss the threshold.
 */
export async function recordFailure(
	db: Kysely<Database>,
	key: string,
	policy: ThrottlePolicy,
	now: Date
): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		// Insert first so that concurrent first failures contend on one existing row, not on inserts.
		await trx
			.insertInto('auth_throttle')
			.values({ key, failures: 0, window_started_at: timestamp(now), locked_until: null })
			.onConflict((oc) => oc.column('key').doNothing())
			.execute();
		const row = await forUpdate(
			trx,
			trx.selectFrom('auth_throttle').selectAll().where('key', '=', key)
		).executeTakeFirstOrThrow();
		const windowOpen = now.getTime() - toDate(row.window_started_at).getTime() < policy.windowMs;
		const failures = windowOpen ? row.failures + 1 : 1;
		const locks = failures >= policy.maxFailures;
		const values = {
			failures: locks ? 0 : failures,
			window_started_at: timestamp(windowOpen ? toDate(row.window_started_at) : now),
			locked_until: locks ? timestamp(new Date(now.getTime() + policy.lockMs)) : row.locked_until
		};
		await trx.updateTable('auth_throttle').set(values).where('key', '=', key).execute();
		return locks;
	});
}

export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
	await db.deleteFrom('auth_throttle').where('key', '=', key).execute();
}
