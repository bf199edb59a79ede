// The Samverkan command line for operators:  npm run -s cli -- <command> [options]
// It reads the same environment as the app (SAMVERKAN_DATA_DIR, DATABASE_URL, …). Output meant for
// a person goes to stderr, results meant for a pipe to stdout. Exit codes: 0 done, 1 failed,
// 2 wrong usage.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Config } from '#lib/server/platform/config.ts';
import type { DatabaseHandle } from '#lib/server/platform/db/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

class UsageError extends Error {}
class CommandError extends Error {}

interface Command {
	usage: string;
	summary: string;
	run(args: string[]): Promise<void>;
}

const say = (line = '') => process.stderr.write(line + '\n');

/** Services import the compiled message catalogues; compile them on a fresh checkout. */
function ensureMessagesCompiled(): void {
	if (existsSync(path.join(root, 'src/lib/paraglide/messages.js'))) return;
	const result = spawnSync(process.execPath, [path.join(root, 'scripts/compile-i18n.mjs')], {
		cwd: root,
		stdio: ['ignore', 2, 2]
	});
	if (result.status !== 0) throw new CommandError('Could not compile the message catalogues (npm run i18n:compile).');
}

async function loadConfig(): Promise<Config> {
	const { parseConfig, ConfigError } = await import('#lib/server/platform/config.ts');
	try {
		return parseConfig(process.env);
	} catch (error) {
		if (error instanceof ConfigError)
			throw new CommandError(`${error.message}\nSee docs/operations.md for every setting.`);
		throw error;
	}
}

function describeDatabase(cfg: Config): string {
	return cfg.database.dialect === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `SQLite at ${cfg.database.file}`;
}

/** Opens the configured database and brings it up to date, as the app does on start. */
async function openMigrated(cfg: Config): Promise<{ handle: DatabaseHandle; applied: string[] }> {
	ensureMessagesCompiled();
	const { openDatabase } = await import('#lib/server/platform/db/index.ts');
	const { prepareDatabase } = await import('#lib/server/prepare.ts');
	const handle = openDatabase(cfg.database, { poolSize: 2 });
	try {
		const applied = await prepareDatabase(handle.db, {
			dialect: handle.dialect,
			secret: cfg.secret,
			baseURL: originOf(cfg)
		});
		return { handle, applied };
	} catch (error) {
		await handle.destroy().catch(() => {});
		const message = error instanceof Error ? error.message : String(error);
		throw new CommandError(`Could not prepare the database (${describeDatabase(cfg)}): ${message}`);
	}
}

function originOf(cfg: Config): string {
	return cfg.ORIGIN ?? `http://localhost:${cfg.PORT}`;
}

/** Reads a line from the terminal without echoing it (for passwords). Paste works. */
function promptHidden(question: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const stdin = process.stdin;
		process.stderr.write(question);
		stdin.setRawMode(true);
		stdin.resume();
		stdin.setEncoding('utf8');
		let input = '';
		const finish = (error?: Error) => {
			stdin.setRawMode(false);
			stdin.pause();
			stdin.off('data', onData);
			process.stderr.write('\n');
			if (error) reject(error);
			else resolve(input);
		};
		const onData = (chunk: string) => {
			for (const ch of chunk) {
				if (ch === '\r' || ch === '\n') return finish();
				if (ch === '\u0003' || ch === '\u0004') return finish(new CommandError('Cancelled.'));
				if (ch === '\u007f' || ch === '\b') input = [...input].slice(0, -1).join('');
				else input += ch;
			}
		};
		stdin.on('data', onData);
	});
}

const passwordProblems: Record<string, string> = {
	password_too_short: 'The password is too short: use at least 12 characters (a few words make a good one).',
	password_too_long: 'The password is too long: use at most 256 characters.',
	password_common: 'The password is on the list of common or leaked passwords: choose another.',
	password_contains_email: 'The password must not contain the e-mail address.',
	password_contains_network: "The password must not contain the network's name."
};

const commands: Record<string, Command> = {
	help: {
		usage: 'help',
		summary: 'Show the commands.',
		async run() {
			say('Samverkan command line.  Usage: npm run -s cli -- <command> [options]\n');
			const width = Math.max(...Object.values(commands).map((c) => c.usage.length));
			for (const command of Object.values(commands)) say(`  ${command.usage.padEnd(width)}  ${command.summary}`);
			say(
				'\nThe commands use the same environment as the app: SAMVERKAN_DATA_DIR, DATABASE_URL, … (docs/operations.md).'
			);
		}
	},

	migrate: {
		usage: 'migrate',
		summary: 'Apply pending database migrations (the app also does this when it starts).',
		async run(args) {
			if (args.length) throw new UsageError('migrate takes no arguments');
			const cfg = await loadConfig();
			const { handle, applied } = await openMigrated(cfg);
			await handle.destroy();
			say(
				applied.length
					? `Applied ${applied.join(', ')} to ${describeDatabase(cfg)}.`
					: `${describeDatabase(cfg)} is up to date.`
			);
		}
	},

	'create-admin': {
		usage: 'create-admin --email <address> --name <name>',
		summary: 'Create an instance administrator (password from a prompt or SAMVERKAN_ADMIN_PASSWORD).',
		async run(args) {
			const { values } = parseArgs({
				args,
				options: { email: { type: 'string' }, name: { type: 'string' } },
				strict: true
			});
			const email = values.email?.trim().toLowerCase() ?? '';
			const name = values.name?.trim() ?? '';
			if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError('--email must be an e-mail address');
			if (name.length < 2) throw new UsageError("--name must be the person's name");
			const cfg = await loadConfig();
			let password = process.env.SAMVERKAN_ADMIN_PASSWORD;
			if (!password) {
				if (!process.stdin.isTTY)
					throw new UsageError('Set SAMVERKAN_ADMIN_PASSWORD, or run this in a terminal to be asked for the password.');
				password = await promptHidden(`Password for ${email}: `);
				if ((await promptHidden('The same password again: ')) !== password)
					throw new CommandError('The passwords differ; nothing was created.');
			}
			ensureMessagesCompiled();
			const { checkPasswordPolicy, hashPassword } = await import('#lib/server/platform/auth/password.ts');
			const problem = checkPasswordPolicy(password, { email });
			if (problem) throw new CommandError(passwordProblems[problem] ?? problem);
			const { handle } = await openMigrated(cfg);
			try {
				const { findUserByEmail, insertUserWithPassword } =
					await import('#lib/server/platform/auth/user-repository.ts');
				const { recordAudit } = await import('#lib/server/platform/audit.ts');
				if (await findUserByEmail(handle.db, email))
					throw new CommandError(`A user with the address ${email} exists already; nothing was created.`);
				const passwordHash = await hashPassword(password);
				const id = randomUUID();
				const now = new Date();
				await handle.db.transaction().execute(async (trx) => {
					await insertUserWithPassword(trx, { id, name, email, passwordHash, isInstanceAdmin: true }, now);
					await recordAudit(trx, { action: 'instance.admin_created', entityType: 'user', entityId: id, at: now });
				});
				say(`Created the instance administrator ${email} in ${describeDatabase(cfg)}.`);
				say(`They sign in at ${originOf(cfg)}/login and set up two-factor authentication on the first sign-in.`);
			} finally {
				await handle.destroy();
			}
		}
	},

	demo: {
		usage: 'demo',
		summary: 'Fill an EMPTY database with the demo networks and people (npm run demo uses its own database).',
		async run(args) {
			if (args.length) throw new UsageError('demo takes no arguments');
			const cfg = await loadConfig();
			const { handle } = await openMigrated(cfg);
			try {
				const { databaseIsEmpty, seedDemo } = await import('#lib/server/demo/seed.ts');
				const { formatSignIns } = await import('#lib/server/demo/print.ts');
				if (!(await databaseIsEmpty(handle.db))) {
					throw new CommandError(
						`${describeDatabase(cfg)} holds data already: the demo only fills an empty database. For a separate demo, run: npm run demo`
					);
				}
				const signIns = await seedDemo(handle.db, { appSecret: cfg.secret, origin: originOf(cfg) });
				say(formatSignIns(signIns, originOf(cfg)));
			} finally {
				await handle.destroy();
			}
		}
	},

	backup: {
		usage: 'backup <file>',
		summary: 'Copy the SQLite database to <file> while the app runs (for PostgreSQL: prints the pg_dump command).',
		async run(args) {
			const { positionals, values } = parseArgs({
				args,
				allowPositionals: true,
				options: { force: { type: 'boolean' } },
				strict: true
			});
			if (positionals.length !== 1) throw new UsageError('backup needs exactly one target file: backup <file>');
			const target = path.resolve(positionals[0]);
			const cfg = await loadConfig();
			const secretSource = process.env.SAMVERKAN_SECRET ? 'SAMVERKAN_SECRET' : path.join(cfg.dataDir, 'secret.key');
			const dataKeySource = process.env.SAMVERKAN_DATA_KEY ? 'SAMVERKAN_DATA_KEY' : path.join(cfg.dataDir, 'data.key');
			const keyNote = `Keep ${secretSource} and ${dataKeySource} safe as well, stored apart from the backup: two-factor secrets and encrypted texts in it cannot be read without them.`;
			if (cfg.database.dialect === 'postgres') {
				say('This installation uses PostgreSQL: back it up with pg_dump, for example');
				process.stdout.write(
					`pg_dump --format=custom --no-owner --file='${target.replaceAll("'", "'\\''")}' "$DATABASE_URL"\n`
				);
				say(`and restore with: pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" <file>`);
				say(keyNote);
				return;
			}
			const source = cfg.database.file;
			if (!existsSync(source)) throw new CommandError(`There is no database at ${source}: nothing to back up.`);
			if (existsSync(target) && !values.force)
				throw new CommandError(`${target} exists; choose another file or add --force to overwrite it.`);
			if (!existsSync(path.dirname(target)))
				throw new CommandError(`The folder ${path.dirname(target)} does not exist.`);
			const { DatabaseSync, backup } = await import('node:sqlite');
			const database = new DatabaseSync(source, { readOnly: true });
			try {
				const pages = await backup(database, target);
				say(`Backed up ${source} to ${target} (${pages} pages), consistent even while the app is running.`);
				say(keyNote);
			} finally {
				database.close();
			}
		}
	},

	outbox: {
		usage: 'outbox [retry <id>]',
		summary: 'List mails that failed or may not have been delivered; retry one after checking.',
		async run(args) {
			const cfg = await loadConfig();
			const { handle } = await openMigrated(cfg);
			const { listOutbox, requeueOutboxRow } = await import('#lib/server/platform/mail/outbox.ts');
			try {
				if (args[0] === 'retry') {
					const id = Number.parseInt(args[1] ?? '', 10);
					if (!Number.isSafeInteger(id)) throw new UsageError('retry needs the id of a mail: outbox retry <id>');
					if (!(await requeueOutboxRow(handle.db, id, new Date())))
						throw new CommandError(`Mail ${id} is not failed or uncertain; nothing to retry.`);
					say(`Mail ${id} is queued again; the app sends it within a few seconds.`);
					return;
				}
				if (args.length) throw new UsageError('outbox takes no arguments, or: outbox retry <id>');
				const rows = [
					...(await listOutbox(handle.db, { limit: 200, status: 'uncertain' })),
					...(await listOutbox(handle.db, { limit: 200, status: 'failed' }))
				];
				if (!rows.length) {
					say('No failed or uncertain mails.');
					return;
				}
				// Ids, kinds and errors only: recipients stay in the database.
				for (const row of rows) {
					process.stdout.write(
						`${row.id}\t${row.status}\t${row.kind}\t${row.createdAt.toISOString()}\t${row.lastError ?? ''}\n`
					);
				}
			} finally {
				await handle.destroy();
			}
		}
	},

	jobs: {
		usage: 'jobs run [retention|reminders]',
		summary: 'Run a scheduled job now (without a name: both); the app runs them by itself daily and hourly.',
		async run(args) {
			const [action, name, ...rest] = args;
			const names = ['retention', 'reminders'];
			if (action !== 'run' || rest.length || (name !== undefined && !names.includes(name)))
				throw new UsageError('jobs has one subcommand: jobs run [retention|reminders]');
			const cfg = await loadConfig();
			const { handle } = await openMigrated(cfg);
			try {
				const now = new Date();
				for (const job of name ? [name] : names) {
					let result: unknown;
					if (job === 'retention') {
						const { eraseExpiredTexts } = await import('#lib/server/consultations/retention.ts');
						const counts = await eraseExpiredTexts(handle.db, now);
						say(
							`Erased the texts of ${counts.consultations} consultation(s) (and ${counts.logEntries} log text(s)) past their network's retention period.`
						);
						result = counts;
					} else {
						const { queueFollowUpReminders } = await import('#lib/server/consultations/reminders.ts');
						const counts = await queueFollowUpReminders(handle.db, now, originOf(cfg));
						// The CLI sends no mail itself: the running app's mail worker picks the rows up.
						say(
							`Queued ${counts.queued} follow-up reminder(s) in the outbox; the running app sends them within a few seconds.`
						);
						result = counts;
					}
					process.stdout.write(JSON.stringify({ job, result }) + '\n');
				}
			} finally {
				await handle.destroy();
			}
		}
	},

	totp: {
		usage: 'totp <secret|otpauth-uri>',
		summary: 'Print the current two-factor code for a secret (handy with the demo accounts).',
		async run(args) {
			if (args.length !== 1) throw new UsageError('totp needs the secret: totp <secret>');
			const OTPAuth = await import('otpauth');
			const input = args[0];
			try {
				const totp = input.startsWith('otpauth://')
					? (OTPAuth.URI.parse(input) as InstanceType<typeof OTPAuth.TOTP>)
					: new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(input.replace(/\s+/g, '').toUpperCase()) });
				process.stdout.write(totp.generate() + '\n');
			} catch {
				throw new UsageError('That is not a base32 secret or an otpauth:// link.');
			}
		}
	},

	keys: {
		usage: 'keys status | keys rotate [--batch-size <n>] [--wait <seconds>] | keys generate',
		summary: 'Encryption keys of stored texts: which keys protect how many values; rotate to a new key.',
		async run(args) {
			const { positionals, values } = parseArgs({
				args,
				allowPositionals: true,
				options: { 'batch-size': { type: 'string' }, wait: { type: 'string' } },
				strict: true
			});
			const [action, ...rest] = positionals;
			if (rest.length || !['status', 'rotate', 'generate'].includes(action ?? ''))
				throw new UsageError('keys needs one of: status, rotate, generate');
			if (action === 'generate') {
				const { generateDataKey } = await import('#lib/server/platform/crypto.ts');
				process.stdout.write(generateDataKey().toString('base64') + '\n');
				say('A new data key (for SAMVERKAN_DATA_KEY). Keep it secret, and back it up apart from the database.');
				return;
			}
			const batchSize = Number(values['batch-size'] ?? 500);
			if (!Number.isSafeInteger(batchSize) || batchSize < 1)
				throw new UsageError('--batch-size must be a whole number of rows, e.g. 500');
			const waitSeconds = Number(values.wait ?? 3);
			if (!Number.isFinite(waitSeconds) || waitSeconds < 0 || waitSeconds > 600)
				throw new UsageError('--wait must be a number of seconds between 0 and 600');
			const cfg = await loadConfig();
			// Modules declare their encrypted columns in src/lib/server/<module>/encrypted-columns.ts.
			const { globSync } = await import('node:fs');
			const { pathToFileURL } = await import('node:url');
			for (const file of globSync('src/lib/server/*/encrypted-columns.ts', { cwd: root }).sort())
				await import(pathToFileURL(path.join(root, file)).href);
			const { ConfigError } = await import('#lib/server/platform/config.ts');
			const { countValuesByKey, registeredEncryptedColumns } = await import('#lib/server/platform/encrypted-fields.ts');
			const { KeyRotationError, loadKeyring, rotateDataKeys } = await import('#lib/server/platform/data-keys.ts');
			const specs = registeredEncryptedColumns();
			const keySource = cfg.SAMVERKAN_DATA_KEY ? 'SAMVERKAN_DATA_KEY' : path.join(cfg.dataDir, 'data.key');
			let keyring;
			try {
				keyring = loadKeyring(cfg);
			} catch (error) {
				if (error instanceof ConfigError) throw new CommandError(error.message);
				throw error;
			}
			const { handle } = await openMigrated(cfg);
			try {
				if (action === 'status') {
					const usage = await countValuesByKey(handle.db, specs);
					const counts = new Map<string, number>();
					for (const row of usage) counts.set(row.keyId ?? '-', (counts.get(row.keyId ?? '-') ?? 0) + row.count);
					const role = (id: string) =>
						id === keyring.current.id
							? 'current'
							: keyring.previous.some((key) => key.id === id)
								? 'previous'
								: id === '-'
									? 'not-encrypted'
									: 'unknown';
					const ids = [keyring.current.id, ...keyring.previous.map((key) => key.id)];
					for (const id of counts.keys()) if (!ids.includes(id)) ids.push(id);
					for (const id of ids) process.stdout.write(`${id}\t${role(id)}\t${counts.get(id) ?? 0}\n`);
					say(`Current key from ${keySource}; ${specs.length} table(s) with encrypted columns.`);
					if (keyring.previous.length)
						say('Previous keys are still loaded: a rotation is unfinished. Run: npm run -s cli -- keys rotate');
					if (ids.some((id) => role(id) === 'unknown'))
						say(
							'Some values use a key that is not loaded: they cannot be read. See docs/operations.md, "Encryption keys".'
						);
					return;
				}
				let report;
				try {
					report = await rotateDataKeys(handle.db, cfg, {
						specs,
						batchSize,
						settleMs: waitSeconds * 1000,
						onBatch: (table, done) => {
							say(`  ${table}: ${done} rows checked`);
						}
					});
				} catch (error) {
					if (error instanceof KeyRotationError || error instanceof ConfigError) throw new CommandError(error.message);
					throw error;
				}
				say(
					report.started
						? `New data key ${report.currentId} (was ${report.previousIds.join(', ')}).`
						: `Finishing the unfinished rotation to key ${report.currentId}.`
				);
				if (!specs.length) say('No module stores encrypted columns yet: nothing to re-encrypt.');
				say(`Re-encrypted ${report.result.reencrypted} value(s).`);
				for (const failure of report.result.failures)
					say(`  cannot read ${failure.table}.${failure.column} of record ${failure.recordId}: ${failure.reason}`);
				if (!report.retired) {
					throw new CommandError(
						`${report.remaining} value(s) still use the previous key ${report.previousIds.join(', ')}, so it is kept in ${path.join(cfg.dataDir, 'data.key.previous')}. ` +
							'Run keys rotate again (values changed meanwhile are picked up); unreadable values have to be restored or erased first.'
					);
				}
				say(`Retired the previous key ${report.previousIds.join(', ')}: every value is under ${report.currentId}.`);
				if (cfg.SAMVERKAN_DATA_KEY) say('Keep the new SAMVERKAN_DATA_KEY backed up apart from the database.');
				else say(`Back up the new ${keySource} now, apart from the database.`);
			} finally {
				await handle.destroy();
			}
		}
	},

	pii: {
		usage: 'pii scan [--lines]',
		summary:
			'Find personal data in the text on stdin; prints {"findings":[…]} (--lines: one JSON string in, one result out, per line).',
		async run(args) {
			const { values, positionals } = parseArgs({
				args,
				options: { lines: { type: 'boolean', default: false } },
				allowPositionals: true,
				strict: true
			});
			if (positionals.length !== 1 || positionals[0] !== 'scan')
				throw new UsageError('pii has one subcommand: pii scan [--lines]');
			const { scanSync, PiiScanError } = await import('#lib/server/pii/scan.ts');
			let input = '';
			process.stdin.setEncoding('utf8');
			for await (const chunk of process.stdin) input += chunk;
			const texts: string[] = [];
			if (values.lines) {
				const lines = input.split(/\r?\n/);
				if (lines.at(-1) === '') lines.pop();
				lines.forEach((line, index) => {
					let text: unknown;
					try {
						text = JSON.parse(line);
					} catch {
						text = undefined;
					}
					if (typeof text !== 'string')
						throw new CommandError(`Line ${index + 1} is not a JSON-encoded string; nothing was printed.`);
					texts.push(text);
				});
			} else texts.push(input);
			// Everything is scanned before anything is printed: a failing detector must not leave a
			// partial answer that looks like "the rest is clean" (the guard fails closed).
			let results: string[];
			try {
				results = texts.map((text) => JSON.stringify(scanSync(text)));
			} catch (error) {
				if (error instanceof PiiScanError) throw new CommandError(`${error.message} Nothing was printed.`);
				throw error;
			}
			process.stdout.write(results.map((line) => line + '\n').join(''));
		}
	}
};

async function main(argv: string[]): Promise<number> {
	const [name = 'help', ...args] = argv;
	const command = commands[name === '--help' || name === '-h' ? 'help' : name];
	if (!command) {
		say(`Unknown command "${name}". Run: npm run -s cli -- help`);
		return 2;
	}
	try {
		await command.run(args);
		return 0;
	} catch (error) {
		if (
			error instanceof UsageError ||
			(error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
		) {
			say(`${error.message}\nUsage: npm run -s cli -- ${command.usage}`);
			return 2;
		}
		if (error instanceof CommandError) {
			say(error.message);
			return 1;
		}
		say(`Failed: ${error instanceof Error ? error.message : String(error)}`);
		return 1;
	}
}

process.exitCode = await main(process.argv.slice(2));
