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

describe.each(testDialects)('demo directory (%s)', (dialect) => {
	let handle: TestDatabase;
	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		await seedDemo(handle.db, { appSecret, origin: 'http://localhost:3000', now: new Date('2026-11-23T10:00:00Z') });
	}, 60_000);
	afterAll(async () => handle.cleanup());

	const norrbotten = async () =>
		(await handle.db.selectFrom('network').select('id').where('slug', '=', 'norrbotten').executeTakeFirstOrThrow()).id;

	it('has about 150 contacts in organisations of every type', async () => {
		const networkId = await norrbotten();
		const contacts = await handle.db
			.selectFrom('contact')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('network_id', '=', networkId)
			.executeTakeFirstOrThrow();
		expect(Number(contacts.n)).toBeGreaterThanOrEqual(140);
		expect(Number(contacts.n)).toBeLessThanOrEqual(160);
		const unusedTypes = await handle.db
			.selectFrom('organisation_type')
			.select('key')
			.where('network_id', '=', networkId)
			.where(({ not, exists, selectFrom }) =>
				not(
					exists(
						selectFrom('organisation')
							.select('organisation.id')
							.whereRef('organisation.type_id', '=', 'organisation_type.id')
					)
				)
			)
			.execute();
		expect(unusedTypes).toEqual([]);
	});

	it('leaves exactly two participating municipalities without a fixed representative', async () => {
		const networkId = await norrbotten();
		const rows = await handle.db
			.selectFrom('network_municipality')
			.innerJoin('municipality', 'municipality.id', 'network_municipality.municipality_id')
			.select('municipality.name')
			.where('network_municipality.network_id', '=', networkId)
			.where('network_municipality.participating', '=', 1)
			.where(({ not, exists, selectFrom }) =>
				not(
					exists(
						selectFrom('representative')
							.select('representative.contact_id')
							.whereRef('representative.municipality_id', '=', 'network_municipality.municipality_id')
							.where('representative.kind', '=', 'primary')
					)
				)
			)
			.orderBy('municipality.name')
			.execute();
		expect(rows.map((r) => r.name)).toEqual(['Haparanda', 'Jokkmokk']);
	});

	it('has contacts overdue for verification and checklists partly filled', async () => {
		const networkId = await norrbotten();
		const overdue = await handle.db
			.selectFrom('contact')
			.select('id')
			.where('network_id', '=', networkId)
			.where('last_verified_on', '<', '2025-11-23')
			.execute();
		expect(overdue.length).toBeGreaterThan(5);
		const statuses = await handle.db
			.selectFrom('checklist_status')
			.select('status')
			.where('network_id', '=', networkId)
			.execute();
		const kinds = new Set(statuses.map((s) => s.status));
		expect(kinds).toEqual(new Set(['in_place', 'in_progress', 'missing']));
		// 10 municipalities × 8 items, not all filled in.
		expect(statuses.length).toBeGreaterThan(20);
		expect(statuses.length).toBeLessThan(80);
	});
});
