import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const DATA_KEY_BYTES = 32;

/** The 32 bytes of a base64 (or base64url) data key, or undefined when it is not exactly that. */
export function decodeDataKey(text: string): Buffer | undefined {
	const trimmed = text.trim();
	if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) return undefined;
	const key = Buffer.from(trimmed, 'base64');
	return key.length === DATA_KEY_BYTES ? key : undefined;
}

/**
 * The whole configuration of an installation, read from the environment once and validated, so a
 * typo stops the start with a message that names the variable instead of failing later.
 */
const environmentSchema = z.object({
	PORT: z.coerce
		.number({ message: 'must be a port number between 1 and 65535' })
		.int('must be a port number between 1 and 65535')
		.min(1, 'must be a port number between 1 and 65535')
		.max(65535, 'must be a port number between 1 and 65535')
		.default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	ORIGIN: z
		.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL such as https://samverkan.example.org' })
		.optional(),
	SAMVERKAN_DATA_DIR: z.string().min(1).default('./data'),
	DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// URL' }).optional(),
	SMTP_URL: z.url({ protocol: /^smtps?$/, message: 'must be an smtp:// or smtps:// URL' }).optional(),
	MAIL_FROM: z.email({ message: 'must be an e-mail address' }).default('samverkan@localhost'),
	TRUSTED_PROXY_HEADER: z
		.string()
		.regex(/^[A-Za-z0-9-]+$/, 'must be a header name such as X-Forwarded-For')
		.optional(),
	TRUSTED_PROXY_COUNT: z.coerce.number().int().min(1).max(10).default(1),
	/** Where a trusted proxy says which protocol and host the visitor used (decision 014). */
	TRUSTED_PROTOCOL_HEADER: z
		.string()
		.regex(/^[A-Za-z0-9-]+$/, 'must be a header name such as X-Forwarded-Proto')
		.optional(),
	TRUSTED_HOST_HEADER: z
		.string()
		.regex(/^[A-Za-z0-9-]+$/, 'must be a header name such as X-Forwarded-Host')
		.optional(),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	SAMVERKAN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
	/** The key for encrypted fields; kept in $SAMVERKAN_DATA_DIR/data.key when not set. */
	SAMVERKAN_DATA_KEY: z
		.string()
		.trim()
		.refine(
			(value) => decodeDataKey(value) !== undefined,
			'must be the base64 of exactly 32 random bytes (44 characters); make one with: npm run -s cli -- keys generate'
		)
		.optional(),
	/**
	 * Where the quick-exit button leads on every public page; unset, a weather site in the page's
	 * language, and a network's own choice wins (docs/decisions/019-public-languages.md).
	 */
	QUICK_EXIT_URL: z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' }).optional()
});

export type Environment = z.infer<typeof environmentSchema>;

export interface Config extends Omit<Environment, 'SAMVERKAN_SECRET'> {
	dataDir: string;
	database: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };
	/** Secret for session signing and field encryption; kept in the data dir when not configured. */
	secret: string;
}

export class ConfigError extends Error {}

/** Turns zod's issues into one line per variable, for a human reading a start-up log. */
function describeIssues(error: z.ZodError): string {
	return error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`).join('\n');
}

function readOrCreateSecret(dataDir: string): string {
	const file = path.join(dataDir, 'secret.key');
	if (existsSync(file)) return readFileSync(file, 'utf8').trim();
	mkdirSync(dataDir, { recursive: true });
	const secret = randomBytes(32).toString('base64url');
	writeFileSync(file, secret + '\n', { mode: 0o600 });
	chmodSync(file, 0o600);
	return secret;
}

export function parseConfig(env: Record<string, string | undefined>): Config {
	// Empty variables (FOO= in a compose file) mean "not set", not "set to the empty string".
	const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
	const parsed = environmentSchema.safeParse(cleaned);
	if (!parsed.success) {
		throw new ConfigError(`Invalid configuration:\n${describeIssues(parsed.error)}`);
	}
	const { SAMVERKAN_SECRET, ...values } = parsed.data;
	// Mails and scheduled jobs write links without a request to read a forwarded host from.
	const trusted = (['TRUSTED_PROTOCOL_HEADER', 'TRUSTED_HOST_HEADER'] as const).find((name) => values[name]);
	if (trusted && !values.ORIGIN) {
		throw new ConfigError(
			`Invalid configuration:\n  ORIGIN: must be set when ${trusted} is: it is the address mailed links point to`
		);
	}
	const dataDir = path.resolve(values.SAMVERKAN_DATA_DIR);
	return {
		...values,
		dataDir,
		database: values.DATABASE_URL
			? { dialect: 'postgres', url: values.DATABASE_URL }
			: { dialect: 'sqlite', file: path.join(dataDir, 'samverkan.db') },
		secret: SAMVERKAN_SECRET ?? readOrCreateSecret(dataDir)
	};
}

export const DATA_KEY_FILE = 'data.key';

/**
 * The current key for encrypted fields: SAMVERKAN_DATA_KEY when set, else the key in
 * $SAMVERKAN_DATA_DIR/data.key, created (mode 0600) on first start. Created exclusively, so two
 * processes starting at once cannot each write a different key.
 */
export function loadDataKey(cfg: Pick<Config, 'dataDir' | 'SAMVERKAN_DATA_KEY'>): {
	key: Buffer;
	source: 'environment' | 'file';
	file: string;
} {
	const file = path.join(cfg.dataDir, DATA_KEY_FILE);
	if (cfg.SAMVERKAN_DATA_KEY) {
		const key = decodeDataKey(cfg.SAMVERKAN_DATA_KEY);
		if (!key) throw new ConfigError('Invalid configuration:\n  SAMVERKAN_DATA_KEY: must be the base64 of 32 bytes');
		return { key, source: 'environment', file };
	}
	if (!existsSync(file)) {
		mkdirSync(cfg.dataDir, { recursive: true });
		try {
			writeFileSync(file, randomBytes(DATA_KEY_BYTES).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
			chmodSync(file, 0o600);
		} catch (error) {
			// Another process created it a moment ago: use that one.
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
	}
	const key = decodeDataKey(readFileSync(file, 'utf8'));
	if (!key) {
		throw new ConfigError(
			`The data key file ${file} is damaged: it must hold the base64 of 32 bytes. Restore it from your key backup (docs/operations.md, "Encryption keys").`
		);
	}
	return { key, source: 'file', file };
}

let current: Config | undefined;

/** The configuration of this process, parsed on first use. */
export function config(): Config {
	current ??= parseConfig(process.env);
	return current;
}

/** Tests and the CLI set their own configuration before anything reads it. */
export function setConfig(next: Config): void {
	current = next;
}
