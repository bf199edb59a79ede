import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TransactionBatcher } from './batch.ts';
import { NodeSqliteDialect } from './node-sqlite-dialect.ts';

interface Tables {
	parent: { id: number };
	item: { id: number; name: string; parent_id: number | null };
}

describe('group commit', () => {
	let dir: string;
	let db: Kysely<Tables>;
	let commits: number;

	beforeEach(async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'samverkan-batch-'));
		commits = 0;
		db = new Kysely<Tables>({
			dialect: new NodeSqliteDialect({ path: path.join(dir, 'batch.db') }),
			log: (event) => {
				if (event.query.sql === 'commit') commits += 1;
			}
		});
		await sql`create table parent (id integer primary key)`.execute(db);
		await sql`create table item (id integer primary key, name text not null unique, parent_id integer references parent (id))`.execute(
			db
		);
	});
	afterEach(async () => {
		await db.destroy();
		rmSync(dir, { recursive: true, force: true });
	});

	const names = async () => (await db.selectFrom('item').select('name').orderBy('id').execute()).map((r) => r.name);

	it('runs work that arrives together in few transactions, in order, each seeing the one before', async () => {
		const batcher = new TransactionBatcher(db, { maxBatch: 10 });
		const results = await Promise.all(
			Array.from({ length: 25 }, (_, i) =>
				batcher.run('a', async (trx) => {
					const before = await trx
						.selectFrom('item')
						.select((eb) => eb.fn.countAll<number>().as('n'))
						.executeTakeFirstOrThrow();
					await trx
						.insertInto('item')
						.values({ id: i + 1, name: `item ${i}`, parent_id: null })
						.execute();
					return Number(before.n);
				})
			)
		);
		expect(results).toEqual(Array.from({ length: 25 }, (_, i) => i));
		expect(await names()).toEqual(Array.from({ length: 25 }, (_, i) => `item ${i}`));
		expect(commits).toBeLessThanOrEqual(4);
	});

	it('rolls back only the work that throws; the others commit and resolve', async () => {
		const batcher = new TransactionBatcher(db);
		const settled = await Promise.allSettled(
			['first', 'second', 'first', 'third'].map((name, i) =>
				batcher.run('a', async (trx) => {
					await trx
						.insertInto('item')
						.values({ id: i + 1, name: `${name} (${i})`, parent_id: null })
						.execute();
					// The second "first" fails after writing: its row must not stay.
					if (i === 2) throw new Error('failed midway');
					return name;
				})
			)
		);
		expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
		expect(await names()).toEqual(['first (0)', 'second (1)', 'third (3)']);
	});

	it('rejects every work of a batch whose commit fails, and writes none of it', async () => {
		const batcher = new TransactionBatcher(db);
		const settled = await Promise.allSettled(
			[1, 2, 3].map((i) =>
				batcher.run('a', async (trx) => {
					// A foreign key checked only at commit: the commit of the whole batch fails.
					await sql`pragma defer_foreign_keys = on`.execute(trx);
					await trx
						.insertInto('item')
						.values({ id: i, name: `orphan ${i}`, parent_id: i === 2 ? 99 : null })
						.execute();
					return i;
				})
			)
		);
		expect(settled.every((s) => s.status === 'rejected')).toBe(true);
		expect(await names()).toEqual([]);
	});

	it('keeps keys apart and forgets a key once its queue is empty', async () => {
		const batcher = new TransactionBatcher(db);
		const [a, b] = await Promise.all([
			batcher.run('a', async (trx) => {
				await trx.insertInto('item').values({ id: 1, name: 'a', parent_id: null }).execute();
				return 'a';
			}),
			batcher.run('b', async (trx) => {
				await trx.insertInto('item').values({ id: 2, name: 'b', parent_id: null }).execute();
				return 'b';
			})
		]);
		expect([a, b]).toEqual(['a', 'b']);
		expect(await batcher.run('a', async () => 'again')).toBe('again');
		expect(await names()).toEqual(['a', 'b']);
	});
});
