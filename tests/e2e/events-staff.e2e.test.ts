/**
 * The staff side of events in Chromium, with axe on every page: a communicator creates an event
 * (bad input first), publishes it, sees the registrations (seeded through the service), mails them
 * after a confirmation step, cancels one after another, checks someone in on a phone-sized screen,
 * downloads the CSV, looks at the statistics and the printable list, and cancels the event after
 * the confirmation step. Then, on an event that has begun, check-in on a phone: search, tick, untick,
 * "did not come" and its undo (with JavaScript), everyone left as no-show in one step (without),
 * the counts on the event page, and the certificate from the personal page of who came.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationFormSchema } from '#lib/server/events/forms.ts';
import { registerForEvent } from '#lib/server/events/registration/service.ts';
import { type PublicContext } from '#lib/server/platform/context.ts';
import type { NetworkRef } from '#lib/server/platform/context.ts';
import { createAuditor } from '#lib/server/platform/audit.ts';
import { findOpenNetworkBySlug } from '#lib/server/networks/repository.ts';
import { newEvent, outboxMailer, testKeyring } from '../fixtures/factories.ts';
import {
	expectAccessible,
	lastMailTo,
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

/** Presses a button of an enhanced form whose answer stays on the page (no redirect), until `shows` is there. */
async function press(
	page: Page,
	button: ReturnType<Page['locator']>,
	shows: ReturnType<Page['locator']>
): Promise<void> {
	await button.click();
	await shows.waitFor();
	await expectAccessible(page);
}

/** A wall-clock time in Stockholm some days ahead, as a datetime-local input takes it. */
function localIn(days: number, hour: number): string {
	const d = new Date(Date.now() + days * 86_400_000);
	return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}

/** The personal link in a mail's text. */
function personalLink(text: string): string {
	const match = /https?:\/\/\S+\/events\/registration\/[A-Za-z0-9_-]+/.exec(text);
	if (!match) throw new Error(`no personal link in: ${text}`);
	return match[0];
}

/** Registers people through the public service, as the registration form would, at `now`. */
async function registerAll(
	app: RunningApp,
	network: NetworkRef,
	eventId: string,
	people: [name: string, email: string][],
	now = new Date()
): Promise<void> {
	const pub: PublicContext = {
		db: app.db,
		network,
		now,
		locale: 'sv',
		keyring: testKeyring,
		mail: outboxMailer(),
		audit: createAuditor(app.db, { networkId: network.id, actorUserId: null, clientAddress: null }),
		clientAddress: null,
		requestId: null,
		publicOrigin: app.baseURL
	};
	for (const [name, email] of people) {
		const input = registrationFormSchema.parse({ name, email, organisation: 'Socialtjänsten', consent: 'on' });
		const result = await registerForEvent(pub, eventId, input);
		expect(result.ok).toBe(true);
	}
}

describe('events: the staff pages', () => {
	let app: RunningApp;
	let browser: Browser;
	let slug: string;
	let communicator: { email: string; password: string; totpSecret?: string };
	let page: Page;

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const seeded = await seedNetworkWithAdmin(app);
		slug = seeded.network.slug;
		communicator = await seedMember(app, slug, { role: 'communicator', name: 'Klara Kommunikatör' });
		page = await newPage(browser, app);
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('creates, publishes, lists registrations, checks in on a phone, exports and cancels', async () => {
		await signIn(page, app, communicator);
		const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
		await submit(page, nav.getByRole('link', { name: 'Evenemang' }));
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Evenemang');

		// Bad input first: a too short title, no times, no video link.
		await submit(page, page.getByRole('link', { name: 'Nytt evenemang' }).first());
		await page.locator('#field-title').fill('Ab');
		await submit(page, page.getByRole('button', { name: 'Spara utkast' }));
		const summary = page.locator('.ds-error-summary');
		await expect(summary.textContent()).resolves.toContain('Rubrik');
		await expect(page.locator('#field-title').inputValue()).resolves.toBe('Ab');

		await page.locator('#field-title').fill('Hedersrelaterat våld – grundutbildning');
		await page.locator('#field-descriptionHtml').fill('<p>En digital utbildning.</p>');
		await page.getByLabel('Digitalt', { exact: true }).check();
		await page.locator('#field-videoLink').fill('https://video.example.org/m/42');
		await page.locator('#field-startAt').fill(localIn(20, 9));
		await page.locator('#field-endAt').fill(localIn(20, 12));
		await page.locator('#field-capacity').fill('2');
		await page.locator('[id="field-speakers.0.name"]').fill('Sara Ek');
		await page.locator('[id="field-speakers.0.organisation"]').fill('Länsstyrelsen');
		// Times against each other: a session running past the event, registration closing after it ends.
		await page.locator('[id="field-sessions.0.startAt"]').fill(localIn(20, 11));
		await page.locator('[id="field-sessions.0.endAt"]').fill(localIn(20, 13));
		await page.locator('#field-registrationClosesAt').fill(localIn(20, 13));
		await submit(page, page.getByRole('button', { name: 'Spara utkast' }));
		const dates = await page.locator('.ds-error-summary').textContent();
		expect(dates).toContain('Pass 1, Slutar');
		expect(dates).toContain('Passet kan inte sluta efter evenemangets slut.');
		expect(dates).toContain('Anmälan måste stänga senast när evenemanget slutar.');
		await expect(page.locator('[id="field-sessions.0.endAt-error"]').textContent()).resolves.toContain(
			'efter evenemangets slut'
		);
		expect(await page.locator('[id="field-sessions.0.endAt"]').inputValue()).toBe(localIn(20, 13));
		expect(await page.locator('#field-title').inputValue()).toBe('Hedersrelaterat våld – grundutbildning');
		expect(
			await app.db
				.selectFrom('event')
				.select('id')
				.where('title', '=', 'Hedersrelaterat våld – grundutbildning')
				.execute()
		).toHaveLength(0);
		await page.locator('[id="field-sessions.0.startAt"]').fill('');
		await page.locator('[id="field-sessions.0.endAt"]').fill('');
		await page.locator('#field-registrationClosesAt').fill('');
		await submit(page, page.getByRole('button', { name: 'Spara utkast' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('sparat som utkast');
		const eventPageLink = new URL(page.url());
		const eventPath = eventPageLink.pathname;
		const eventId = eventPath.split('/').at(-1)!;

		await submit(page, page.getByRole('button', { name: 'Publicera' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('publicerat');

		// Registrations come in through the public service.
		const network = (await findOpenNetworkBySlug(app.db, slug))!;
		await registerAll(app, network, eventId, [
			['Anna Andersson', 'anna@example.se'],
			['Bo Berg', 'bo@example.se'],
			['Cecilia Carlsson', 'cecilia@example.se'],
			['David Dahl', 'david@example.se']
		]);

		await submit(
			page,
			page.getByRole('navigation', { name: 'Evenemangets sidor' }).getByRole('link', { name: 'Anmälningar' })
		);
		await expect(page.locator('#results-heading').textContent()).resolves.toContain('4 anmälningar');
		await expect(page.locator('tbody tr', { hasText: 'Cecilia Carlsson' }).textContent()).resolves.toContain(
			'Väntelista'
		);
		await page.locator('#field-q').fill('berg');
		await submit(page, page.getByRole('button', { name: 'Sök', exact: true }));
		await expect(page.locator('tbody tr').count()).resolves.toBe(1);
		await submit(page, page.getByRole('link', { name: /^Väntelista \(2\)/ }));

		// Mail everyone: too short a subject keeps what was typed; then it asks before it sends.
		await page.locator('#mail-subject').fill('Ma');
		await page.locator('#mail-body').fill('Hej! Här kommer materialet inför utbildningen.');
		await press(page, page.getByRole('button', { name: 'Skicka till alla' }), page.locator('.ds-error-summary'));
		// a subject typed too short is told how long it must be, not asked for as if empty
		await expect(page.locator('.ds-error-summary').textContent()).resolves.toContain('minst 3 tecken');
		await expect(page.locator('#mail-body').inputValue()).resolves.toBe(
			'Hej! Här kommer materialet inför utbildningen.'
		);
		await page.locator('#mail-subject').fill('Material inför utbildningen');
		await press(page, page.getByRole('button', { name: 'Skicka till alla' }), page.locator('#mail-confirm-heading'));
		await expect(page.locator('#mail-confirm-heading').textContent()).resolves.toContain('Skicka till 4 personer?');
		await expect(page.locator('#mail-subject').inputValue()).resolves.toBe('Material inför utbildningen');
		await submit(page, page.getByRole('button', { name: 'Ja, skicka' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('4 personer');

		// Cancelling someone asks first; the seat goes to the first waiting.
		await submit(page, page.getByRole('link', { name: 'Avboka: Bo Berg' }));
		await expect(page.locator('#cancel-confirm-heading').textContent()).resolves.toBe('Avboka Bo Berg?');
		await submit(page, page.getByRole('button', { name: 'Ja, avboka: Bo Berg' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('första på väntelistan');
		await expect(page.locator('tbody tr', { hasText: 'Cecilia Carlsson' }).textContent()).resolves.toContain('Anmäld');

		// Check-in on a phone.
		const phone = await newPage(browser, app, { storageState: await page.context().storageState() });
		await phone.setViewportSize({ width: 375, height: 700 });
		await visit(phone, `${eventPath}/check-in`);
		await expect(phone.locator('.tally').textContent()).resolves.toContain('0 av 2');
		// Before the start nobody can be marked as not attended.
		await expect(phone.getByRole('button', { name: /Markera som utebliven/ }).count()).resolves.toBe(0);
		await expect(phone.locator('#no-show-all').count()).resolves.toBe(0);
		await phone.locator('#field-q').fill('anna');
		await submit(phone, phone.getByRole('button', { name: 'Sök', exact: true }));
		await submit(phone, phone.getByRole('button', { name: 'Markera som närvarande: Anna Andersson' }));
		await expect(phone.getByRole('status').textContent()).resolves.toContain('Anna Andersson är incheckad.');
		await expect(phone.locator('.tally').textContent()).resolves.toContain('1 av 2');
		const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		await phone.context().close();

		// The CSV for Excel.
		await visit(page, eventPath);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: 'Ladda ner deltagarlistan som CSV (Excel)' }).click()
		]);
		const text = readFileSync((await download.path())!, 'utf8');
		expect(text.startsWith('\uFEFF')).toBe(true);
		const rows = parse(text, { bom: true, delimiter: ';', record_delimiter: '\r\n' }) as string[][];
		expect(rows[0][0]).toBe('Namn');
		expect(rows.slice(1).map((r) => [r[0], r[6]])).toEqual([
			['Anna Andersson', 'Närvarade'],
			['Cecilia Carlsson', 'Anmäld'],
			['David Dahl', 'Väntelista']
		]);

		await visit(page, `${eventPath}/statistics`);
		await expect(page.locator('.summary').textContent()).resolves.toContain('50');
		await visit(page, `${eventPath}/print`);
		await expect(page.locator('tbody tr').count()).resolves.toBe(2);
		await visit(page, `${eventPath}/edit`);
		await expect(page.locator('[id="field-speakers.0.name"]').inputValue()).resolves.toBe('Sara Ek');

		// Cancelling asks first.
		await visit(page, eventPath);
		await submit(page, page.getByRole('link', { name: 'Ställ in evenemanget' }));
		await expect(page.locator('#confirm-heading').textContent()).resolves.toBe('Ställa in evenemanget?');
		await submit(page, page.getByRole('button', { name: 'Ja, ställ in' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('inställt');
	}, 180_000);

	it('checks in on a phone once the event has begun: tick, untick, no-show, everyone left, certificate', async () => {
		// A network meeting that began half an hour ago; people registered the day before.
		const network = (await findOpenNetworkBySlug(app.db, slug))!;
		const now = Date.now();
		const event = await newEvent(app.db, network, {
			title: 'Nätverksträff om hedersrelaterat våld',
			format: 'on_site',
			startAt: new Date(now - 30 * 60_000),
			endAt: new Date(now + 2 * 3_600_000)
		});
		const eventPath = `/app/${slug}/events/${event.id}`;
		const people: [string, string][] = [
			['Anna Andersson', 'anna.traff@example.se'],
			['Bo Berg', 'bo.traff@example.se'],
			['Cecilia Carlsson', 'cecilia.traff@example.se'],
			['David Dahl', 'david.traff@example.se']
		];
		await registerAll(app, network, event.id, people, new Date(now - 86_400_000));
		const annaLink = personalLink((await lastMailTo(app, 'anna.traff@example.se')).text);
		const boLink = personalLink((await lastMailTo(app, 'bo.traff@example.se')).text);

		const phone = await newPage(browser, app);
		await phone.setViewportSize({ width: 375, height: 700 });
		await signIn(phone, app, communicator);
		await visit(phone, `${eventPath}/check-in`);
		const tally = phone.locator('.tally');
		const said = phone.getByRole('status');
		await expect(tally.textContent()).resolves.toContain('0 av 4');

		// Search by name, tick, untick, tick again (with JavaScript: the forms are enhanced).
		await phone.locator('#field-q').fill('andersson');
		await submit(phone, phone.getByRole('button', { name: 'Sök', exact: true }));
		await expect(phone.locator('.people li').count()).resolves.toBe(1);
		await submit(phone, phone.getByRole('button', { name: 'Markera som närvarande: Anna Andersson' }));
		await expect(said.textContent()).resolves.toContain('Anna Andersson är incheckad.');
		await expect(tally.textContent()).resolves.toContain('1 av 4');
		// The search stays, so the next name is typed into the same list.
		await expect(phone.locator('#field-q').inputValue()).resolves.toBe('andersson');
		await submit(phone, phone.getByRole('button', { name: 'Ångra incheckning: Anna Andersson' }));
		await expect(said.textContent()).resolves.toContain('Anna Andersson är inte längre markerad som närvarande.');
		await expect(tally.textContent()).resolves.toContain('0 av 4');
		await submit(phone, phone.getByRole('button', { name: 'Markera som närvarande: Anna Andersson' }));
		await expect(tally.textContent()).resolves.toContain('1 av 4');

		// Did not come, undone, and marked again.
		await submit(phone, phone.getByRole('link', { name: 'Visa alla' }));
		await expect(phone.locator('.people li').count()).resolves.toBe(4);
		await submit(phone, phone.getByRole('button', { name: 'Markera som utebliven: Bo Berg' }));
		await expect(said.textContent()).resolves.toContain('Bo Berg är markerad som utebliven.');
		await expect(tally.textContent()).resolves.toContain('1 uteblev');
		await submit(phone, phone.getByRole('button', { name: 'Ångra utebliven: Bo Berg' }));
		await expect(said.textContent()).resolves.toContain('Bo Berg är inte längre markerad som utebliven.');
		await expect(tally.textContent()).resolves.not.toContain('uteblev');
		await submit(phone, phone.getByRole('button', { name: 'Markera som utebliven: Bo Berg' }));
		await expect(tally.textContent()).resolves.toContain('1 av 4 har kommit · 1 uteblev');
		const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(0);

		// When check-in is over, everyone left in one step, after a confirmation (without JavaScript).
		const plain = await newPage(browser, app, {
			javaScriptEnabled: false,
			storageState: await phone.context().storageState()
		});
		await plain.setViewportSize({ width: 375, height: 700 });
		await visit(plain, `${eventPath}/check-in`);
		await expect(plain.locator('#no-show-all').textContent()).resolves.toContain('2 personer har en plats');
		await submit(plain, plain.getByRole('link', { name: 'Markera alla som inte har checkat in som uteblivna' }));
		await expect(plain.locator('#no-show-confirm-heading').textContent()).resolves.toContain(
			'Markera 2 personer som uteblivna?'
		);
		await submit(plain, plain.getByRole('button', { name: 'Ja, markera som uteblivna' }));
		await expect(plain.getByRole('status').textContent()).resolves.toContain('2 personer är markerade som uteblivna.');
		await expect(plain.locator('.tally').textContent()).resolves.toContain('1 av 4 har kommit · 3 uteblev');
		await expect(plain.locator('#no-show-all').count()).resolves.toBe(0);
		// An undo works without JavaScript too.
		await submit(plain, plain.getByRole('button', { name: 'Ångra utebliven: David Dahl' }));
		await expect(plain.getByRole('status').textContent()).resolves.toContain('David Dahl är inte längre markerad');
		await submit(plain, plain.getByRole('button', { name: 'Markera som utebliven: David Dahl' }));

		// The registrations page has the same buttons; its filter stays after a post.
		await visit(plain, `${eventPath}/registrations?status=no_show`);
		await expect(plain.locator('tbody tr').count()).resolves.toBe(3);
		await submit(plain, plain.getByRole('button', { name: 'Ångra utebliven: Cecilia Carlsson' }));
		await expect(plain.getByRole('status').textContent()).resolves.toContain('Närvaron är sparad.');
		expect(new URL(plain.url()).searchParams.get('status')).toBe('no_show');
		await expect(plain.locator('tbody tr').count()).resolves.toBe(2);
		await visit(plain, `${eventPath}/registrations`);
		await submit(plain, plain.getByRole('link', { name: 'Markera alla som inte har checkat in som uteblivna' }));
		await expect(plain.locator('#no-show-confirm-heading').textContent()).resolves.toContain(
			'Markera 1 person som utebliven?'
		);
		await submit(plain, plain.getByRole('button', { name: 'Ja, markera som uteblivna' }));
		await expect(plain.getByRole('status').textContent()).resolves.toContain('1 person är markerad som utebliven.');

		// The counts on the event page.
		await visit(plain, eventPath);
		const count = async (label: string) =>
			(
				await plain
					.locator('section[aria-labelledby="counts-heading"]')
					.getByRole('row', { name: new RegExp(`^${label} \\d`) })
					.getByRole('cell')
					.textContent()
			)?.trim();
		await expect(count('Närvarade')).resolves.toBe('1');
		await expect(count('Uteblev')).resolves.toBe('3');
		await expect(count('Anmäld')).resolves.toBe('0');
		await plain.context().close();
		await phone.context().close();

		// The certificate, from the personal page of who came; not for who did not.
		const anna = await newPage(browser, app, { javaScriptEnabled: false });
		await visit(anna, annaLink);
		await expect(anna.locator('#registration-status').textContent()).resolves.toBe('Deltog');
		const [download] = await Promise.all([
			anna.waitForEvent('download'),
			anna.getByRole('link', { name: 'Ladda ner intyg om deltagande (PDF)' }).click()
		]);
		const pdf = readFileSync((await download.path())!);
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		await visit(anna, boLink);
		await expect(anna.locator('#registration-status').textContent()).resolves.toBe('Kom inte');
		await expect(anna.getByRole('link', { name: /intyg/ }).count()).resolves.toBe(0);
		await anna.context().close();
	}, 180_000);
});
