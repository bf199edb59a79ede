import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, pendingMigrations } from '#lib/server/platform/db/migrate.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

describe.each(testDialects)('migrations on %s', (dialect) => {
	let handle: TestDatabase;
	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
	});
	afterAll(async () => handle.cleanup());

	it('applies every migration and leaves none pending', async () => {
		expect(await pendingMigrations(handle.db)).toEqual([]);
	});

	it('is idempotent when run again', async () => {
		expect(await migrateToLatest(handle.db)).toEqual([]);
	});

	it('keeps the audit log append-only', async () => {
		await handle.db
			.insertInto('audit_event')
			.values({ occurred_at: new Date().toISOString(), action: 'test', outcome: 'success' })
			.execute();
		await expect(handle.db.updateTable('audit_event').set({ action: 'changed' }).execute()).rejects.toThrow(
			/append-only/
		);
		await expect(handle.db.deleteFrom('audit_event').execute()).rejects.toThrow(/append-only/);
	});
});
