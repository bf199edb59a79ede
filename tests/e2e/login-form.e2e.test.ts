import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	expectAccessible,
	launchBrowser,
	newPage,
	seedMember,
	seedNetworkWithAdmin,
	startApp,
	visit,
	type RunningApp
} from './harness.ts';

/**
 * The sign-in form in Norwegian, where a correct demo address once came back with "Kontroller
 * verdien" ("check the value"): the field error of an empty (or not sent) password, whose message
 * key was replaced by the generic one. The form now names what is missing and keeps the address;
 * an address filled in with spaces or capitals, as password managers may, signs in. With and
 * without JavaScript.
 */
describe('the sign-in form in Norwegian', () => {
	let app: RunningApp;
	let browser: Browser;
	let member: { email: string; password: string };
	const pages: Page[] = [];

	beforeAll(async () => {
		app = await startApp();
		browser = await launchBrowser();
		const { network } = await seedNetworkWithAdmin(app, { country: 'NO', slug: 'agder' });
		member = await seedMember(app, network.slug, { role: 'member' });
	});
	afterAll(async () => {
		for (const page of pages) await page.context().close();
		await browser?.close();
		await app?.stop();
	});

	async function submit(page: Page): Promise<void> {
		const navigation = page.waitForNavigation({ waitUntil: 'load' });
		await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
		await navigation;
		await expectAccessible(page);
	}

	for (const javaScriptEnabled of [true, false]) {
		it(`asks for the password, keeping the address, and then signs in (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
			const page = await newPage(browser, app, { locale: 'nb-NO', javaScriptEnabled });
			pages.push(page);
			await visit(page, '/nb/login');
			const typed = `  ${member.email.toUpperCase()} `;
			await page.locator('input[name="email"]').fill(typed);
			await submit(page);
			expect(new URL(page.url()).pathname).toBe('/nb/login');
			const summary = await page.locator('.error-summary').innerText();
			expect(summary).toContain('Skriv inn passordet ditt.');
			expect(summary).not.toContain('Kontroller verdien');
			// An e-mail field drops the spaces itself; the capitals are kept as typed.
			expect(await page.locator('input[name="email"]').inputValue()).toBe(typed.trim());

			await page.locator('input[name="password"]').fill(member.password);
			await submit(page);
			expect(new URL(page.url()).pathname).toMatch(/^\/nb\/app(\/|$)/);
		});
	}

	it('asks for both when nothing is typed, in the words of each field', async () => {
		const page = await newPage(browser, app, { locale: 'nb-NO' });
		pages.push(page);
		await visit(page, '/nb/login');
		await submit(page);
		const summary = await page.locator('.error-summary').innerText();
		expect(summary).toContain('Skriv inn e-postadressen din.');
		expect(summary).toContain('Skriv inn passordet ditt.');
		expect(summary).not.toContain('Kontroller verdien');
	});
});
