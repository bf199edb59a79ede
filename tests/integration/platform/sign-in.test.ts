import { networksOfUser } from '#lib/server/networks/service.ts';
import { randomUUID } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth, type Auth } from '#lib/server/platform/auth/better-auth.ts';
import {
	changePassword,
	confirmTwoFactorEnrolment,
	disableTwoFactor,
	pendingTwoFactor,
	regenerateBackupCodes,
	requestPasswordReset,
	resetPassword,
	resetTokenValid,
	signIn,
	signOut,
	signOutEverywhere,
	startTwoFactorEnrolment,
	verifySecondFactor,
	type SignInDeps
} from '#lib/server/platform/auth/sign-in.ts';
import { policies } from '#lib/server/platform/auth/throttle.ts';
import { CookieJar } from '../../fixtures/cookie-jar.ts';
import { newMember, newNetwork, newUser, type TestUser } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const NEW_PASSWORD = 'en helt annan mening att minnas';

describe.each(testDialects)('sign-in service (%s)', (dialect) => {
	let handle: TestDatabase;
	let auth: Auth;
	const resetTokens = new Map<string, string>();
	let addressCounter = 0;

	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		auth = createAuth({
			db: handle.db,
			dialect,
			secret: 's'.repeat(43),
			baseURL: 'https://samverkan.test',
			sendResetPassword: async ({ user, token }) => {
				resetTokens.set(user.email, token);
			}
		});
	});
	afterAll(async () => handle.cleanup());

	/** Every test gets its own client address, so per-address counts do not leak between tests. */
	function newAddress(): string {
		addressCounter += 1;
		return `198.51.100.${addressCounter}`;
	}

	function deps(jar: CookieJar, options: { address: string; now?: Date }): SignInDeps {
		return {
			auth,
			db: handle.db,
			membershipsOf: networksOfUser,
			headers: jar.headers({ 'user-agent': 'vitest' }),
			clientAddress: options.address,
			requestId: randomUUID(),
			now: options.now ?? new Date()
		};
	}

	async function session(jar: CookieJar) {
		return auth.api.getSession({ headers: jar.headers() });
	}

	async function signedIn(user: TestUser, address: string, password = user.password): Promise<CookieJar> {
		const jar = new CookieJar();
		const result = await signIn(deps(jar, { address }), { email: user.email, password });
		if (!result.ok) throw new Error(`sign-in failed: ${result.error}`);
		jar.absorb(result.value.headers);
		return jar;
	}

	/** Enrols TOTP through the real flow; returns the generator and the backup codes. */
	async function enrolled(user: TestUser, address: string) {
		const jar = await signedIn(user, address);
		const started = await startTwoFactorEnrolment(deps(jar, { address }), user, { password: user.password });
		if (!started.ok) throw new Error(started.error);
		const totp = OTPAuth.URI.parse(started.value.totpURI) as OTPAuth.TOTP;
		const confirmed = await confirmTwoFactorEnrolment(deps(jar, { address }), user, { code: totp.generate() });
		if (!confirmed.ok) throw new Error(confirmed.error);
		jar.absorb(confirmed.value.headers);
		return { jar, totp, backupCodes: started.value.backupCodes };
	}

	/** The code of the next time step, which is still accepted (one step either side). */
	function nextCode(totp: OTPAuth.TOTP): string {
		return totp.generate({ timestamp: Date.now() + 30_000 });
	}

	async function auditRows() {
		return handle.db.selectFrom('audit_event').selectAll().orderBy('id').execute();
	}

	it('signs in with e-mail and password, and audits it with the actor, address and request id', async () => {
		const user = await newUser(handle.db);
		const address = newAddress();
		const jar = new CookieJar();
		const context = deps(jar, { address });
		const result = await signIn(context, { email: `  ${user.email.toUpperCase()} `, password: user.password });
		expect(result).toMatchObject({ ok: true, value: { twoFactor: false, userId: user.userId } });
		if (result.ok) jar.absorb(result.value.headers);
		expect((await session(jar))?.user.id).toBe(user.userId);
		const row = (await auditRows()).find((r) => r.action === 'signin.success' && r.actor_user_id === user.userId);
		expect(row).toMatchObject({ outcome: 'success', client_address: address, request_id: context.requestId });
		expect(
			(await handle.db.selectFrom('session').select('ipAddress').where('userId', '=', user.userId).executeTakeFirst())
				?.ipAddress
		).toBe(address);
	});

	it('answers a wrong password and an unknown e-mail address the same way', async () => {
		const user = await newUser(handle.db);
		const address = newAddress();
		const wrong = await signIn(deps(new CookieJar(), { address }), {
			email: user.email,
			password: 'inte rätt lösenord alls'
		});
		const unknown = await signIn(deps(new CookieJar(), { address }), {
			email: `okand-${randomUUID()}@example.org`,
			password: user.password
		});
		expect(wrong).toEqual({ ok: false, error: 'auth_error_credentials' });
		expect(unknown).toEqual(wrong);
		const failed = (await auditRows()).filter((r) => r.action === 'signin.failed' && r.client_address === address);
		expect(failed).toHaveLength(2);
		expect(failed.every((r) => r.outcome === 'failure' && r.actor_user_id === null)).toBe(true);
	});

	it('locks an account after five failures, for existing and unknown addresses alike, and lifts the lock after 15 minutes', async () => {
		const user = await newUser(handle.db);
		const unknownEmail = `ingen-${randomUUID()}@example.org`;
		const t0 = new Date();
		const results: Record<string, unknown[]> = { known: [], unknown: [] };
		for (let i = 0; i < 5; i++) {
			results.known.push(
				await signIn(deps(new CookieJar(), { address: newAddress(), now: t0 }), {
					email: user.email,
					password: `fel lösenord nummer ${i}`
				})
			);
			results.unknown.push(
				await signIn(deps(new CookieJar(), { address: newAddress(), now: t0 }), {
					email: unknownEmail,
					password: `fel lösenord nummer ${i}`
				})
			);
		}
		const lockedAnswer = { ok: false, error: 'auth_error_locked', retryAfterMinutes: 15 };
		expect(results.known.slice(0, 4)).toEqual(Array(4).fill({ ok: false, error: 'auth_error_credentials' }));
		expect(results.known[4]).toEqual(lockedAnswer);
		expect(results.unknown).toEqual(results.known);

		// The right password does not help while locked, and the answer is the same as for nobody.
		const t1 = new Date(t0.getTime() + 5 * 60_000);
		const whileLocked = await signIn(deps(new CookieJar(), { address: newAddress(), now: t1 }), {
			email: user.email,
			password: user.password
		});
		const nobodyLocked = await signIn(deps(new CookieJar(), { address: newAddress(), now: t1 }), {
			email: unknownEmail,
			password: user.password
		});
		expect(whileLocked).toEqual({ ok: false, error: 'auth_error_locked', retryAfterMinutes: 10 });
		expect(nobodyLocked).toEqual(whileLocked);

		const t2 = new Date(t0.getTime() + 15 * 60_000 + 1000);
		const after = await signIn(deps(new CookieJar(), { address: newAddress(), now: t2 }), {
			email: user.email,
			password: user.password
		});
		expect(after).toMatchObject({ ok: true, value: { twoFactor: false } });

		const rows = await auditRows();
		expect(rows.filter((r) => r.action === 'signin.lockout')).toHaveLength(2);
		expect(
			rows.some((r) => r.action === 'signin.locked' && r.entity_id === user.userId && r.outcome === 'denied')
		).toBe(true);
	});

	it('locks a client address that guesses across many accounts', async () => {
		const address = newAddress();
		const now = new Date();
		let last;
		for (let i = 0; i < policies.address.maxFailures; i++) {
			last = await signIn(deps(new CookieJar(), { address, now }), {
				email: `gissning-${i}-${randomUUID()}@example.org`,
				password: 'något lösenord här'
			});
		}
		expect(last).toEqual({ ok: false, error: 'auth_error_locked', retryAfterMinutes: 15 });
		const user = await newUser(handle.db);
		expect(
			await signIn(deps(new CookieJar(), { address, now }), { email: user.email, password: user.password })
		).toMatchObject({ error: 'auth_error_locked' });
		expect(
			await signIn(deps(new CookieJar(), { address: newAddress(), now }), {
				email: user.email,
				password: user.password
			})
		).toMatchObject({ ok: true });
	});

	it('never writes an e-mail address into the audit log', async () => {
		const user = await newUser(handle.db);
		const address = newAddress();
		await signIn(deps(new CookieJar(), { address }), { email: user.email, password: 'fel fel fel fel fel' });
		await signIn(deps(new CookieJar(), { address }), { email: user.email, password: user.password });
		await requestPasswordReset(deps(new CookieJar(), { address }), { email: user.email });
		const everything = JSON.stringify(await auditRows());
		expect(everything).not.toContain('@example.org');
		expect(everything).not.toContain(user.email.split('@')[0]);
	});

	it('enrols two-factor and then asks for a code at sign-in; wrong codes count towards the lockout', async () => {
		const user = await newUser(handle.db);
		const address = newAddress();
		const jar = await signedIn(user, address);

		const wrongPassword = await startTwoFactorEnrolment(deps(jar, { address }), user, {
			password: 'inte mitt lösenord'
		});
		expect(wrongPassword).toEqual({ ok: false, error: 'auth_error_password_wrong', field: 'password' });
		const started = await startTwoFactorEnrolment(deps(jar, { address }), user, { password: user.password });
		if (!started.ok) throw new Error(started.error);
		expect(started.value.backupCodes).toHaveLength(10);
		const totp = OTPAuth.URI.parse(started.value.totpURI) as OTPAuth.TOTP;
		// Not active until the first code is confirmed.
		expect(
			await signIn(deps(new CookieJar(), { address }), { email: user.email, password: user.password })
		).toMatchObject({ value: { twoFactor: false } });

		expect(await confirmTwoFactorEnrolment(deps(jar, { address }), user, { code: '000000' })).toEqual({
			ok: false,
			error: 'auth_error_code_invalid',
			field: 'code'
		});
		const confirmed = await confirmTwoFactorEnrolment(deps(jar, { address }), user, { code: totp.generate() });
		expect(confirmed.ok).toBe(true);
		if (confirmed.ok) jar.absorb(confirmed.value.headers);
		expect((await session(jar))?.user.twoFactorEnabled).toBe(true);

		// Sign-in now stops at the second step, with no session yet.
		const second = new CookieJar();
		const first = await signIn(deps(second, { address }), { email: user.email, password: user.password });
		expect(first).toMatchObject({ ok: true, value: { twoFactor: true } });
		if (first.ok) second.absorb(first.value.headers);
		expect(await session(second)).toBeNull();
		expect(await pendingTwoFactor(deps(second, { address }))).toEqual({ userId: user.userId, email: user.email });
		expect(await pendingTwoFactor(deps(new CookieJar(), { address }))).toBeNull();

		expect(await verifySecondFactor(deps(second, { address }), { code: '000000', method: 'totp' })).toEqual({
			ok: false,
			error: 'auth_error_code_invalid',
			field: 'code'
		});
		// The next step's code: the current one confirmed the enrolment, and a code works once.
		const code = nextCode(totp);
		const verified = await verifySecondFactor(deps(second, { address }), {
			code: `${code.slice(0, 3)} ${code.slice(3)}`,
			method: 'totp'
		});
		expect(verified.ok).toBe(true);
		if (verified.ok) second.absorb(verified.value.headers);
		expect((await session(second))?.user.id).toBe(user.userId);

		// A backup code works once.
		const third = new CookieJar();
		const again = await signIn(deps(third, { address }), { email: user.email, password: user.password });
		if (again.ok) third.absorb(again.value.headers);
		const backup = await verifySecondFactor(deps(third, { address }), {
			code: started.value.backupCodes[0],
			method: 'backup'
		});
		expect(backup.ok).toBe(true);
		const fourth = new CookieJar();
		const once = await signIn(deps(fourth, { address }), { email: user.email, password: user.password });
		if (once.ok) fourth.absorb(once.value.headers);
		expect(
			await verifySecondFactor(deps(fourth, { address }), { code: started.value.backupCodes[0], method: 'backup' })
		).toEqual({
			ok: false,
			error: 'auth_error_backup_code_invalid',
			field: 'code'
		});

		// Wrong codes lock the account like wrong passwords (each success cleared the count: one so far).
		const results = [];
		for (let i = 0; i < 4; i++)
			results.push(await verifySecondFactor(deps(fourth, { address }), { code: '111111', method: 'totp' }));
		expect(results.slice(0, 3).map((r) => r.ok || r.error)).toEqual(Array(3).fill('auth_error_code_invalid'));
		expect(results[3]).toEqual({ ok: false, error: 'auth_error_locked', retryAfterMinutes: 15 });
		expect(
			await signIn(deps(new CookieJar(), { address: newAddress() }), { email: user.email, password: user.password })
		).toMatchObject({ error: 'auth_error_locked' });
		const rows = (await auditRows()).filter((r) => r.entity_id === user.userId);
		expect(rows.filter((r) => r.action === 'signin.two_factor_failed').length).toBeGreaterThanOrEqual(3);
		expect(rows.some((r) => r.action === 'two_factor.enabled' && r.outcome === 'success')).toBe(true);
		expect(rows.some((r) => r.action === 'signin.lockout')).toBe(true);
	});

	it('asks for sign-in again when the two-factor challenge is missing', async () => {
		expect(
			await verifySecondFactor(deps(new CookieJar(), { address: newAddress() }), { code: '123456', method: 'totp' })
		).toEqual({
			ok: false,
			error: 'auth_error_two_factor_expired'
		});
	});

	it('resets a password with a single-use link, after our policy, ending every session', async () => {
		const network = await newNetwork(handle.db, { name: 'Kompetensteamet Norrbotten' });
		const member = await newMember(handle.db, network.id);
		const user = member.user;
		const address = newAddress();
		const jar = await signedIn(user, address);

		expect(await requestPasswordReset(deps(new CookieJar(), { address }), { email: user.email })).toEqual({
			ok: true,
			value: undefined
		});
		const token = resetTokens.get(user.email)!;
		expect(token).toBeTruthy();
		expect(await resetTokenValid({ db: handle.db, now: new Date() }, token)).toBe(true);

		// Policy failures do not spend the token.
		const context = () => deps(new CookieJar(), { address });
		expect(await resetPassword(context(), { token, password: 'kort' })).toEqual({
			ok: false,
			error: 'error_password_too_short',
			field: 'password'
		});
		expect(await resetPassword(context(), { token, password: `${user.email} och lite till` })).toMatchObject({
			error: 'error_password_contains_email'
		});
		expect(await resetPassword(context(), { token, password: 'kompetensteamet norrbotten är bäst' })).toMatchObject({
			error: 'error_password_contains_network'
		});

		expect(await resetPassword(context(), { token, password: NEW_PASSWORD })).toEqual({
			ok: true,
			value: { userId: user.userId }
		});
		expect(await resetPassword(context(), { token, password: 'ett tredje lösenord för säkerhets skull' })).toEqual({
			ok: false,
			error: 'auth_error_reset_invalid'
		});
		expect(await resetTokenValid({ db: handle.db, now: new Date() }, token)).toBe(false);
		expect(await session(jar)).toBeNull();

		expect(await signIn(context(), { email: user.email, password: user.password })).toMatchObject({
			error: 'auth_error_credentials'
		});
		expect(await signIn(context(), { email: user.email, password: NEW_PASSWORD })).toMatchObject({ ok: true });
		const rows = (await auditRows()).filter((r) => r.entity_id === user.userId);
		expect(rows.some((r) => r.action === 'password.reset_requested')).toBe(true);
		expect(
			rows.some((r) => r.action === 'password.reset' && r.outcome === 'success' && r.actor_user_id === user.userId)
		).toBe(true);
	});

	it('answers a reset request for an unknown address like any other, and limits requests per client address', async () => {
		const address = newAddress();
		const now = new Date();
		const answers = [];
		for (let i = 0; i < 5; i++)
			answers.push(
				await requestPasswordReset(deps(new CookieJar(), { address, now }), {
					email: `vem-${i}-${randomUUID()}@example.org`
				})
			);
		expect(answers).toEqual(Array(5).fill({ ok: true, value: undefined }));
		expect(await requestPasswordReset(deps(new CookieJar(), { address, now }), { email: 'nagon@example.org' })).toEqual(
			{
				ok: false,
				error: 'auth_error_locked',
				retryAfterMinutes: 60
			}
		);
	});

	it('does not let a password reset get around two-factor', async () => {
		const user = await newUser(handle.db);
		const address = newAddress();
		const { totp } = await enrolled(user, address);
		await requestPasswordReset(deps(new CookieJar(), { address }), { email: user.email });
		expect(
			await resetPassword(deps(new CookieJar(), { address }), {
				token: resetTokens.get(user.email)!,
				password: NEW_PASSWORD
			})
		).toMatchObject({ ok: true });
		const jar = new CookieJar();
		const result = await signIn(deps(jar, { address }), { email: user.email, password: NEW_PASSWORD });
		expect(result).toMatchObject({ ok: true, value: { twoFactor: true } });
		if (result.ok) jar.absorb(result.value.headers);
		expect(await session(jar)).toBeNull();
		const verified = await verifySecondFactor(deps(jar, { address }), { code: nextCode(totp), method: 'totp' });
		expect(verified.ok).toBe(true);
	});

	it('changes the password after checking the current one, ending every other session', async () => {
		const user = await newUser(handle.db);
		const address = newAddress();
		const here = await signedIn(user, address);
		const elsewhere = await signedIn(user, address);

		expect(
			await changePassword(deps(here, { address }), user, {
				currentPassword: 'inte det nuvarande',
				newPassword: NEW_PASSWORD
			})
		).toEqual({
			ok: false,
			error: 'auth_error_password_wrong',
			field: 'currentPassword'
		});
		expect(
			await changePassword(deps(here, { address }), user, {
				currentPassword: user.password,
				newPassword: 'password1234'
			})
		).toEqual({
			ok: false,
			error: 'error_password_common',
			field: 'newPassword'
		});
		const changed = await changePassword(deps(here, { address }), user, {
			currentPassword: user.password,
			newPassword: NEW_PASSWORD
		});
		expect(changed.ok).toBe(true);
		if (changed.ok) here.absorb(changed.value.headers);
		expect((await session(here))?.user.id).toBe(user.userId);
		expect(await session(elsewhere)).toBeNull();
		const rows = (await auditRows()).filter((r) => r.action === 'password.changed' && r.actor_user_id === user.userId);
		expect(rows.map((r) => r.outcome).sort()).toEqual(['failure', 'success']);
	});

	it('signs out here, or everywhere', async () => {
		const user = await newUser(handle.db);
		const address = newAddress();
		const one = await signedIn(user, address);
		const two = await signedIn(user, address);
		const three = await signedIn(user, address);

		one.absorb((await signOut(deps(one, { address }), user)).headers);
		expect(await session(one)).toBeNull();
		expect(await session(two)).not.toBeNull();

		const everywhere = await signOutEverywhere(deps(two, { address }), user);
		expect(everywhere.ended).toBe(2);
		two.absorb(everywhere.headers);
		expect(await session(two)).toBeNull();
		expect(await session(three)).toBeNull();
		const actions = (await auditRows()).filter((r) => r.actor_user_id === user.userId).map((r) => r.action);
		expect(actions).toContain('signout');
		expect(actions).toContain('signout.everywhere');
	});

	it('regenerates backup codes for the password, and lets only people without a leading role turn two-factor off', async () => {
		const user = await newUser(handle.db);
		const address = newAddress();
		const { jar, backupCodes } = await enrolled(user, address);

		expect(await regenerateBackupCodes(deps(jar, { address }), user, { password: 'fel lösenord igen' })).toMatchObject({
			error: 'auth_error_password_wrong'
		});
		const regenerated = await regenerateBackupCodes(deps(jar, { address }), user, { password: user.password });
		if (!regenerated.ok) throw new Error(regenerated.error);
		expect(regenerated.value.backupCodes).toHaveLength(10);
		expect(regenerated.value.backupCodes).not.toContain(backupCodes[0]);

		const network = await newNetwork(handle.db);
		const coordinator = await newMember(handle.db, network.id, { role: 'coordinator' });
		const coordinatorAddress = newAddress();
		const coordinatorJar = (await enrolled(coordinator.user, coordinatorAddress)).jar;
		expect(
			await disableTwoFactor(deps(coordinatorJar, { address: coordinatorAddress }), coordinator.user, {
				password: coordinator.user.password
			})
		).toEqual({
			ok: false,
			error: 'auth_error_two_factor_mandatory'
		});

		const disabled = await disableTwoFactor(deps(jar, { address }), user, { password: user.password });
		expect(disabled.ok).toBe(true);
		if (disabled.ok) jar.absorb(disabled.value.headers);
		expect((await session(jar))?.user.twoFactorEnabled).toBe(false);
		expect(
			await signIn(deps(new CookieJar(), { address }), { email: user.email, password: user.password })
		).toMatchObject({ value: { twoFactor: false } });
		const actions = (await auditRows()).filter((r) => r.actor_user_id === user.userId).map((r) => r.action);
		expect(actions).toContain('two_factor.backup_codes_regenerated');
		expect(actions).toContain('two_factor.disabled');
	});
});
