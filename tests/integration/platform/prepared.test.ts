import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepared } from '#lib/server/platform/db/prepared.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

describe.each(testDialects)('prepared queries (%s)', (dialect) => {
	let handle: TestDatabase;
	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
	});
	afterAll(async () => handle.cleanup());

	const insertAudit = prepared((db, v: { id: string; action: string; at: string }) =>
		db
			.insertInto('audit_event')
			.values({ occurred_at: v.at, action: v.action, entity_type: 'probe', entity_id: v.id, outcome: 'success' })
			.returning(['id', 'action'])
	);
	const auditOf = prepared((db, v: { id: string }) =>
		db
			.selectFrom('audit_event')
			.select(['action', 'entity_id'])
			.where('entity_type', '=', 'probe')
			.where('entity_id', '=', v.id)
	);

	it('runs with new values each time and returns what the builder would', async () => {
		const first = randomUUID();
		const second = randomUUID();
		const at = new Date().toISOString();
		const [a] = await insertAudit.run(handle.db, { id: first, action: 'probe.first', at });
		const [b] = await insertAudit.run(handle.db, { id: second, action: 'probe.second', at });
		expect(a.action).toBe('probe.first');
		expect(Number(b.id)).toBeGreaterThan(Number(a.id));
		expect(await auditOf.run(handle.db, { id: second })).toEqual([{ action: 'probe.second', entity_id: second }]);
		const built = await handle.db
			.selectFrom('audit_event')
			.select(['action', 'entity_id'])
			.where('entity_type', '=', 'probe')
			.where('entity_id', '=', first)
			.execute();
		expect(await auditOf.run(handle.db, { id: first })).toEqual(built);
	});

	it('runs inside a transaction, and rolls back with it', async () => {
		const id = randomUUID();
		await expect(
			handle.db.transaction().execute(async (trx) => {
				await insertAudit.run(trx, { id, action: 'probe.rolled-back', at: new Date().toISOString() });
				expect(await auditOf.run(trx, { id })).toHaveLength(1);
				throw new Error('undo');
			})
		).rejects.toThrow('undo');
		expect(await auditOf.run(handle.db, { id })).toEqual([]);
	});

	it('refuses a query whose build looked at a value instead of passing it on', async () => {
		const looks = prepared((db, v: { action: string }) =>
			db
				.selectFrom('audit_event')
				.select('id')
				.where('action', '=', v.action ? 'always' : 'never')
		);
		await expect(looks.run(handle.db, { action: 'x' })).rejects.toThrow(/action did not become parameters/);
	});

	it('refuses values spread into a query (they would be dropped)', async () => {
		const spreads = prepared((db, v: { action: string; occurred_at: string }) =>
			db.insertInto('audit_event').values({ ...v, outcome: 'success' })
		);
		await expect(spreads.run(handle.db, { action: 'x', occurred_at: new Date().toISOString() })).rejects.toThrow(
			/spell out each value/
		);
	});
});
