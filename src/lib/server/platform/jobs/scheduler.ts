import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import { claimJobRun, finishJobRun, releaseFailedJobRun, renewJobLease, type JobLease } from './jobs-repository.ts';

/**
 * Scheduled jobs (the retention of consultation texts, follow-up reminders): each runs once per
 * period — a day, an hour — however many app instances share the database. Every instance ticks;
 * the `job_run` table decides which one runs a period (see jobs-repository.ts). Jobs themselves
 * must still be safe to run twice (a lease can expire under a stalled instance), so they guard
 * each row they change with a conditional update.
 */

/** Names the period a moment belongs to; a job runs once per distinct value. */
export type PeriodOf = (now: Date) => string;

/** The calendar day in UTC: '2026-03-15'. */
export const daily: PeriodOf = (now) => now.toISOString().slice(0, 10);
/** The hour in UTC: '2026-03-15T09'. */
export const hourly: PeriodOf = (now) => now.toISOString().slice(0, 13);

export interface ScheduledJob {
	name: string;
	period: PeriodOf;
	/** Does the work; what it returns (counts, never personal data) is logged. */
	run(now: Date): Promise<unknown>;
}

export type JobOutcome =
	| { name: string; period: string; status: 'ran'; result: unknown }
	| { name: string; period: string; status: 'skipped' }
	| { name: string; period: string; status: 'failed' };

export interface SchedulerOptions {
	db: Kysely<Database>;
	jobs: ScheduledJob[];
	logger: Logger;
	now?: () => Date;
	/** How often every job is checked; a minute, so an hourly job starts within a minute of the hour. */
	intervalMs?: number;
	/** How long a claim holds before another instance may take over; renewed while the job runs. */
	leaseMs?: number;
	/** After a failure the period is tried again this much later, not on every tick. */
	retryAfterMs?: number;
}

/**
 * An error as it may be logged: its class and code. The message is left out, because a database
 * error's message can quote the values of the row it failed on.
 */
export function describeError(error: unknown): { type: string; code?: string } {
	if (!(error instanceof Error)) return { type: typeof error };
	const code = (error as { code?: unknown }).code;
	return typeof code === 'string' || typeof code === 'number'
		? { type: error.name, code: String(code) }
		: { type: error.name };
}

export class Scheduler {
	readonly #db: Kysely<Database>;
	readonly #jobs: ScheduledJob[];
	readonly #logger: Logger;
	readonly #now: () => Date;
	readonly #intervalMs: number;
	readonly #leaseMs: number;
	readonly #retryAfterMs: number;
	#timer: NodeJS.Timeout | undefined;
	#running: Promise<JobOutcome[]> | undefined;
	#stopped = false;

	constructor(options: SchedulerOptions) {
		const names = new Set(options.jobs.map((job) => job.name));
		if (names.size !== options.jobs.length) throw new Error('scheduled jobs need distinct names');
		this.#db = options.db;
		this.#jobs = options.jobs;
		this.#logger = options.logger;
		this.#now = options.now ?? (() => new Date());
		this.#intervalMs = options.intervalMs ?? 60_000;
		this.#leaseMs = options.leaseMs ?? 10 * 60_000;
		this.#retryAfterMs = options.retryAfterMs ?? 15 * 60_000;
	}

	/** Checks the jobs now and then every interval; the timer never keeps the process alive. */
	start(): void {
		if (this.#timer) return;
		this.#stopped = false;
		this.#timer = setInterval(() => void this.tick(), this.#intervalMs);
		this.#timer.unref();
		void this.tick();
	}

	/** Stops the timer and waits for a job that is running to finish (shutdown, tests). */
	async stop(): Promise<void> {
		this.#stopped = true;
		clearInterval(this.#timer);
		this.#timer = undefined;
		await this.#running;
	}

	/**
	 * Runs every job whose current period this or another instance has not yet finished. Never
	 * throws: a failing job or an unreachable database is logged and tried again later. A tick that
	 * comes while the previous one still runs waits for it and does nothing more.
	 */
	async tick(): Promise<JobOutcome[]> {
		if (this.#running) {
			await this.#running;
			return [];
		}
		this.#running = this.#tickOnce().finally(() => {
			this.#running = undefined;
		});
		return this.#running;
	}

	async #tickOnce(): Promise<JobOutcome[]> {
		const outcomes: JobOutcome[] = [];
		for (const job of this.#jobs) {
			if (this.#stopped) break;
			outcomes.push(await this.#runIfDue(job));
		}
		return outcomes;
	}

	async #runIfDue(job: ScheduledJob): Promise<JobOutcome> {
		const now = this.#now();
		const period = job.period(now);
		let lease: JobLease | null;
		try {
			lease = await claimJobRun(this.#db, job.name, period, now, this.#leaseMs);
		} catch (error) {
			this.#logger.error({ job: job.name, period, error: describeError(error) }, 'job could not be claimed');
			return { name: job.name, period, status: 'failed' };
		}
		if (!lease) return { name: job.name, period, status: 'skipped' };

		const started = performance.now();
		const heartbeat = this.#keepLease(lease);
		try {
			const result = await job.run(now);
			const current = await heartbeat.stop();
			if (!(await finishJobRun(this.#db, current, this.#now())))
				this.#logger.warn({ job: job.name, period }, 'job finished after its lease was lost');
			this.#logger.info({ job: job.name, period, result, ms: Math.round(performance.now() - started) }, 'job finished');
			return { name: job.name, period, status: 'ran', result };
		} catch (error) {
			const current = await heartbeat.stop();
			this.#logger.error({ job: job.name, period, error: describeError(error) }, 'job failed');
			const retryAt = new Date(this.#now().getTime() + this.#retryAfterMs);
			await releaseFailedJobRun(this.#db, current, retryAt).catch((releaseError: unknown) => {
				// The lease then simply runs out, and the job is tried again after it.
				this.#logger.error({ job: job.name, error: describeError(releaseError) }, 'job lease not released');
			});
			return { name: job.name, period, status: 'failed' };
		}
	}

	/** Renews the lease while a long job runs, so no other instance starts the same period. */
	#keepLease(initial: JobLease): { stop(): Promise<JobLease> } {
		let lease = initial;
		let renewing: Promise<void> = Promise.resolve();
		const timer = setInterval(
			() => {
				renewing = renewing.then(async () => {
					try {
						const renewed = await renewJobLease(this.#db, lease, this.#now(), this.#leaseMs);
						if (renewed) lease = renewed;
						else this.#logger.warn({ job: lease.name, period: lease.period }, 'job lease lost while running');
					} catch (error) {
						this.#logger.warn({ job: lease.name, error: describeError(error) }, 'job lease not renewed');
					}
				});
			},
			Math.max(1_000, Math.floor(this.#leaseMs / 3))
		);
		timer.unref();
		return {
			stop: async () => {
				clearInterval(timer);
				await renewing;
				return lease;
			}
		};
	}
}
