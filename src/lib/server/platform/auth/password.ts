import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * Password hashing with argon2id from Node's own crypto, stored as a PHC string so parameters can
 * be raised later without breaking existing hashes. Parameters follow OWASP's argon2id minimum
 * (19 MiB, 2 passes, 1 lane).
 */
const PARAMETERS = { memory: 19_456, passes: 2, parallelism: 1, tagLength: 32 } as const;

function derive(
	password: string,
	salt: Buffer,
	params: { memory: number; passes: number; parallelism: number; tagLength: number }
): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		argon2('argon2id', { message: password.normalize('NFKC'), nonce: salt, ...params }, (error, key) =>
			error ? reject(error) : resolve(key)
		);
	});
}

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt, PARAMETERS);
	const { memory, passes, parallelism } = PARAMETERS;
	return `$argon2id$v=19$m=${memory},t=${passes},p=${parallelism}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
	const match = PHC.exec(hash);
	if (!match) return false;
	const [, memory, passes, parallelism, salt, expected] = match;
	const expectedKey = Buffer.from(expected, 'base64url');
	const key = await derive(password, Buffer.from(salt, 'base64url'), {
		memory: Number(memory),
		passes: Number(passes),
		parallelism: Number(parallelism),
		tagLength: expectedKey.length
	});
	return key.length === expectedKey.length && timingSafeEqual(key, expectedKey);
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

// 49 000 common and breached passwords, maintained by the zxcvbn-ts project.
const commonPasswords = new Set((dictionary['passwords-common'] as string[]).map((entry) => entry.toLowerCase()));

export type PasswordProblem =
	| 'password_too_short'
	| 'password_too_long'
	| 'password_common'
	| 'password_contains_email'
	| 'password_contains_network';

/**
 * NIST 800-63B rules: length, no composition rules, and no password that is common or built from
 * what an attacker knows about the account (its e-mail address, the network's name).
 */
export function checkPasswordPolicy(
	password: string,
	context: { email?: string | null; networkNames?: string[] } = {}
): PasswordProblem | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN_LENGTH) return 'password_too_short';
	if (length > PASSWORD_MAX_LENGTH) return 'password_too_long';
	const lower = password.toLowerCase();
	if (commonPasswords.has(lower)) return 'password_common';
	const email = context.email?.trim().toLowerCase();
	if (email) {
		const localPart = email.split('@')[0];
		if (lower.includes(email) || (localPart.length >= 4 && lower.includes(localPart))) {
			return 'password_contains_email';
		}
	}
	for (const name of context.networkNames ?? []) {
		const compact = name.trim().toLowerCase();
		if (compact.length >= 4 && lower.includes(compact)) return 'password_contains_network';
	}
	return null;
}
