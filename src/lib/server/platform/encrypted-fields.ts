import { sql, type Kysely } from 'kysely';
import { decryptField, encryptField, FieldDecryptionError, type Keyring } from './crypto.ts';

/**
 * Which columns hold encrypted text. A module registers its columns once, next to its table types:
 *
 *     registerEncryptedColumns({ table: 'consultation', idColumn: 'id', networkColumn: 'network_id',
 *                                columns: ['question_encrypted'] });
 *
 * and reads and writes them with `encryptColumn` / `decryptColumn`, which build the associated data
 * (`${networkId}:${table}:${recordId}:${column}`) the same way `keys rotate` does. The CLI loads every
 * `src/lib/server/<module>/encrypted-columns.ts`, so put the call in such a file: a column that the
 * CLI does not know would keep its old key and become unreadable once that key is retired.
 */
export interface EncryptedColumns {
	table: string;
	/** Primary key; rotation pages through the table in its order. */
	idColumn: string;
	networkColumn: string;
	columns: string[];
}

const identifier = /^[a-z_][a-z0-9_]*$/;
const registry = new Map<string, EncryptedColumns>();

export function registerEncryptedColumns(spec: EncryptedColumns): EncryptedColumns {
	for (const name of [spec.table, spec.idColumn, spec.networkColumn, ...spec.columns]) {
		if (!identifier.test(name)) throw new Error(`"${name}" is not a plain lower-case SQL identifier.`);
	}
	if (!spec.columns.length) throw new Error(`No encrypted columns given for ${spec.table}.`);
	const frozen: EncryptedColumns = Object.freeze({ ...spec, columns: Object.freeze([...spec.columns]) as string[] });
	const existing = registry.get(spec.table);
	// Modules may be imported more than once (app, CLI, tests); the same registration again is fine.
	if (existing && JSON.stringify(existing) !== JSON.stringify(frozen)) {
		throw new Error(`The encrypted columns of ${spec.table} are registered twice, differently.`);
	}
	registry.set(spec.table, frozen);
	return frozen;
}

export function registeredEncryptedColumns(): EncryptedColumns[] {
	return [...registry.values()];
}

/** For tests that register a table of their own. */
export function unregisterEncryptedColumns(table: string): void {
	registry.delete(table);
}

export interface FieldLocation {
	networkId: string | number;
	recordId: string | number;
}

export function fieldAssociatedData(spec: EncryptedColumns, column: string, at: FieldLocation): string {
	if (!spec.columns.includes(column)) throw new Error(`${spec.table}.${column} is not a registered encrypted column.`);
	return `${at.networkId}:${spec.table}:${at.recordId}:${column}`;
}

export function encryptColumn(
	keyring: Keyring,
	spec: EncryptedColumns,
	column: string,
	at: FieldLocation,
	value: string
): string;
export function encryptColumn(
	keyring: Keyring,
	spec: EncryptedColumns,
	column: string,
	at: FieldLocation,
	value: string | null
): string | null;
export function encryptColumn(
	keyring: Keyring,
	spec: EncryptedColumns,
	column: string,
	at: FieldLocation,
	value: string | null
): string | null {
	return value === null ? null : encryptField(keyring, value, fieldAssociatedData(spec, column, at));
}

/** Throws FieldDecryptionError on a changed, moved or unknown-key value; never returns garbage. */
export function decryptColumn(
	keyring: Keyring,
	spec: EncryptedColumns,
	column: string,
	at: FieldLocation,
	stored: string | null
): string | null {
	return stored === null ? null : decryptField(keyring, stored, fieldAssociatedData(spec, column, at));
}

// Registered tables are not in the app's Database type: rotation sees them as plain rows.
type AnyTables = Record<string, Record<string, unknown>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Kysely<Database> is accepted
type AnyKysely = Kysely<any>;

export interface RotationFailure {
	table: string;
	column: string;
	recordId: string;
	reason: FieldDecryptionError['reason'];
	keyId: string | undefined;
}

export interface RotationResult {
	/** Values now under the current key that were under another one. */
	reencrypted: number;
	/** Values changed by someone else while being re-encrypted; a later run picks them up. */
	changedMeanwhile: number;
	/** Values that could not be decrypted (ids and reasons only, never content). */
	failures: RotationFailure[];
}

/**
 * Re-encrypts under the current key every registered value that is under another key, a batch of
 * rows per transaction. Values already under the current key are skipped, so the job can be run
 * again after a crash. Each update is a compare-and-set on the old ciphertext, so a value the app
 * changed in the meantime is never overwritten with an older text.
 */
export async function reencryptColumns(
	db: AnyKysely,
	keyring: Keyring,
	options: {
		specs?: EncryptedColumns[];
		batchSize?: number;
		onBatch?: (table: string, done: number) => void | Promise<void>;
	} = {}
): Promise<RotationResult> {
	const specs = options.specs ?? registeredEncryptedColumns();
	const batchSize = options.batchSize ?? 500;
	const prefix = `v1.${keyring.current.id}.`;
	const result: RotationResult = { reencrypted: 0, changedMeanwhile: 0, failures: [] };
	const tables = db as unknown as Kysely<AnyTables>;
	for (const spec of specs) {
		let after: unknown = undefined;
		let done = 0;
		for (;;) {
			const rows = await tables.transaction().execute(async (trx) => {
				let query = trx
					.selectFrom(spec.table)
					.select([spec.idColumn, spec.networkColumn, ...spec.columns])
					.where((eb) =>
						eb.or(
							spec.columns.map((column) => eb.and([eb(column, 'is not', null), eb(column, 'not like', `${prefix}%`)]))
						)
					);
				if (after !== undefined) query = query.where(spec.idColumn, '>', after);
				const batch = await query.orderBy(spec.idColumn).limit(batchSize).execute();
				for (const row of batch) {
					const at = { networkId: String(row[spec.networkColumn]), recordId: String(row[spec.idColumn]) };
					const changes: Record<string, string> = {};
					const previous: Record<string, string> = {};
					for (const column of spec.columns) {
						const stored = row[column];
						if (typeof stored !== 'string' || stored.startsWith(prefix)) continue;
						try {
							const plain = decryptColumn(keyring, spec, column, at, stored)!;
							changes[column] = encryptColumn(keyring, spec, column, at, plain);
							previous[column] = stored;
						} catch (error) {
							if (!(error instanceof FieldDecryptionError)) throw error;
							result.failures.push({
								table: spec.table,
								column,
								recordId: at.recordId,
								reason: error.reason,
								keyId: error.keyId
							});
						}
					}
					const columns = Object.keys(changes);
					if (!columns.length) continue;
					let update = trx.updateTable(spec.table).set(changes).where(spec.idColumn, '=', row[spec.idColumn]);
					for (const column of columns) update = update.where(column, '=', previous[column]);
					const { numUpdatedRows } = await update.executeTakeFirst();
					if (numUpdatedRows > 0n) result.reencrypted += columns.length;
					else result.changedMeanwhile += columns.length;
				}
				return batch;
			});
			if (!rows.length) break;
			after = rows[rows.length - 1][spec.idColumn];
			done += rows.length;
			await options.onBatch?.(spec.table, done);
			if (rows.length < batchSize) break;
		}
	}
	return result;
}

export interface KeyUsage {
	table: string;
	column: string;
	/** The key id, or null for values that are not in the encrypted format at all. */
	keyId: string | null;
	count: number;
}

/** How many stored values each key protects, per registered column (counted in the database). */
export async function countValuesByKey(db: AnyKysely, specs = registeredEncryptedColumns()): Promise<KeyUsage[]> {
	const tables = db as unknown as Kysely<AnyTables>;
	const usage: KeyUsage[] = [];
	for (const spec of specs) {
		for (const column of spec.columns) {
			const ref = sql.ref(column);
			// 'v1.' + 8 hex digits + '.': the key id is characters 4 to 11 on both SQLite and PostgreSQL.
			const rows = await tables
				.selectFrom(spec.table)
				.select([
					sql<string | null>`case when ${ref} like 'v1.%' then substr(${ref}, 4, 8) else null end`.as('key_id'),
					sql<number>`count(*)`.as('count')
				])
				.where(column, 'is not', null)
				.groupBy(sql`case when ${ref} like 'v1.%' then substr(${ref}, 4, 8) else null end`)
				.execute();
			for (const row of rows) {
				usage.push({
					table: spec.table,
					column,
					keyId: (row.key_id as string | null) ?? null,
					count: Number(row.count)
				});
			}
		}
	}
	return usage;
}
