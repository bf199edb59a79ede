import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import {
	CompiledQuery,
	SqliteAdapter,
	SqliteDialect,
	SqliteDriver,
	type DialectAdapter,
	type DatabaseConnection,
	type Driver,
	type SqliteDatabase,
	type SqliteStatement
} from 'kysely';

/**
 * Kysely's SqliteDialect speaks to a better-sqlite3-shaped database. Node's built-in `node:sqlite`
 * is close but not the same: statements take spread parameters, reject booleans and Dates, and
 * return null-prototype rows. This adapter bridges the two so the app needs no native module.
 */

export interface NodeSqliteOptions {
	/** Path of the database file, or ':memory:'. */
	path: string;
	/** Milliseconds a writer waits for another writer before SQLITE_BUSY. */
	busyTimeoutMs?: number;
}

/** Converts a JavaScript value into something `node:sqlite` accepts as a bound parameter. */
export function toSqliteParameter(value: unknown): SQLInputValue {
	if (value === undefined || value === null) return null;
	if (typeof value === 'boolean') return value ? 1 : 0;
	if (value instanceof Date) return value.toISOString();
	if (
		typeof value === 'string' ||
		typeof value === 'number' ||
		typeof value === 'bigint' ||
		value instanceof Uint8Array
	) {
		return value;
	}
	// Objects and arrays are stored as JSON text, as PostgreSQL's json columns accept them too.
	return JSON.stringify(value);
}

class NodeSqliteStatement implements SqliteStatement {
	readonly reader: boolean;
	readonly #statement: StatementSync;
	#names: string[];

	constructor(statement: StatementSync) {
		this.#statement = statement;
		this.#names = statement.columns().map((column) => column.name);
		this.reader = this.#names.length > 0;
		// Rows come back as arrays and become plain objects here: copying node:sqlite's
		// null-prototype row objects (Object.assign) cost ~0.7 µs per column, a third of a
		// wide query's time.
		if (this.reader) statement.setReturnArrays(true);
	}

	#row(values: unknown): Record<string, unknown> {
		const row: Record<string, unknown> = {};
		const array = values as unknown[];
		// SQLite prepares a statement again by itself when the schema changed (another process
		// migrated): its columns may then be others.
		if (array.length !== this.#names.length) this.#names = this.#statement.columns().map((column) => column.name);
		const names = this.#names;
		for (let i = 0; i < names.length; i++) row[names[i]] = array[i];
		return row;
	}

	all(parameters: ReadonlyArray<unknown>): unknown[] {
		return this.#statement.all(...parameters.map(toSqliteParameter)).map((values) => this.#row(values));
	}

	run(parameters: ReadonlyArray<unknown>) {
		const result = this.#statement.run(...parameters.map(toSqliteParameter));
		return { changes: result.changes, lastInsertRowid: result.lastInsertRowid };
	}

	*iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
		for (const values of this.#statement.iterate(...parameters.map(toSqliteParameter))) {
			yield this.#row(values);
		}
	}
}

const SCHEMA_CHANGE = /^\s*(create|alter|drop)\s/i;

/** A `DatabaseSync` wrapped in the interface Kysely's SQLite driver expects. */
export class NodeSqliteDatabase implements SqliteDatabase {
	readonly raw: DatabaseSync;
	// Preparing is a large share of a small query's cost; statements are reused per SQL text.
	readonly #cache = new Map<string, NodeSqliteStatement>();

	constructor(options: NodeSqliteOptions) {
		this.raw = new DatabaseSync(options.path, { enableForeignKeyConstraints: true });
		this.raw.exec(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
		if (options.path !== ':memory:') this.raw.exec('PRAGMA journal_mode = WAL');
		// FULL: a committed registration or outbox row survives a power loss, not only a crash.
		this.raw.exec('PRAGMA synchronous = FULL');
		this.raw.exec('PRAGMA foreign_keys = ON');
	}

	prepare(sql: string): SqliteStatement {
		// A schema change here may change what a cached `select *` returns: start afresh.
		if (SCHEMA_CHANGE.test(sql)) this.#cache.clear();
		let statement = this.#cache.get(sql);
		if (!statement) {
			statement = new NodeSqliteStatement(this.raw.prepare(sql));
			if (this.#cache.size > 500) this.#cache.clear();
			this.#cache.set(sql, statement);
		}
		return statement;
	}

	close(): void {
		this.#cache.clear();
		if (this.raw.isOpen) this.raw.close();
	}
}

/**
 * A first-come, first-served lock on the one connection. Kysely's own mutex for single-connection
 * dialects wakes every waiter on each release and lets whoever runs first win: under a registration
 * rush (hundreds of requests waiting) that is quadratic work per release and starves some requests
 * for seconds. Here each release hands the connection to the longest waiter, and only to it.
 */
export class FifoLock {
	#held = false;
	readonly #waiting: (() => void)[] = [];

	acquire(): Promise<void> {
		if (!this.#held) {
			this.#held = true;
			return Promise.resolve();
		}
		return new Promise((resolve) => this.#waiting.push(resolve));
	}

	release(): void {
		const next = this.#waiting.shift();
		if (next) next();
		else this.#held = false;
	}

	get waiting(): number {
		return this.#waiting.length;
	}
}

/**
 * Write transactions start with BEGIN IMMEDIATE: a deferred BEGIN that later upgrades to a writer
 * can fail with SQLITE_BUSY at once, without honouring the busy timeout, when another process
 * (the CLI, a second app instance) holds the write lock.
 */
class NodeSqliteDriver extends SqliteDriver {
	readonly #lock = new FifoLock();

	override async acquireConnection(): Promise<DatabaseConnection> {
		await this.#lock.acquire();
		return super.acquireConnection();
	}

	override async releaseConnection(): Promise<void> {
		this.#lock.release();
	}

	override async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('begin immediate'));
	}
}

/** SQLite's adapter, but the driver above does the connection locking instead of Kysely's mutex. */
class NodeSqliteAdapter extends SqliteAdapter {
	override get supportsMultipleConnections(): boolean {
		return true;
	}
}

export class NodeSqliteDialect extends SqliteDialect {
	readonly #database: NodeSqliteDatabase;

	constructor(options: NodeSqliteOptions) {
		const database = new NodeSqliteDatabase(options);
		super({ database });
		this.#database = database;
	}

	get database(): NodeSqliteDatabase {
		return this.#database;
	}

	override createDriver(): Driver {
		return new NodeSqliteDriver({ database: this.#database });
	}

	override createAdapter(): DialectAdapter {
		return new NodeSqliteAdapter();
	}
}
