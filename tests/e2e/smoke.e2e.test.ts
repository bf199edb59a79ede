import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, startApp, totpCode, visit, type RunningApp } from './harness.ts';

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

	it('answers /readyz with 503 and a reason while a migration is pending', async () => {
		const applied = await app.db.selectFrom('schema_migration' as never).selectAll().execute();
		expect(applied.length).toBeGreaterThan(0);
		await app.db.deleteFrom('schema_migration' as never).where('name' as never, '=', '0001-foundation' as never).execute();
		const response = await fetch(`${app.baseURL}/readyz`);
		expect(response.status).toBe(503);
		expect(await response.json()).toEqual({ status: 'unavailable', reason: 'migrations_pending', pending: 1 });
	});
});
