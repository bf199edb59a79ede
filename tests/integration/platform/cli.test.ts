import { spawn } from 'node:child_process';
import { openDatabase } from '#lib/server/platform/db/index.ts';
import { enqueueMail, findOutboxRow } from '#lib/server/platform/mail/outbox.ts';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../fixtures/test-db.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const node =
	Number(process.versions.node.split('.')[0]) >= 24 ? process.execPath : path.join(root, 'node_modules/.bin/node');
const goodPassword = 'ett långt lösenord för servern';

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs the CLI as an operator would, in a child process with its own environment. */
function cli(args: string[], env: Record<string, string>, script = 'scripts/cli.ts'): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(node, [path.join(root, script), ...args], {
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

describe('the CLI without a database', () => {
	it('lists its commands', async () => {
		const run = await cli(['help'], {});
		expect(run.code).toBe(0);
		for (const command of ['migrate', 'create-admin', 'demo', 'backup']) expect(run.stderr).toContain(command);
	});

	it('answers an unknown command and wrong usage with exit code 2', async () => {
		expect((await cli(['frobnicate'], {})).code).toBe(2);
		const run = await cli(['backup'], {});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('Usage: npm run -s cli -- backup <file>');
	});

	it('stops on a bad configuration value, naming the variable', async () => {
		const run = await cli(['migrate'], { PORT: 'abc' });
		expect(run.code).toBe(1);
		expect(run.stderr).toContain('Invalid configuration');
		expect(run.stderr).toContain('PORT');
	});

	it('npm start stops on a bad value before building, naming the variable', async () => {
		for (const [name, value] of [
			['PORT', 'abc'],
			['ORIGIN', 'samverkan.example.org'],
			['DATABASE_URL', 'mysql://x@y/z']
		]) {
			const run = await cli([], { [name]: value }, 'scripts/start.ts');
			expect(run.code).toBe(1);
			expect(run.stderr).toContain('Invalid configuration');
			expect(run.stderr).toContain(name);
			expect(run.stdout).not.toContain('Building');
		}
	});

	it('prints the current TOTP code for a secret', async () => {
		const run = await cli(['totp', 'JBSWY3DPEHPK3PXP'], {});
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/^\d{6}\n$/);
	});
});

describe.each(testDialects)('the CLI against a database (%s)', (dialect) => {
	let dataDir: string;
	let env: Record<string, string>;
	let dropSchema: (() => Promise<void>) | undefined;

	beforeAll(async () => {
		dataDir = mkdtempSync(path.join(tmpdir(), 'samverkan-cli-'));
		env = { SAMVERKAN_DATA_DIR: dataDir };
		if (dialect === 'postgres') {
			const schema = `cli_${randomBytes(6).toString('hex')}`;
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
	});
	afterAll(async () => {
		await dropSchema?.();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('migrates, and says so when there is nothing left to do', async () => {
		const first = await cli(['migrate'], env);
		expect(first.code).toBe(0);
		expect(first.stderr).toContain('Applied 0001-foundation');
		const second = await cli(['migrate'], env);
		expect(second.code).toBe(0);
		expect(second.stderr).toContain('up to date');
	});

	it('refuses an instance admin without a password source, or with a weak password', async () => {
		const noPassword = await cli(['create-admin', '--email', 'drift@example.se', '--name', 'Tove Sundström'], env);
		expect(noPassword.code).toBe(2);
		expect(noPassword.stderr).toContain('SAMVERKAN_ADMIN_PASSWORD');
		const weak = await cli(['create-admin', '--email', 'drift@example.se', '--name', 'Tove Sundström'], {
			...env,
			SAMVERKAN_ADMIN_PASSWORD: 'kort'
		});
		expect(weak.code).toBe(1);
		expect(weak.stderr).toContain('too short');
		const badEmail = await cli(['create-admin', '--email', 'drift', '--name', 'Tove Sundström'], {
			...env,
			SAMVERKAN_ADMIN_PASSWORD: goodPassword
		});
		expect(badEmail.code).toBe(2);
	});

	it('creates an instance admin once', async () => {
		const args = ['create-admin', '--email', 'Drift@Example.se', '--name', 'Tove Sundström'];
		const created = await cli(args, { ...env, SAMVERKAN_ADMIN_PASSWORD: goodPassword });
		expect(created.code).toBe(0);
		expect(created.stderr).toContain('Created the instance administrator drift@example.se');
		const again = await cli(args, { ...env, SAMVERKAN_ADMIN_PASSWORD: goodPassword });
		expect(again.code).toBe(1);
		expect(again.stderr).toContain('exists already');
	});

	it('refuses to put the demo into a database that holds data', async () => {
		const run = await cli(['demo'], env);
		expect(run.code).toBe(1);
		expect(run.stderr).toContain('only fills an empty database');
	});

	it('fills an empty database with the demo', async () => {
		const emptyDir = mkdtempSync(path.join(tmpdir(), 'samverkan-cli-demo-'));
		try {
			const run = await cli(['demo'], { SAMVERKAN_DATA_DIR: emptyDir });
			expect(run.code).toBe(0);
			expect(run.stderr).toContain('maria.lindqvist@lansstyrelsen-bd.example.se');
			expect(run.stderr).toContain('otpauth://totp/');
			const db = new DatabaseSync(path.join(emptyDir, 'samverkan.db'), { readOnly: true });
			const networks = db
				.prepare('select slug from network order by slug')
				.all()
				.map((row) => row.slug);
			db.close();
			expect(networks).toEqual(['agder', 'norrbotten']);
		} finally {
			rmSync(emptyDir, { recursive: true, force: true });
		}
	}, 60_000); // a child process seeding two years of consultations, events and meetings

	it('backs the database up', async () => {
		const target = path.join(dataDir, 'backup.db');
		const run = await cli(['backup', target], env);
		expect(run.code).toBe(0);
		if (dialect === 'postgres') {
			expect(run.stdout).toContain('pg_dump --format=custom');
			expect(run.stdout).toContain('"$DATABASE_URL"');
			expect(run.stdout).not.toContain(env.DATABASE_URL);
			expect(existsSync(target)).toBe(false);
			return;
		}
		const copy = new DatabaseSync(target, { readOnly: true });
		const users = copy.prepare('select email, isInstanceAdmin from user').all();
		copy.close();
		expect(users).toEqual([{ email: 'drift@example.se', isInstanceAdmin: 1 }]);
		const overwrite = await cli(['backup', target], env);
		expect(overwrite.code).toBe(1);
		expect(overwrite.stderr).toContain('--force');
		expect((await cli(['backup', target, '--force'], env)).code).toBe(0);
	});

	it('lists mails that may not have been delivered and queues one again on request', async () => {
		const handle = openDatabase(
			env.DATABASE_URL
				? { dialect: 'postgres', url: env.DATABASE_URL }
				: { dialect: 'sqlite', file: path.join(dataDir, 'samverkan.db') }
		);
		try {
			const id = await enqueueMail(handle.db, {
				networkId: null,
				kind: 'invitation',
				to: 'x@example.org',
				fromName: null,
				subject: 'S',
				text: 'T'
			});
			await handle.db.updateTable('outbox').set({ status: 'uncertain' }).where('id', '=', id).execute();
			const listed = await cli(['outbox'], env);
			expect(listed.code).toBe(0);
			expect(listed.stdout).toMatch(new RegExp(`^${id}\\tuncertain\\tinvitation`, 'm'));
			expect(listed.stdout).not.toContain('x@example.org');
			expect((await cli(['outbox', 'retry', String(id)], env)).code).toBe(0);
			expect((await findOutboxRow(handle.db, id))?.status).toBe('pending');
			expect((await cli(['outbox', 'retry', String(id)], env)).code).toBe(1);
		} finally {
			await handle.destroy();
		}
	});
});
