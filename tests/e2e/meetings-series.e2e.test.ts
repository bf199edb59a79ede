/**
 * Team meetings' calendar, series and single meetings in Chromium, with axe and the Nu HTML Checker
 * on every page: a coordinator creates a fortnightly series without JavaScript (bad input first,
 * kept and explained) and finds its meetings in the calendar, moves one meeting and cancels another;
 * an invited member sees place and video link, says "I can't come" and takes it back; a
 * communicator sees the calendar only and is refused the coordinator's pages.
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

async function submit(page: Page, button: ReturnType<Page['locator']>): Promise<void> {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
	await expectAccessible(page);
}

const text = async (locator: ReturnType<Page['locator']>) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ');

/** A calendar day `days` after today in Stockholm, 'YYYY-MM-DD'. */
function dayFromToday(days: number): string {
	const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
	const [y, m, d] = today.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const TITLE = 'Kompetensteamets möte';
const PLACE = 'Länsstyrelsen, sal 3';
const VIDEO = 'https://video.example.se/kompetensteamet';

describe('team meetings: calendar, series and single meetings', () => {
	let app: RunningApp;
	let browser: Browser;
	let slug: string;
	let coordinator: { email: string; password: string; totpSecret?: string };
	let member: { email: string; password: string; totpSecret?: string };
	let communicator: { email: string; password: string; totpSecret?: string };
	let coordinatorSession: BrowserContextOptions['storageState'];

	/** The coordinator signs in once (a TOTP code works once); later pages continue the session. */
	async function asCoordinator(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
		if (!coordinatorSession) {
			const page = await newPage(browser, app);
			await signIn(page, app, coordinator);
			coordinatorSession = await page.context().storageState();
			await page.context().close();
		}
		return newPage(browser, app, { ...options, storageState: coordinatorSession });
	}

	/** The ids of the series' meetings in the calendar, in order. */
	async function calendarMeetingIds(page: Page): Promise<string[]> {
		await visit(page, `/app/${slug}/meetings`);
		const hrefs = await page
			.locator('.meeting .title a')
			.evaluateAll((links) => links.map((a) => a.getAttribute('href')));
		return hrefs.map((href) => String(href).split('/').pop()!);
	}

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const seeded = await seedNetworkWithAdmin(app);
		slug = seeded.network.slug;
		coordinator = await seedMember(app, slug, { role: 'coordinator', name: 'Cecilia Samordnare' });
		member = await seedMember(app, slug, { role: 'member', name: 'Maja Medlem' });
		communicator = await seedMember(app, slug, { role: 'communicator', name: 'Klara Kommunikatör' });
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('lets a coordinator create a fortnightly series without JavaScript, keeping bad input with the reason', async () => {
		const page = await asCoordinator({ javaScriptEnabled: false });
		await visit(page, `/app/${slug}/meetings`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Teammöten');
		const tabs = page.getByRole('navigation', { name: 'Teammöten' });
		await expect(tabs.getByRole('link').allTextContents()).resolves.toEqual([
			'Kalender',
			'Mötesserier',
			'Närvarostatistik',
			'Kalenderprenumeration'
		]);
		await submit(page, page.getByRole('link', { name: 'Ny mötesserie' }).first());
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Ny mötesserie');
		await expect(text(page.getByRole('navigation', { name: 'Du är här' }))).resolves.toContain('Mötesserier');

		// Every kind of repetition's fields are there without JavaScript, each saying when it applies.
		for (const id of ['#field-lastDay', '#field-weekday', '#field-intervalWeeks', '#field-weekOfMonth', '#field-dates'])
			await expect(page.locator(id).isVisible()).resolves.toBe(true);

		await page.locator('#field-title').fill(TITLE);
		await page.getByLabel('Varje eller var n:e vecka').check();
		await page.locator('#field-firstDay').fill(dayFromToday(7));
		await page.locator('#field-lastDay').fill(dayFromToday(7 + 90));
		await page.locator('#field-weekday').selectOption('2');
		await page.locator('#field-intervalWeeks').selectOption('2');
		await page.locator('#field-startTime').fill('09:00');
		await page.locator('#field-endTime').fill('08:30');
		await page.locator('#field-place').fill(PLACE);
		await page.locator('#field-videoLink').fill(VIDEO);
		await submit(page, page.getByRole('button', { name: 'Skapa serien' }));

		// Refused: the reason beside the field and in the summary, everything typed still there, nothing saved.
		await expect(text(page.locator('.error-summary'))).resolves.toContain(
			'Slutar – Sluttiden ska vara efter starttiden.'
		);
		await expect(page.locator('#field-endTime-error').textContent()).resolves.toContain(
			'Sluttiden ska vara efter starttiden.'
		);
		await expect(page.locator('#field-endTime').getAttribute('aria-invalid')).resolves.toBe('true');
		await expect(page.locator('#field-title').inputValue()).resolves.toBe(TITLE);
		await expect(page.locator('#field-place').inputValue()).resolves.toBe(PLACE);
		await expect(page.locator('#field-videoLink').inputValue()).resolves.toBe(VIDEO);
		await expect(page.locator('#field-weekday').inputValue()).resolves.toBe('2');
		await expect(page.locator('#field-endTime').inputValue()).resolves.toBe('08:30');
		await expect(page.getByLabel('Varje eller var n:e vecka').isChecked()).resolves.toBe(true);
		expect(await app.db.selectFrom('meeting_series').select('id').execute()).toHaveLength(0);

		await page.locator('#field-endTime').fill('11:00');
		await submit(page, page.getByRole('button', { name: 'Skapa serien' }));
		expect(new URL(page.url()).pathname).toBe(`/app/${slug}/meetings`);
		await expect(page.getByRole('status').textContent()).resolves.toContain('Mötesserien är skapad');

		// Every other Tuesday for three months: six or seven meetings, each 09.00–11.00, with its place.
		const meetings = page.locator('.meeting');
		const count = await meetings.count();
		expect(count).toBeGreaterThanOrEqual(6);
		expect(count).toBeLessThanOrEqual(7);
		for (let i = 0; i < count; i += 1) {
			const row = await text(meetings.nth(i));
			expect(row).toContain(TITLE);
			expect(row).toMatch(/tisdag/i);
			expect(row).toContain('kl. 09.00–11.00');
			expect(row).toContain(PLACE);
			expect(row).toContain('Du är inbjuden');
		}
		const stored = await app.db.selectFrom('meeting').select('start_at').orderBy('start_at').execute();
		const days = stored.map((row) => new Date(String(row.start_at)).getTime());
		for (let i = 1; i < days.length; i += 1) {
			const gap = (days[i] - days[i - 1]) / 86_400_000;
			expect(Math.round(gap)).toBe(14);
		}

		// The series list and the series' own page say what a save will change.
		await visit(page, `/app/${slug}/meetings/series`);
		await expect(text(page.locator('table'))).resolves.toContain('Var 2:e vecka, tisdag');
		await submit(page, page.getByRole('link', { name: TITLE }));
		await expect(text(page.locator('.ds-alert').first())).resolves.toContain(
			'ändras de kommande mötena från och med i dag som inte har flyttats eller ändrats för hand'
		);
		await page.context().close();
	}, 180_000);

	it('moves one meeting (a bad time keeps what was typed) and cancels another after confirming', async () => {
		const page = await asCoordinator({ javaScriptEnabled: false });
		const [, second, third] = await calendarMeetingIds(page);

		await visit(page, `/app/${slug}/meetings/${second}`);
		await submit(page, page.getByRole('link', { name: 'Flytta eller ändra mötet' }));
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Flytta eller ändra mötet');
		const movedDay = await page.locator('#field-day').inputValue();
		const [y, m, d] = movedDay.split('-').map(Number);
		const nextDay = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
		await page.locator('#field-day').fill(nextDay);
		await page.locator('#field-startTime').fill('13:00');
		await page.locator('#field-endTime').fill('12:00');
		await page.locator('#field-place').fill('Socialkontoret, Storgatan 1');
		await submit(page, page.getByRole('button', { name: 'Spara mötet' }));
		await expect(page.locator('#field-endTime-error').textContent()).resolves.toContain(
			'Sluttiden ska vara efter starttiden.'
		);
		await expect(page.locator('#field-day').inputValue()).resolves.toBe(nextDay);
		await expect(page.locator('#field-place').inputValue()).resolves.toBe('Socialkontoret, Storgatan 1');

		await page.locator('#field-endTime').fill('15:00');
		await submit(page, page.getByRole('button', { name: 'Spara mötet' }));
		expect(new URL(page.url()).pathname).toBe(`/app/${slug}/meetings/${second}`);
		await expect(page.getByRole('status').textContent()).resolves.toContain('Mötet är ändrat');
		await expect(text(page.locator('.page-header'))).resolves.toContain('Flyttat eller ändrat');
		await expect(text(page.locator('.page-header'))).resolves.toMatch(/onsdag/i);
		await expect(text(page.locator('.page-header'))).resolves.toContain('kl. 13.00–15.00');
		await expect(text(page.locator('.record'))).resolves.toContain('Socialkontoret, Storgatan 1');

		// Cancelling asks first, on the page itself; then the calendar shows it clearly.
		await visit(page, `/app/${slug}/meetings/${third}`);
		await submit(page, page.getByRole('link', { name: 'Ställ in mötet …' }));
		await expect(page.getByRole('group', { name: 'Vill du ställa in mötet?' }).count()).resolves.toBe(1);
		await submit(page, page.getByRole('button', { name: 'Ja, ställ in mötet' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('Mötet är inställt');
		await expect(text(page.locator('.page-header'))).resolves.toContain('Inställt');
		await expect(page.getByRole('link', { name: 'Återuppta mötet …' }).count()).resolves.toBe(1);

		await visit(page, `/app/${slug}/meetings`);
		const rows = page.locator('.meeting');
		await expect(text(rows.nth(1))).resolves.toContain('Flyttat eller ändrat');
		await expect(text(rows.nth(2))).resolves.toContain('Inställt');
		const statuses = await app.db.selectFrom('meeting').select(['id', 'status', 'edited']).execute();
		expect(statuses.find((row) => row.id === third)?.status).toBe('cancelled');
		expect(Boolean(statuses.find((row) => row.id === second)?.edited)).toBe(true);
		await page.context().close();
	}, 120_000);

	it('changes the series without JavaScript: the coming meetings follow, the one moved by hand keeps its time', async () => {
		const page = await asCoordinator({ javaScriptEnabled: false });
		await visit(page, `/app/${slug}/meetings/series`);
		await submit(page, page.getByRole('link', { name: TITLE }));
		await expect(text(page.locator('.ds-alert').first())).resolves.toContain(
			'2 kommande möten är ändrade för hand och behåller sina uppgifter'
		);
		await expect(page.locator('#field-title').inputValue()).resolves.toBe(TITLE);
		await expect(page.locator('#field-intervalWeeks').inputValue()).resolves.toBe('2');
		await page.locator('#field-endTime').fill('11:30');
		await submit(page, page.getByRole('button', { name: 'Spara serien' }));
		await expect(text(page.getByRole('status'))).resolves.toMatch(/Mötesserien är sparad\..*kommande möten ändrades\./);

		await visit(page, `/app/${slug}/meetings`);
		const rows = page.locator('.meeting');
		await expect(text(rows.nth(0))).resolves.toContain('kl. 09.00–11.30');
		await expect(text(rows.nth(1))).resolves.toContain('kl. 13.00–15.00');
		await expect(text(rows.nth(3))).resolves.toContain('kl. 09.00–11.30');
		await page.context().close();
	}, 120_000);

	it('lets an invited member see place and video link, say "I can\'t come" and take it back', async () => {
		const page = await newPage(browser, app);
		await signIn(page, app, member);
		await submit(page, page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Teammöten' }));
		await expect(
			page.getByRole('navigation', { name: 'Teammöten' }).getByRole('link').allTextContents()
		).resolves.toEqual(['Kalender', 'Kalenderprenumeration']);
		await expect(page.getByRole('link', { name: 'Ny mötesserie' }).count()).resolves.toBe(0);
		await submit(page, page.locator('.meeting .title a').first());
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(TITLE);
		await expect(text(page.locator('.record'))).resolves.toContain(PLACE);
		await expect(page.getByRole('link', { name: VIDEO }).count()).resolves.toBe(1);
		await expect(page.getByRole('link', { name: 'Flytta eller ändra mötet' }).count()).resolves.toBe(0);
		await expect(page.getByRole('link', { name: 'Närvaro', exact: true }).count()).resolves.toBe(0);
		await expect(page.getByRole('link', { name: 'Dagordning', exact: true }).count()).resolves.toBe(1);

		await page.locator('#field-reason').fill('Utbildningsdag i Kiruna');
		await submit(page, page.getByRole('button', { name: 'Jag kan inte komma' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('Du har anmält förhinder');
		await expect(text(page.locator('.page-header'))).resolves.toContain('Du har förhinder');
		const row = await app.db
			.selectFrom('meeting_attendance')
			.select(['status', 'reason', 'self_announced'])
			.where('status', '=', 'excused')
			.execute();
		expect(row).toHaveLength(1);
		expect(row[0].reason).toBe('Utbildningsdag i Kiruna');

		await submit(page, page.getByRole('button', { name: 'Jag kan komma ändå' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('Ditt förhinder är borttaget');
		await expect(text(page.locator('.page-header'))).resolves.toContain('Du är inbjuden');
		expect(
			await app.db.selectFrom('meeting_attendance').select('status').where('status', '=', 'excused').execute()
		).toHaveLength(0);

		// The same page in English and Norwegian.
		const url = new URL(page.url());
		await visit(page, `/en${url.pathname}`);
		await expect(page.getByRole('button', { name: "I can't come" }).count()).resolves.toBe(1);
		await visit(page, `/nb/app/${slug}/meetings`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Teammøter');
		await visit(page, `/en/app/${slug}/meetings`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Team meetings');
		await page.context().close();
	}, 120_000);

	it('shows a communicator the calendar only: no place, no video link, no series, no editing', async () => {
		const page = await newPage(browser, app);
		await signIn(page, app, communicator);
		await visit(page, `/app/${slug}/meetings`);
		await expect(
			page.getByRole('navigation', { name: 'Teammöten' }).getByRole('link').allTextContents()
		).resolves.toEqual(['Kalender']);
		const calendar = await text(page.locator('main'));
		expect(calendar).toContain(TITLE);
		expect(calendar).toContain('kl. 09.00–11.00');
		expect(calendar).not.toContain(PLACE);
		expect(calendar).not.toContain('Du är inbjuden');

		const ids = await calendarMeetingIds(page);
		await visit(page, `/app/${slug}/meetings/${ids[0]}`);
		const meeting = await text(page.locator('main'));
		expect(meeting).not.toContain(PLACE);
		expect(meeting).not.toContain(VIDEO);
		expect(meeting).not.toContain('Jag kan inte komma');
		await expect(page.getByRole('link', { name: 'Flytta eller ändra mötet' }).count()).resolves.toBe(0);

		expect((await page.goto(`/app/${slug}/meetings/${ids[0]}/edit`))?.status()).toBe(403);
		await expectAccessible(page);
		expect((await page.goto(`/app/${slug}/meetings/series`))?.status()).toBe(403);
		expect((await page.goto(`/app/${slug}/meetings/series/new`))?.status()).toBe(403);
		await page.context().close();
	}, 120_000);

	it('hides the repetition fields that do not apply with JavaScript, refuses a time the clocks skip, deletes after confirming', async () => {
		const page = await asCoordinator();
		await visit(page, `/app/${slug}/meetings/series/new`);
		await page.getByLabel('Ett enda möte').check();
		await expect(page.locator('#field-lastDay').count()).resolves.toBe(0);
		await expect(page.locator('#field-weekday').isVisible()).resolves.toBe(false);
		await expect(page.locator('#field-dates').count()).resolves.toBe(0);
		await page.getByLabel('Valda datum', { exact: true }).check();
		await expect(page.locator('#field-dates').isVisible()).resolves.toBe(true);
		await expect(page.locator('#field-intervalWeeks').isVisible()).resolves.toBe(false);
		await page.getByLabel('En viss veckodag i månaden').check();
		await expect(page.locator('#field-weekOfMonth').isVisible()).resolves.toBe(true);
		await expect(page.locator('#field-intervalWeeks').count()).resolves.toBe(0);
		await page.getByLabel('Ett enda möte').check();
		await expectAccessible(page);

		// The last Sunday of March, when clocks in Stockholm go from 02.00 to 03.00.
		const year = Number(dayFromToday(0).slice(0, 4)) + (dayFromToday(0).slice(5) > '03-20' ? 1 : 0);
		const march31 = new Date(Date.UTC(year, 2, 31));
		const lastSunday = `${year}-03-${String(31 - march31.getUTCDay()).padStart(2, '0')}`;
		await page.locator('#field-title').fill('Extra möte om våren');
		await page.locator('#field-firstDay').fill(lastSunday);
		await page.locator('#field-startTime').fill('02:30');
		await page.locator('#field-endTime').fill('04:00');
		await submit(page, page.getByRole('button', { name: 'Skapa serien' }));
		await expect(page.locator('#field-startTime-error').textContent()).resolves.toContain(
			'Den tiden finns inte den dagen: klockan ställs fram en timme.'
		);
		await expect(page.locator('#field-firstDay').inputValue()).resolves.toBe(lastSunday);
		await expect(page.getByLabel('Ett enda möte').isChecked()).resolves.toBe(true);
		await expect(page.locator('#field-lastDay').count()).resolves.toBe(0);

		await page.locator('#field-startTime').fill('10:00');
		await page.locator('#field-endTime').fill('11:00');
		await submit(page, page.getByRole('button', { name: 'Skapa serien' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('Mötesserien är skapad');

		// Its month in the calendar, chosen with the form.
		await page.locator('#field-month').selectOption(lastSunday.slice(0, 7));
		await submit(page, page.getByRole('button', { name: 'Visa', exact: true }));
		await expect(text(page.locator('main'))).resolves.toContain('Extra möte om våren');
		await expect(text(page.locator('main'))).resolves.toContain('kl. 10.00–11.00');

		await visit(page, `/app/${slug}/meetings/series`);
		await submit(page, page.getByRole('link', { name: 'Extra möte om våren' }));
		await submit(page, page.getByRole('link', { name: 'Ta bort serien …' }));
		await expect(page.getByRole('group', { name: 'Vill du ta bort serien?' }).count()).resolves.toBe(1);
		await submit(page, page.getByRole('button', { name: 'Ja, ta bort serien' }));
		expect(new URL(page.url()).pathname).toBe(`/app/${slug}/meetings/series`);
		await expect(page.getByRole('status').textContent()).resolves.toContain('Mötesserien är borttagen');
		await expect(page.getByRole('link', { name: 'Extra möte om våren' }).count()).resolves.toBe(0);

		// The meeting cancelled earlier is reinstated, again after confirming.
		await visit(page, `/app/${slug}/meetings`);
		await submit(page, page.locator('.meeting', { hasText: 'Inställt' }).locator('.title a'));
		await submit(page, page.getByRole('link', { name: 'Återuppta mötet …' }));
		await page.getByRole('button', { name: 'Ja, återuppta mötet' }).click();
		await page.getByRole('status').waitFor();
		await expectAccessible(page);
		await expect(page.getByRole('status').textContent()).resolves.toContain('Mötet blir av igen');
		await expect(text(page.locator('.page-header'))).resolves.not.toContain('Inställt');
		await page.context().close();
	}, 120_000);
});
