import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../../../../../tests/fixtures/test-db.ts';
import type { Logger } from '../logger.ts';
import { claimJobRun, findJobRun } from './jobs-repository.ts';
import { daily, describeError, hourly, Scheduler, type ScheduledJob } from './scheduler.ts';

/** A logger whose JSON lines the test can read. */
function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
	const lines: Record<string, unknown>[] = [];
	const logger = pino(
		{ level: 'debug' },
		{ write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) }
	);
	return { logger, lines };
}

/** A clock the test moves by hand. */
function clock(start: string): { now: () => Date; set(iso: string): void; advance(ms: number): void } {
	let current = new Date(start);
	return {
		now: () => new Date(current),
		set: (iso) => {
			current = new Date(iso);
		},
		advance: (ms) => {
			current = new Date(current.getTime() + ms);
		}
	};
}

let jobCounter = 0;
/** A job that counts its runs; names are unique so tests share one database. */
function countingJob(period = daily, work: (now: Date) => Promise<unknown> = async () => 'done') {
	jobCounter += 1;
	const runs: Date[] = [];
	const job: ScheduledJob = {
		name: `test.job-${jobCounter}`,
		period,
		run: async (now) => {
			runs.push(now);
			return work(now);
		}
	};
	return { job, runs };
}

describe('periods', () => {
	it('names the UTC day and the UTC hour', () => {
		const at = new Date('2026-03-15T23:30:00+01:00');
		expect(daily(at)).toBe('2026-03-15');
		expect(hourly(at)).toBe('2026-03-15T22');
		expect(daily(new Date('2026-03-16T00:00:00Z'))).toBe('2026-03-16');
	});

	it('describes errors by class and code only', () => {
		const error = Object.assign(new Error('duplicate key (email)=(anna@example.se)'), { code: '23505' });
		expect(describeError(error)).toEqual({ type: 'Error', code: '23505' });
		expect(JSON.stringify(describeError(new TypeError('anna@example.se')))).not.toContain('anna');
	});
});

describe.each(testDialects)('scheduler (%s)', (dialect) => {
	let database: TestDatabase;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
	});
	afterAll(() => database.cleanup());

	it('runs a job once per period across two schedulers on the same database', async () => {
		const time = clock('2026-03-15T08:00:00Z');
		let started = 0;
		const { job, runs } = countingJob(daily, async () => {
			started += 1;
			// Long enough for the other scheduler's claim to arrive while this one runs.
			await new Promise((resolve) => setTimeout(resolve, 50));
			return { erased: 0 };
		});
		const { logger } = capturingLogger();
		const one = new Scheduler({ db: database.db, jobs: [job], logger, now: time.now });
		const two = new Scheduler({ db: database.db, jobs: [job], logger, now: time.now });

		const [a, b] = await Promise.all([one.tick(), two.tick()]);
		expect([a[0].status, b[0].status].sort()).toEqual(['ran', 'skipped']);
		expect(started).toBe(1);

		time.advance(60_000);
		await Promise.all([one.tick(), two.tick(), one.tick()]);
		time.set('2026-03-15T23:59:00Z');
		await Promise.all([one.tick(), two.tick()]);
		expect(runs).toHaveLength(1);

		time.set('2026-03-16T00:00:30Z');
		const [c, d] = await Promise.all([two.tick(), one.tick()]);
		expect([c[0].status, d[0].status].sort()).toEqual(['ran', 'skipped']);
		expect(runs.map((run) => run.toISOString())).toEqual(['2026-03-15T08:00:00.000Z', '2026-03-16T00:00:30.000Z']);

		const row = await findJobRun(database.db, job.name);
		expect(row).toMatchObject({ lastPeriod: '2026-03-16', lockedUntil: null });
		expect(row?.lastFinishedAt?.toISOString()).toBe('2026-03-16T00:00:30.000Z');
	});

	it('runs an hourly job every hour', async () => {
		const time = clock('2026-03-15T08:59:00Z');
		const { job, runs } = countingJob(hourly);
		const { logger } = capturingLogger();
		const scheduler = new Scheduler({ db: database.db, jobs: [job], logger, now: time.now });
		for (let minute = 0; minute < 130; minute++) {
			await scheduler.tick();
			time.advance(60_000);
		}
		expect(runs.map((run) => run.toISOString().slice(0, 16))).toEqual([
			'2026-03-15T08:59',
			'2026-03-15T09:00',
			'2026-03-15T10:00',
			'2026-03-15T11:00'
		]);
	});

	it('logs a failing job without its message, keeps running, and retries it later', async () => {
		const time = clock('2026-03-15T08:00:00Z');
		let fail = true;
		const failing = countingJob(daily, async () => {
			if (fail) throw new Error('could not erase the question of anna@example.se');
			return { erased: 3 };
		});
		const healthy = countingJob(daily);
		const { logger, lines } = capturingLogger();
		const scheduler = new Scheduler({
			db: database.db,
			jobs: [failing.job, healthy.job],
			logger,
			now: time.now,
			retryAfterMs: 15 * 60_000
		});

		const outcomes = await scheduler.tick();
		expect(outcomes.map((o) => o.status)).toEqual(['failed', 'ran']);
		expect(healthy.runs).toHaveLength(1);
		const failure = lines.find((line) => line.msg === 'job failed');
		expect(failure).toMatchObject({ level: 50, job: failing.job.name, period: '2026-03-15', error: { type: 'Error' } });
		expect(JSON.stringify(lines)).not.toContain('anna@example.se');

		// Not on the next tick: a broken job must not hammer the database every minute.
		fail = false;
		time.advance(60_000);
		expect((await scheduler.tick()).map((o) => o.status)).toEqual(['skipped', 'skipped']);
		time.advance(15 * 60_000);
		expect((await scheduler.tick()).map((o) => o.status)).toEqual(['ran', 'skipped']);
		expect(failing.runs).toHaveLength(2);
		expect(lines.find((line) => line.msg === 'job finished' && line.job === failing.job.name)).toMatchObject({
			result: { erased: 3 }
		});
	});

	it('lets another instance take over the claim of one that crashed, once its lease ran out', async () => {
		const time = clock('2026-03-15T08:00:00Z');
		const { job, runs } = countingJob(daily);
		// An instance claimed the period and died before finishing it.
		expect(await claimJobRun(database.db, job.name, '2026-03-15', time.now(), 10 * 60_000)).not.toBeNull();
		const { logger } = capturingLogger();
		const survivor = new Scheduler({ db: database.db, jobs: [job], logger, now: time.now, leaseMs: 10 * 60_000 });

		time.advance(9 * 60_000);
		expect((await survivor.tick())[0].status).toBe('skipped');
		time.advance(60_000);
		expect((await survivor.tick())[0].status).toBe('ran');
		expect(runs).toHaveLength(1);
	});

	it('renews the lease of a long run, so no other instance starts the same period', async () => {
		const { job, runs } = countingJob(daily, () => new Promise((resolve) => setTimeout(resolve, 2_500)));
		const { logger } = capturingLogger();
		// The real clock: the run outlasts the one-second lease, which the heartbeat keeps renewing.
		const one = new Scheduler({ db: database.db, jobs: [job], logger, leaseMs: 1_000 });
		const two = new Scheduler({ db: database.db, jobs: [job], logger, leaseMs: 1_000 });
		const first = one.tick();
		await new Promise((resolve) => setTimeout(resolve, 1_800));
		expect((await two.tick())[0].status).toBe('skipped');
		expect((await first)[0].status).toBe('ran');
		expect(runs).toHaveLength(1);
		// Finished with the renewed lease: the period is recorded and the lock freed.
		expect(await findJobRun(database.db, job.name)).toMatchObject({ lastPeriod: daily(runs[0]), lockedUntil: null });
	});

	it('starts with a tick, and stop waits for the running job', async () => {
		let finished = false;
		const { job, runs } = countingJob(daily, async () => {
			await new Promise((resolve) => setTimeout(resolve, 100));
			finished = true;
		});
		const { logger } = capturingLogger();
		const scheduler = new Scheduler({ db: database.db, jobs: [job], logger, intervalMs: 60_000 });
		scheduler.start();
		await new Promise((resolve) => setTimeout(resolve, 20));
		await scheduler.stop();
		expect(finished).toBe(true);
		expect(runs).toHaveLength(1);
	});

	it('survives an unreachable database', async () => {
		const { job } = countingJob(daily);
		const { logger, lines } = capturingLogger();
		const broken = await createTestDatabase('sqlite');
		await broken.cleanup();
		const scheduler = new Scheduler({ db: broken.db, jobs: [job], logger });
		const outcomes = await scheduler.tick();
		expect(outcomes[0].status).toBe('failed');
		expect(lines.some((line) => line.msg === 'job could not be claimed')).toBe(true);
	});
});
