import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	launchBrowser,
	newPage,
	seedMember,
	seedNetworkWithAdmin,
	signIn,
	startApp,
	totpCode,
	visit,
	type RunningApp
} from './harness.ts';

describe('harness smoke test', () => {
	let app: RunningApp;
	let browser: Browser;

	beforeAll(async () => {
		app = await startApp();
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('answers /healthz and /readyz', async () => {
		const health = await fetch(`${app.baseURL}/healthz`);
		expect(health.status).toBe(200);
		expect(await health.text()).toBe('ok');
		const ready = await fetch(`${app.baseURL}/readyz`);
		expect(ready.status).toBe(200);
		expect(await ready.json()).toEqual({ status: 'ready' });
	});

	it('sends a fresh installation to /setup', async () => {
		const response = await fetch(`${app.baseURL}/`, { redirect: 'manual', headers: { accept: 'text/html' } });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/setup');
		const page = await newPage(browser, app);
		const setup = await page.goto('/setup');
		if (setup?.status() === 200) await visit(page, '/setup');
		expect(new URL(page.url()).pathname).toBe('/setup');
		await page.context().close();
	});

	it('computes TOTP codes from a secret and from an otpauth URI alike', () => {
		const secret = 'JBSWY3DPEHPK3PXP';
		const code = totpCode(secret);
		expect(code).toMatch(/^\d{6}$/);
		expect(totpCode(`otpauth://totp/Samverkan:a%40example.se?secret=${secret}&issuer=Samverkan`)).toBe(code);
	});

	it('seeds networks and people straight into the database', async () => {
		const { network, admin } = await seedNetworkWithAdmin(app);
		expect(admin.totpSecret).toMatch(/^[A-Z2-7]+$/);
		const second = await seedNetworkWithAdmin(app, { slug: 'agder', name: 'Nettverk mot vold i Agder', country: 'NO' });
		const coordinator = await seedMember(app, network.slug, { role: 'coordinator' });
		const member = await seedMember(app, network.slug, { role: 'member' });
		expect(coordinator.totpSecret).toBeDefined();
		expect(member.totpSecret).toBeUndefined();
		const again = await seedMember(app, second.network.slug, { role: 'member', email: member.email });
		expect(again.password).toBe(member.password);
		const users = await app.db
			.selectFrom('user')
			.select(['email', 'isInstanceAdmin', 'twoFactorEnabled'])
			.orderBy('email')
			.execute();
		expect(users.map((u) => [u.email, Number(u.isInstanceAdmin), Number(u.twoFactorEnabled)])).toEqual([
			['admin.agder@example.se', 0, 1],
			[admin.email, 1, 1],
			[coordinator.email, 0, 1],
			[member.email, 0, 0]
		]);
		const memberships = await app.db.selectFrom('membership').select('role').execute();
		expect(memberships).toHaveLength(5);
	});

	it('signs in through the real forms, with and without two-factor', async () => {
		const admin = await seedMember(app, 'kompetensteamet', { role: 'admin' });
		const member = await seedMember(app, 'kompetensteamet', { role: 'member' });
		for (const user of [admin, member]) {
			const page = await newPage(browser, app);
			await signIn(page, app, user);
			expect(new URL(page.url()).pathname).toMatch(/^\/app/);
			await page.context().close();
		}
	});

	it('answers /readyz with 503 and a reason while a migration is pending', async () => {
		const applied = await app.db
			.selectFrom('schema_migration' as never)
			.selectAll()
			.execute();
		expect(applied.length).toBeGreaterThan(0);
		await app.db
			.deleteFrom('schema_migration' as never)
			.where('name' as never, '=', '0001-foundation' as never)
			.execute();
		const response = await fetch(`${app.baseURL}/readyz`);
		expect(response.status).toBe(503);
		expect(await response.json()).toEqual({ status: 'unavailable', reason: 'migrations_pending', pending: 1 });
	});
});
