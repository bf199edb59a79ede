import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, sql, type Generated } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FifoLock, NodeSqliteDialect, toSqliteParameter } from './node-sqlite-dialect.ts';

interface TestTables {
	item: { id: Generated<number>; name: string; flag: number; at: string | null };
}

describe('node:sqlite adapter for Kysely', () => {
	let dir: string;
	let dialect: NodeSqliteDialect;
	let db: Kysely<TestTables>;

	beforeEach(async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'samverkan-sqlite-'));
		dialect = new NodeSqliteDialect({ path: path.join(dir, 'a.db') });
		db = new Kysely<TestTables>({ dialect });
		await sql`create table item (id integer primary key autoincrement, name text not null, flag integer, at text)`.execute(
			db
		);
	});

	afterEach(async () => {
		await db.destroy();
		rmSync(dir, { recursive: true, force: true });
	});

	it('opens the file in WAL mode with full sync, foreign keys and a busy timeout', () => {
		const raw = dialect.database.raw;
		expect(raw.prepare('PRAGMA journal_mode').get()).toMatchObject({ journal_mode: 'wal' });
		expect(raw.prepare('PRAGMA synchronous').get()).toMatchObject({ synchronous: 2 });
		expect(raw.prepare('PRAGMA foreign_keys').get()).toMatchObject({ foreign_keys: 1 });
		expect(raw.prepare('PRAGMA busy_timeout').get()).toMatchObject({ timeout: 5000 });
	});

	it('binds booleans, dates and undefined, and returns plain rows with insert ids', async () => {
		const at = new Date('2026-05-05T08:30:00.000Z');
		const result = await db
			.insertInto('item')
			.values({ name: 'a', flag: true as unknown as number, at: at as unknown as string })
			.executeTakeFirstOrThrow();
		expect(result.insertId).toBe(1n);
		const row = await db.selectFrom('item').selectAll().executeTakeFirstOrThrow();
		expect(row).toEqual({ id: 1, name: 'a', flag: 1, at: '2026-05-05T08:30:00.000Z' });
		expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
	});

	it('reports affected rows of updates and deletes', async () => {
		await db
			.insertInto('item')
			.values([
				{ name: 'a', flag: 0, at: null },
				{ name: 'b', flag: 0, at: null }
			])
			.execute();
		const updated = await db.updateTable('item').set({ flag: 1 }).executeTakeFirstOrThrow();
		expect(updated.numUpdatedRows).toBe(2n);
		const deleted = await db.deleteFrom('item').where('name', '=', 'a').executeTakeFirstOrThrow();
		expect(deleted.numDeletedRows).toBe(1n);
	});

	it('rolls back a failed transaction completely', async () => {
		await expect(
			db.transaction().execute(async (trx) => {
				await trx.insertInto('item').values({ name: 'kept?', flag: 0, at: null }).execute();
				throw new Error('boom');
			})
		).rejects.toThrow('boom');
		expect(await db.selectFrom('item').selectAll().execute()).toEqual([]);
	});

	it('serialises concurrent transactions on one connection', async () => {
		await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				db.transaction().execute(async (trx) => {
					const count = await trx
						.selectFrom('item')
						.select((eb) => eb.fn.countAll<number>().as('n'))
						.executeTakeFirstOrThrow();
					await trx
						.insertInto('item')
						.values({ name: `n${count.n}`, flag: i, at: null })
						.execute();
				})
			)
		);
		const names = (await db.selectFrom('item').select('name').execute()).map((r) => r.name);
		expect(new Set(names).size).toBe(20);
	});

	it('streams select results', async () => {
		await db
			.insertInto('item')
			.values([
				{ name: 'a', flag: 0, at: null },
				{ name: 'b', flag: 0, at: null }
			])
			.execute();
		const seen: string[] = [];
		for await (const row of db.selectFrom('item').select('name').orderBy('id').stream()) seen.push(row.name);
		expect(seen).toEqual(['a', 'b']);
	});

	it('makes a second process wait for the write lock instead of failing', async () => {
		const file = path.join(dir, 'a.db');
		// Another process takes the write lock and holds it for 300 ms.
		const holder = spawn(process.execPath, [
			'-e',
			`const { DatabaseSync } = require('node:sqlite');
			 const db = new DatabaseSync(${JSON.stringify(file)});
			 db.exec('begin immediate'); console.log('locked');
			 setTimeout(() => { db.exec('commit'); db.close(); }, 300);`
		]);
		await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
		const started = Date.now();
		await db.insertInto('item').values({ name: 'late', flag: 0, at: null }).execute();
		expect(Date.now() - started).toBeGreaterThanOrEqual(150);
		expect(await db.selectFrom('item').select('name').execute()).toEqual([{ name: 'late' }]);
		await new Promise((resolve) => holder.once('exit', resolve));
	});

	it('converts parameters the way both dialects store them', () => {
		expect(toSqliteParameter(false)).toBe(0);
		expect(toSqliteParameter(undefined)).toBeNull();
		expect(toSqliteParameter({ a: 1 })).toBe('{"a":1}');
	});
});

describe('the connection lock', () => {
	it('hands the connection to waiters in the order they asked, one at a time', async () => {
		const lock = new FifoLock();
		const order: number[] = [];
		let inside = 0;
		await Promise.all(
			Array.from({ length: 50 }, async (_, i) => {
				await lock.acquire();
				inside += 1;
				expect(inside).toBe(1);
				order.push(i);
				await new Promise((resolve) => setImmediate(resolve));
				inside -= 1;
				lock.release();
			})
		);
		expect(order).toEqual(Array.from({ length: 50 }, (_, i) => i));
		expect(lock.waiting).toBe(0);
	});

	it('serves queries and transactions that overlap without losing one', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'samverkan-sqlite-'));
		const db = new Kysely<TestTables>({ dialect: new NodeSqliteDialect({ path: path.join(dir, 'b.db') }) });
		try {
			await sql`create table item (id integer primary key autoincrement, name text not null, flag integer, at text)`.execute(
				db
			);
			await Promise.all(
				Array.from({ length: 100 }, (_, i) =>
					i % 2
						? db
								.insertInto('item')
								.values({ name: `plain ${i}`, flag: 0, at: null })
								.execute()
						: db.transaction().execute(async (trx) => {
								await trx
									.insertInto('item')
									.values({ name: `in a transaction ${i}`, flag: 1, at: null })
									.execute();
								await new Promise((resolve) => setImmediate(resolve));
								await trx.updateTable('item').set({ flag: 2 }).where('name', '=', `in a transaction ${i}`).execute();
							})
				)
			);
			const rows = await db.selectFrom('item').select(['flag']).execute();
			expect(rows).toHaveLength(100);
			expect(rows.filter((r) => r.flag === 2)).toHaveLength(50);
		} finally {
			await db.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('rows after a schema change', () => {
	it('names the columns of a cached select * as the table has them now', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'samverkan-sqlite-'));
		const db = new Kysely<{ t: { id: number; v?: number; u: string; w?: string } }>({
			dialect: new NodeSqliteDialect({ path: path.join(dir, 'c.db') })
		});
		try {
			await sql`create table t (id integer, v integer, u text)`.execute(db);
			await sql`insert into t values (1, 7, 'x')`.execute(db);
			expect(await db.selectFrom('t').selectAll().execute()).toEqual([{ id: 1, v: 7, u: 'x' }]);
			await sql`alter table t add column w text`.execute(db);
			await sql`alter table t drop column v`.execute(db);
			expect(await db.selectFrom('t').selectAll().execute()).toEqual([{ id: 1, u: 'x', w: null }]);
		} finally {
			await db.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
