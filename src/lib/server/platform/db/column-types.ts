/**
 * Column types that every floor's table files share. They live here, below the modules, so that a
 * module's `tables.ts` and the schema that combines them do not import each other.
 *
 * Timestamps are ISO 8601 text on SQLite and Date on PostgreSQL; repositories turn both into
 * Date (see `toDate`). Booleans are 0/1 on SQLite; repositories use `toBool`.
 */
export type Timestamp = string | Date;
export type Bool = number | boolean;
