/**
 * The demo's evaluations as Kompetensteamet Norrbotten's coordinator sees them, and a survey as a
 * participant answers it on a phone, in Chromium with axe and the Nu HTML Checker on every page —
 * and the README's screenshots of them (docs/screenshots/, 1280×800, the answer form at 390×844):
 * the survey list, the results of the 5 May digital training and the answer form.
 *
 * Refresh the pictures alone with `npm run test:e2e -- demo-surveys`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOpenNetworks } from '#lib/server/networks/index.ts';
import { createAuditor } from '#lib/server/platform/audit.ts';
import type { ServiceContext } from '#lib/server/platform/context.ts';
import { loadKeyring } from '#lib/server/platform/data-keys.ts';
import { openSurvey } from '#lib/server/surveys/sending-service.ts';
import { createSurvey, saveSettings } from '#lib/server/surveys/surveys-service.ts';
import { settingsSchema } from '#lib/server/surveys/forms.ts';
import { launchBrowser, newPage, seedDemoInto, signIn, startApp, visit, type RunningApp } from './harness.ts';

const screenshots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
const VIEWPORT = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function shoot(page: Page, file: string, showing?: Locator): Promise<void> {
	await page.evaluate(() => document.fonts.ready);
	await showing?.evaluate((element) => window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - 24));
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await page.mouse.move(0, 0);
	await page.screenshot({ path: path.join(screenshots, file) });
}

describe('the demo evaluations', () => {
	let app: RunningApp;
	let browser: Browser;
	let coordinator: { email: string; password: string; totpSecret?: string };
	const pages: Page[] = [];

	async function open(viewport = VIEWPORT): Promise<Page> {
		const page = await newPage(browser, app);
		await page.setViewportSize(viewport);
		pages.push(page);
		return page;
	}

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const signIns = await seedDemoInto(app, new Date());
		const found = signIns.find((s) => s.network === 'norrbotten' && s.role === 'coordinator')!;
		coordinator = { email: found.email, password: found.password, totpSecret: found.totpSecret ?? undefined };
	}, 240_000);
	afterAll(async () => {
		for (const page of pages) await page.context().close();
		await browser?.close();
		await app?.stop();
	});

	it('shows the coordinator the surveys and the results of the digital training', async () => {
		const page = await open();
		await signIn(page, app, coordinator);
		await visit(page, '/app/norrbotten/surveys');
		await expect(page.getByRole('link', { name: /digital grundutbildning/ }).count()).resolves.toBe(1);
		await shoot(page, 'app-surveys.png');

		const survey = await page.getByRole('link', { name: /digital grundutbildning/ }).getAttribute('href');
		const results = `${survey}/results`;
		await visit(page, results);
		const text = (await page.locator('main').textContent()) ?? '';
		expect(text, text.slice(0, 600)).toContain('har svarat');
		await expect(page.locator('.chart-section').count()).resolves.toBeGreaterThan(3);
		await shoot(page, 'app-survey-results.png', page.locator('.chart-section').first());
	});

	it('shows a participant the answer form on a phone', async () => {
		const network = (await listOpenNetworks(app.db)).find((n) => n.slug === 'norrbotten')!;
		const user = await app.db
			.selectFrom('user')
			.selectAll()
			.where('email', '=', coordinator.email)
			.executeTakeFirstOrThrow();
		const links: string[] = [];
		const ctx: ServiceContext = {
			db: app.db,
			actor: {
				userId: user.id,
				email: user.email,
				name: user.name,
				isInstanceAdmin: false,
				twoFactorEnabled: true,
				sessionId: null,
				locale: 'sv'
			},
			network,
			role: 'coordinator',
			now: new Date(),
			locale: 'sv',
			audit: createAuditor(app.db, { networkId: network.id, actorUserId: user.id, clientAddress: null }),
			mail: {
				enqueue: async (_db, mail) => {
					links.push(/\/survey\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1]);
					return 0;
				},
				flush: () => {}
			},
			keyring: loadKeyring({ dataDir: app.dataDir }),
			clientAddress: null,
			requestId: null,
			publicOrigin: app.baseURL
		};
		const created = await createSurvey(ctx, {
			title: 'Kompetensteamets träffar i vår',
			source: 'shipped:meeting_usefulness'
		});
		if (!created.ok) throw new Error(created.error);
		const settings = settingsSchema.parse({
			title: 'Kompetensteamets träffar i vår',
			audience: 'roles',
			roles: ['admin', 'coordinator', 'member'],
			minAnswers: '5'
		});
		expect((await saveSettings(ctx, created.value.id, settings)).ok).toBe(true);
		expect((await openSurvey(ctx, created.value.id)).ok).toBe(true);

		const phone = await open(PHONE);
		await visit(phone, `/norrbotten/survey/${links[0]}`);
		await expect(phone.getByRole('radio').count()).resolves.toBeGreaterThan(10);
		await shoot(phone, 'survey-answer-phone.png');
	});
});
