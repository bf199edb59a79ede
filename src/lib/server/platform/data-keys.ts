import { chmodSync, existsSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { config, ConfigError, DATA_KEY_FILE, decodeDataKey, loadDataKey, type Config } from './config.ts';
import { createKeyring, generateDataKey, keyIdOf, type Keyring } from './crypto.ts';
import { countValuesByKey, reencryptColumns, type RotationResult } from './encrypted-fields.ts';

/**
 * The data keys on disk. `data.key` (or SAMVERKAN_DATA_KEY) holds the current key; during a
 * rotation, `data.key.previous` holds the keys being replaced, one base64 key per line, so values not
 * yet re-encrypted stay readable. `keys rotate` deletes that file once no value uses those keys.
 */
export const PREVIOUS_KEYS_FILE = 'data.key.previous';

type KeyConfig = Pick<Config, 'dataDir' | 'SAMVERKAN_DATA_KEY'>;

function previousKeysFile(cfg: KeyConfig): string {
	return path.join(cfg.dataDir, PREVIOUS_KEYS_FILE);
}

export function readPreviousKeys(cfg: KeyConfig): Buffer[] {
	const file = previousKeysFile(cfg);
	if (!existsSync(file)) return [];
	return readFileSync(file, 'utf8')
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line && !line.startsWith('#'))
		.map((line, index) => {
			const key = decodeDataKey(line);
			if (!key) throw new ConfigError(`Line ${index + 1} of ${file} is not the base64 of a 32-byte key.`);
			return key;
		});
}

export function loadKeyring(cfg: KeyConfig): Keyring {
	return createKeyring(loadDataKey(cfg).key, readPreviousKeys(cfg));
}

/** Writes a key file so that a crash leaves either the old or the new content, never half of it. */
function writeKeyFile(file: string, keys: Buffer[]): void {
	const temporary = `${file}.${process.pid}.tmp`;
	writeFileSync(temporary, keys.map((key) => key.toString('base64') + '\n').join(''), { mode: 0o600 });
	chmodSync(temporary, 0o600);
	renameSync(temporary, file);
}

export interface RotationStart {
	/** True when a new key was made now; false when an unfinished rotation is picked up again. */
	started: boolean;
	currentId: string;
	previousIds: string[];
}

export class KeyRotationError extends Error {}

/**
 * Starts a rotation, or resumes an unfinished one: when data.key.previous still holds a key other
 * than the current one, the rotation that wrote it has not finished and the same current key is
 * kept. Otherwise a new key becomes current and the old one moves to data.key.previous — in that
 * order, so a crash in between leaves the old key current and nothing unreadable.
 */
export function startRotation(cfg: KeyConfig): RotationStart {
	const { key: currentKey, source, file } = loadDataKey(cfg);
	const previous = readPreviousKeys(cfg);
	const pending = previous.filter((key) => !key.equals(currentKey));
	if (pending.length) {
		return { started: false, currentId: keyIdOf(currentKey), previousIds: pending.map(keyIdOf) };
	}
	if (source === 'environment') {
		throw new KeyRotationError(
			'SAMVERKAN_DATA_KEY is set, so the new key has to come from you:\n' +
				'  1. npm run -s cli -- keys generate   (prints a new key)\n' +
				`  2. put the CURRENT key on a line of ${previousKeysFile(cfg)} (mode 600)\n` +
				'  3. set SAMVERKAN_DATA_KEY to the new key everywhere the app runs, and restart it\n' +
				'  4. npm run -s cli -- keys rotate       (re-encrypts, then deletes the previous-keys file)'
		);
	}
	const next = generateDataKey();
	writeKeyFile(previousKeysFile(cfg), [...previous, currentKey]);
	writeKeyFile(file, [next]);
	return { started: true, currentId: keyIdOf(next), previousIds: [keyIdOf(currentKey)] };
}

/** Forgets the previous keys: call only when no stored value uses them any more. */
export function retirePreviousKeys(cfg: KeyConfig): void {
	const file = previousKeysFile(cfg);
	if (existsSync(file)) unlinkSync(file);
}

let cached: { keyring: Keyring; stamp: string } | undefined;

function fileStamp(file: string): string {
	try {
		const stat = statSync(file);
		return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
	} catch {
		return '-';
	}
}

/**
 * The keyring of this process, for services that encrypt and decrypt fields. It re-reads the key
 * files when they change, so a running app follows `keys rotate` (new values under the new key, old
 * ones still readable) without a restart; the stat calls cost microseconds.
 */
export function dataKeyring(cfg: KeyConfig = config()): Keyring {
	const current = cfg.SAMVERKAN_DATA_KEY ? 'env' : fileStamp(path.join(cfg.dataDir, DATA_KEY_FILE));
	const stamp = `${cfg.dataDir}|${current}|${fileStamp(previousKeysFile(cfg))}`;
	if (!cached || cached.stamp !== stamp) cached = { keyring: loadKeyring(cfg), stamp };
	return cached.keyring;
}

export interface RotationReport extends RotationStart {
	result: RotationResult;
	/** Values still under a previous key (changed meanwhile, or unreadable); the keys stay until 0. */
	remaining: number;
	retired: boolean;
}

/**
 * `keys rotate`: a new current key (or the unfinished rotation's), every registered value re-encrypted
 * under it, then the previous keys deleted — only when no value uses them any more. Safe to run again
 * after a crash at any point.
 */
export async function rotateDataKeys(
	db: Parameters<typeof reencryptColumns>[0],
	cfg: KeyConfig,
	options: Parameters<typeof reencryptColumns>[2] & { settleMs?: number } = {}
): Promise<RotationReport> {
	const start = startRotation(cfg);
	const keyring = loadKeyring(cfg);
	const result = await reencryptColumns(db, keyring, options);
	if (options.settleMs) {
		// A request that read the key files just before the switch may still be saving a value under
		// the old key: wait for it, then pick such values up before the old key is deleted.
		await new Promise((resolve) => setTimeout(resolve, options.settleMs));
		const late = await reencryptColumns(db, keyring, { ...options, onBatch: undefined });
		result.reencrypted += late.reencrypted;
		result.changedMeanwhile = late.changedMeanwhile;
		result.failures = late.failures;
	}
	const previousIds = new Set(keyring.previous.map((key) => key.id));
	const usage = await countValuesByKey(db, options.specs);
	const remaining = usage.filter((row) => row.keyId && previousIds.has(row.keyId)).reduce((n, row) => n + row.count, 0);
	if (remaining === 0) retirePreviousKeys(cfg);
	return { ...start, result, remaining, retired: remaining === 0 };
}
