import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	databaseIsEmpty,
	DEMO_PASSWORD,
	NORRBOTTEN_MUNICIPALITIES,
	seedDemo,
	type DemoSignIn
} from '#lib/server/demo/seed.ts';
import { createAuth, type Auth } from '#lib/server/platform/auth/better-auth.ts';
import { checkPasswordPolicy } from '#lib/server/platform/auth/password.ts';
import { CookieJar } from '../../fixtures/cookie-jar.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const appSecret = 'demo-secret-demo-secret-demo-secret-0123';

describe.each(testDialects)('demo data (%s)', (dialect) => {
	let handle: TestDatabase;
	let auth: Auth;
	let signIns: DemoSignIn[];

	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		auth = createAuth({ db: handle.db, dialect, secret: appSecret, baseURL: 'http://localhost:3000' });
		signIns = await seedDemo(handle.db, { appSecret, origin: 'http://localhost:3000' });
	}, 60_000);
	afterAll(async () => handle.cleanup());

	it('has Norrbotten with its 14 municipalities, 10 taking part', () => {
		expect(NORRBOTTEN_MUNICIPALITIES).toHaveLength(14);
		expect(NORRBOTTEN_MUNICIPALITIES.filter((m) => m.participating)).toHaveLength(10);
	});

	it('creates both networks with people in every role and the instance admin', async () => {
		const networks = await handle.db
			.selectFrom('network')
			.select(['slug', 'country', 'reference_prefix'])
			.orderBy('slug')
			.execute();
		expect(networks).toEqual([
			{ slug: 'agder', country: 'NO', reference_prefix: 'AGD' },
			{ slug: 'norrbotten', country: 'SE', reference_prefix: 'NBT' }
		]);
		const roles = new Set(signIns.filter((s) => s.network === 'norrbotten').map((s) => s.role));
		expect(roles).toEqual(new Set(['admin', 'coordinator', 'communicator', 'member']));
		expect(signIns.filter((s) => s.role === 'instance-admin')).toHaveLength(1);
		for (const s of signIns) {
			expect(
				checkPasswordPolicy(s.password, {
					email: s.email,
					networkNames: ['Kompetensteamet Norrbotten', 'Nettverk mot vold i Agder']
				})
			).toBeNull();
			if (s.role === 'admin' || s.role === 'coordinator' || s.role === 'instance-admin')
				expect(s.totpSecret).toMatch(/^[A-Z2-7]+$/);
			expect(s.email).toMatch(/@[a-z0-9.-]+\.example\.(se|no)$/);
		}
		const texts = await handle.db.selectFrom('network_text').select('kind').execute();
		expect(texts.length).toBeGreaterThan(3);
		const audit = await handle.db.selectFrom('audit_event').select('action').execute();
		expect(audit.length).toBeGreaterThan(5);
		const outbox = await handle.db.selectFrom('outbox').select(['kind', 'status']).execute();
		expect(outbox).toEqual([{ kind: 'invitation', status: 'pending' }]);
	});

	it('gives a coordinator a working password and authenticator secret', async () => {
		const johan = signIns.find((s) => s.email.startsWith('johan.nilsson'))!;
		const jar = new CookieJar();
		const signIn = await auth.api.signInEmail({
			body: { email: johan.email, password: DEMO_PASSWORD },
			headers: jar.headers(),
			returnHeaders: true
		});
		expect(signIn.response).toMatchObject({ twoFactorRedirect: true });
		jar.absorb(signIn.headers);
		const code = (OTPAuth.URI.parse(johan.totpUri!) as OTPAuth.TOTP).generate();
		jar.absorb((await auth.api.verifyTOTP({ body: { code }, headers: jar.headers(), returnHeaders: true })).headers);
		expect((await auth.api.getSession({ headers: jar.headers() }))?.user.email).toBe(johan.email);
	});

	it('refuses to seed a database that is not empty', async () => {
		expect(await databaseIsEmpty(handle.db)).toBe(false);
		await expect(seedDemo(handle.db, { appSecret, origin: 'http://localhost:3000' })).rejects.toThrow(/empty/);
	});
});
