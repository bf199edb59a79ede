import type { Kysely } from 'kysely';
import { syncMunicipalities } from './directory/municipalities.ts';
import { authOptions } from './platform/auth/better-auth.ts';
import type { DialectName } from './platform/db/index.ts';
import { migrateAuthSchema, migrateToLatest } from './platform/db/migrate.ts';
import { optimizeDatabase } from './platform/db/optimize.ts';
import type { Database } from './platform/db/schema.ts';

/**
 * Brings a database to what this version of the code expects, the same way for the app's start, the
 * CLI, the demo and tests: the app's migrations, the reference data shipped with the code (the
 * official municipality lists), whatever a newer better-auth adds to its own tables, and fresh
 * planner statistics where they are missing (SQLite). It sits beside `app.ts`, above the modules,
 * because it seeds a module's reference data (docs/architecture.md).
 */
export async function prepareDatabase(
	db: Kysely<Database>,
	options: { dialect: DialectName; secret: string; baseURL: string }
): Promise<string[]> {
	const applied = await migrateToLatest(db);
	await syncMunicipalities(db);
	await migrateAuthSchema(
		authOptions({ db, dialect: options.dialect, secret: options.secret, baseURL: options.baseURL })
	);
	await optimizeDatabase(db);
	return applied;
}
