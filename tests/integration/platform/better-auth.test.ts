import { randomUUID } from 'node:crypto';
import { getMigrations } from 'better-auth/db/migration';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	authOptions,
	createAuth,
	SESSION_IDLE_SECONDS,
	sessionOutlived,
	type Auth
} from '#lib/server/platform/auth/better-auth.ts';
import { hashPassword } from '#lib/server/platform/auth/password.ts';
import { insertUserWithPassword } from '#lib/server/platform/auth/user-repository.ts';
import { CookieJar } from '../../fixtures/cookie-jar.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const password = 'ett långt och bra lösenord';

describe.each(testDialects)('better-auth on the app schema (%s)', (dialect) => {
	let handle: TestDatabase;
	let auth: Auth;
	let resetTokens: string[];

	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		resetTokens = [];
		const settings = {
			db: handle.db,
			dialect,
			secret: 'x'.repeat(40),
			baseURL: 'https://samverkan.test',
			sendResetPassword: async ({ token }: { token: string }) => {
				resetTokens.push(token);
			}
		};
		auth = createAuth(settings);
	});
	afterAll(async () => handle.cleanup());

	async function newUser(email: string) {
		const id = randomUUID();
		await insertUserWithPassword(
			handle.db,
			{ id, name: 'Anna Andersson', email, passwordHash: await hashPassword(password) },
			new Date()
		);
		return id;
	}

	it('finds every table and column it needs in the frozen migrations', async () => {
		const { toBeCreated, toBeAdded } = await getMigrations(
			authOptions({ db: handle.db, dialect, secret: 'x'.repeat(40), baseURL: 'https://samverkan.test' })
		);
		expect(toBeCreated).toEqual([]);
		expect(toBeAdded).toEqual([]);
	});

	it('signs in with the argon2id password and sets a __Host- session cookie', async () => {
		await newUser('anna@example.org');
		const result = await auth.api.signInEmail({
			body: { email: 'anna@example.org', password },
			headers: new Headers(),
			returnHeaders: true
		});
		const cookie = result.headers.getSetCookie().find((c) => c.startsWith('__Host-samverkan_session='));
		expect(cookie).toMatch(/Path=\//);
		expect(cookie).toMatch(/HttpOnly/);
		expect(cookie).toMatch(/Secure/);
		expect(cookie).toMatch(/SameSite=Lax/);
		expect(cookie).not.toMatch(/Domain/);
		expect(cookie).toMatch(/Max-Age=1800/);
	});

	it('refuses a wrong password with the same error as an unknown address', async () => {
		await expect(
			auth.api.signInEmail({
				body: { email: 'anna@example.org', password: 'fel lösenord här' },
				headers: new Headers()
			})
		).rejects.toMatchObject({ body: { code: 'INVALID_EMAIL_OR_PASSWORD' } });
		await expect(
			auth.api.signInEmail({ body: { email: 'nobody@example.org', password }, headers: new Headers() })
		).rejects.toMatchObject({ body: { code: 'INVALID_EMAIL_OR_PASSWORD' } });
	});

	it('enrols TOTP two-factor and then asks for a code at every sign-in', async () => {
		await newUser('totp@example.org');
		const jar = new CookieJar();
		jar.absorb(
			(
				await auth.api.signInEmail({
					body: { email: 'totp@example.org', password },
					headers: jar.headers(),
					returnHeaders: true
				})
			).headers
		);
		const enabled = await auth.api.enableTwoFactor({ body: { password }, headers: jar.headers() });
		if (!('totpURI' in enabled)) throw new Error('expected a TOTP enrolment');
		expect(enabled.backupCodes).toHaveLength(10);
		const totp = OTPAuth.URI.parse(enabled.totpURI) as OTPAuth.TOTP;
		jar.absorb(
			(await auth.api.verifyTOTP({ body: { code: totp.generate() }, headers: jar.headers(), returnHeaders: true }))
				.headers
		);
		const session = await auth.api.getSession({ headers: jar.headers() });
		expect(session?.user.twoFactorEnabled).toBe(true);

		const second = new CookieJar();
		const signIn = await auth.api.signInEmail({
			body: { email: 'totp@example.org', password },
			headers: second.headers(),
			returnHeaders: true
		});
		expect(signIn.response).toMatchObject({ twoFactorRedirect: true });
		second.absorb(signIn.headers);
		expect(await auth.api.getSession({ headers: second.headers() })).toBeNull();
		await expect(auth.api.verifyTOTP({ body: { code: '000000' }, headers: second.headers() })).rejects.toMatchObject({
			body: { code: 'INVALID_CODE' }
		});
		const verified = await auth.api.verifyBackupCode({
			body: { code: enabled.backupCodes[0] },
			headers: second.headers(),
			returnHeaders: true
		});
		second.absorb(verified.headers);
		expect((await auth.api.getSession({ headers: second.headers() }))?.user.email).toBe('totp@example.org');
	});

	it('resets a password by a single-use token and ends every session', async () => {
		const userId = await newUser('reset@example.org');
		const jar = new CookieJar();
		jar.absorb(
			(
				await auth.api.signInEmail({
					body: { email: 'reset@example.org', password },
					headers: jar.headers(),
					returnHeaders: true
				})
			).headers
		);
		await auth.api.requestPasswordReset({ body: { email: 'reset@example.org' } });
		const token = resetTokens.at(-1)!;
		const stored = await handle.db.selectFrom('verification').select('identifier').execute();
		expect(stored.some((row) => row.identifier.includes(token))).toBe(false);
		await auth.api.resetPassword({ body: { token, newPassword: 'ett helt nytt lösenord' } });
		await expect(
			auth.api.resetPassword({ body: { token, newPassword: 'ett tredje lösenord här' } })
		).rejects.toMatchObject({ body: { code: 'INVALID_TOKEN' } });
		expect(await auth.api.getSession({ headers: jar.headers() })).toBeNull();
		const sessions = await handle.db.selectFrom('session').select('id').where('userId', '=', userId).execute();
		expect(sessions).toEqual([]);
	});
});

describe.each(testDialects)('session lifetime (%s)', (dialect) => {
	let handle: TestDatabase;
	let auth: Auth;
	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		auth = createAuth({ db: handle.db, dialect, secret: 'x'.repeat(40), baseURL: 'https://samverkan.test' });
	});
	afterAll(async () => handle.cleanup());

	async function signedIn(email: string): Promise<{ jar: CookieJar; userId: string }> {
		const userId = randomUUID();
		await insertUserWithPassword(
			handle.db,
			{ id: userId, name: 'Anna', email, passwordHash: await hashPassword(password) },
			new Date()
		);
		const jar = new CookieJar();
		jar.absorb(
			(await auth.api.signInEmail({ body: { email, password }, headers: jar.headers(), returnHeaders: true })).headers
		);
		return { jar, userId };
	}

	it('ends a session after 30 minutes without a request', async () => {
		const { jar, userId } = await signedIn('idle@example.org');
		expect(await auth.api.getSession({ headers: jar.headers() })).not.toBeNull();
		const [session] = await handle.db
			.selectFrom('session')
			.select(['expiresAt', 'createdAt'])
			.where('userId', '=', userId)
			.execute();
		// The session was created to expire 30 minutes after its last use.
		// better-auth takes the two instants a millisecond apart at times.
		const lifetime = new Date(session.expiresAt).getTime() - new Date(session.createdAt).getTime();
		expect(Math.abs(lifetime - SESSION_IDLE_SECONDS * 1000)).toBeLessThan(1000);
		await handle.db
			.updateTable('session')
			.set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
			.where('userId', '=', userId)
			.execute();
		expect(await auth.api.getSession({ headers: jar.headers() })).toBeNull();
	});

	it('keeps an active session going by pushing its end forward', async () => {
		const { jar, userId } = await signedIn('active@example.org');
		// Pretend the last refresh was two minutes ago: the next request slides the end 30 minutes ahead.
		const soon = new Date(Date.now() + (SESSION_IDLE_SECONDS - 120) * 1000);
		await handle.db
			.updateTable('session')
			.set({ expiresAt: soon.toISOString() })
			.where('userId', '=', userId)
			.execute();
		expect(await auth.api.getSession({ headers: jar.headers() })).not.toBeNull();
		const [session] = await handle.db.selectFrom('session').select('expiresAt').where('userId', '=', userId).execute();
		expect(new Date(session.expiresAt).getTime()).toBeGreaterThan(soon.getTime());
	});

	it('ends any session 12 hours after sign-in, however active', () => {
		const signedInAt = new Date('2026-11-23T06:00:00Z');
		expect(sessionOutlived(signedInAt, new Date('2026-11-23T17:59:00Z'))).toBe(false);
		expect(sessionOutlived(signedInAt, new Date('2026-11-23T18:00:01Z'))).toBe(true);
	});
});
