import type { PlatformTables } from '../tables.ts';

/**
 * The database as every query sees it. The platform declares only its own tables here; the
 * composition (`src/lib/server/schema.ts`, beside `app.ts`) adds every module's tables to this
 * interface by declaration merging, so the platform never imports a module (docs/architecture.md).
 */
export interface Database extends PlatformTables {
	schema_migration: { name: string; timestamp: string };
}
