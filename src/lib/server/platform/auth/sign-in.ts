import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { isAPIError } from 'better-auth/api';
import type { Kysely } from 'kysely';
import QRCode from 'qrcode';
import { recordAudit, type AuditOutcome } from '../audit.ts';
import type { Actor, Locale } from '../context.ts';
import type { Database } from '../db/schema.ts';
import type { Role } from '../../../roles.ts';
import { roleRequiresTwoFactor } from '../permissions.ts';
import type { Auth } from './better-auth.ts';
import { checkPasswordPolicy } from './password.ts';
import {
	accountKey,
	addressKey,
	clearFailures,
	lockState,
	policies,
	recordFailure,
	type ThrottlePolicy
} from './throttle.ts';
import { spendTotpCode } from './totp-once.ts';
import { deleteSessionsOfUser, findUserByEmail, findUserById, setUserLocale, setUserName } from './user-repository.ts';
import { findResetTokenUser, findTwoFactorChallengeUser } from './verification-repository.ts';

/**
 * The sign-in service: better-auth does the cryptography (password hashes, sessions, TOTP, reset
 * tokens); this module adds what it lacks for Samverkan — lockout kept in the database (so it holds
 * across app instances and applies to addresses with no account), the audit log, our password
 * policy, and answers that never tell whether an e-mail address has an account.
 *
 * Every function takes what it needs explicitly, so it runs the same from a form action and from a
 * test. In the app the `sveltekitCookies` plugin forwards better-auth's cookies to the response;
 * the `headers` returned here carry the same Set-Cookie lines for callers without SvelteKit.
 */
/**
 * The networks a person belongs to and their role in each. The networks module answers this; it is
 * passed in because the platform imports no module (docs/architecture.md).
 */
export type MembershipsOf = (
	db: Kysely<Database>,
	userId: string
) => Promise<{ network: { name: string }; role: Role }[]>;

export interface SignInDeps {
	auth: Auth;
	db: Kysely<Database>;
	membershipsOf: MembershipsOf;
	/** The incoming request's headers: its cookies identify the session or the pending challenge. */
	headers: Headers;
	clientAddress: string | null;
	requestId: string | null;
	now: Date;
}

export type AuthFailure = { ok: false; error: string; field?: string; retryAfterMinutes?: number };
export type AuthResult<T> = { ok: true; value: T } | AuthFailure;

/** The person acting on their own account. */
export type AccountActor = Pick<Actor, 'userId' | 'email'>;

const ok = <T>(value: T): AuthResult<T> => ({ ok: true, value });
const fail = (error: string, field?: string): AuthFailure =>
	field ? { ok: false, error, field } : { ok: false, error };

/** Header through which better-auth learns the client address (advanced.ipAddress in better-auth.ts). */
export const CLIENT_ADDRESS_HEADER = 'x-samverkan-client-address';

/**
 * Only what better-auth needs from the browser's request: its cookies, its user agent (stored on the
 * session) and the client address as we determined it — never a client-supplied address header.
 */
function authHeaders(deps: Pick<SignInDeps, 'headers' | 'clientAddress'>): Headers {
	const headers = new Headers();
	const cookie = deps.headers.get('cookie');
	if (cookie) headers.set('cookie', cookie);
	const userAgent = deps.headers.get('user-agent');
	if (userAgent) headers.set('user-agent', userAgent);
	if (deps.clientAddress) headers.set(CLIENT_ADDRESS_HEADER, deps.clientAddress);
	return headers;
}

function errorCode(error: unknown): string | null {
	if (!isAPIError(error)) return null;
	const body = (error as { body?: { code?: unknown } }).body;
	return typeof body?.code === 'string' ? body.code : null;
}

async function audit(
	deps: SignInDeps,
	action: string,
	options: { actor?: string | null; user?: string | null; outcome?: AuditOutcome } = {}
): Promise<void> {
	await recordAudit(deps.db, {
		action,
		actorUserId: options.actor ?? null,
		entityType: options.user ? 'user' : null,
		entityId: options.user ?? null,
		outcome: options.outcome ?? 'success',
		clientAddress: deps.clientAddress,
		requestId: deps.requestId,
		at: deps.now
	});
}

function minutesUntil(until: Date | null, now: Date, policy: ThrottlePolicy): number {
	const ms = until ? until.getTime() - now.getTime() : policy.lockMs;
	return Math.max(1, Math.ceil(ms / 60_000));
}

function locked(minutes: number): AuthFailure {
	return { ok: false, error: 'auth_error_locked', retryAfterMinutes: minutes };
}

/** Sign-in keys: the account (by a hash of its e-mail, existing or not) and the client address. */
function signInKeys(deps: SignInDeps, email: string): { account: string; address: string } {
	return { account: accountKey(email), address: addressKey(deps.clientAddress) };
}

/** Refuses up front when the account or the address is locked; the same answer whether the account exists. */
async function checkLock(
	deps: SignInDeps,
	keys: { account: string; address: string },
	userId: string | null
): Promise<AuthFailure | null> {
	const state = await lockState(deps.db, [keys.account, keys.address], deps.now);
	if (!state.locked) return null;
	await audit(deps, 'signin.locked', { user: userId, outcome: 'denied' });
	return locked(minutesUntil(state.until, deps.now, policies.account));
}

/**
 * Counts a wrong password or code against the account and the address; when that locks either,
 * the answer is the lockout message right away.
 */
async function countFailure(
	deps: SignInDeps,
	keys: { account: string; address: string },
	action: string,
	userId: string | null,
	actor: string | null = null
): Promise<AuthFailure | null> {
	const accountLocked = await recordFailure(deps.db, keys.account, policies.account, deps.now);
	const addressLocked = await recordFailure(deps.db, keys.address, policies.address, deps.now);
	await audit(deps, action, { actor, user: userId, outcome: 'failure' });
	if (!accountLocked && !addressLocked) return null;
	await audit(deps, 'signin.lockout', { actor, user: userId, outcome: 'denied' });
	const policy = accountLocked ? policies.account : policies.address;
	return locked(minutesUntil(null, deps.now, policy));
}

// --- sign-in

export interface SignedIn {
	/** A code from the authenticator app is still needed (better-auth set its challenge cookie). */
	twoFactor: boolean;
	userId: string | null;
	headers: Headers;
}

/**
 * E-mail and password. Wrong password and unknown address give the same answer, in about the same
 * time (better-auth hashes the password for unknown addresses too), and lock out the same way.
 */
export async function signIn(
	deps: SignInDeps,
	input: { email: string; password: string }
): Promise<AuthResult<SignedIn>> {
	const email = input.email.trim().toLowerCase();
	const keys = signInKeys(deps, email);
	// Looked up for the audit entry only, for known and unknown addresses alike.
	const known = await findUserByEmail(deps.db, email);
	const lock = await checkLock(deps, keys, known?.id ?? null);
	if (lock) return lock;

	let result;
	try {
		result = await deps.auth.api.signInEmail({
			body: { email, password: input.password, rememberMe: true },
			headers: authHeaders(deps),
			returnHeaders: true
		});
	} catch (error) {
		const code = errorCode(error);
		if (code === 'INVALID_EMAIL_OR_PASSWORD' || code === 'INVALID_EMAIL' || code === 'PASSWORD_TOO_LONG') {
			return (await countFailure(deps, keys, 'signin.failed', known?.id ?? null)) ?? fail('auth_error_credentials');
		}
		throw error;
	}
	const response = result.response as { twoFactorRedirect?: boolean; user?: { id: string } };
	if (response.twoFactorRedirect) {
		// The failure count is cleared only once the second step succeeds: otherwise a correct password
		// would reset the budget for guessing codes.
		return ok({ twoFactor: true, userId: known?.id ?? null, headers: result.headers });
	}
	const userId = response.user?.id ?? known?.id ?? null;
	// Only the account's count is cleared: clearing the address would let one valid account reset
	// the budget of someone guessing other accounts from the same address.
	await clearFailures(deps.db, keys.account);
	await audit(deps, 'signin.success', { actor: userId, user: userId });
	return ok({ twoFactor: false, userId, headers: result.headers });
}

/** The name of better-auth's challenge cookie and the secret that signs it. */
async function challengeCookie(auth: Auth): Promise<{ name: string; secret: string }> {
	const context = await auth.$context;
	return { name: context.createAuthCookie('two_factor').name, secret: context.secret };
}

function readCookie(header: string | null, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const index = part.indexOf('=');
		if (index < 0) continue;
		if (part.slice(0, index).trim() !== name) continue;
		try {
			return decodeURIComponent(part.slice(index + 1).trim());
		} catch {
			return null;
		}
	}
	return null;
}

/** Checks better-call's cookie signature (`value.base64(HMAC-SHA256(secret, value))`). */
function unsign(signed: string, secret: string): string | null {
	const dot = signed.lastIndexOf('.');
	if (dot < 1) return null;
	const value = signed.slice(0, dot);
	const expected = createHmac('sha256', secret).update(value).digest();
	const given = Buffer.from(signed.slice(dot + 1), 'base64');
	return given.length === expected.length && timingSafeEqual(given, expected) ? value : null;
}

/** The person whose sign-in waits for a code, from better-auth's challenge cookie; null when none. */
export async function pendingTwoFactor(
	deps: Pick<SignInDeps, 'auth' | 'db' | 'headers' | 'now'>
): Promise<{ userId: string; email: string } | null> {
	const cookie = await challengeCookie(deps.auth);
	const signed = readCookie(deps.headers.get('cookie'), cookie.name);
	const challenge = signed ? unsign(signed, cookie.secret) : null;
	if (!challenge) return null;
	const userId = await findTwoFactorChallengeUser(deps.db, challenge, deps.now);
	const user = userId ? await findUserById(deps.db, userId) : undefined;
	return user ? { userId: user.id, email: user.email } : null;
}

export type SecondFactorMethod = 'totp' | 'backup';

/**
 * A valid code sent again (RFC 6238 §5.2, totp-once.ts). Not counted towards the lockout: whoever
 * sends it knows a valid code, guesses nothing, and may be the person themselves pressing twice.
 */
async function codeUsed(deps: SignInDeps, action: string, userId: string, actor: string | null = null) {
	await audit(deps, action, { actor, user: userId, outcome: 'denied' });
	return fail('auth_error_code_used', 'code');
}

/** Normalises what people type: spaces in "123 456" and around a pasted backup code. */
export function normaliseCode(code: string, method: SecondFactorMethod): string {
	return method === 'totp' ? code.replace(/[\s-]/g, '') : code.trim();
}

/**
 * The second step of sign-in: a code from the app or a backup code. Wrong codes count against the
 * account and address like wrong passwords (better-auth's own per-challenge limit stays as well).
 */
export async function verifySecondFactor(
	deps: SignInDeps,
	input: { code: string; method: SecondFactorMethod }
): Promise<AuthResult<{ userId: string; headers: Headers }>> {
	const pending = await pendingTwoFactor(deps);
	if (!pending) return fail('auth_error_two_factor_expired');
	const keys = signInKeys(deps, pending.email);
	const lock = await checkLock(deps, keys, pending.userId);
	if (lock) return lock;

	const code = normaliseCode(input.code, input.method);
	if (input.method === 'totp' && (await spendTotpCode(deps, pending.userId, code)) === 'used') {
		return codeUsed(deps, 'signin.two_factor_failed', pending.userId);
	}
	let result;
	try {
		const call = { body: { code }, headers: authHeaders(deps), returnHeaders: true as const };
		result =
			input.method === 'totp' ? await deps.auth.api.verifyTOTP(call) : await deps.auth.api.verifyBackupCode(call);
	} catch (error) {
		const errorKey = errorCode(error);
		if (errorKey === 'INVALID_CODE' || errorKey === 'INVALID_BACKUP_CODE') {
			const lockout = await countFailure(deps, keys, 'signin.two_factor_failed', pending.userId);
			return (
				lockout ?? fail(input.method === 'totp' ? 'auth_error_code_invalid' : 'auth_error_backup_code_invalid', 'code')
			);
		}
		if (errorKey === 'ACCOUNT_TEMPORARILY_LOCKED') {
			await audit(deps, 'signin.locked', { user: pending.userId, outcome: 'denied' });
			return locked(minutesUntil(null, deps.now, policies.account));
		}
		if (
			errorKey === 'TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE' ||
			errorKey === 'INVALID_TWO_FACTOR_COOKIE' ||
			errorKey === 'TOTP_NOT_ENABLED' ||
			errorKey === 'BACKUP_CODES_NOT_ENABLED'
		) {
			await audit(deps, 'signin.two_factor_failed', { user: pending.userId, outcome: 'failure' });
			return fail('auth_error_two_factor_expired');
		}
		throw error;
	}
	await clearFailures(deps.db, keys.account);
	await audit(deps, 'signin.success', { actor: pending.userId, user: pending.userId });
	return ok({ userId: pending.userId, headers: result.headers });
}

// --- sign-out

export async function signOut(deps: SignInDeps, actor: AccountActor | null): Promise<{ headers: Headers }> {
	const result = await deps.auth.api.signOut({ headers: authHeaders(deps), returnHeaders: true });
	if (actor) await audit(deps, 'signout', { actor: actor.userId, user: actor.userId });
	return { headers: result.headers };
}

/** Ends every session of the person, this one included (a lost phone, a shared computer). */
export async function signOutEverywhere(
	deps: SignInDeps,
	actor: AccountActor
): Promise<{ headers: Headers; ended: number }> {
	const ended = await deleteSessionsOfUser(deps.db, actor.userId);
	// The session is gone already; this expires the cookies in this browser.
	const result = await deps.auth.api.signOut({ headers: authHeaders(deps), returnHeaders: true });
	await audit(deps, 'signout.everywhere', { actor: actor.userId, user: actor.userId });
	return { headers: result.headers, ended };
}

// --- passwords

async function networkNamesOf(deps: Pick<SignInDeps, 'db' | 'membershipsOf'>, userId: string): Promise<string[]> {
	return (await deps.membershipsOf(deps.db, userId)).map((entry) => entry.network.name);
}

/**
 * Runs a better-auth call that confirms the person's password. A wrong password there counts like a
 * wrong password at sign-in: whoever holds a stolen session must not get to guess it freely.
 */
async function withPasswordConfirmation<T>(
	deps: SignInDeps,
	actor: AccountActor,
	action: string,
	field: string,
	call: () => Promise<T>
): Promise<AuthResult<T>> {
	const keys = signInKeys(deps, actor.email);
	const lock = await checkLock(deps, keys, actor.userId);
	if (lock) return lock;
	try {
		return ok(await call());
	} catch (error) {
		const code = errorCode(error);
		if (code === 'INVALID_PASSWORD' || code === 'PASSWORD_TOO_LONG') {
			const lockout = await countFailure(deps, keys, action, actor.userId, actor.userId);
			return lockout ?? fail('auth_error_password_wrong', field);
		}
		throw error;
	}
}

/** Changes the password; every other session ends (better-auth gives this one a new session). */
export async function changePassword(
	deps: SignInDeps,
	actor: AccountActor,
	input: { currentPassword: string; newPassword: string }
): Promise<AuthResult<{ headers: Headers }>> {
	const problem = checkPasswordPolicy(input.newPassword, {
		email: actor.email,
		networkNames: await networkNamesOf(deps, actor.userId)
	});
	if (problem) return fail(`error_${problem}`, 'newPassword');
	const result = await withPasswordConfirmation(deps, actor, 'password.changed', 'currentPassword', () =>
		deps.auth.api.changePassword({
			body: { currentPassword: input.currentPassword, newPassword: input.newPassword, revokeOtherSessions: true },
			headers: authHeaders(deps),
			returnHeaders: true
		})
	);
	if (!result.ok) return result;
	await audit(deps, 'password.changed', { actor: actor.userId, user: actor.userId });
	return ok({ headers: result.value.headers });
}

/**
 * Asks for a reset mail. The answer is the same whether the address has an account; requests are
 * limited per client address and per address asked for, so nobody can flood a mailbox.
 */
export async function requestPasswordReset(deps: SignInDeps, input: { email: string }): Promise<AuthResult<void>> {
	const email = input.email.trim().toLowerCase();
	const keys = [addressKey(deps.clientAddress, 'reset'), `reset:${accountKey(email)}`];
	const state = await lockState(deps.db, keys, deps.now);
	if (state.locked) {
		await audit(deps, 'password.reset_requested', { outcome: 'denied' });
		return locked(minutesUntil(state.until, deps.now, policies.mailRequest));
	}
	// Each request counts, successful or not: the limit is on mails, not on mistakes.
	for (const key of keys) await recordFailure(deps.db, key, policies.mailRequest, deps.now);
	const known = await findUserByEmail(deps.db, email);
	await deps.auth.api.requestPasswordReset({ body: { email }, headers: authHeaders(deps) });
	await audit(deps, 'password.reset_requested', { user: known?.id ?? null });
	return ok(undefined);
}

/** Whether a reset link is still good, to show the form or say the link has expired. */
export async function resetTokenValid(deps: Pick<SignInDeps, 'db' | 'now'>, token: string): Promise<boolean> {
	return (await findResetTokenUser(deps.db, token, deps.now)) !== null;
}

/**
 * What the password rules need of the account a new password is for (its e-mail and networks), so
 * the form can check them with everything else; null for an unknown or spent reset link.
 */
export async function passwordAccount(
	deps: Pick<SignInDeps, 'db' | 'now' | 'membershipsOf'>,
	who: { userId: string } | { resetToken: string }
): Promise<{ email: string; networkNames: string[] } | null> {
	const userId = 'userId' in who ? who.userId : await findResetTokenUser(deps.db, who.resetToken, deps.now);
	const user = userId ? await findUserById(deps.db, userId) : undefined;
	return user ? { email: user.email, networkNames: await networkNamesOf(deps, user.id) } : null;
}

/**
 * Sets a new password from a reset link. Our password policy (which needs the person's e-mail and
 * networks) runs before better-auth spends the token; better-auth ends every session. Nobody is
 * signed in here: the person signs in afterwards, with their two-factor code if they have one.
 */
export async function resetPassword(
	deps: SignInDeps,
	input: { token: string; password: string }
): Promise<AuthResult<{ userId: string }>> {
	const userId = await findResetTokenUser(deps.db, input.token, deps.now);
	const user = userId ? await findUserById(deps.db, userId) : undefined;
	if (!user) {
		await audit(deps, 'password.reset', { outcome: 'failure' });
		return fail('auth_error_reset_invalid');
	}
	const problem = checkPasswordPolicy(input.password, {
		email: user.email,
		networkNames: await networkNamesOf(deps, user.id)
	});
	if (problem) return fail(`error_${problem}`, 'password');
	try {
		await deps.auth.api.resetPassword({ body: { token: input.token, newPassword: input.password } });
	} catch (error) {
		if (errorCode(error) === 'INVALID_TOKEN' || errorCode(error) === 'USER_NOT_FOUND') {
			await audit(deps, 'password.reset', { user: user.id, outcome: 'failure' });
			return fail('auth_error_reset_invalid');
		}
		throw error;
	}
	await audit(deps, 'password.reset', { actor: user.id, user: user.id });
	return ok({ userId: user.id });
}

// --- own account

export const ACCOUNT_LOCALES = ['sv', 'nb', 'en'] as const satisfies readonly Locale[];

export async function updateProfile(
	deps: SignInDeps,
	actor: AccountActor,
	input: { name: string; locale: Locale }
): Promise<AuthResult<void>> {
	await deps.db.transaction().execute(async (trx) => {
		await setUserName(trx, actor.userId, input.name.trim(), deps.now);
		await setUserLocale(trx, actor.userId, input.locale);
	});
	await audit(deps, 'account.updated', { actor: actor.userId, user: actor.userId });
	return ok(undefined);
}

/** Admins and coordinators (in any network) and instance admins must keep two-factor on. */
export async function twoFactorMandatory(
	db: Kysely<Database>,
	userId: string,
	membershipsOf: MembershipsOf
): Promise<boolean> {
	const user = await findUserById(db, userId);
	if (user?.isInstanceAdmin) return true;
	return (await membershipsOf(db, userId)).some((entry) => roleRequiresTwoFactor(entry.role));
}

// --- two-factor enrolment

/** What the person needs between "confirm your password" and "type the first code". */
export interface PendingEnrolment {
	userId: string;
	totpURI: string;
	backupCodes: string[];
	/** Epoch milliseconds. */
	expiresAt: number;
}

export const ENROLMENT_TTL_MS = 10 * 60_000;

/*
 * Why a sealed cookie: between the two steps the page must be able to show the QR code again (a
 * mistyped first code, a reload). better-auth keeps the secret only encrypted in its unverified
 * twoFactor row, and gives it back only for the password. Reading that row ourselves would show the
 * secret to anyone holding the session, without the password; asking for the password again would
 * make a new secret and void what the person just scanned. So the URI and the backup codes travel
 * in a cookie that only this browser has: AES-256-GCM under a key derived from the app secret,
 * bound to the user, valid 10 minutes, HttpOnly and SameSite=Strict, and deleted once enrolled.
 */
function enrolmentKey(appSecret: string): Buffer {
	return Buffer.from(hkdfSync('sha256', appSecret, 'samverkan', 'two-factor-enrolment-cookie', 32));
}

export function sealEnrolment(appSecret: string, enrolment: PendingEnrolment): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', enrolmentKey(appSecret), iv);
	const body = Buffer.concat([cipher.update(JSON.stringify(enrolment), 'utf8'), cipher.final()]);
	return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function openEnrolment(
	appSecret: string,
	sealed: string | null | undefined,
	userId: string,
	now: Date
): PendingEnrolment | null {
	if (!sealed) return null;
	try {
		const raw = Buffer.from(sealed, 'base64url');
		const decipher = createDecipheriv('aes-256-gcm', enrolmentKey(appSecret), raw.subarray(0, 12));
		decipher.setAuthTag(raw.subarray(12, 28));
		const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
		const enrolment = JSON.parse(text) as PendingEnrolment;
		if (enrolment.userId !== userId || enrolment.expiresAt <= now.getTime()) return null;
		return enrolment;
	} catch {
		return null;
	}
}

/** Step 1: the password, then better-auth makes a secret and backup codes (not active yet). */
export async function startTwoFactorEnrolment(
	deps: SignInDeps,
	actor: AccountActor,
	input: { password: string }
): Promise<AuthResult<PendingEnrolment>> {
	const result = await withPasswordConfirmation(deps, actor, 'two_factor.enabled', 'password', async () => {
		try {
			return await deps.auth.api.enableTwoFactor({ body: { password: input.password }, headers: authHeaders(deps) });
		} catch (error) {
			if (errorCode(error) === 'TOTP_ALREADY_ENABLED') return null;
			throw error;
		}
	});
	if (!result.ok) return result;
	if (!result.value || !('totpURI' in result.value)) return fail('auth_error_two_factor_already_on');
	return ok({
		userId: actor.userId,
		totpURI: result.value.totpURI,
		backupCodes: result.value.backupCodes,
		expiresAt: deps.now.getTime() + ENROLMENT_TTL_MS
	});
}

/** Step 2: the first code from the app turns two-factor on (better-auth rotates the session). */
export async function confirmTwoFactorEnrolment(
	deps: SignInDeps,
	actor: AccountActor,
	input: { code: string }
): Promise<AuthResult<{ headers: Headers }>> {
	const keys = signInKeys(deps, actor.email);
	const lock = await checkLock(deps, keys, actor.userId);
	if (lock) return lock;
	const code = normaliseCode(input.code, 'totp');
	if ((await spendTotpCode(deps, actor.userId, code)) === 'used') {
		return codeUsed(deps, 'two_factor.enabled', actor.userId, actor.userId);
	}
	try {
		const result = await deps.auth.api.verifyTOTP({
			body: { code },
			headers: authHeaders(deps),
			returnHeaders: true
		});
		await audit(deps, 'two_factor.enabled', { actor: actor.userId, user: actor.userId });
		return ok({ headers: result.headers });
	} catch (error) {
		const code = errorCode(error);
		if (code === 'INVALID_CODE') {
			return (
				(await countFailure(deps, keys, 'two_factor.enabled', actor.userId, actor.userId)) ??
				fail('auth_error_code_invalid', 'code')
			);
		}
		if (code === 'TOTP_NOT_ENABLED') return fail('auth_error_enrolment_expired');
		throw error;
	}
}

export async function regenerateBackupCodes(
	deps: SignInDeps,
	actor: AccountActor,
	input: { password: string }
): Promise<AuthResult<{ backupCodes: string[] }>> {
	const result = await withPasswordConfirmation(deps, actor, 'two_factor.backup_codes_regenerated', 'password', () =>
		deps.auth.api.generateBackupCodes({ body: { password: input.password }, headers: authHeaders(deps) })
	);
	if (!result.ok) return result;
	await audit(deps, 'two_factor.backup_codes_regenerated', { actor: actor.userId, user: actor.userId });
	return ok({ backupCodes: result.value.backupCodes });
}

/** Turns two-factor off, unless a role the person holds requires it. */
export async function disableTwoFactor(
	deps: SignInDeps,
	actor: AccountActor,
	input: { password: string }
): Promise<AuthResult<{ headers: Headers }>> {
	if (await twoFactorMandatory(deps.db, actor.userId, deps.membershipsOf)) {
		await audit(deps, 'two_factor.disabled', { actor: actor.userId, user: actor.userId, outcome: 'denied' });
		return fail('auth_error_two_factor_mandatory');
	}
	const result = await withPasswordConfirmation(deps, actor, 'two_factor.disabled', 'password', () =>
		deps.auth.api.disableTwoFactor({
			body: { password: input.password },
			headers: authHeaders(deps),
			returnHeaders: true
		})
	);
	if (!result.ok) return result;
	await audit(deps, 'two_factor.disabled', { actor: actor.userId, user: actor.userId });
	return ok({ headers: result.value.headers });
}

// --- presentation helpers

/** The QR code of an otpauth:// URI as an SVG data URI (CSP allows data: images; works without JS). */
export async function qrCodeDataUri(uri: string): Promise<string> {
	const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
	return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

/** The base32 secret of an otpauth:// URI, in groups of four for typing into an app by hand. */
export function manualEntryKey(uri: string): string {
	const secret = new URL(uri).searchParams.get('secret') ?? '';
	return (
		secret
			.replace(/=+$/, '')
			.match(/.{1,4}/g)
			?.join(' ') ?? ''
	);
}

const NEXT_BASE = 'http://samverkan.invalid';

/** Whether a path, as a browser resolves it against this site, stays on this site. */
function staysOnSite(path: string): boolean {
	if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return false;
	const url = new URL(path, NEXT_BASE);
	return url.origin === NEXT_BASE && url.pathname + url.search + url.hash === path;
}

/**
 * Where to go after sign-in: only a path on this site ("/app/x?y"), never "//evil.example",
 * "/\evil.example" or an absolute URL. The check is on the value as a browser reads it (WHATWG URL
 * parsing against our origin), after normalising: "/.//evil.example", "/%2e//evil.example" and
 * "/..//evil.example" all normalise to "//evil.example", which a Location header would send to
 * another site. Anything doubtful is refused, and the caller uses its default destination.
 */
export function safeNext(value: string | null | undefined): string | null {
	if (!value || !value.startsWith('/')) return null;
	// Backslashes read as slashes, and browsers drop tabs and line breaks from URLs: "/\t/evil" is "//evil".
	// No path of ours has spaces, control or invisible characters, so these are refused outright.
	if (/[\s\p{Cc}\p{Cf}\\]/u.test(value)) return null;
	try {
		const url = new URL(value, NEXT_BASE);
		if (url.origin !== NEXT_BASE) return null;
		// An encoded slash or backslash in the path becomes "//" for whatever decodes it once more (a
		// proxy, a framework); no path of ours has one.
		if (/%(?:2f|5c)/i.test(url.pathname)) return null;
		const path = url.pathname + url.search + url.hash;
		return staysOnSite(path) ? path : null;
	} catch {
		return null;
	}
}
