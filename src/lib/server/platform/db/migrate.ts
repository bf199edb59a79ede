import { sql, type Kysely } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { isPostgres } from './dialect.ts';
import { migrations } from './migrations/index.ts';

export class MigrationError extends Error {}

/**
 * Applies every pending migration, in order, on SQLite or PostgreSQL. On PostgreSQL the migration
 * tables are looked for in the connection's own schema: Kysely otherwise finds them in any schema of
 * the database, so a second installation (or a test schema) beside this one would look migrated.
 */
async function migratorFor(db: Kysely<any>): Promise<Migrator> {
	const schema = isPostgres(db)
		? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
		: undefined;
	return new Migrator({
		db,
		provider: { getMigrations: async () => migrations },
		migrationTableName: 'schema_migration',
		migrationLockTableName: 'schema_migration_lock',
		...(schema ? { migrationTableSchema: schema } : {})
	});
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
	const result: MigrationResultSet = await (await migratorFor(db)).migrateToLatest();
	if (result.error) {
		const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
		throw new MigrationError(`Migration ${failed} failed: ${String(result.error)}`, {
			cause: result.error
		});
	}
	return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The names of the migrations this code knows but the database has not applied yet. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
	const all = await (await migratorFor(db)).getMigrations();
	return all.filter((m) => !m.executedAt).map((m) => m.name);
}

/**
 * After the app's own migrations, better-auth compares its expected schema with the database and
 * adds what a newer version of it needs. It only ever adds tables, columns and indexes.
 */
export async function migrateAuthSchema(
	options: Parameters<typeof import('better-auth/db/migration').getMigrations>[0]
): Promise<void> {
	const { getMigrations } = await import('better-auth/db/migration');
	const { runMigrations } = await getMigrations(options);
	await runMigrations();
}
