import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '#lib/server/platform/config.ts';
import { generateDataKey, keyIdOf } from '#lib/server/platform/crypto.ts';
import { loadKeyring } from '#lib/server/platform/data-keys.ts';
import { openDatabase, type DatabaseHandle } from '#lib/server/platform/db/index.ts';
import { prepareDatabase } from '#lib/server/prepare.ts';
import { decryptColumn, encryptColumn, unregisterEncryptedColumns } from '#lib/server/platform/encrypted-fields.ts';
import { testDialects } from '../../fixtures/test-db.ts';
import { probeColumns } from './encrypted-probe-columns.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const node =
	Number(process.versions.node.split('.')[0]) >= 24 ? process.execPath : path.join(root, 'node_modules/.bin/node');
const preload = path.join(import.meta.dirname, 'encrypted-probe-columns.ts');
const words = ['tvångsäktenskap', 'morbrodern', 'kvinnojouren'];

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs `npm run -s cli -- keys …` as an operator would, with the probe table registered. */
function cli(args: string[], env: Record<string, string>): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(node, ['--import', preload, path.join(root, 'scripts/cli.ts'), ...args], {
			cwd: root,
			env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'silent', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
	});
}

function statusLines(stdout: string): Record<string, { role: string; count: number }> {
	return Object.fromEntries(
		stdout
			.trim()
			.split('\n')
			.map((line) => line.split('\t'))
			.map(([id, role, count]) => [id, { role, count: Number(count) }])
	);
}

describe('keys generate', () => {
	it('prints a key that SAMVERKAN_DATA_KEY accepts', async () => {
		const run = await cli(['keys', 'generate'], {});
		expect(run.code).toBe(0);
		const dataDir = mkdtempSync(path.join(tmpdir(), 'samverkan-keys-'));
		const cfg = parseConfig({ SAMVERKAN_DATA_DIR: dataDir, SAMVERKAN_DATA_KEY: run.stdout.trim() });
		expect(loadKeyring(cfg).current.id).toBe(keyIdOf(Buffer.from(run.stdout.trim(), 'base64')));
		expect((await cli(['keys'], {})).code).toBe(2);
		expect((await cli(['keys', 'frobnicate'], {})).code).toBe(2);
	});
});

describe.each(testDialects)('keys status and rotate (%s)', (dialect) => {
	const dataDir = mkdtempSync(path.join(tmpdir(), 'samverkan-keys-'));
	const env: Record<string, string> = { SAMVERKAN_DATA_DIR: dataDir };
	let handle: DatabaseHandle;
	let db: Kysely<Record<string, Record<string, unknown>>>;
	let dropSchema: (() => Promise<void>) | undefined;

	beforeAll(async () => {
		if (dialect === 'postgres') {
			const schema = `keys_${randomBytes(6).toString('hex')}`;
			const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
			await admin.connect();
			await admin.query(`create schema ${schema}`);
			await admin.end();
			const url = new URL(process.env.TEST_DATABASE_URL!);
			url.searchParams.set('options', `-c search_path=${schema}`);
			env.DATABASE_URL = url.toString();
			dropSchema = async () => {
				const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
				await client.connect();
				await client.query(`drop schema ${schema} cascade`);
				await client.end();
			};
		}
		const cfg = parseConfig(env);
		handle = openDatabase(cfg.database, { poolSize: 2 });
		await prepareDatabase(handle.db, { dialect, secret: cfg.secret, baseURL: 'http://localhost:3000' });
		db = handle.db as unknown as typeof db;
		await db.schema
			.createTable('cli_encrypted_probe')
			.addColumn('id', 'text', (col) => col.primaryKey())
			.addColumn('network_id', 'text', (col) => col.notNull())
			.addColumn('question_encrypted', 'text')
			.execute();
		const keyring = loadKeyring(cfg);
		await db
			.insertInto('cli_encrypted_probe')
			.values(
				Array.from({ length: 7 }, (_, i) => ({
					id: `c-${i}`,
					network_id: 'net-x',
					question_encrypted: encryptColumn(
						keyring,
						probeColumns,
						'question_encrypted',
						{ networkId: 'net-x', recordId: `c-${i}` },
						`Frågan gäller ${words[i % 3]} (${i}).`
					)
				}))
			)
			.execute();
	});

	afterAll(async () => {
		unregisterEncryptedColumns('cli_encrypted_probe');
		await handle?.destroy();
		await dropSchema?.();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('shows the key in use and how many values it protects', async () => {
		const oldId = loadKeyring({ dataDir }).current.id;
		const run = await cli(['keys', 'status'], env);
		expect(run.code).toBe(0);
		expect(statusLines(run.stdout)).toEqual({ [oldId]: { role: 'current', count: 7 } });
		expect(run.stderr).toContain('data.key');
	});

	it('rotates to a new key, re-encrypts every value and retires the old key', async () => {
		const before = loadKeyring({ dataDir });
		const run = await cli(['keys', 'rotate', '--batch-size', '3', '--wait', '0.2'], env);
		expect(run.stderr).toContain('Re-encrypted 7 value(s).');
		expect(run.code).toBe(0);
		const after = loadKeyring({ dataDir });
		expect(after.current.id).not.toBe(before.current.id);
		expect(after.previous).toEqual([]);
		expect(existsSync(path.join(dataDir, 'data.key.previous'))).toBe(false);
		expect(statSync(path.join(dataDir, 'data.key')).mode & 0o777).toBe(0o600);
		expect(run.stderr).toContain(`Retired the previous key ${before.current.id}`);

		const rows = await db.selectFrom('cli_encrypted_probe').selectAll().orderBy('id').execute();
		rows.forEach((row, i) => {
			const at = { networkId: 'net-x', recordId: row.id as string };
			expect(decryptColumn(after, probeColumns, 'question_encrypted', at, row.question_encrypted as string)).toBe(
				`Frågan gäller ${words[i % 3]} (${i}).`
			);
		});
		const raw =
			dialect === 'sqlite'
				? readFileSync(path.join(dataDir, 'samverkan.db')).toString('utf8') +
					(existsSync(path.join(dataDir, 'samverkan.db-wal'))
						? readFileSync(path.join(dataDir, 'samverkan.db-wal')).toString('utf8')
						: '')
				: (await sql<{ t: string }>`select p::text as t from cli_encrypted_probe p`.execute(db)).rows
						.map((r) => r.t)
						.join('\n');
		expect(raw).toContain('net-x');
		for (const word of words) expect(raw).not.toContain(word);

		const status = await cli(['keys', 'status'], env);
		expect(statusLines(status.stdout)).toEqual({ [after.current.id]: { role: 'current', count: 7 } });
	});

	it('reports a value under a key that is not loaded, by id only', async () => {
		const stranger = generateDataKey();
		const { createKeyring } = await import('#lib/server/platform/crypto.ts');
		await db
			.insertInto('cli_encrypted_probe')
			.values({
				id: 'c-foreign',
				network_id: 'net-x',
				question_encrypted: encryptColumn(
					createKeyring(stranger),
					probeColumns,
					'question_encrypted',
					{ networkId: 'net-x', recordId: 'c-foreign' },
					'kvinnojouren'
				)
			})
			.execute();
		const status = await cli(['keys', 'status'], env);
		expect(statusLines(status.stdout)[keyIdOf(stranger)]).toEqual({ role: 'unknown', count: 1 });
		expect(status.stderr).toContain('not loaded');
		const rotate = await cli(['keys', 'rotate', '--wait', '0'], env);
		expect(rotate.stderr).toContain(
			'cannot read cli_encrypted_probe.question_encrypted of record c-foreign: unknown_key'
		);
		expect(rotate.stderr).not.toContain('kvinnojouren');
		// A value under an unknown key does not hold the rotation up: it was unreadable already.
		expect(rotate.code).toBe(0);
	});

	it('refuses to rotate an environment key by itself and says what to do', async () => {
		const run = await cli(['keys', 'rotate'], { ...env, SAMVERKAN_DATA_KEY: generateDataKey().toString('base64') });
		expect(run.code).toBe(1);
		expect(run.stderr).toContain('keys generate');
		const bad = await cli(['keys', 'status'], { ...env, SAMVERKAN_DATA_KEY: 'too-short' });
		expect(bad.code).toBe(1);
		expect(bad.stderr).toContain('SAMVERKAN_DATA_KEY');
	});
});
