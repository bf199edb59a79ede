/**
 * The demo's consultations as its coordinator and an anonymous asker see them, in Chromium with axe on
 * every page — and the README's screenshots of them (docs/screenshots/, 1280×800): the overview's
 * dashboard block, the list, one consultation with its log, the statistics, the shareable print
 * version, and the anonymous form stopping a text with a name and a personnummer.
 *
 * Refresh the pictures alone with `npm run test:e2e -- demo-consultations`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	expectAccessible,
	launchBrowser,
	newPage,
	seedDemoInto,
	signIn,
	startApp,
	visit,
	type RunningApp
} from './harness.ts';

const screenshots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
const VIEWPORT = { width: 1280, height: 800 };

async function shoot(page: Page, file: string, showing?: Locator): Promise<void> {
	await page.evaluate(() => document.fonts.ready);
	await showing?.evaluate((element) => element.scrollIntoView({ block: 'start' }));
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await page.screenshot({ path: path.join(screenshots, file) });
}

describe('the demo consultations', () => {
	let app: RunningApp;
	let browser: Browser;
	let coordinator: { email: string; password: string; totpSecret?: string };
	let admin: { email: string; password: string; totpSecret?: string };
	const pages: Page[] = [];

	async function open(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
		const page = await newPage(browser, app, options);
		await page.setViewportSize(VIEWPORT);
		pages.push(page);
		return page;
	}

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const signIns = await seedDemoInto(app);
		const person = (role: string) => {
			const found = signIns.find((s) => s.network === 'norrbotten' && s.role === role);
			if (!found) throw new Error(`the demo has no ${role} in norrbotten`);
			return { email: found.email, password: found.password, totpSecret: found.totpSecret ?? undefined };
		};
		coordinator = person('coordinator');
		admin = person('admin');
	}, 180_000);
	afterAll(async () => {
		for (const page of pages) await page.context().close();
		await browser?.close();
		await app?.stop();
	});

	it('shows the coordinator the dashboard, the list, a consultation with its log and the statistics', async () => {
		const page = await open();
		await signIn(page, app, coordinator);
		await visit(page, '/app/norrbotten');
		const block = page.locator('section.consultations');
		await expect(block.textContent()).resolves.toMatch(/försenad uppföljning/);
		await shoot(page, 'app-consultations-dashboard.png', block);

		await visit(page, '/app/norrbotten/consultations');
		const rows = page.locator('table tbody tr');
		expect(await rows.count()).toBe(25);
		await shoot(page, 'app-consultations-list.png', page.locator('#results-heading'));

		// The newest consultation with a log: open it from the list of answered ones.
		await visit(page, '/app/norrbotten/consultations?status=answered');
		await Promise.all([page.waitForNavigation(), rows.first().locator('a').first().click()]);
		await expectAccessible(page);
		await expect(page.locator('#log-heading').count()).resolves.toBe(1);
		await expect(page.locator('ol.log li').count()).resolves.toBeGreaterThan(0);
		await expect(page.locator('#readers-heading + p + ul li').count()).resolves.toBeGreaterThan(0);
		await shoot(page, 'app-consultation.png');

		await visit(page, '/app/norrbotten/consultations/statistics?period=year-2025');
		// Two half-years of the demo in 2025: about 50 questions from 8 of the 10 participating municipalities.
		await expect(page.locator('main').textContent()).resolves.toMatch(/8 av 10/);
		await shoot(page, 'app-consultation-statistics.png');
		await visit(page, '/app/norrbotten/consultations/statistics/print?period=year-2025');
		await shoot(page, 'app-consultation-statistics-print.png');
	});

	it('shows the admin the statistics and settings but not the texts', async () => {
		const page = await open();
		await signIn(page, app, admin);
		await visit(page, '/app/norrbotten/consultations/settings');
		await expect(page.locator('h1').textContent()).resolves.toMatch(/Inställningar/);
		await visit(page, '/app/norrbotten/consultations/statistics');
		const response = await page.goto(new URL('/app/norrbotten/consultations', app.baseURL).toString());
		await expectAccessible(page);
		// The admin sees only questions of their own (none in the demo), not the network's.
		expect(response?.status()).toBe(200);
		await expect(page.locator('table').count()).resolves.toBe(0);
	});

	it('stops an anonymous question with a name and a personnummer, without JavaScript', async () => {
		const page = await open({ javaScriptEnabled: false });
		await visit(page, '/norrbotten/ask');
		await page.locator('#field-topicIds-0').check();
		await page
			.locator('#field-question')
			.fill(
				'Eleven Amina Yusuf (20100314-2385) i årskurs 9 berättar att hon ska resa till släkten i sommar ' +
					'och är rädd att inte få komma tillbaka. Hur ska skolan agera?'
			);
		await page.locator('#field-deidentified').check();
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Skicka frågan' }).click()]);
		await expectAccessible(page);
		await expect(page.locator('#pii-question mark').count()).resolves.toBe(2);
		await shoot(page, 'public-ask-guard.png', page.locator('#pii-question'));
	});
});
