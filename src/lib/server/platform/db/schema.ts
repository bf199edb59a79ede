import type { Generated } from 'kysely';
import type { PlatformTables } from '../tables.ts';
import type { NetworkTables } from '../../networks/tables.ts';
import type { DirectoryTables } from '../../directory/tables.ts';
import type { ConsultationTables } from '../../consultations/tables.ts';
import type { EventTables } from '../../events/tables.ts';

/**
 * Timestamps are ISO 8601 text on SQLite and Date on PostgreSQL; repositories turn both into
 * Date (see `toDate`). Booleans are 0/1 on SQLite; repositories use `toBool`.
 */
export type Timestamp = string | Date;
export type Bool = number | boolean;

export interface Database extends PlatformTables, NetworkTables, DirectoryTables, ConsultationTables, EventTables {
	schema_migration: { name: string; timestamp: string };
}

export type { Generated };
