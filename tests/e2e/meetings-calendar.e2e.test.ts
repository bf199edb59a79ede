/**
 * The personal meetings feed in Chromium, with axe and the Nu HTML Checker on every page: a member
 * makes a feed address on the calendar-feed page, a calendar app (here: fetch) reads it back with
 * ical.js, the member makes a new address (the old one stops working) and turns the feed off — with
 * JavaScript and without. The member downloads one meeting's calendar file with the video link;
 * a communicator gets neither the file nor a feed.
 */
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMeetingsOfSeries } from '#lib/server/meetings/meetings-repository.ts';
import { findOpenNetworkBySlug } from '#lib/server/networks/repository.ts';
import { findUserByEmail } from '#lib/server/platform/auth/user-repository.ts';
import { serviceContext } from '../fixtures/factories.ts';
import { newSeries } from '../fixtures/meetings.ts';
import {
	expectAccessible,
	launchBrowser,
	newPage,
	seedMember,
	seedNetworkWithAdmin,
	signIn,
	startApp,
	visit,
	type RunningApp
} from './harness.ts';

const VIDEO = 'https://video.example.se/kt';

/** A day N days from today, as YYYY-MM-DD. */
function dayFromNow(days: number): string {
	return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The feed address shown once on the page. */
async function shownAddress(page: Page): Promise<string> {
	const value = await page.locator('#feed-address').inputValue();
	expect(value).toMatch(/\/meetings\/feed\/[A-Za-z0-9_-]{43}\.ics$/);
	return value;
}

function uidsOf(content: string): string[] {
	const calendar = new ICAL.Component(ICAL.parse(content));
	return calendar.getAllSubcomponents('vevent').map((vevent) => String(vevent.getFirstPropertyValue('uid')));
}

describe('meetings: personal calendar feed', () => {
	let app: RunningApp;
	let browser: Browser;
	let slug: string;
	let member: { email: string; password: string; totpSecret?: string };
	let communicator: { email: string; password: string; totpSecret?: string };
	let meetingIds: string[];

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const seeded = await seedNetworkWithAdmin(app);
		slug = seeded.network.slug;
		const coordinator = await seedMember(app, slug, { role: 'coordinator', name: 'Cecilia Samordnare' });
		member = await seedMember(app, slug, { role: 'member', name: 'Maja Medlem' });
		communicator = await seedMember(app, slug, { role: 'communicator', name: 'Klara Kommunikatör' });

		const network = (await findOpenNetworkBySlug(app.db, slug))!;
		const user = (await findUserByEmail(app.db, coordinator.email))!;
		const ctx = serviceContext(app.db, {
			network,
			role: 'coordinator',
			origin: app.baseURL,
			user: {
				userId: user.id,
				email: user.email,
				name: user.name,
				isInstanceAdmin: false,
				twoFactorEnabled: true,
				sessionId: null,
				locale: null
			}
		});
		const first = dayFromNow(7);
		const { seriesId } = await newSeries(ctx, {
			firstDay: first,
			lastDay: dayFromNow(70),
			weekday: String(((new Date(`${first}T12:00:00Z`).getUTCDay() + 6) % 7) + 1)
		});
		meetingIds = (await listMeetingsOfSeries(app.db, network.id, seriesId)).map((m) => m.id);
		expect(meetingIds.length).toBeGreaterThanOrEqual(4);
	}, 120_000);

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	const path = () => `/app/${slug}/meetings/calendar-feed`;

	it('lets a member make a feed address, read it, replace it and turn it off, with JavaScript', async () => {
		const page = await newPage(browser, app);
		await signIn(page, app, member);
		await visit(page, path());
		await expect(page.getByRole('heading', { level: 1, name: 'Kalenderprenumeration' }).isVisible()).resolves.toBe(
			true
		);
		await expect(page.getByText('Du har ingen kalenderprenumeration än.').isVisible()).resolves.toBe(true);
		for (const name of ['Outlook', 'Google Kalender', 'Apple Kalender'])
			await expect(page.getByRole('heading', { level: 3, name }).isVisible()).resolves.toBe(true);

		await page.getByRole('button', { name: 'Skapa kalenderadress' }).click();
		await page.locator('#feed-address').waitFor();
		await expect(page.getByRole('status').first().innerText()).resolves.toContain('visas bara den här gången');
		await expectAccessible(page);
		const first = await shownAddress(page);
		expect(first.startsWith(`${app.baseURL}/${slug}/meetings/feed/`)).toBe(true);

		const response = await fetch(first);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		expect(response.headers.get('cache-control')).toBe('no-store');
		const content = await response.text();
		expect(uidsOf(content)).toEqual(meetingIds.map((id) => `meeting-${id}@samverkan`));
		expect(content.replace(/\r\n[ \t]/g, '')).toContain(VIDEO);

		// The copy button is there with JavaScript.
		await expect(page.getByRole('button', { name: 'Kopiera adressen' }).isVisible()).resolves.toBe(true);

		await page.getByRole('button', { name: 'Skapa ny adress' }).click();
		await page.waitForFunction((old) => {
			const input = document.querySelector<HTMLInputElement>('#feed-address');
			return input !== null && input.value !== old;
		}, first);
		await expectAccessible(page);
		const second = await shownAddress(page);
		expect((await fetch(first)).status).toBe(404);
		expect((await fetch(second)).status).toBe(200);

		await page.getByRole('button', { name: 'Stäng av prenumerationen' }).click();
		await page.waitForURL(/done=revoked/);
		await expect(page.getByText('Prenumerationen är avstängd.', { exact: false }).isVisible()).resolves.toBe(true);
		await expect(page.locator('#feed-address').count()).resolves.toBe(0);
		await expectAccessible(page);
		const gone = await fetch(second);
		expect(gone.status).toBe(404);
		expect(gone.headers.get('cache-control')).toBe('no-store');
		expect(await gone.text()).not.toContain('BEGIN:VCALENDAR');
	});

	it('works the same without JavaScript, and shows the date of a feed made earlier', async () => {
		const signedIn = await newPage(browser, app);
		await signIn(signedIn, app, member);
		const page = await newPage(browser, app, {
			javaScriptEnabled: false,
			storageState: await signedIn.context().storageState()
		});
		await visit(page, path());
		await Promise.all([
			page.waitForNavigation({ waitUntil: 'load' }),
			page.getByRole('button', { name: 'Skapa kalenderadress' }).click()
		]);
		await expectAccessible(page);
		const address = await shownAddress(page);
		// No copy button without JavaScript: it could not work.
		await expect(page.getByRole('button', { name: 'Kopiera adressen' }).count()).resolves.toBe(0);
		expect((await fetch(address)).status).toBe(200);

		await visit(page, path());
		await expect(page.locator('#feed-address').count()).resolves.toBe(0);
		await expect(page.getByText('Du har en kalenderprenumeration sedan', { exact: false }).isVisible()).resolves.toBe(
			true
		);

		await Promise.all([
			page.waitForNavigation({ waitUntil: 'load' }),
			page.getByRole('button', { name: 'Stäng av prenumerationen' }).click()
		]);
		await expectAccessible(page);
		expect(page.url()).toContain('done=revoked');
		expect((await fetch(address)).status).toBe(404);
	});

	it('speaks Norwegian and English on the feed page', async () => {
		const page = await newPage(browser, app);
		await signIn(page, app, member);
		for (const [prefix, title, howto] of [
			['/nb', 'Kalenderabonnement', 'Slik abonnerer du'],
			['/en', 'Calendar feed', 'How to subscribe']
		]) {
			await visit(page, `${prefix}${path()}`);
			await expect(page.getByRole('heading', { level: 1, name: title }).isVisible()).resolves.toBe(true);
			await expect(page.getByRole('heading', { level: 2, name: howto }).isVisible()).resolves.toBe(true);
		}
	});

	it('gives the invited member one meeting’s calendar file with the video link, and a communicator nothing', async () => {
		const page = await newPage(browser, app);
		await signIn(page, app, member);
		const file = await page.request.get(`/app/${slug}/meetings/${meetingIds[0]}/calendar.ics`);
		expect(file.status()).toBe(200);
		expect(file.headers()['content-type']).toBe('text/calendar; charset=utf-8');
		expect(file.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.ics"$/);
		const content = await file.text();
		expect(uidsOf(content)).toEqual([`meeting-${meetingIds[0]}@samverkan`]);
		expect(content.replace(/\r\n[ \t]/g, '')).toContain(VIDEO);

		const other = await newPage(browser, app);
		await signIn(other, app, communicator);
		const refused = await other.request.get(`/app/${slug}/meetings/${meetingIds[0]}/calendar.ics`);
		expect(refused.status()).toBe(404);
		const feedPage = await other.goto(path());
		expect(feedPage?.status()).toBe(403);
	});
});
