/**
 * The demo's trainings and events as the public and its communicator see them, in Chromium with axe
 * on every page — and the README's screenshots of them (docs/screenshots/, 1280×800, check-in at
 * 390×844): the public list with the next training and the theme week, the next training's page
 * with its registration form, the staff list, the registrations of the past digital training (262
 * registered, 200 attended, 47 no-shows, 15 cancelled), its statistics, the half-year's statistics,
 * and checking someone in at the door on a phone.
 *
 * Refresh the pictures alone with `npm run test:e2e -- demo-events`.
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
const PHONE = { width: 390, height: 844 };

const PAST_TRAINING = 'Hedersrelaterat våld och förtryck – digital grundutbildning';
const NEXT_TRAINING = 'Negativ social kontroll och hedersrelaterat våld – fördjupning';
/** The theme week "En vecka fri från våld", 22–26 November, with when each activity ends (CET). */
const THEME_WEEK = [
	{ title: 'Öppningsföreläsning: Våld i nära relationer – att se tecknen', ends: '11-22T14:30' },
	{ title: 'Frukostseminarium: Hedersrelaterat våld i skolan', ends: '11-23T09:30' },
	{ title: 'Samverkansträff: kvinnojourer och socialtjänst', ends: '11-24T16:00' },
	{ title: 'Film och samtal på Orange day', ends: '11-25T20:30' },
	{ title: 'Webbinarium: Våldsbejakande extremism och negativ social kontroll', ends: '11-26T11:30' }
];

/**
 * The years the demo puts its events in, by the same rules as src/lib/server/demo/events.ts: the
 * training of 5 May is the last one before now, the theme week the next one not yet over.
 */
function demoCalendar(now: Date) {
	const today = now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
	const year = Number(today.slice(0, 4));
	const pastYear = now >= new Date(`${year}-05-05T10:00:00Z`) ? year : year - 1;
	const themeYear = `${year}-11-26` >= today ? year : year + 1;
	const upcomingActivities = THEME_WEEK.filter((a) => new Date(`${themeYear}-${a.ends}:00+01:00`) > now);
	return { pastYear, upcomingActivities };
}

/**
 * A README picture of the page as it is now, from the top or from `showing` with `margin` pixels of
 * room above it — below the public pages' sticky quick-exit bar, not under it.
 */
async function shoot(page: Page, file: string, showing?: Locator, margin = 24): Promise<void> {
	await page.evaluate(() => document.fonts.ready);
	await showing?.evaluate((element, room) => {
		// Not scrollIntoView: the page's scroll-padding would leave a strip of what is above.
		let covered = 0;
		for (let e = document.elementFromPoint(window.innerWidth / 2, 1); e; e = e.parentElement) {
			if (['sticky', 'fixed'].includes(getComputedStyle(e).position)) covered = e.getBoundingClientRect().height;
		}
		window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - covered - room);
	}, margin);
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await page.mouse.move(0, 0);
	await page.screenshot({ path: path.join(screenshots, file) });
}

async function submit(page: Page, button: Locator): Promise<void> {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
	await expectAccessible(page);
}

/** The text of an element as shown, its white space (non-breaking spaces too) folded to single spaces. */
async function textOf(locator: Locator): Promise<string> {
	return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

describe('the demo events', () => {
	let app: RunningApp;
	let browser: Browser;
	let communicator: { email: string; password: string; totpSecret?: string };
	let calendar: ReturnType<typeof demoCalendar>;
	const pages: Page[] = [];

	async function open(): Promise<Page> {
		const page = await newPage(browser, app);
		await page.setViewportSize(VIEWPORT);
		pages.push(page);
		return page;
	}

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const now = new Date();
		const signIns = await seedDemoInto(app, now);
		calendar = demoCalendar(now);
		const found = signIns.find((s) => s.network === 'norrbotten' && s.role === 'communicator');
		if (!found) throw new Error('the demo has no communicator in norrbotten');
		communicator = { email: found.email, password: found.password, totpSecret: found.totpSecret ?? undefined };
	}, 180_000);
	afterAll(async () => {
		for (const page of pages) await page.context().close();
		await browser?.close();
		await app?.stop();
	});

	it('lists the next training and the theme week publicly, and opens registration without the video link', async () => {
		const page = await open();
		await visit(page, '/norrbotten/events');
		await expect(textOf(page.locator('h1'))).resolves.toBe('Utbildningar och evenemang');
		const upcoming = page.locator('section[aria-labelledby="upcoming-heading"] li');
		const titles = async () => (await upcoming.locator('h3').allTextContents()).map((t) => t.trim()).sort();
		const activities = calendar.upcomingActivities.map((a) => a.title);
		await expect(titles()).resolves.toEqual([NEXT_TRAINING, ...activities].sort());
		const next = upcoming.filter({ hasText: NEXT_TRAINING });
		await expect(textOf(next)).resolves.toMatch(/Utbildning · På plats och digitalt\s*Anmälan är öppen\./);
		// The past training is among the earlier ones, without a registration state.
		const past = page.locator('section[aria-labelledby="past-heading"] li');
		await expect(past.filter({ hasText: PAST_TRAINING }).count()).resolves.toBe(1);
		await expect(textOf(past.filter({ hasText: PAST_TRAINING }))).resolves.not.toMatch(/Anmälan/);
		await shoot(page, 'public-events-list.png', page.locator('#upcoming-heading'), 12);

		// The theme week alone, through the type filter (a GET form: the filtered list is a link).
		await page.locator('#field-type').selectOption('theme_week_activity');
		await submit(page, page.getByRole('button', { name: 'Visa', exact: true }));
		expect(new URL(page.url()).searchParams.get('type')).toBe('theme_week_activity');
		await expect(titles()).resolves.toEqual([...activities].sort());
		await expect(past.filter({ hasText: PAST_TRAINING }).count()).resolves.toBe(0);
		await visit(page, '/norrbotten/events');

		await submit(page, page.getByRole('link', { name: NEXT_TRAINING }));
		await expect(textOf(page.locator('h1'))).resolves.toBe(NEXT_TRAINING);
		const facts = await textOf(page.locator('dl.facts'));
		expect(facts).toContain('Kulturens hus, Skeppsbrogatan 17, Luleå');
		// 74 registered of 60 on site and 200 online: every third on site.
		expect(facts).toMatch(/På plats: 36 platser kvar/);
		expect(facts).toMatch(/Digitalt: 150 platser kvar/);
		expect(facts).toMatch(/Anmälan är öppen\./);
		await expect(page.getByRole('heading', { level: 2, name: 'Anmäl dig' }).count()).resolves.toBe(1);
		await expect(page.locator('select[name="participation"] option').allTextContents()).resolves.toEqual([
			'På plats',
			'Digitalt'
		]);
		await expect(page.getByRole('button', { name: 'Skicka anmälan' }).count()).resolves.toBe(1);
		await expect(page.locator('#speakers-heading + ul').textContent()).resolves.toContain('Leila Karimi');
		// The meeting link goes to registrants only, never to the public page.
		expect(await page.content()).not.toContain('video.example.se');
		await shoot(page, 'public-events-event.png');
	});

	it('shows the communicator the events, the past training’s registrations, statistics and the half-year', async () => {
		const page = await open();
		await signIn(page, app, communicator);
		await visit(page, '/app/norrbotten/events');
		const upcomingRows = page.locator('section[aria-labelledby="upcoming-heading"] tbody tr');
		expect(await upcomingRows.count()).toBe(1 + calendar.upcomingActivities.length);
		// Hybrid: 60 on site and 200 online.
		await expect(textOf(upcomingRows.filter({ hasText: NEXT_TRAINING }))).resolves.toMatch(/Publicerat.*74 av 260/);
		const pastRow = page.locator('section[aria-labelledby="past-heading"] tbody tr').filter({ hasText: PAST_TRAINING });
		// The 15 who cancelled gave their seats back.
		await expect(textOf(pastRow)).resolves.toMatch(/Utbildning\s?Digitalt.*247 av 300/);
		await shoot(page, 'app-events-list.png');

		await submit(page, pastRow.getByRole('link', { name: PAST_TRAINING }));
		const eventPath = new URL(page.url()).pathname;
		const tabs = page.getByRole('navigation', { name: 'Evenemangets sidor' });
		await submit(page, tabs.getByRole('link', { name: 'Anmälningar' }));
		expect(new URL(page.url()).pathname).toBe(`${eventPath}/registrations`);
		const results = page.locator('#results-heading');
		await expect(textOf(results)).resolves.toBe('262 anmälningar');
		const filters = page.getByRole('navigation', { name: 'Filtrera på status' });
		await expect(filters.locator('li').allTextContents()).resolves.toEqual([
			'Alla (262)',
			'Anmäld (0)',
			'Väntelista (0)',
			'Erbjuden plats (0)',
			'Avbokad (15)',
			'Närvarade (200)',
			'Uteblev (47)'
		]);
		const rows = page.locator('table tbody tr');
		await expect(rows.count()).resolves.toBe(262);

		// Those from Kiruna who came: the search and the status filter together.
		await page.locator('#field-q').fill('Kiruna');
		await page.locator('#field-status').selectOption('attended');
		await submit(page, page.getByRole('button', { name: 'Sök', exact: true }));
		expect(new URL(page.url()).searchParams.get('status')).toBe('attended');
		const kiruna = await rows.allTextContents();
		expect(kiruna.length).toBeGreaterThan(5);
		expect(kiruna.length).toBeLessThan(200);
		await expect(textOf(results)).resolves.toBe(`${kiruna.length} anmälningar`);
		for (const row of kiruna) {
			expect(row).toMatch(/Kiruna|kiruna/);
			expect(row).toContain('Närvarade');
		}
		await expect(filters.getByRole('link', { name: /^Närvarade/ }).getAttribute('aria-current')).resolves.toBe('true');
		await shoot(page, 'app-events-registrations.png', page.locator('main'), 0);

		await submit(page, tabs.getByRole('link', { name: 'Statistik' }));
		const summary = await textOf(page.locator('dl.summary'));
		// 200 of the 247 with a seat (the cancelled not counted), from all 10 participating municipalities.
		expect(summary).toMatch(/Anmälda 247/);
		expect(summary).toMatch(/Närvarade 200/);
		expect(summary).toMatch(/Närvaro 81 %/);
		expect(summary).toMatch(/Deltagande kommuner med anmälda 10 av 10/);
		const byStatus = page.locator('section[aria-labelledby="status-heading"] tbody');
		await expect(textOf(byStatus.locator('tr').filter({ hasText: 'Uteblev' }))).resolves.toBe('Uteblev 47');
		await expect(textOf(byStatus.locator('tr').filter({ hasText: 'Avbokad' }))).resolves.toBe('Avbokad 15');
		await shoot(page, 'app-events-statistics.png');

		// The half-year of the training: it alone, with the same figures.
		const half = `half_year-${calendar.pastYear}-1`;
		await visit(page, `/app/norrbotten/events/statistics?period=${half}`);
		await expect(page.locator('#field-period').inputValue()).resolves.toBe(half);
		await expect(
			page.getByRole('heading', { level: 2, name: `Visar: Första halvåret ${calendar.pastYear}` }).count()
		).resolves.toBe(1);
		const events = page.locator('#events-table tbody tr');
		await expect(events.count()).resolves.toBe(1);
		await expect(textOf(events.first())).resolves.toMatch(
			new RegExp(`^5 maj ${calendar.pastYear} ${PAST_TRAINING} Utbildning Digitalt 247 200 81 %$`)
		);
		await expect(textOf(page.locator('#events-table tfoot'))).resolves.toBe('Totalt 247 200 81 %');
		const cards = await textOf(page.locator('section.summary dl'));
		expect(cards).toMatch(/Närvarograd 81 %/);
		expect(cards).toMatch(/10 av 10 deltagande kommuner/);
		await shoot(page, 'app-events-period-statistics.png');
	});

	it('checks someone in for the next training on a phone', async () => {
		const page = await open();
		await signIn(page, app, communicator);
		await visit(page, '/app/norrbotten/events');
		await submit(page, page.getByRole('link', { name: NEXT_TRAINING }));
		await page.setViewportSize(PHONE);
		await submit(
			page,
			page.getByRole('navigation', { name: 'Evenemangets sidor' }).getByRole('link', { name: 'Incheckning' })
		);
		const tally = page.locator('.tally');
		// A hybrid training: the door list is the 24 on site; the 50 online are a tap away.
		await expect(textOf(tally)).resolves.toBe('0 av 24 har kommit');
		await expect(
			page.getByRole('navigation', { name: 'Vilka som visas' }).locator('li').allTextContents()
		).resolves.toEqual(['På plats (24)', 'Digitalt (50)', 'Alla (74)']);
		// Before the start only "came" can be marked.
		await expect(
			page.getByText('När evenemanget har börjat kan du också markera den som inte kom.').count()
		).resolves.toBe(1);
		const people = page.locator('ul.people > li');
		await expect(people.count()).resolves.toBe(24);

		// The first on the list arrives: one tap, and the tally counts them.
		const first = people.first();
		const name = ((await first.locator('strong').textContent()) ?? '').trim();
		await first.getByRole('button', { name: `Markera som närvarande: ${name}` }).click();
		await page.getByText(`${name} är incheckad.`).waitFor();
		await expectAccessible(page);
		await expect(textOf(tally)).resolves.toBe('1 av 24 har kommit');
		await expect(first.getAttribute('class')).resolves.toMatch(/attended/);
		await expect(textOf(first)).resolves.toMatch(/✓ Närvarade/);
		await expect(first.getByRole('button', { name: `Ångra incheckning: ${name}` }).count()).resolves.toBe(1);
		await expect(page.locator('ul.people > li.attended').count()).resolves.toBe(1);
		await shoot(page, 'app-events-check-in-phone.png', page.locator('h1'), 8);

		// Found again by name: the search narrows the list, the tick stays.
		await page.locator('#field-q').fill(name);
		await submit(page, page.getByRole('button', { name: 'Sök', exact: true }));
		const found = await people.locator('strong').allTextContents();
		expect(found.length).toBeGreaterThan(0);
		expect(found.length).toBeLessThan(24);
		for (const person of found) expect(person).toContain(name);
		await expect(textOf(people.filter({ hasText: name }).first())).resolves.toMatch(/✓ Närvarade/);
		await submit(page, page.getByRole('link', { name: 'Visa alla' }));
		await expect(people.count()).resolves.toBe(24);
		await expect(textOf(tally)).resolves.toBe('1 av 24 har kommit');
	});
});
