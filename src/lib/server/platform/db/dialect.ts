import { PostgresAdapter, type Kysely, type SelectQueryBuilder } from 'kysely';

export function isPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Locks the selected rows until the transaction ends on PostgreSQL. SQLite has no row locks and
 * needs none: its write transactions (BEGIN IMMEDIATE) already run one at a time.
 */
export function forUpdate<DB, TB extends keyof DB, O>(
	db: Kysely<any>,
	query: SelectQueryBuilder<DB, TB, O>
): SelectQueryBuilder<DB, TB, O> {
	return isPostgres(db) ? query.forUpdate() : query;
}
