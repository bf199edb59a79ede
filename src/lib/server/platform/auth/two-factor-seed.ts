import { createHash, randomInt, randomUUID } from 'node:crypto';
import { generateRandomString, symmetricEncrypt } from 'better-auth/crypto';
import type { Kysely } from 'kysely';
import * as OTPAuth from 'otpauth';
import type { Database } from '../db/schema.ts';

/**
 * Enrols TOTP two-factor for a user directly in the database, writing exactly what better-auth's
 * enableTwoFactor + verifyTOTP leave behind: a verified `twoFactor` row whose secret and backup codes
 * are encrypted with XChaCha20-Poly1305 under SHA-256(app secret), and `user.twoFactorEnabled`.
 * For the demo data and the end-to-end tests only: a real person always enrols through the account
 * page, so that they prove they hold the secret.
 */

const BACKUP_CODE_COUNT = 10;
const BACKUP_CODE_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export interface SeededTwoFactor {
	/** The secret in base32, as an authenticator app shows it and `totpCode()` accepts it. */
	totpSecret: string;
	/** Single-use backup codes in better-auth's `abcde-12345` form. */
	backupCodes: string[];
}

function backupCode(): string {
	let code = '';
	for (let i = 0; i < 10; i++) code += BACKUP_CODE_ALPHABET[randomInt(BACKUP_CODE_ALPHABET.length)];
	return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * `options.stableSeed` derives the TOTP secret from the seed instead of chance, so the demo's people
 * keep the same authenticator entries each time the demo database is rebuilt.
 */
export async function enrolTwoFactor(
	db: Kysely<Database>,
	appSecret: string,
	userId: string,
	options: { stableSeed?: string } = {}
): Promise<SeededTwoFactor> {
	// better-auth uses a 32-character random string as the key, read as UTF-8 bytes by its TOTP code.
	const rawSecret = options.stableSeed
		? createHash('sha256').update(options.stableSeed).digest('base64url').slice(0, 32)
		: generateRandomString(32);
	const backupCodes = Array.from({ length: BACKUP_CODE_COUNT }, backupCode);
	const secret = await symmetricEncrypt({ key: appSecret, data: rawSecret });
	const encryptedCodes = await symmetricEncrypt({ key: appSecret, data: JSON.stringify(backupCodes) });
	const write = async (trx: Kysely<Database>) => {
		await trx.deleteFrom('twoFactor').where('userId', '=', userId).execute();
		await trx
			.insertInto('twoFactor')
			.values({
				id: randomUUID(),
				secret,
				backupCodes: encryptedCodes,
				userId,
				verified: 1,
				failedVerificationCount: 0,
				lockedUntil: null
			})
			.execute();
		await trx.updateTable('user').set({ twoFactorEnabled: 1 }).where('id', '=', userId).execute();
	};
	// Inside the caller's transaction (the demo seeds everything in one) or in one of its own.
	if (db.isTransaction) await write(db);
	else await db.transaction().execute(write);
	return { totpSecret: OTPAuth.Secret.fromUTF8(rawSecret).base32, backupCodes };
}

/** The otpauth:// URI an authenticator app can import (or show as a QR code). */
export function totpUri(totpSecret: string, account: string, issuer = 'Samverkan'): string {
	return new OTPAuth.TOTP({ issuer, label: account, secret: OTPAuth.Secret.fromBase32(totpSecret) }).toString();
}
