import { symmetricDecrypt } from 'better-auth/crypto';
import type { Kysely } from 'kysely';
import * as OTPAuth from 'otpauth';
import type { Database } from '../db/schema.ts';
import type { Auth } from './better-auth.ts';
import { claimTotpStep, findEncryptedTotpSecret } from './two-factor-repository.ts';

/**
 * A TOTP code works once (RFC 6238 §5.2). better-auth accepts a code of the current 30-second step
 * and of one step either side, as often as it is sent, so a code seen over someone's shoulder or in
 * a proxy log would sign in again for up to 90 seconds. Before better-auth checks a code, we find
 * the step it belongs to and record that step as used, refusing it when that step or a later one
 * was used already. Every place that accepts a TOTP code (sign-in, enrolment, any step-up) calls
 * `spendTotpCode` first and goes on to better-auth only on 'fresh'.
 */

/** better-auth's TOTP settings (plugins/two-factor/totp): 6 digits, 30 s, SHA-1, one step either side. */
const PERIOD_SECONDS = 30;
const WINDOW = 1;

/** better-auth keeps imported secrets as `base32:<secret>`, its own as a string used as UTF-8 bytes. */
function secretOf(decrypted: string): OTPAuth.Secret {
	return decrypted.startsWith('base32:')
		? OTPAuth.Secret.fromBase32(decrypted.slice('base32:'.length).toUpperCase())
		: OTPAuth.Secret.fromUTF8(decrypted);
}

/**
 * The time step a code belongs to, within better-auth's window around `nowMs`; null when the code
 * matches none (better-auth will then refuse it as wrong, and count the failure).
 */
export function totpStepOf(secret: OTPAuth.Secret, code: string, nowMs: number): number | null {
	const totp = new OTPAuth.TOTP({ secret, period: PERIOD_SECONDS });
	const delta = totp.validate({ token: code, timestamp: nowMs, window: WINDOW });
	return delta === null ? null : totp.counter({ timestamp: nowMs }) + delta;
}

/**
 * 'fresh': the code is valid now and its step is recorded as used, so no other request gets it.
 * 'used': the code is valid but its step (or a later one) was used already — refuse it.
 * 'unmatched': no two-factor secret, or the code is not valid now — better-auth gives the answer.
 */
export async function spendTotpCode(
	deps: { auth: Auth; db: Kysely<Database> },
	userId: string,
	code: string
): Promise<'fresh' | 'used' | 'unmatched'> {
	const encrypted = await findEncryptedTotpSecret(deps.db, userId);
	if (!encrypted) return 'unmatched';
	const context = await deps.auth.$context;
	const secret = secretOf(await symmetricDecrypt({ key: context.secretConfig, data: encrypted }));
	// The clock better-auth checks the code against, not the request's `now`: the step must be the
	// one better-auth accepts the code for.
	const step = totpStepOf(secret, code, Date.now());
	if (step === null) return 'unmatched';
	return (await claimTotpStep(deps.db, userId, step)) ? 'fresh' : 'used';
}
