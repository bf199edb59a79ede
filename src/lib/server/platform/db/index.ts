import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { NodeSqliteDialect, type NodeSqliteDatabase } from './node-sqlite-dialect.ts';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
	db: Kysely<Database>;
	dialect: DialectName;
	/** The raw SQLite database, for online backup; undefined on PostgreSQL. */
	sqlite?: NodeSqliteDatabase;
	destroy(): Promise<void>;
}

// count(*) and bigint ids come back from pg as strings; every count in this app fits a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number.parseFloat(value));

export function openDatabase(database: Config['database'], options: { poolSize?: number } = {}): DatabaseHandle {
	let dialect: Dialect;
	let sqlite: NodeSqliteDatabase | undefined;
	if (database.dialect === 'postgres') {
		const pool = new pg.Pool({ connectionString: database.url, max: options.poolSize ?? 10 });
		dialect = new PostgresDialect({ pool });
	} else {
		if (database.file !== ':memory:') mkdirSync(path.dirname(database.file), { recursive: true });
		const sqliteDialect = new NodeSqliteDialect({ path: database.file, busyTimeoutMs: 5000 });
		sqlite = sqliteDialect.database;
		dialect = sqliteDialect;
	}
	const db = new Kysely<Database>({ dialect });
	return {
		db,
		dialect: database.dialect,
		sqlite,
		destroy: () => db.destroy()
	};
}
