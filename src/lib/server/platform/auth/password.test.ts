import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password.ts';

describe('password hashing', () => {
	it('stores argon2id hashes that verify the right password and reject a wrong one', async () => {
		const hash = await hashPassword('korrekt häst batteri häftklammer');
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword(hash, 'korrekt häst batteri häftklammer')).toBe(true);
		expect(await verifyPassword(hash, 'korrekt häst batteri häftklammeR')).toBe(false);
	});

	it('salts every hash differently', async () => {
		expect(await hashPassword('samma lösenord igen')).not.toBe(await hashPassword('samma lösenord igen'));
	});

	it('rejects hashes it does not understand instead of throwing', async () => {
		expect(await verifyPassword('plain-text', 'plain-text')).toBe(false);
	});
});

describe('password policy', () => {
	it('requires 12 characters and accepts up to 256, with no composition rules', () => {
		expect(checkPasswordPolicy('kort lösen')).toBe('password_too_short');
		expect(checkPasswordPolicy('alla små bokstäver här')).toBeNull();
		expect(checkPasswordPolicy('x'.repeat(256))).toBeNull();
		expect(checkPasswordPolicy('x'.repeat(257))).toBe('password_too_long');
	});

	it('counts characters, not bytes or UTF-16 units', () => {
		expect(checkPasswordPolicy('åäöåäöåäö🙂🙂🙂')).toBeNull();
	});

	it('rejects passwords on the common-password list, whatever their case', () => {
		expect(checkPasswordPolicy('123456789012')).toBe('password_common');
		expect(checkPasswordPolicy('Qwertyuiop123')).toBe('password_common');
	});

	it("rejects passwords containing the user's e-mail or the network's name", () => {
		expect(checkPasswordPolicy('anna.svensson@kommun.se!', { email: 'Anna.Svensson@kommun.se' })).toBe(
			'password_contains_email'
		);
		expect(checkPasswordPolicy('mitt anna.svensson 2026', { email: 'anna.svensson@kommun.se' })).toBe(
			'password_contains_email'
		);
		expect(checkPasswordPolicy('kompetensteamet norrbotten', { networkNames: ['Kompetensteamet Norrbotten'] })).toBe(
			'password_contains_network'
		);
	});
});
