import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

/**
 * The one place where the two dialects differ in migrations. Timestamps are `timestamptz` on
 * PostgreSQL and ISO 8601 text on SQLite; booleans are `boolean` and 0/1 integers.
 */
export function isPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

export function timestampType(db: Kysely<any>) {
	return isPostgres(db) ? sql`timestamptz` : sql`text`;
}

/** better-auth's tables declare SQLite timestamps as `date` (still ISO text inside). */
export function authTimestampType(db: Kysely<any>) {
	return isPostgres(db) ? sql`timestamptz` : sql`date`;
}

export function booleanType(db: Kysely<any>) {
	return isPostgres(db) ? sql`boolean` : sql`integer`;
}

export function jsonType(db: Kysely<any>) {
	return isPostgres(db) ? sql`jsonb` : sql`text`;
}

export function falseDefault(db: Kysely<any>) {
	return isPostgres(db) ? sql`false` : sql`0`;
}

export function nowDefault(db: Kysely<any>) {
	return isPostgres(db) ? sql`now()` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
}

/** An auto-numbered primary key: Kysely's autoIncrement() is wrong on PostgreSQL. */
export function serialPrimaryKey(db: Kysely<any>) {
	return (column: ColumnDefinitionBuilder) =>
		isPostgres(db) ? column.primaryKey().generatedAlwaysAsIdentity() : column.primaryKey().autoIncrement();
}
