import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.ts';
import type { Database } from './schema.ts';

/**
 * Keeps SQLite's query planner informed: without table statistics it may walk the wrong index of a
 * large table (a list page taking seconds instead of milliseconds). `pragma optimize` analyses only
 * the tables whose statistics are missing or out of date, so it is cheap to run at start and daily,
 * as SQLite recommends. PostgreSQL's autovacuum keeps its own statistics.
 */
export async function optimizeDatabase(db: Kysely<Database>): Promise<void> {
	if (isPostgres(db)) return;
	// 0x10002: also analyse tables that have never been analysed, with a bounded effort per table.
	await sql`pragma optimize = 0x10002`.execute(db);
}
