import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountKey, clearFailures, lockState, policies, recordFailure } from '#lib/server/platform/auth/throttle.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

describe.each(testDialects)('sign-in throttling on %s', (dialect) => {
	let handle: TestDatabase;
	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
	});
	afterAll(async () => handle.cleanup());

	it('locks an account after five failures within the window and unlocks after the lock time', async () => {
		const key = accountKey('Anna@Example.org');
		const t0 = new Date('2026-11-23T10:00:00Z');
		for (let i = 0; i < 4; i++) expect(await recordFailure(handle.db, key, policies.account, t0)).toBe(false);
		expect((await lockState(handle.db, [key], t0)).locked).toBe(false);
		expect(await recordFailure(handle.db, key, policies.account, t0)).toBe(true);
		expect(await lockState(handle.db, [key], t0)).toEqual({ locked: true, until: new Date('2026-11-23T10:15:00Z') });
		expect((await lockState(handle.db, [key], new Date('2026-11-23T10:15:01Z'))).locked).toBe(false);
	});

	it('keys accounts by a hash, case-insensitively, never by the address itself', () => {
		expect(accountKey(' anna@example.org')).toBe(accountKey('ANNA@example.org'));
		expect(accountKey('anna@example.org')).not.toContain('anna');
	});

	it('forgets old failures once the window has passed', async () => {
		const key = accountKey('old@example.org');
		for (let i = 0; i < 4; i++) await recordFailure(handle.db, key, policies.account, new Date('2026-11-23T08:00:00Z'));
		expect(await recordFailure(handle.db, key, policies.account, new Date('2026-11-23T09:00:00Z'))).toBe(false);
	});

	it('clears the count after a successful sign-in', async () => {
		const key = accountKey('ok@example.org');
		const now = new Date('2026-11-23T10:00:00Z');
		for (let i = 0; i < 4; i++) await recordFailure(handle.db, key, policies.account, now);
		await clearFailures(handle.db, key);
		expect(await recordFailure(handle.db, key, policies.account, now)).toBe(false);
	});

	it('counts concurrent failures from several instances without losing any', async () => {
		const key = accountKey('race@example.org');
		const now = new Date('2026-11-23T10:00:00Z');
		const results = await Promise.all(
			Array.from({ length: 5 }, () => recordFailure(handle.db, key, policies.account, now))
		);
		expect(results.filter(Boolean)).toHaveLength(1);
	});
});
