/**
 * The public side of events in Chromium without JavaScript, with axe on every page: the list, the
 * event page, registering (a seat, then the waiting list), the confirmation page, the mail's
 * personal link, cancelling after its confirmation step, and the first on the waiting list promoted.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOpenNetworkBySlug } from '#lib/server/networks/repository.ts';
import { newEvent } from '../fixtures/factories.ts';
import {
	expectAccessible,
	lastMailTo,
	launchBrowser,
	newPage,
	seedNetworkWithAdmin,
	startApp,
	visit,
	type RunningApp
} from './harness.ts';

async function submit(page: Page, button: Locator): Promise<void> {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
	await expectAccessible(page);
}

function personalLink(text: string): string {
	const match = /https?:\/\/\S+\/events\/registration\/[A-Za-z0-9_-]+/.exec(text);
	if (!match) throw new Error(`no personal link in: ${text}`);
	return match[0];
}

describe('events: public registration, waiting list and promotion', () => {
	let app: RunningApp;
	let browser: Browser;
	let slug: string;
	let eventId: string;

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const seeded = await seedNetworkWithAdmin(app);
		slug = seeded.network.slug;
		const network = await findOpenNetworkBySlug(app.db, slug);
		if (!network) throw new Error('no network');
		const event = await newEvent(app.db, network, {
			title: 'Hedersrelaterat våld – grundutbildning',
			format: 'digital',
			capacity: 1,
			videoLink: 'https://video.example.org/m/e2e-secret'
		});
		eventId = event.id;
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	async function register(page: Page, name: string, email: string): Promise<void> {
		await visit(page, `/${slug}/events/${eventId}`);
		expect(await page.content()).not.toContain('e2e-secret');
		await page.locator('#field-name').fill(name);
		await page.locator('#field-email').fill(email);
		await page.locator('#field-consent').check();
		await submit(page, page.getByRole('button', { name: 'Skicka anmälan' }));
		expect(new URL(page.url()).pathname).toBe(`/${slug}/events/${eventId}/registered`);
		expect(page.url()).not.toContain(encodeURIComponent(email));
		expect(page.url()).not.toContain(email);
	}

	it('lists the event and shows its page with JSON-LD and no video link', async () => {
		const page = await newPage(browser, app, { javaScriptEnabled: false });
		await visit(page, `/${slug}/events`);
		await expect(page.locator('h1').textContent()).resolves.toBe('Utbildningar och evenemang');
		await page.getByRole('link', { name: 'Hedersrelaterat våld – grundutbildning' }).click();
		await page.waitForLoadState('load');
		await expectAccessible(page);
		const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
		expect(jsonLd).toMatchObject({ '@type': 'Event', name: 'Hedersrelaterat våld – grundutbildning' });
		expect(await page.content()).not.toContain('e2e-secret');
		const feed = await page.request.get(`/${slug}/events.ics`);
		expect(feed.headers()['content-type']).toContain('text/calendar');
		expect(await feed.text()).not.toContain('e2e-secret');
		await page.context().close();
	});

	it('registers without JavaScript, cancels through the personal link, and promotes the waiting', async () => {
		const anna = await newPage(browser, app, { javaScriptEnabled: false });
		await register(anna, 'Anna Andersson', 'anna@example.org');
		await expect(anna.locator('h1').textContent()).resolves.toBe('Tack för din anmälan');
		const confirmation = await lastMailTo(app, 'anna@example.org');
		expect(confirmation.text).toContain('e2e-secret');

		const bo = await newPage(browser, app, { javaScriptEnabled: false });
		await register(bo, 'Bo Berg', 'bo@example.org');
		await expect(bo.locator('h1').textContent()).resolves.toBe('Du står på väntelistan');
		expect(await bo.locator('main').textContent()).toContain('plats 1');

		await visit(anna, personalLink(confirmation.text));
		await expect(anna.locator('#registration-status').textContent()).resolves.toBe('Anmäld');
		expect(await anna.content()).toContain('e2e-secret');
		// On a phone the long video link wraps instead of widening the page.
		await anna.setViewportSize({ width: 375, height: 700 });
		const overflow = await anna.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		// Cancelling asks first, says what happens, and "no" keeps the registration.
		await submit(anna, anna.getByRole('button', { name: 'Avboka min anmälan' }));
		expect(new URL(anna.url()).searchParams.get('confirm')).toBe('cancel');
		await expect(anna.locator('#cancel-confirm-heading').textContent()).resolves.toBe('Vill du avboka?');
		const consequences = await anna.locator('#cancel-confirm').textContent();
		expect(consequences).toContain('nästa person på väntelistan');
		expect(consequences).toContain('Det går inte att ångra');
		await submit(anna, anna.getByRole('link', { name: 'Nej, behåll min anmälan' }));
		await expect(anna.locator('#cancel-confirm').count()).resolves.toBe(0);
		await expect(anna.locator('#registration-status').textContent()).resolves.toBe('Anmäld');
		await submit(anna, anna.getByRole('button', { name: 'Avboka min anmälan' }));
		await submit(anna, anna.getByRole('button', { name: 'Ja, avboka' }));
		await expect(anna.locator('#registration-status').textContent()).resolves.toBe('Avbokad');
		await expect(anna.getByRole('status').textContent()).resolves.toContain('Vi har skickat en bekräftelse');
		await expect(anna.getByRole('button', { name: 'Avboka min anmälan' }).count()).resolves.toBe(0);

		const promoted = await lastMailTo(app, 'bo@example.org');
		await visit(bo, personalLink(promoted.text));
		await expect(bo.locator('#registration-status').textContent()).resolves.toBe('Anmäld');
		await anna.context().close();
		await bo.context().close();
	});
});
