import { describe, expect, it } from 'vitest';
import {
	createKeyring,
	decryptField,
	encryptField,
	FieldDecryptionError,
	generateDataKey,
	keyIdOf,
	keyIdOfStored
} from './crypto.ts';

const ad = 'network-1:consultation:42:question_encrypted';

function failure(run: () => unknown): FieldDecryptionError {
	try {
		run();
	} catch (error) {
		if (error instanceof FieldDecryptionError) return error;
		throw error;
	}
	throw new Error('expected a FieldDecryptionError');
}

describe('field encryption', () => {
	const keyring = createKeyring(generateDataKey());

	it('round-trips text, including empty strings and non-Latin letters', () => {
		for (const value of ['', 'Flickan, 15 år, berättar om kontroll hemma.', 'ÆØÅ æøå – جميلة 🙂']) {
			expect(decryptField(keyring, encryptField(keyring, value, ad), ad)).toBe(value);
		}
	});

	it('uses a fresh nonce for every value and names the key', () => {
		const a = encryptField(keyring, 'same text', ad);
		const b = encryptField(keyring, 'same text', ad);
		expect(a).not.toBe(b);
		expect(a).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
		expect(keyIdOfStored(a)).toBe(keyring.current.id);
		expect(a).not.toContain('same');
	});

	it('rejects a value moved to another record, column or network', () => {
		const stored = encryptField(keyring, 'secret', ad);
		for (const other of [
			'network-2:consultation:42:question_encrypted',
			'network-1:consultation:43:question_encrypted',
			'network-1:consultation:42:log_encrypted'
		]) {
			expect(failure(() => decryptField(keyring, stored, other)).reason).toBe('authentication_failed');
		}
	});

	it('rejects every single changed character', () => {
		const stored = encryptField(keyring, 'a short text', ad);
		const body = stored.lastIndexOf('.') + 1;
		for (let i = stored.indexOf('.', 3) + 1; i < stored.length; i++) {
			if (i === body - 1) continue;
			const replacement = stored[i] === 'A' ? 'B' : 'A';
			const tampered = stored.slice(0, i) + replacement + stored.slice(i + 1);
			expect(['authentication_failed', 'malformed']).toContain(
				failure(() => decryptField(keyring, tampered, ad)).reason
			);
		}
		expect(failure(() => decryptField(keyring, stored.slice(0, -1), ad)).reason).toMatch(/malformed|authentication/);
	});

	it('names an unknown key clearly', () => {
		const other = createKeyring(generateDataKey());
		const stored = encryptField(other, 'text', ad);
		const error = failure(() => decryptField(keyring, stored, ad));
		expect(error.reason).toBe('unknown_key');
		expect(error.keyId).toBe(other.current.id);
		expect(error.message).toContain(other.current.id);
		expect(error.message).toContain('not loaded');
	});

	it('rejects text that is not an encrypted value', () => {
		expect(failure(() => decryptField(keyring, 'plain text', ad)).reason).toBe('malformed');
		expect(failure(() => decryptField(keyring, 'v2.abcdef01.x.y', ad)).reason).toBe('malformed');
	});

	it('reads values under a previous key and writes under the current one', () => {
		const oldKey = generateDataKey();
		const before = createKeyring(oldKey);
		const stored = encryptField(before, 'old text', ad);
		const during = createKeyring(generateDataKey(), [oldKey]);
		expect(decryptField(during, stored, ad)).toBe('old text');
		expect(keyIdOfStored(encryptField(during, 'new text', ad))).toBe(during.current.id);
		expect(during.previous.map((k) => k.id)).toEqual([keyIdOf(oldKey)]);
	});

	it('drops duplicates of the current key from the previous keys and refuses short keys', () => {
		const key = generateDataKey();
		expect(createKeyring(key, [key, Buffer.from(key)]).previous).toEqual([]);
		expect(() => createKeyring(Buffer.alloc(16))).toThrow(/32 bytes/);
	});
});
