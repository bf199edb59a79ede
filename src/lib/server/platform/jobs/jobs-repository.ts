import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { timestamp, toDateOrNull } from '../db/values.ts';

/**
 * The `job_run` table: which period each scheduled job last finished, and a lease while an instance
 * runs it. Every write is a conditional update, so several app instances on one database (or one
 * SQLite file) agree on who runs a job without any other coordination.
 */

export interface JobRunRow {
	name: string;
	lastPeriod: string | null;
	lockedUntil: Date | null;
	lastFinishedAt: Date | null;
}

/** A claim held by this instance: the lease end doubles as its token for renewing and finishing. */
export interface JobLease {
	name: string;
	period: string;
	lockedUntil: string;
}

/**
 * Claims `name` for `period` until `now + leaseMs`. Succeeds only when the period has not been
 * finished yet and no live lease exists; the check and the write are one UPDATE, which both
 * dialects apply to the row one writer at a time (PostgreSQL re-checks the condition after waiting
 * for a concurrent writer), so exactly one instance gets the claim.
 */
export async function claimJobRun(
	db: Kysely<Database>,
	name: string,
	period: string,
	now: Date,
	leaseMs: number
): Promise<JobLease | null> {
	// The row must exist for the conditional update to find it; a concurrent insert is harmless.
	await db
		.insertInto('job_run')
		.values({ name, last_period: null, locked_until: null, last_finished_at: null })
		.onConflict((oc) => oc.column('name').doNothing())
		.execute();
	const lockedUntil = timestamp(new Date(now.getTime() + leaseMs));
	const claimed = await db
		.updateTable('job_run')
		.set({ locked_until: lockedUntil })
		.where('name', '=', name)
		.where((eb) => eb.or([eb('last_period', 'is', null), eb('last_period', '<>', period)]))
		.where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', timestamp(now))]))
		.executeTakeFirst();
	return Number(claimed.numUpdatedRows) === 1 ? { name, period, lockedUntil } : null;
}

/**
 * Extends a lease that is still ours, for a long run. Returns the renewed lease, or null when the
 * lease was lost (it expired and another instance claimed the job).
 */
export async function renewJobLease(
	db: Kysely<Database>,
	lease: JobLease,
	now: Date,
	leaseMs: number
): Promise<JobLease | null> {
	const lockedUntil = timestamp(new Date(now.getTime() + leaseMs));
	const renewed = await db
		.updateTable('job_run')
		.set({ locked_until: lockedUntil })
		.where('name', '=', lease.name)
		.where('locked_until', '=', lease.lockedUntil)
		.executeTakeFirst();
	return Number(renewed.numUpdatedRows) === 1 ? { ...lease, lockedUntil } : null;
}

/** Records the period as done and frees the lease. False when the lease was no longer ours. */
export async function finishJobRun(db: Kysely<Database>, lease: JobLease, now: Date): Promise<boolean> {
	const finished = await db
		.updateTable('job_run')
		.set({ last_period: lease.period, locked_until: null, last_finished_at: timestamp(now) })
		.where('name', '=', lease.name)
		.where('locked_until', '=', lease.lockedUntil)
		.executeTakeFirst();
	return Number(finished.numUpdatedRows) === 1;
}

/**
 * A failed run leaves the period unfinished and holds the lease until `retryAt`, so the job is tried
 * again then (by any instance) rather than on every tick.
 */
export async function releaseFailedJobRun(db: Kysely<Database>, lease: JobLease, retryAt: Date): Promise<void> {
	await db
		.updateTable('job_run')
		.set({ locked_until: timestamp(retryAt) })
		.where('name', '=', lease.name)
		.where('locked_until', '=', lease.lockedUntil)
		.execute();
}

export async function findJobRun(db: Kysely<Database>, name: string): Promise<JobRunRow | undefined> {
	const row = await db.selectFrom('job_run').selectAll().where('name', '=', name).executeTakeFirst();
	if (!row) return undefined;
	return {
		name: row.name,
		lastPeriod: row.last_period,
		lockedUntil: toDateOrNull(row.locked_until),
		lastFinishedAt: toDateOrNull(row.last_finished_at)
	};
}
