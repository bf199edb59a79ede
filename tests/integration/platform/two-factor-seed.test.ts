import { randomUUID } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth, type Auth } from '#lib/server/platform/auth/better-auth.ts';
import { hashPassword } from '#lib/server/platform/auth/password.ts';
import { enrolTwoFactor, totpUri } from '#lib/server/platform/auth/two-factor-seed.ts';
import { insertUserWithPassword } from '#lib/server/platform/auth/user-repository.ts';
import { CookieJar } from '../../fixtures/cookie-jar.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const password = 'ett långt och bra lösenord';
const secret = 'a-test-secret-that-is-long-enough-0123456789';

function codeFor(totpSecret: string): string {
	return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret) }).generate();
}

describe.each(testDialects)('seeded two-factor enrolment (%s)', (dialect) => {
	let handle: TestDatabase;
	let auth: Auth;

	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		auth = createAuth({ db: handle.db, dialect, secret, baseURL: 'http://localhost:3000' });
	});
	afterAll(async () => handle.cleanup());

	async function newUser(email: string): Promise<string> {
		const id = randomUUID();
		await insertUserWithPassword(
			handle.db,
			{ id, name: 'Karin Lundberg', email, passwordHash: await hashPassword(password) },
			new Date()
		);
		return id;
	}

	it('is accepted by better-auth: sign-in asks for the code and a code from the returned secret passes', async () => {
		const userId = await newUser('karin@example.se');
		const { totpSecret, backupCodes } = await enrolTwoFactor(handle.db, secret, userId);
		expect(totpSecret).toMatch(/^[A-Z2-7]+$/);
		expect(backupCodes).toHaveLength(10);

		const jar = new CookieJar();
		const signIn = await auth.api.signInEmail({
			body: { email: 'karin@example.se', password },
			headers: jar.headers(),
			returnHeaders: true
		});
		expect(signIn.response).toMatchObject({ twoFactorRedirect: true });
		jar.absorb(signIn.headers);
		await expect(auth.api.verifyTOTP({ body: { code: '000000' }, headers: jar.headers() })).rejects.toMatchObject({
			body: { code: 'INVALID_CODE' }
		});
		const verified = await auth.api.verifyTOTP({
			body: { code: codeFor(totpSecret) },
			headers: jar.headers(),
			returnHeaders: true
		});
		jar.absorb(verified.headers);
		const session = await auth.api.getSession({ headers: jar.headers() });
		expect(session?.user.email).toBe('karin@example.se');
		expect(session?.user.twoFactorEnabled).toBe(true);
	});

	it('stores the secret encrypted and the backup codes work once', async () => {
		const userId = await newUser('olof@example.se');
		const { totpSecret, backupCodes } = await enrolTwoFactor(handle.db, secret, userId);
		const row = await handle.db
			.selectFrom('twoFactor')
			.selectAll()
			.where('userId', '=', userId)
			.executeTakeFirstOrThrow();
		expect(row.secret).not.toContain(totpSecret);
		expect(row.backupCodes).not.toContain(backupCodes[0]);

		const jar = new CookieJar();
		jar.absorb(
			(
				await auth.api.signInEmail({
					body: { email: 'olof@example.se', password },
					headers: jar.headers(),
					returnHeaders: true
				})
			).headers
		);
		jar.absorb(
			(await auth.api.verifyBackupCode({ body: { code: backupCodes[3] }, headers: jar.headers(), returnHeaders: true }))
				.headers
		);
		expect((await auth.api.getSession({ headers: jar.headers() }))?.user.email).toBe('olof@example.se');

		const again = new CookieJar();
		again.absorb(
			(
				await auth.api.signInEmail({
					body: { email: 'olof@example.se', password },
					headers: again.headers(),
					returnHeaders: true
				})
			).headers
		);
		await expect(
			auth.api.verifyBackupCode({ body: { code: backupCodes[3] }, headers: again.headers() })
		).rejects.toBeDefined();
	});

	it('replaces an earlier enrolment and gives an importable otpauth URI', async () => {
		const userId = await newUser('nils@example.se');
		const first = await enrolTwoFactor(handle.db, secret, userId);
		const second = await enrolTwoFactor(handle.db, secret, userId);
		expect(second.totpSecret).not.toBe(first.totpSecret);
		const rows = await handle.db.selectFrom('twoFactor').select('id').where('userId', '=', userId).execute();
		expect(rows).toHaveLength(1);
		const uri = totpUri(second.totpSecret, 'nils@example.se');
		expect(uri).toMatch(/^otpauth:\/\/totp\/Samverkan:nils%40example\.se\?/);
		expect((OTPAuth.URI.parse(uri) as OTPAuth.TOTP).secret.base32).toBe(second.totpSecret);
	});
});
