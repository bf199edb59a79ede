import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadDataKey, parseConfig } from '#lib/server/platform/config.ts';
import { createKeyring, FieldDecryptionError, generateDataKey, keyIdOfStored } from '#lib/server/platform/crypto.ts';
import { dataKeyring, loadKeyring, rotateDataKeys, startRotation } from '#lib/server/platform/data-keys.ts';
import {
	countValuesByKey,
	decryptColumn,
	encryptColumn,
	registerEncryptedColumns,
	registeredEncryptedColumns,
	unregisterEncryptedColumns,
	type EncryptedColumns
} from '#lib/server/platform/encrypted-fields.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const questions = [
	'Skolkuratorn undrar hur man bedömer hedersrelaterad kontroll när flickan inte får delta i idrottslektionerna.',
	'Socialsekreteraren frågar om skyddat boende för en kvinna med två barn efter hot från svärfamiljen.',
	'Barnevernet lurer på hvordan de skal snakke med gutten om tvangsekteskap uten at familien får vite.'
];
// Words that only occur in the questions; none may appear in the raw database.
const secretWords = ['idrottslektionerna', 'svärfamiljen', 'tvangsekteskap', 'Skolkuratorn', 'Barnevernet'];

const tempDir = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));

function decryptionFailure(run: () => unknown): FieldDecryptionError {
	try {
		run();
	} catch (error) {
		if (error instanceof FieldDecryptionError) return error;
		throw error;
	}
	throw new Error('expected a FieldDecryptionError');
}

describe('the data key', () => {
	it('is created once in the data directory, readable only by the owner', () => {
		const dataDir = tempDir('samverkan-key-');
		const first = loadDataKey({ dataDir });
		expect(first.source).toBe('file');
		expect(first.key).toHaveLength(32);
		expect(statSync(path.join(dataDir, 'data.key')).mode & 0o777).toBe(0o600);
		expect(loadDataKey({ dataDir }).key.equals(first.key)).toBe(true);
	});

	it('comes from SAMVERKAN_DATA_KEY when set, and a bad value is named clearly', () => {
		const key = generateDataKey();
		const dataDir = tempDir('samverkan-key-');
		const cfg = parseConfig({ SAMVERKAN_DATA_DIR: dataDir, SAMVERKAN_DATA_KEY: key.toString('base64') });
		const loaded = loadDataKey(cfg);
		expect(loaded.source).toBe('environment');
		expect(loaded.key.equals(key)).toBe(true);
		expect(existsSync(path.join(dataDir, 'data.key'))).toBe(false);
		for (const bad of ['short', key.subarray(0, 31).toString('base64'), 'x'.repeat(44)]) {
			expect(() => parseConfig({ SAMVERKAN_DATA_DIR: dataDir, SAMVERKAN_DATA_KEY: bad })).toThrowError(
				/SAMVERKAN_DATA_KEY: must be the base64 of exactly 32 random bytes/
			);
		}
	});

	it('refuses a damaged key file instead of making a new key', () => {
		const dataDir = tempDir('samverkan-key-');
		writeFileSync(path.join(dataDir, 'data.key'), 'not a key\n');
		expect(() => loadDataKey({ dataDir })).toThrowError(ConfigError);
		expect(readFileSync(path.join(dataDir, 'data.key'), 'utf8')).toBe('not a key\n');
	});

	it('refuses to invent a key when SAMVERKAN_DATA_KEY is set and explains the rotation steps', () => {
		const dataDir = tempDir('samverkan-key-');
		expect(() => startRotation({ dataDir, SAMVERKAN_DATA_KEY: generateDataKey().toString('base64') })).toThrowError(
			/keys generate/
		);
	});
});

describe('the registry of encrypted columns', () => {
	it('takes one call, accepts the same registration again and rejects a different one', () => {
		const spec = { table: 'registry_probe', idColumn: 'id', networkColumn: 'network_id', columns: ['text_encrypted'] };
		registerEncryptedColumns(spec);
		registerEncryptedColumns({ ...spec });
		expect(registeredEncryptedColumns().filter((s) => s.table === 'registry_probe')).toHaveLength(1);
		expect(() => registerEncryptedColumns({ ...spec, columns: ['other'] })).toThrow(/registered twice/);
		expect(() => registerEncryptedColumns({ ...spec, table: 'bad name' })).toThrow(/identifier/);
		unregisterEncryptedColumns('registry_probe');
	});
});

describe.each(testDialects)('encrypted fields at rest (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Record<string, Record<string, unknown>>>;
	let spec: EncryptedColumns;
	let dataDir: string;
	const networks = ['net-a', 'net-b'];

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db as unknown as typeof db;
		dataDir = tempDir('samverkan-data-');
		// A table of the test's own, made with the schema builder: no module stores encrypted fields yet.
		await db.schema
			.createTable('encrypted_probe')
			.addColumn('id', 'integer', (col) => col.primaryKey())
			.addColumn('network_id', 'text', (col) => col.notNull())
			.addColumn('question_encrypted', 'text')
			.addColumn('contact_encrypted', 'text')
			.execute();
		spec = registerEncryptedColumns({
			table: 'encrypted_probe',
			idColumn: 'id',
			networkColumn: 'network_id',
			columns: ['question_encrypted', 'contact_encrypted']
		});
		const keyring = dataKeyring({ dataDir });
		const rows = Array.from({ length: 25 }, (_, i) => {
			const at = { networkId: networks[i % 2], recordId: i + 1 };
			return {
				id: i + 1,
				network_id: at.networkId,
				question_encrypted: encryptColumn(keyring, spec, 'question_encrypted', at, questions[i % questions.length]),
				contact_encrypted:
					i % 3 === 0 ? null : encryptColumn(keyring, spec, 'contact_encrypted', at, `svar${i}@exempel.se`)
			};
		});
		await db.insertInto('encrypted_probe').values(rows).execute();
	});

	afterAll(async () => {
		unregisterEncryptedColumns('encrypted_probe');
		await database?.cleanup();
		rmSync(dataDir, { recursive: true, force: true });
	});

	async function read(id: number, column = 'question_encrypted') {
		const row = await db.selectFrom('encrypted_probe').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		return {
			row,
			text: () =>
				decryptColumn(
					loadKeyring({ dataDir }),
					spec,
					column,
					{ networkId: row.network_id as string, recordId: id },
					row[column] as string | null
				)
		};
	}

	async function rawDatabaseText(): Promise<string> {
		if (dialect === 'postgres') {
			const { rows } = await sql<{ text: string }>`select t::text as text from encrypted_probe t`.execute(db);
			return rows.map((row) => row.text).join('\n');
		}
		const [{ file }] = (await sql<{ file: string }>`pragma database_list`.execute(db)).rows;
		await sql`pragma wal_checkpoint(truncate)`.execute(db);
		return [file, `${file}-wal`]
			.filter((f) => existsSync(f))
			.map((f) => readFileSync(f).toString('latin1') + readFileSync(f).toString('utf8'))
			.join('');
	}

	it('stores no word of the questions in the raw database', async () => {
		const raw = await rawDatabaseText();
		expect(raw).toContain('net-a'); // the search does see the table's plain columns
		for (const word of secretWords) expect(raw).not.toContain(word);
		expect((await read(1)).text()).toBe(questions[0]);
	});

	it('rejects a changed ciphertext and a value swapped to another row', async () => {
		const one = await read(1);
		const two = await read(2);
		const stored = one.row.question_encrypted as string;
		const flipped = stored.slice(0, -2) + (stored.at(-2) === 'A' ? 'B' : 'A') + stored.at(-1);
		await db.updateTable('encrypted_probe').set({ question_encrypted: flipped }).where('id', '=', 1).execute();
		expect(decryptionFailure((await read(1)).text).reason).toBe('authentication_failed');
		// Row 2 holds row 1's ciphertext: same table and column, other record and network.
		await db.updateTable('encrypted_probe').set({ question_encrypted: stored }).where('id', '=', 2).execute();
		expect(decryptionFailure((await read(2)).text).reason).toBe('authentication_failed');
		// Put both back for the rotation tests.
		await db.updateTable('encrypted_probe').set({ question_encrypted: stored }).where('id', '=', 1).execute();
		await db
			.updateTable('encrypted_probe')
			.set({ question_encrypted: two.row.question_encrypted })
			.where('id', '=', 2)
			.execute();
		expect((await read(2)).text()).toBe(questions[1]);
	});

	it('names an unknown key instead of returning garbage', async () => {
		const { row } = await read(3);
		const stranger = createKeyring(generateDataKey());
		const error = decryptionFailure(() =>
			decryptColumn(
				stranger,
				spec,
				'question_encrypted',
				{ networkId: 'net-a', recordId: 3 },
				row.question_encrypted as string
			)
		);
		expect(error.reason).toBe('unknown_key');
		expect(error.message).toContain(keyIdOfStored(row.question_encrypted as string));
	});

	it('rotates: resumes after a crash midway, re-encrypts everything, then retires the old key', async () => {
		const oldId = loadKeyring({ dataDir }).current.id;
		const total = (await countValuesByKey(database.db, [spec])).reduce((n, u) => n + u.count, 0);
		expect(total).toBe(25 + 16);

		// First run dies after the first batch of 10 rows.
		await expect(
			rotateDataKeys(
				database.db,
				{ dataDir },
				{
					specs: [spec],
					batchSize: 10,
					onBatch: () => {
						throw new Error('crash');
					}
				}
			)
		).rejects.toThrow('crash');
		const midway = loadKeyring({ dataDir });
		const newId = midway.current.id;
		expect(newId).not.toBe(oldId);
		expect(midway.previous.map((k) => k.id)).toEqual([oldId]);
		expect(existsSync(path.join(dataDir, 'data.key.previous'))).toBe(true);
		const mixed = await countValuesByKey(database.db, [spec]);
		const under = (id: string) => mixed.filter((u) => u.keyId === id).reduce((n, u) => n + u.count, 0);
		expect(under(newId)).toBeGreaterThan(0);
		expect(under(oldId)).toBeGreaterThan(0);
		// A running app follows the key files: it reads both keys meanwhile.
		expect(dataKeyring({ dataDir }).current.id).toBe(newId);
		expect((await read(25)).text()).toBe(questions[24 % 3]);

		// Running again keeps the new key (no second new key) and finishes.
		const report = await rotateDataKeys(database.db, { dataDir }, { specs: [spec], batchSize: 10 });
		expect(report.started).toBe(false);
		expect(report.currentId).toBe(newId);
		expect(report.result.failures).toEqual([]);
		expect(report.result.reencrypted).toBe(under(oldId));
		expect(report.retired).toBe(true);
		expect(existsSync(path.join(dataDir, 'data.key.previous'))).toBe(false);

		const after = await countValuesByKey(database.db, [spec]);
		expect(after.every((u) => u.keyId === newId)).toBe(true);
		expect(after.reduce((n, u) => n + u.count, 0)).toBe(total);
		const keyring = loadKeyring({ dataDir });
		expect(keyring.previous).toEqual([]);
		for (let id = 1; id <= 25; id++) {
			expect((await read(id)).text()).toBe(questions[(id - 1) % 3]);
			const contact = await read(id, 'contact_encrypted');
			expect(contact.text()).toBe((id - 1) % 3 === 0 ? null : `svar${id - 1}@exempel.se`);
		}
		const raw = await rawDatabaseText();
		for (const word of secretWords) expect(raw).not.toContain(word);
	});

	it('a second rotation makes another key; unreadable values keep the previous key until dealt with', async () => {
		const before = loadKeyring({ dataDir }).current.id;
		const stranger = createKeyring(generateDataKey());
		const foreign = encryptColumn(stranger, spec, 'question_encrypted', { networkId: 'net-a', recordId: 26 }, 'x');
		const { row } = await read(5);
		const stored = row.question_encrypted as string;
		// A damaged value under the current key: it will be under a previous key once rotation starts.
		const damaged = stored.slice(0, -2) + (stored.at(-2) === 'A' ? 'B' : 'A') + stored.at(-1);
		await db
			.insertInto('encrypted_probe')
			.values({ id: 26, network_id: 'net-a', question_encrypted: foreign })
			.execute();
		await db.updateTable('encrypted_probe').set({ question_encrypted: damaged }).where('id', '=', 5).execute();

		const report = await rotateDataKeys(database.db, { dataDir }, { specs: [spec] });
		expect(report.started).toBe(true);
		expect(report.previousIds).toEqual([before]);
		expect(report.result.failures.map((f) => [f.recordId, f.reason]).sort()).toEqual([
			['26', 'unknown_key'],
			['5', 'authentication_failed']
		]);
		expect(report.remaining).toBe(1);
		expect(report.retired).toBe(false);
		expect(loadKeyring({ dataDir }).previous.map((k) => k.id)).toEqual([before]);

		// Once the damaged text is erased, the next run retires the old key.
		await db.updateTable('encrypted_probe').set({ question_encrypted: null }).where('id', '=', 5).execute();
		const again = await rotateDataKeys(database.db, { dataDir }, { specs: [spec] });
		expect(again.started).toBe(false);
		expect(again.retired).toBe(true);
		await db.deleteFrom('encrypted_probe').where('id', 'in', [5, 26]).execute();
	});

	it('picks up a value that a request saved under the old key during the switch', async () => {
		const old = loadKeyring({ dataDir });
		const at = { networkId: 'net-b', recordId: 1000 };
		let saved = false;
		const report = await rotateDataKeys(
			database.db,
			{ dataDir },
			{
				specs: [spec],
				settleMs: 50,
				onBatch: async () => {
					if (saved) return;
					saved = true;
					// Behind the re-encryption's cursor, with the keyring read before the switch.
					await db
						.insertInto('encrypted_probe')
						.values({
							id: 1000,
							network_id: 'net-b',
							question_encrypted: encryptColumn(old, spec, 'question_encrypted', at, 'sent late')
						})
						.execute();
				}
			}
		);
		expect(saved).toBe(true);
		expect(report.retired).toBe(true);
		expect(keyIdOfStored((await read(1000)).row.question_encrypted as string)).toBe(report.currentId);
		expect((await read(1000)).text()).toBe('sent late');
	});
});
