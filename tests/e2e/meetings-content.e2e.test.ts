/**
 * A team meeting's agenda, attendance and minutes in Chromium, with axe and the Nu HTML Checker on
 * every page: a coordinator builds the agenda without JavaScript, reorders it, marks an item done and
 * carries the rest on to the next meeting (which says where they came from), fills the series'
 * template and reads its backlog; marks attendance on a phone-sized screen with a guest; writes the
 * minutes, is refused a personal identity number with the text kept, saves twice (once over a newer
 * revision, refused with the text kept), reads a revision's changes and approves it. An invited
 * member then reads the approved minutes and cannot open the editor, a revision or the attendance.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMeetingsOfSeries } from '#lib/server/meetings/meetings-repository.ts';
import { findOpenNetworkBySlug } from '#lib/server/networks/repository.ts';
import { findUserByEmail } from '#lib/server/platform/auth/user-repository.ts';
import { addNetworkMunicipalities, newOrganisation, serviceContext } from '../fixtures/factories.ts';
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

/** A click that loads a new page (a form post without JavaScript, a link), then axe and Nu on it. */
async function submit(page: Page, button: ReturnType<Page['locator']>): Promise<void> {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
	await expectAccessible(page);
}

/** The day `offset` days from today, as YYYY-MM-DD (the series' days are wall-clock days). */
function dayFromToday(offset: number): string {
	return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

const itemTitles = (page: Page) => page.locator('.items > li h3').allInnerTexts();

describe('meetings: agenda, attendance and minutes pages', () => {
	let app: RunningApp;
	let browser: Browser;
	let slug: string;
	let coordinator: { email: string; password: string; totpSecret?: string };
	let member: { email: string; password: string };
	let seriesId: string;
	let firstId: string;
	let nextId: string;
	/** The coordinator's session, signed in once and reused by each test's context. */
	let coordinatorState: Awaited<ReturnType<ReturnType<Page['context']>['storageState']>>;

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const seeded = await seedNetworkWithAdmin(app);
		slug = seeded.network.slug;
		coordinator = await seedMember(app, slug, { role: 'coordinator', name: 'Cecilia Samordnare' });
		member = await seedMember(app, slug, { role: 'member', name: 'Maja Medlem' });

		// Maja is the social services' contact in Luleå; guests may come from Piteå too.
		const network = (await findOpenNetworkBySlug(app.db, slug))!;
		const organisation = await newOrganisation(app.db, network.id, {
			typeKey: 'social_services',
			municipalityId: 'SE-2580'
		});
		await addNetworkMunicipalities(app.db, network.id, ['SE-2581']);
		const majaUser = (await findUserByEmail(app.db, member.email))!;
		const now = new Date().toISOString();
		await app.db
			.insertInto('contact')
			.values({
				id: crypto.randomUUID(),
				network_id: network.id,
				name: 'Maja Medlem',
				organisation_id: organisation.id,
				member_user_id: majaUser.id,
				active: 1,
				created_at: now,
				updated_at: now
			})
			.execute();

		// Two meetings: one held two days ago, the next in twelve days.
		const user = (await findUserByEmail(app.db, coordinator.email))!;
		const ctx = serviceContext(app.db, {
			network,
			role: 'coordinator',
			origin: app.baseURL,
			user: {
				userId: user.id,
				email: user.email,
				name: 'Cecilia Samordnare',
				isInstanceAdmin: false,
				twoFactorEnabled: true,
				sessionId: null,
				locale: null
			}
		});
		const created = await newSeries(ctx, {
			recurrence: 'dates',
			firstDay: dayFromToday(-2),
			lastDay: '',
			dates: `${dayFromToday(-2)}\n${dayFromToday(12)}`,
			title: 'Kompetensteamets möte'
		});
		seriesId = created.seriesId;
		const meetings = await listMeetingsOfSeries(app.db, network.id, seriesId);
		expect(meetings).toHaveLength(2);
		[firstId, nextId] = meetings.map((m) => m.id);

		const page = await newPage(browser, app);
		await signIn(page, app, coordinator);
		coordinatorState = await page.context().storageState();
		await page.context().close();
	}, 180_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('builds an agenda without JavaScript, reorders it, marks an item done and carries the rest on', async () => {
		const page = await newPage(browser, app, { javaScriptEnabled: false, storageState: coordinatorState });
		const agenda = `/app/${slug}/meetings/${firstId}/agenda`;
		await visit(page, agenda);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Dagordning');
		await expect(page.title()).resolves.toMatch(/^Dagordning – Kompetensteamets möte, /);
		const crumbs = page.getByRole('navigation', { name: 'Du är här' });
		await expect(crumbs.getByRole('link').allInnerTexts()).resolves.toEqual([
			'Teammöten',
			expect.stringMatching(/^Kompetensteamets möte, /)
		]);
		await expect(page.getByText('Dagordningen har inga punkter ännu.').count()).resolves.toBe(1);

		// A heading is required; what was typed stays.
		await page.locator('#add-minutes').fill('15');
		await submit(page, page.getByRole('button', { name: 'Lägg till punkten' }));
		await expect(page.locator('.ds-error-summary').textContent()).resolves.toContain('Skriv en rubrik för punkten.');
		await expect(page.locator('#add-minutes').inputValue()).resolves.toBe('15');

		const add = async (title: string, minutes: string, owner?: string, notes?: string) => {
			await page.locator('#add-title').fill(title);
			await page.locator('#add-minutes').fill(minutes);
			if (owner) await page.locator('#add-owner').selectOption({ label: owner });
			if (notes) await page.locator('#add-notes').fill(notes);
			await submit(page, page.getByRole('button', { name: 'Lägg till punkten' }));
			await expect(page.getByRole('status').textContent()).resolves.toContain('Punkten lades till.');
		};
		await add('Inledning och förra mötets protokoll', '10', 'Cecilia Samordnare');
		await add('Frågeställningar från kommunerna', '60', 'Maja Medlem', 'Två ärenden från Luleå, avidentifierade.');
		await add('Höstens utbildningsdag', '20');
		await expect(itemTitles(page)).resolves.toEqual([
			'Inledning och förra mötets protokoll',
			'Frågeställningar från kommunerna',
			'Höstens utbildningsdag'
		]);
		await expect(page.locator('.total').textContent()).resolves.toContain('Planerat: 90 min av mötets 120 min.');

		// The training day goes before the consultations.
		await submit(page, page.getByRole('button', { name: 'Upp: Höstens utbildningsdag' }));
		await expect(itemTitles(page)).resolves.toEqual([
			'Inledning och förra mötets protokoll',
			'Höstens utbildningsdag',
			'Frågeställningar från kommunerna'
		]);

		// Edited in place: the training day takes 30 minutes.
		await submit(page, page.getByRole('link', { name: 'Ändra: Höstens utbildningsdag' }));
		await page.locator('#edit-minutes').fill('30');
		await submit(page, page.getByRole('button', { name: 'Spara punkten' }));
		await expect(page.locator('.total').textContent()).resolves.toContain('Planerat: 100 min av mötets 120 min.');

		await submit(page, page.getByRole('button', { name: 'Markera som klar: Inledning och förra mötets protokoll' }));
		await expect(page.locator('.item.done h3').allInnerTexts()).resolves.toEqual([
			'Inledning och förra mötets protokoll'
		]);

		// The two open items go on to the next meeting.
		await submit(page, page.getByRole('button', { name: 'Flytta öppna punkter' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('2 punkter flyttades till nästa möte.');
		await expect(page.locator('.item.moved h3').allInnerTexts()).resolves.toEqual([
			'Höstens utbildningsdag',
			'Frågeställningar från kommunerna'
		]);
		await submit(page, page.getByRole('link', { name: 'Se nästa mötes dagordning' }));
		expect(new URL(page.url()).pathname).toBe(`/app/${slug}/meetings/${nextId}/agenda`);
		await expect(itemTitles(page)).resolves.toEqual(['Höstens utbildningsdag', 'Frågeställningar från kommunerna']);
		const history = await page.locator('.items .history').allInnerTexts();
		expect(history).toHaveLength(2);
		for (const line of history) expect(line).toMatch(/^Flyttad hit från mötet \d{1,2} \p{L}+ \d{4}$/u);

		// The series' template and backlog.
		await visit(page, `/app/${slug}/meetings/series/${seriesId}/template`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Dagordningsmall');
		await page.locator('#add-title').fill('Nytt från kommunerna');
		await page.locator('#add-minutes').fill('15');
		await submit(page, page.getByRole('button', { name: 'Lägg till i mallen' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('Punkten lades till i mallen.');
		await expect(itemTitles(page)).resolves.toEqual(['Nytt från kommunerna']);

		await visit(page, `/app/${slug}/meetings/series/${seriesId}/backlog`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Öppna punkter');
		const rows = page.locator('table tbody tr');
		await expect(rows.count()).resolves.toBe(2);
		await expect(rows.nth(0).textContent()).resolves.toContain('Höstens utbildningsdag');
		await expect(rows.nth(0).locator('.trail li').count()).resolves.toBe(1);

		// In Norwegian and English too.
		await visit(page, `/nb${agenda}`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Dagsorden');
		await visit(page, `/en${agenda}`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Agenda');
		await expect(page.locator('.item.moved .history').first().textContent()).resolves.toMatch(/^Carried on to /);
		await page.context().close();
	}, 300_000);

	it('marks attendance for the whole sheet on a phone, with a guest, and refuses presence before a meeting', async () => {
		const page = await newPage(browser, app, { storageState: coordinatorState });
		await page.setViewportSize({ width: 390, height: 844 });
		await visit(page, `/app/${slug}/meetings/${firstId}/attendance`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Närvaro');

		const maja = page.getByRole('group', { name: /^Maja Medlem/ });
		await expect(maja.locator('legend').textContent()).resolves.toContain('Socialtjänst, Luleå');
		// Large touch targets: each choice is a box at least 44 px high.
		const box = await maja.locator('label.choice').first().boundingBox();
		expect(box!.height).toBeGreaterThanOrEqual(44);
		expect(box!.x + box!.width).toBeLessThanOrEqual(390);

		await page
			.getByRole('group', { name: /^Cecilia Samordnare/ })
			.getByLabel('Närvarande')
			.check();
		await maja.getByLabel('Förhinder').check();
		await maja.getByLabel('Orsak (frivilligt)').fill('Kurs');
		await page.getByRole('button', { name: 'Spara närvaron' }).click();
		await expect
			.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 })
			.toContain('Närvaron sparades: 2 ändringar.');
		await expectAccessible(page);
		await expect(page.locator('.tally').textContent()).resolves.toMatch(
			/Närvarande: 1 · Frånvarande: 0 · Förhinder: 1 · Inbjudna: 3/
		);
		await expect(maja.getByLabel('Förhinder').isChecked()).resolves.toBe(true);
		await expect(maja.getByLabel('Orsak (frivilligt)').inputValue()).resolves.toBe('Kurs');

		// Two guests from the police in Piteå, counted without names.
		await page.getByLabel('Organisationstyp').selectOption({ label: 'Polis' });
		await page.getByLabel('Kommun', { exact: true }).selectOption({ label: 'Piteå' });
		await page.getByLabel('Antal').fill('2');
		await page.getByRole('button', { name: 'Lägg till gästerna' }).click();
		await expect
			.poll(() => page.locator('.guest-list li').allInnerTexts())
			.toEqual([expect.stringContaining('2 gäster: Polis, Piteå')]);
		await expectAccessible(page);
		await expect(page.locator('.tally').textContent()).resolves.toContain('2 gäster');

		// The next meeting has not started: present is refused with the service's message, the choice kept.
		await visit(page, `/app/${slug}/meetings/${nextId}/attendance`);
		await expect(page.getByText('Mötet har inte börjat.', { exact: false }).count()).resolves.toBe(1);
		const majaNext = page.getByRole('group', { name: /^Maja Medlem/ });
		await majaNext.getByLabel('Närvarande').check();
		await page.getByRole('button', { name: 'Spara närvaron' }).click();
		await expect
			.poll(() => page.locator('.ds-error-summary').textContent())
			.toContain('Närvarande och frånvarande kan antecknas från en timme före mötet.');
		await expect(majaNext.getByLabel('Närvarande').isChecked()).resolves.toBe(true);
		await expectAccessible(page);
		await page.context().close();
	}, 180_000);

	it('writes minutes, is refused an identity number with the text kept, saves twice, reads the changes and approves', async () => {
		const page = await newPage(browser, app, { javaScriptEnabled: false, storageState: coordinatorState });
		const minutes = `/app/${slug}/meetings/${firstId}/minutes`;
		await visit(page, minutes);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Protokoll');
		const body = page.getByLabel('Protokollets text');

		const refused = '# Frågeställningar\n\nFlickan med personnummer 19121212-1212 diskuterades.';
		await body.fill(refused);
		await submit(page, page.getByRole('button', { name: 'Spara protokollet' }));
		await expect(page.locator('.ds-error-summary').textContent()).resolves.toContain(
			'Texten verkar innehålla personuppgifter'
		);
		await expect(page.locator('#pii-body mark').textContent()).resolves.toContain('19121212-1212');
		await expect(body.inputValue()).resolves.toBe(refused);

		const first = '# Frågeställningar\n\nEtt ärende från Luleå diskuterades.\n\n- Skolan kontaktar socialtjänsten';
		await body.fill(first);
		await submit(page, page.getByRole('button', { name: 'Spara protokollet' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('Protokollet sparades som en ny version.');
		await expect(page.locator('.minutes h3').textContent()).resolves.toBe('Frågeställningar');
		await expect(page.locator('.minutes li').textContent()).resolves.toBe('Skolan kontaktar socialtjänsten');

		// Someone saves in another window meanwhile: this save is refused, the text kept.
		const other = await page.context().newPage();
		await other.goto(minutes);
		const mine = `${first}\n- Polisen bjuds in nästa gång`;
		await body.fill(mine);
		await other.getByLabel('Protokollets text').fill(`${first}\n\n**Nästa möte:** om två veckor`);
		await Promise.all([other.waitForNavigation(), other.getByRole('button', { name: 'Spara protokollet' }).click()]);
		await other.close();
		await submit(page, page.getByRole('button', { name: 'Spara protokollet' }));
		await expect(page.locator('.ds-error-summary').textContent()).resolves.toContain('Någon annan har ändrat');
		await expect(body.inputValue()).resolves.toBe(mine);
		await submit(page, page.getByRole('button', { name: 'Spara protokollet' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('Protokollet sparades som en ny version.');

		const revisions = page.locator('#revisions-heading + .table-wrap tbody tr');
		await expect(revisions.count()).resolves.toBe(3);
		await expect(revisions.nth(0).textContent()).resolves.toContain('Cecilia Samordnare');

		// Revision 3 against 2: the bold line out, the police line in.
		await submit(page, page.getByRole('link', { name: 'Version 3' }));
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Protokoll, version 3');
		await expect(page.locator('.diff ins').allInnerTexts()).resolves.toEqual([
			expect.stringContaining('- Polisen bjuds in nästa gång')
		]);
		await expect(page.locator('.diff del').allInnerTexts()).resolves.toEqual(
			expect.arrayContaining([expect.stringContaining('**Nästa möte:** om två veckor')])
		);
		await submit(page, page.getByRole('button', { name: 'Godkänn den här versionen' }));
		expect(new URL(page.url()).pathname).toBe(minutes);
		await expect(page.getByRole('status').textContent()).resolves.toContain('Versionen godkändes.');
		await expect(revisions.nth(0).textContent()).resolves.toContain('Godkänd');

		await visit(page, `/en${minutes}`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Minutes');
		await visit(page, `/nb${minutes}/revisions/1`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Referat, versjon 1');
		await page.context().close();
	}, 240_000);

	it('lets an invited member read the agenda and the approved minutes only', async () => {
		const page = await newPage(browser, app);
		await signIn(page, app, member);
		await visit(page, `/app/${slug}/meetings/${firstId}/minutes`);
		await expect(page.getByRole('heading', { level: 2, name: 'Godkänt protokoll' }).count()).resolves.toBe(1);
		await expect(page.locator('.minutes').textContent()).resolves.toContain('Polisen bjuds in nästa gång');
		await expect(page.locator('textarea').count()).resolves.toBe(0);
		await expect(page.getByRole('link', { name: 'Version 1' }).count()).resolves.toBe(0);

		// Nothing approved for the next meeting: nothing to read.
		await visit(page, `/app/${slug}/meetings/${nextId}/minutes`);
		await expect(page.getByText('Inget protokoll är godkänt för det här mötet ännu.').count()).resolves.toBe(1);

		// The agenda to read, without the coordinator's buttons.
		await visit(page, `/app/${slug}/meetings/${nextId}/agenda`);
		await expect(itemTitles(page)).resolves.toContain('Frågeställningar från kommunerna');
		await expect(page.getByRole('button').filter({ hasText: 'Lägg till punkten' }).count()).resolves.toBe(0);

		for (const path of ['minutes/revisions/1', 'attendance']) {
			const response = await page.goto(`/app/${slug}/meetings/${firstId}/${path}`);
			expect(response?.status()).toBe(403);
			await expectAccessible(page);
		}
		const template = await page.goto(`/app/${slug}/meetings/series/${seriesId}/template`);
		expect(template?.status()).toBe(403);
		await page.context().close();
	}, 180_000);
});
