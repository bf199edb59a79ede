import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Field encryption at rest: AES-256-GCM with a random 96-bit nonce per value. The associated data
 * binds a ciphertext to where it belongs (network, table, record, column), so a value copied to
 * another row or network does not decrypt. Stored as compact text that names its key:
 *
 *     v1.<keyId>.<nonce, base64url>.<ciphertext + 16-byte tag, base64url>
 *
 * keyId is the first 8 hex digits of SHA-256(key): it tells which key of the keyring to use while a
 * rotation is under way, without revealing anything useful about the key.
 */

export const DATA_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_VERSION = 'v1';
const storedPattern = /^v1\.([0-9a-f]{8})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;

export interface DataKey {
	readonly id: string;
	readonly key: Buffer;
}

/** The key new values are encrypted with, plus older keys that are still readable during a rotation. */
export interface Keyring {
	readonly current: DataKey;
	readonly previous: readonly DataKey[];
}

export type FieldDecryptionFailure = 'malformed' | 'unknown_key' | 'authentication_failed';

/**
 * A stored value that cannot be decrypted. Decryption never returns garbage: a wrong key, a changed
 * byte or a value moved to another row all end here.
 */
export class FieldDecryptionError extends Error {
	readonly reason: FieldDecryptionFailure;
	readonly keyId: string | undefined;

	constructor(reason: FieldDecryptionFailure, message: string, keyId?: string) {
		super(message);
		this.name = 'FieldDecryptionError';
		this.reason = reason;
		this.keyId = keyId;
	}
}

export function keyIdOf(key: Buffer): string {
	return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function generateDataKey(): Buffer {
	return randomBytes(DATA_KEY_BYTES);
}

function dataKey(key: Buffer): DataKey {
	if (key.length !== DATA_KEY_BYTES) throw new Error(`A data key must be ${DATA_KEY_BYTES} bytes, not ${key.length}.`);
	return { id: keyIdOf(key), key: Buffer.from(key) };
}

/** Builds a keyring; previous keys equal to the current one (or to each other) are dropped. */
export function createKeyring(current: Buffer, previous: readonly Buffer[] = []): Keyring {
	const currentKey = dataKey(current);
	const byId = new Map<string, DataKey>();
	for (const buffer of previous) {
		const key = dataKey(buffer);
		if (key.id === currentKey.id || byId.has(key.id)) {
			const other = key.id === currentKey.id ? currentKey : byId.get(key.id)!;
			// Two different keys with one id would make the id ambiguous (a 1 in 4 billion chance).
			if (!other.key.equals(key.key)) throw new Error(`Two different data keys share the id ${key.id}.`);
			continue;
		}
		byId.set(key.id, key);
	}
	return { current: currentKey, previous: [...byId.values()] };
}

export function keyringIds(keyring: Keyring): string[] {
	return [keyring.current.id, ...keyring.previous.map((key) => key.id)];
}

/** The key id a stored value was encrypted with, or undefined when it is not in the stored format. */
export function keyIdOfStored(stored: string): string | undefined {
	return storedPattern.exec(stored)?.[1];
}

export function encryptField(keyring: Keyring, value: string, associatedData: string): string {
	const { id, key } = keyring.current;
	const nonce = randomBytes(NONCE_BYTES);
	const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
	cipher.setAAD(Buffer.from(associatedData, 'utf8'));
	const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]);
	return `${FORMAT_VERSION}.${id}.${nonce.toString('base64url')}.${sealed.toString('base64url')}`;
}

export function decryptField(keyring: Keyring, stored: string, associatedData: string): string {
	const match = storedPattern.exec(stored);
	if (!match) throw new FieldDecryptionError('malformed', 'The stored value is not an encrypted field (v1 format).');
	const [, keyId, nonceText, sealedText] = match;
	const key = keyring.current.id === keyId ? keyring.current : keyring.previous.find((k) => k.id === keyId);
	if (!key) {
		throw new FieldDecryptionError(
			'unknown_key',
			`The value was encrypted with data key ${keyId}, which is not loaded (loaded: ${keyringIds(keyring).join(', ')}). ` +
				'Restore that key (data.key or data.key.previous, see docs/operations.md "Encryption keys").',
			keyId
		);
	}
	const nonce = Buffer.from(nonceText, 'base64url');
	const sealed = Buffer.from(sealedText, 'base64url');
	// Base64url that does not round-trip (stray bits in the last character) counts as tampering too.
	if (
		nonce.length !== NONCE_BYTES ||
		sealed.length < TAG_BYTES ||
		nonce.toString('base64url') !== nonceText ||
		sealed.toString('base64url') !== sealedText
	) {
		throw new FieldDecryptionError('malformed', 'The stored value is damaged.', keyId);
	}
	const decipher = createDecipheriv('aes-256-gcm', key.key, nonce, { authTagLength: TAG_BYTES });
	decipher.setAAD(Buffer.from(associatedData, 'utf8'));
	decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
	try {
		return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString(
			'utf8'
		);
	} catch {
		throw new FieldDecryptionError(
			'authentication_failed',
			'The stored value does not authenticate: it was changed, or belongs to another record, column or network.',
			keyId
		);
	}
}
