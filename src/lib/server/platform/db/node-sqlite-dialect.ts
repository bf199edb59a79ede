import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import {
	CompiledQuery,
	SqliteDialect,
	SqliteDriver,
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

function toPlainRow(row: unknown): Record<string, unknown> {
	return Object.assign({}, row as Record<string, unknown>);
}

class NodeSqliteStatement implements SqliteStatement {
	readonly reader: boolean;
	readonly #statement: StatementSync;

	constructor(statement: StatementSync) {
		this.#statement = statement;
		this.reader = statement.columns().length > 0;
	}

	all(parameters: ReadonlyArray<unknown>): unknown[] {
		return this.#statement.all(...parameters.map(toSqliteParameter)).map(toPlainRow);
	}

	run(parameters: ReadonlyArray<unknown>) {
		const result = this.#statement.run(...parameters.map(toSqliteParameter));
		return { changes: result.changes, lastInsertRowid: result.lastInsertRowid };
	}

	*iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
		for (const row of this.#statement.iterate(...parameters.map(toSqliteParameter))) {
			yield toPlainRow(row);
		}
	}
}

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
 * Write transactions start with BEGIN IMMEDIATE: a deferred BEGIN that later upgrades to a writer
 * can fail with SQLITE_BUSY at once, without honouring the busy timeout, when another process
 * (the CLI, a second app instance) holds the write lock.
 */
class NodeSqliteDriver extends SqliteDriver {
	override async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('begin immediate'));
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
}
