/**
 * Check-in at the door on a phone (375×740): the app's header folds its menus and navigation into
 * one "Meny" disclosure that works without JavaScript, the tally stays in view while the list
 * scrolls, and a hybrid event's door list shows those on site unless asked otherwise — with axe and
 * the HTML checker on every page, and the folded header checked on several app pages.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationFormSchema } from '#lib/server/events/forms.ts';
import { registerForEvent } from '#lib/server/events/registration/service.ts';
import { findOpenNetworkBySlug } from '#lib/server/networks/repository.ts';
import { newEvent, visitorContext } from '../fixtures/factories.ts';
import {
	expectAccessible,
	launchBrowser,
	newPage,
	seedNetworkWithAdmin,
	signIn,
	startApp,
	visit,
	type RunningApp
} from './harness.ts';

const PHONE = { width: 375, height: 740 };

/** Whether the element's box lies (at least partly) within the first screen. */
async function onFirstScreen(page: Page, selector: string): Promise<boolean> {
	return page
		.locator(selector)
		.first()
		.evaluate((el) => {
			const box = el.getBoundingClientRect();
			return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
		});
}

describe('check-in on a phone', () => {
	let app: RunningApp;
	let browser: Browser;
	let admin: { email: string; password: string; totpSecret: string };
	let session: Awaited<ReturnType<ReturnType<Page['context']>['storageState']>>;
	let checkIn: string;

	async function phone(javaScriptEnabled = true): Promise<Page> {
		const page = session
			? await newPage(browser, app, { javaScriptEnabled, storageState: session })
			: await newPage(browser, app, { javaScriptEnabled });
		await page.setViewportSize(PHONE);
		if (!session) {
			await signIn(page, app, admin);
			session = await page.context().storageState();
		}
		return page;
	}

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		({ admin } = await seedNetworkWithAdmin(app, { slug: 'kompetensteamet' }));
		const network = (await findOpenNetworkBySlug(app.db, 'kompetensteamet'))!;
		const now = Date.now();
		const event = await newEvent(app.db, network, {
			title: 'Grundutbildning om hedersrelaterat våld (hybrid)',
			format: 'hybrid',
			address: 'Stadshuset, Luleå',
			videoLink: 'https://video.example.org/m/7',
			startAt: new Date(now - 20 * 60_000),
			endAt: new Date(now + 3 * 3_600_000)
		});
		checkIn = `/app/kompetensteamet/events/${event.id}/check-in`;
		const pub = visitorContext(app.db, network, { clientAddress: null, now: new Date(now - 86_400_000) });
		const names = ['Anna', 'Bo', 'Cecilia', 'David', 'Eva', 'Fredrik', 'Greta', 'Hugo', 'Ida', 'Johan', 'Karin'];
		for (const [i, first] of names.entries())
			for (const participation of ['on_site', 'digital'] as const) {
				// Digital names begin with "Z" so they would sort last if they were mixed in.
				const name = participation === 'digital' ? `Zoom ${first} Digital` : `${first} Platsson`;
				const input = registrationFormSchema.parse({
					name,
					email: `${participation}.${i}@example.se`,
					organisation: 'Socialtjänsten',
					participation,
					consent: 'on'
				});
				expect((await registerForEvent(pub, event.id, input)).ok).toBe(true);
			}
	}, 180_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('shows the tally and the first names on the first screen, and keeps the tally in view', async () => {
		const page = await phone();
		await visit(page, checkIn);
		// The header's menus are folded away; the tally and the first people are on the first screen.
		await expect(page.getByRole('navigation', { name: 'Huvudmeny' }).isVisible()).resolves.toBe(false);
		expect(await onFirstScreen(page, '.tally')).toBe(true);
		expect(await onFirstScreen(page, '.people li strong')).toBe(true);
		await expect(page.locator('.tally').textContent()).resolves.toContain('0 av 11');
		// A hybrid event's door list is those on site.
		const names = await page.locator('.people li strong').allTextContents();
		expect(names).toHaveLength(11);
		expect(names.every((n) => n.endsWith('Platsson'))).toBe(true);

		await page.mouse.wheel(0, 5000);
		await page.waitForFunction(() => window.scrollY > 300);
		expect(await onFirstScreen(page, '.tally')).toBe(true);

		// Ticking someone far down the list keeps the count in view.
		await Promise.all([
			page.waitForResponse((r) => r.url().includes('attendance')),
			page.getByRole('button', { name: 'Markera som närvarande: Karin Platsson' }).click()
		]);
		await expect(page.getByRole('status').textContent()).resolves.toContain('Karin Platsson är incheckad.');
		await expect(page.locator('.tally').textContent()).resolves.toContain('1 av 11');
		expect(await onFirstScreen(page, '.tally')).toBe(true);

		// The menu opens from its toggle and holds the main navigation.
		await page.evaluate(() => window.scrollTo(0, 0));
		await page.getByText('Meny', { exact: true }).click();
		await expect(page.getByRole('navigation', { name: 'Huvudmeny' }).isVisible()).resolves.toBe(true);
		await expectAccessible(page);
		await page.close();
	});

	it('switches between on site, online and everyone, with and without JavaScript', async () => {
		for (const javaScriptEnabled of [true, false]) {
			const page = await phone(javaScriptEnabled);
			await visit(page, checkIn);
			const groups = page.getByRole('navigation', { name: 'Vilka som visas' });
			await Promise.all([
				page.waitForURL(/participation=digital/),
				groups.getByRole('link', { name: /^Digitalt/ }).click()
			]);
			await expectAccessible(page);
			const digital = await page.locator('.people li strong').allTextContents();
			expect(digital).toHaveLength(11);
			expect(digital.every((n) => n.startsWith('Zoom'))).toBe(true);
			await expect(groups.getByRole('link', { name: /^Digitalt/ }).getAttribute('aria-current')).resolves.toBe('page');
			await expect(page.locator('.tally').textContent()).resolves.toContain('0 av 11');

			// A search stays within the group, and ticking keeps both.
			await page.locator('#field-q').fill('anna');
			await Promise.all([page.waitForURL(/q=anna/), page.getByRole('button', { name: 'Sök', exact: true }).click()]);
			await expectAccessible(page);
			expect(await page.locator('.people li strong').allTextContents()).toEqual(['Zoom Anna Digital']);
			await Promise.all([
				javaScriptEnabled ? page.waitForResponse((r) => r.url().includes('attendance')) : page.waitForURL(/marked=/),
				page.getByRole('button', { name: 'Markera som närvarande: Zoom Anna Digital' }).click()
			]);
			await page.waitForLoadState('load');
			await expectAccessible(page);
			expect(new URL(page.url()).searchParams.get('participation')).toBe('digital');
			await expect(page.locator('.tally').textContent()).resolves.toContain('1 av 11');
			// Undo, so the next round starts the same.
			await Promise.all([
				javaScriptEnabled ? page.waitForResponse((r) => r.url().includes('attendance')) : page.waitForURL(/marked=/),
				page.getByRole('button', { name: 'Ångra incheckning: Zoom Anna Digital' }).click()
			]);
			await page.waitForLoadState('load');

			await Promise.all([page.waitForURL(/participation=all/), groups.getByRole('link', { name: /^Alla/ }).click()]);
			await expectAccessible(page);
			await expect(page.locator('.people li strong').allTextContents()).resolves.toEqual([
				'Anna Platsson',
				'Zoom Anna Digital'
			]);
			await page.close();
		}
	}, 120_000);

	it('folds the header on other app pages at phone width, and opens the menu without JavaScript', async () => {
		const page = await phone(false);
		for (const path of [
			'/app/kompetensteamet',
			'/app/kompetensteamet/directory',
			'/app/kompetensteamet/events',
			'/account'
		]) {
			await visit(page, path);
			const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
			if (path === '/account') continue;
			await expect(nav.isVisible()).resolves.toBe(false);
			const height = await page.locator('header.app-header').evaluate((el) => el.getBoundingClientRect().height);
			expect(height).toBeLessThan(120);
		}
		await visit(page, '/app/kompetensteamet/events');
		await page.getByText('Meny', { exact: true }).click();
		const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
		await expect(nav.isVisible()).resolves.toBe(true);
		await expectAccessible(page);
		await Promise.all([page.waitForURL(/directory/), nav.getByRole('link', { name: 'Katalog' }).click()]);
		await expectAccessible(page);

		// At desktop width nothing is folded: the navigation shows without a toggle.
		await page.setViewportSize({ width: 1280, height: 800 });
		await expect(page.getByRole('navigation', { name: 'Huvudmeny' }).isVisible()).resolves.toBe(true);
		await expect(page.getByText('Meny', { exact: true }).isVisible()).resolves.toBe(false);
		await page.close();
	}, 120_000);
});
