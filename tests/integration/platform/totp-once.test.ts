import { networksOfUser } from '#lib/server/networks/service.ts';
import { randomUUID } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth, type Auth } from '#lib/server/platform/auth/better-auth.ts';
import {
	confirmTwoFactorEnrolment,
	signIn,
	startTwoFactorEnrolment,
	verifySecondFactor,
	type SignInDeps
} from '#lib/server/platform/auth/sign-in.ts';
import { enrolTwoFactor } from '#lib/server/platform/auth/two-factor-seed.ts';
import { CookieJar } from '../../fixtures/cookie-jar.ts';
import { newUser, type TestUser } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const APP_SECRET = 's'.repeat(43);
const STEP_MS = 30_000;

/**
 * Codes of the step before, now and after are all valid; a test that crossed a step boundary
 * between making a code and sending it would see "wrong code" instead of "used". Start well inside
 * a step.
 */
async function awayFromStepBoundary(): Promise<void> {
	const left = STEP_MS - (Date.now() % STEP_MS);
	if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

const codeAt = (totp: OTPAuth.TOTP, offsetSteps: number) =>
	totp.generate({ timestamp: Date.now() + offsetSteps * STEP_MS });

describe.each(testDialects)('a TOTP code works once (%s)', (dialect) => {
	let handle: TestDatabase;
	let auth: Auth;
	let addressCounter = 0;

	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		auth = createAuth({ db: handle.db, dialect, secret: APP_SECRET, baseURL: 'https://samverkan.test' });
	});
	afterAll(async () => handle.cleanup());

	function deps(jar: CookieJar): SignInDeps {
		addressCounter += 1;
		return {
			auth,
			db: handle.db,
			membershipsOf: networksOfUser,
			headers: jar.headers({ 'user-agent': 'vitest' }),
			clientAddress: `198.51.100.${addressCounter}`,
			requestId: randomUUID(),
			now: new Date()
		};
	}

	async function session(jar: CookieJar) {
		return auth.api.getSession({ headers: jar.headers() });
	}

	/** A person with two-factor on, as the demo and the end-to-end tests seed them. */
	async function seeded(): Promise<{ user: TestUser; totp: OTPAuth.TOTP }> {
		const user = await newUser(handle.db);
		const { totpSecret } = await enrolTwoFactor(handle.db, APP_SECRET, user.userId);
		return { user, totp: new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret) }) };
	}

	/** The first step of sign-in, in a browser of its own: the jar holds the two-factor challenge. */
	async function passwordStep(user: TestUser): Promise<CookieJar> {
		const jar = new CookieJar();
		const result = await signIn(deps(jar), { email: user.email, password: user.password });
		if (!result.ok || !result.value.twoFactor) throw new Error('expected a two-factor challenge');
		jar.absorb(result.value.headers);
		return jar;
	}

	async function secondStep(jar: CookieJar, code: string) {
		const result = await verifySecondFactor(deps(jar), { code, method: 'totp' });
		if (result.ok) jar.absorb(result.value.headers);
		return result;
	}

	const used = { ok: false, error: 'auth_error_code_used', field: 'code' };

	it('refuses at sign-in a code that already signed the person in', async () => {
		await awayFromStepBoundary();
		const { user, totp } = await seeded();
		const code = totp.generate();
		const first = await passwordStep(user);
		expect((await secondStep(first, code)).ok).toBe(true);
		expect((await session(first))?.user.id).toBe(user.userId);

		const second = await passwordStep(user);
		expect(await secondStep(second, code)).toEqual(used);
		expect(await session(second)).toBeNull();
		const replay = await handle.db
			.selectFrom('audit_event')
			.selectAll()
			.where('entity_id', '=', user.userId)
			.where('action', '=', 'signin.two_factor_failed')
			.execute();
		expect(replay.map((r) => r.outcome)).toEqual(['denied']);
		// The challenge stays open: the next code signs in.
		expect((await secondStep(second, codeAt(totp, 1))).ok).toBe(true);
	});

	it('refuses a code of an earlier step once a later step was accepted', async () => {
		await awayFromStepBoundary();
		const { user, totp } = await seeded();
		const later = await passwordStep(user);
		expect((await secondStep(later, codeAt(totp, 1))).ok).toBe(true);
		for (const offset of [0, -1]) {
			const jar = await passwordStep(user);
			expect(await secondStep(jar, codeAt(totp, offset))).toEqual(used);
			expect(await session(jar)).toBeNull();
		}
	});

	it('refuses a code that confirmed the enrolment, when sent again to confirm or to sign in', async () => {
		await awayFromStepBoundary();
		const user = await newUser(handle.db);
		const jar = new CookieJar();
		const signedIn = await signIn(deps(jar), { email: user.email, password: user.password });
		if (!signedIn.ok) throw new Error(signedIn.error);
		jar.absorb(signedIn.value.headers);
		const started = await startTwoFactorEnrolment(deps(jar), user, { password: user.password });
		if (!started.ok) throw new Error(started.error);
		const totp = OTPAuth.URI.parse(started.value.totpURI) as OTPAuth.TOTP;
		const code = totp.generate();

		const confirmed = await confirmTwoFactorEnrolment(deps(jar), user, { code });
		if (!confirmed.ok) throw new Error(confirmed.error);
		jar.absorb(confirmed.value.headers);
		// Sent again with the new session, better-auth would check it as a step-up of a signed-in
		// person (a code for an enrolled secret) and accept it.
		expect(await confirmTwoFactorEnrolment(deps(jar), user, { code })).toEqual(used);
		expect(await secondStep(await passwordStep(user), code)).toEqual(used);
		expect((await secondStep(await passwordStep(user), codeAt(totp, 1))).ok).toBe(true);
	});

	it('lets exactly one of two parallel sign-ins with the same code through', async () => {
		await awayFromStepBoundary();
		const { user, totp } = await seeded();
		const jars = await Promise.all([passwordStep(user), passwordStep(user), passwordStep(user)]);
		const code = totp.generate();
		const results = await Promise.all(jars.map((jar) => secondStep(jar, code)));
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok)).toEqual([used, used]);
		const sessions = await Promise.all(jars.map(session));
		expect(sessions.filter((s) => s !== null)).toHaveLength(1);
	});
});
