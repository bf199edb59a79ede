/**
 * Consultations in Chromium, with axe on every page: an anonymous asker without JavaScript is stopped
 * by the anonymity guard, masks the text, sends it and later reads the answer with reference and code;
 * a coordinator registers a phone consultation with the staff form and works it through (take, log,
 * masked log entry, close, reopen, "read by"); a member asks in the app and sees only their own
 * questions; a communicator has no part; an admin changes the settings; one page in Norwegian.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNetworkMunicipalities } from '#lib/server/directory/municipalities-repository.ts';
import { ensureDefaultTypes } from '#lib/server/directory/organisations-repository.ts';
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

type Person = { email: string; password: string; totpSecret?: string };

/** Sends a form the plain way (none of these forms is enhanced) and checks the page it lands on. */
async function submit(page: Page, button: Locator): Promise<void> {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
	await expectAccessible(page);
}

/** A day in the network's time zone, `offset` days from today, as YYYY-MM-DD. */
function day(offset = 0): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm' }).format(
		new Date(Date.now() + offset * 86_400_000)
	);
}

async function countRows(app: RunningApp, table: 'consultation' | 'consultation_log'): Promise<number> {
	const row = await app.db
		.selectFrom(table)
		.select((eb) => eb.fn.countAll().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** The three numbers of the coordinator's dashboard block on the list page. */
async function dashboard(page: Page): Promise<{ new: number; overdue: number; mine: number }> {
	const numbers = await page.locator('section.dashboard li strong').allInnerTexts();
	expect(numbers).toHaveLength(3);
	const [fresh, overdue, mine] = numbers.map(Number);
	return { new: fresh, overdue, mine };
}

const text = (locator: Locator) => locator.textContent().then((t) => t ?? '');

describe('consultations: anonymous form, staff work flow, members, settings', () => {
	let app: RunningApp;
	let browser: Browser;
	let slug: string;
	let admin: Person;
	let coordinator: Person;
	let member: Person;
	let otherMember: Person;
	let communicator: Person;
	let coordinatorPage: Page | undefined;
	/** The consultation the coordinator registered (test 2), which members must not see. */
	let staffReference: string | undefined;

	/** The coordinator, signed in once with JavaScript and reused by the tests. */
	async function asCoordinator(): Promise<Page> {
		if (!coordinatorPage) {
			coordinatorPage = await newPage(browser, app);
			await signIn(coordinatorPage, app, coordinator);
		}
		return coordinatorPage;
	}

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const seeded = await seedNetworkWithAdmin(app);
		slug = seeded.network.slug;
		admin = seeded.admin;
		coordinator = await seedMember(app, slug, { role: 'coordinator', name: 'Cecilia Samordnare' });
		member = await seedMember(app, slug, { role: 'member', name: 'Maja Medlem' });
		otherMember = await seedMember(app, slug, { role: 'member', name: 'Olle Medlem' });
		communicator = await seedMember(app, slug, { role: 'communicator', name: 'Kim Kommunikatör' });
		await insertNetworkMunicipalities(
			app.db,
			seeded.network.id,
			['SE-2580', 'SE-2581'],
			{ participating: true, joinedOn: null },
			new Date()
		);
		await ensureDefaultTypes(app.db, seeded.network.id);
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('stops an anonymous question with identifiers without JavaScript, masks it, sends it, and shows the answer only for the right code', async () => {
		const page = await newPage(browser, app, { javaScriptEnabled: false });
		await visit(page, `/${slug}/ask`);
		expect(await text(page.locator('h1'))).toBe('Ställ en fråga – anonymt');
		await expect(text(page.locator('#guidance-heading'))).resolves.toBe('Avidentifiera innan du skriver');
		// The honeypot is there for scripts, hidden from people and assistive technology.
		expect(await page.locator('.honeypot').getAttribute('aria-hidden')).toBe('true');
		expect(await page.locator('#field-website').getAttribute('tabindex')).toBe('-1');
		const box = await page.locator('.honeypot').boundingBox();
		expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThan(0);

		const question = 'Flickan 19811218-9876 berättar att Fatima Ali hotar henne och att familjen planerar en resa.';
		await page.locator('#field-municipalityId').selectOption('SE-2580');
		await page.getByRole('checkbox', { name: 'Hedersrelaterat våld och förtryck' }).check();
		await page.locator('#field-ageGroup').selectOption({ label: '13–17 år' });
		await page.locator('#field-question').fill(question);
		const send = page.getByRole('button', { name: 'Skicka frågan' });

		// Without the de-identification confirmation nothing is sent.
		await submit(page, send);
		await expect(text(page.locator('#field-deidentified-error'))).resolves.toContain(
			'Bekräfta att frågan är avidentifierad.'
		);
		await expect(text(page.locator('.error-summary'))).resolves.toContain('Jag har avidentifierat frågan');
		expect(await page.locator('#field-question').inputValue()).toBe(question);
		expect(await countRows(app, 'consultation')).toBe(0);

		// Confirmed, but the text has a personnummer and a name: the guard refuses it and shows where.
		await page.locator('#field-deidentified').check();
		await submit(page, send);
		await expect(text(page.locator('.error-summary'))).resolves.toContain(
			'Texten innehåller uppgifter som kan identifiera någon. Frågan har inte sparats.'
		);
		// Each finding is marked and named (the name also in the list below the text, for screen readers).
		const marks = await page.locator('#pii-question mark').allTextContents();
		expect(marks).toHaveLength(2);
		expect(marks[0]).toContain('19811218-9876');
		expect(marks[0]).toContain('personnummer');
		expect(marks[1]).toContain('Fatima Ali');
		expect(marks[1]).toContain('namn');
		await expect(text(page.locator('#pii-question ul'))).resolves.toContain('personnummer: 19811218-9876');
		// The findings are shown above the field they belong to.
		expect(
			await page
				.locator('#pii-question')
				.evaluate((el) => Boolean(el.compareDocumentPosition(document.getElementById('field-question')!) & 4))
		).toBe(true);
		expect(await page.locator('#field-question').inputValue()).toBe(question);
		expect(await countRows(app, 'consultation')).toBe(0);

		// "Mask all" shows the text again with labels instead of the identifiers, and saves nothing.
		await submit(page, page.locator('button[name="intent"][value="mask"]'));
		const masked = await page.locator('#field-question').inputValue();
		expect(masked).toBe('Flickan [PERSONNUMMER] berättar att [NAMN] hotar henne och att familjen planerar en resa.');
		await expect(text(page.locator('.ds-alert[data-color="info"]'))).resolves.toContain(
			'2 uppgifter har ersatts med etiketter'
		);
		expect(await page.locator('#pii-question').count()).toBe(0);
		expect(await page.locator('#field-municipalityId').inputValue()).toBe('SE-2580');
		expect(await page.getByRole('checkbox', { name: 'Hedersrelaterat våld och förtryck' }).isChecked()).toBe(true);
		expect(await countRows(app, 'consultation')).toBe(0);

		// What fills the hidden honeypot field is taken for a script and refused.
		await page.locator('#field-deidentified').check();
		await page.locator('#field-website').fill('https://spam.example');
		await submit(page, send);
		await expect(text(page.locator('.error-summary'))).resolves.toContain('Frågan kunde inte skickas.');
		expect(await countRows(app, 'consultation')).toBe(0);
		expect(await page.locator('#field-website').inputValue()).toBe('');
		expect(await page.locator('#field-question').inputValue()).toBe(masked);

		await page.locator('#field-deidentified').check();
		await submit(page, send);
		// The receipt is its own page (a reload does not send the question again), the code not in its address.
		expect(new URL(page.url()).pathname).toBe(`/${slug}/ask/receipt`);
		await expect(text(page.locator('h1'))).resolves.toBe('Tack – frågan har kommit fram');
		const [reference, code] = await page.locator('.receipt dl.codes dd code').allInnerTexts();
		await page.reload();
		await expectAccessible(page);
		expect(await countRows(app, 'consultation')).toBe(1);
		await expect(page.locator('.receipt dl.codes dd code').allInnerTexts()).resolves.toEqual([reference, code]);
		expect(reference).toMatch(/^KOM-\d{4}-0001$/);
		expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
		expect(await countRows(app, 'consultation')).toBe(1);

		// A coordinator reads the masked question, answers it and marks it answered.
		const staff = await asCoordinator();
		await visit(staff, `/app/${slug}/consultations/${reference}`);
		await expect(text(staff.locator('section[aria-labelledby="question-heading"] .text'))).resolves.toBe(masked);
		await expect(text(staff.locator('.record'))).resolves.toContain('Anonymt formulär');
		await staff
			.locator('#answer-answer')
			.fill('Gör en orosanmälan till socialtjänsten och prata med flickan i skolan.');
		expect(await staff.locator('#answer-markAnswered').isChecked()).toBe(true);
		await submit(staff, staff.getByRole('button', { name: 'Spara svaret' }));
		await expect(text(staff.locator('.ds-alert[data-color="success"]'))).resolves.toContain('Svaret är sparat.');
		await expect(text(staff.locator('.status-line .ds-tag').first())).resolves.toBe('Besvarad');

		// Back to the asker (still without JavaScript): a wrong code opens nothing, the right one the answer.
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Läs svaret senare' }).click()]);
		await expectAccessible(page);
		expect(await text(page.locator('h1'))).toBe('Läs svaret på din fråga');
		const lookup = page.locator('form.lookup');
		await page.locator('#field-reference').fill(reference);
		await page.locator('#field-code').fill('AAAA-BBBB-CCCC');
		await submit(page, lookup.getByRole('button', { name: 'Visa' }));
		await expect(text(page.locator('.error-summary'))).resolves.toContain(
			'Diarienumret och koden hör inte ihop. Kontrollera dem och försök igen.'
		);
		expect(await page.locator('#result-heading').count()).toBe(0);
		expect(await page.locator('#field-reference').inputValue()).toBe(reference);
		expect(await page.locator('#field-code').inputValue()).toBe('');

		await page.locator('#field-code').fill(code);
		await submit(page, lookup.getByRole('button', { name: 'Visa' }));
		await expect(text(page.locator('#result-heading'))).resolves.toBe(reference);
		await expect(text(page.locator('.facts'))).resolves.toContain('Besvarad');
		await expect(text(page.locator('.answer'))).resolves.toBe(
			'Gör en orosanmälan till socialtjänsten och prata med flickan i skolan.'
		);
		// The code is not in the address.
		expect(page.url()).not.toContain(code);
		await page.context().close();
	}, 120_000);

	it('lets a coordinator register a phone consultation with the keyboard, take it, log, mask a log entry, close and reopen it', async () => {
		const page = await asCoordinator();
		await visit(page, `/app/${slug}/consultations`);
		expect(await text(page.locator('h1'))).toBe('Frågeställningar');
		const before = await dashboard(page);

		await page.getByRole('link', { name: 'Registrera fråga' }).first().click();
		await page.waitForURL(/consultations\/new$/);
		await expectAccessible(page);
		expect(await text(page.locator('h1'))).toBe('Registrera en fråga');
		// Sensible defaults: today, by phone, normal urgency, assigned to the one registering.
		expect(await page.locator('#field-receivedOn').inputValue()).toBe(day());
		expect(await page.locator('#field-channel').inputValue()).toBe('phone');
		expect(await page.locator('#field-urgency').inputValue()).toBe('normal');
		// A required select starts with an empty placeholder (HTML requires it); the default stays chosen.
		expect(await page.locator('#field-channel option').first().getAttribute('value')).toBe('');
		expect(await text(page.locator('#field-channel option').first())).toBe('Välj …');
		expect(await page.locator('#field-assigneeUserId').locator('option:checked').textContent()).toBe(
			'Cecilia Samordnare'
		);

		// The keyboard only: type into the date, letters pick options in the selects, Tab moves on.
		await page.locator('#field-receivedOn').fill(day(-2));
		await page.locator('#field-channel').focus();
		await page.keyboard.press('Tab');
		await page.keyboard.type('Pit');
		expect(await page.locator('#field-municipalityId').inputValue()).toBe('SE-2581');
		await page.keyboard.press('Tab');
		await page.keyboard.type('Skol');
		expect(await page.locator('#field-organisationTypeId').locator('option:checked').textContent()).toBe('Skola');
		await page.keyboard.press('Tab');
		await page.keyboard.type('Kurator');
		const question = 'Kuratorn undrar hur skolan bör agera när en elev, 15 år, berättar om kontroll hemma.';
		await page.locator('#field-question').focus();
		await page.keyboard.type(question);
		await page.locator('#field-urgency').focus();
		await page.keyboard.type('H');
		await page.locator('#field-followUpOn').fill(day(-1));
		await page.locator('#field-assigneeUserId').focus();
		await page.keyboard.type('Ingen');
		// No topic chosen: refused, the summary takes the focus, and everything typed stays.
		await page.getByRole('button', { name: 'Spara frågan' }).focus();
		await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
		await expectAccessible(page);
		await expect(text(page.locator('.error-summary'))).resolves.toContain('Områden – Välj minst ett område.');
		await expect(text(page.locator('#field-topicIds-error'))).resolves.toBe('Välj minst ett område.');
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary')))
			.toBe(true);
		expect(await page.locator('#field-question').inputValue()).toBe(question);
		expect(await page.locator('#field-receivedOn').inputValue()).toBe(day(-2));
		expect(await page.locator('#field-municipalityId').inputValue()).toBe('SE-2581');
		expect(await page.locator('#field-askerFunction').inputValue()).toBe('Kurator');
		expect(await page.locator('#field-urgency').inputValue()).toBe('high');
		expect(await page.locator('#field-followUpOn').inputValue()).toBe(day(-1));
		expect(await page.locator('#field-assigneeUserId').inputValue()).toBe('');

		// The summary's link leads to the topics; Space ticks a checkbox.
		await page.getByRole('link', { name: 'Områden – Välj minst ett område.' }).click();
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('field-topicIds');
		await page.getByRole('checkbox', { name: 'Negativ social kontroll och omfattande begränsningar' }).focus();
		await page.keyboard.press('Space');
		await page.getByRole('checkbox', { name: 'Nyanländ' }).focus();
		await page.keyboard.press('Space');
		await page.locator('#field-caseType').focus();
		await page.keyboard.type('En');
		await page.getByRole('button', { name: 'Spara frågan' }).focus();
		// (The address may keep the summary link's #fragment across the redirect.)
		await Promise.all([page.waitForURL(/\?done=created/), page.keyboard.press('Enter')]);
		await expectAccessible(page);
		const reference = (staffReference = new URL(page.url()).pathname.split('/').pop()!);
		expect(reference).toMatch(/^KOM-\d{4}-\d{4}$/);
		await expect(text(page.locator('.ds-alert[data-color="success"]'))).resolves.toBe(
			`Frågan är sparad som ${reference}.`
		);
		const record = await text(page.locator('.record'));
		for (const value of [
			'Telefon',
			'Registrerad av teamet',
			'Piteå',
			'Skola',
			'Kurator',
			'Negativ social kontroll och omfattande begränsningar',
			'En person',
			'Nyanländ',
			'Hög'
		])
			expect(record).toContain(value);
		await expect(text(page.locator('.status-line'))).resolves.toContain('Ingen ansvarig än');

		// In the list, found with a filter; the dashboard counts it as new and overdue.
		await visit(page, `/app/${slug}/consultations`);
		expect(await dashboard(page)).toEqual({ ...before, new: before.new + 1, overdue: before.overdue + 1 });
		await page.locator('#field-municipality').selectOption('SE-2581');
		await submit(page, page.getByRole('button', { name: 'Visa', exact: true }));
		expect(page.url()).toContain('municipality=SE-2581');
		await expect(text(page.locator('#results-heading'))).resolves.toBe('1 frågeställning');
		const row = page.locator('table tbody tr');
		await expect(text(row)).resolves.toContain('Ny');
		await expect(text(row)).resolves.toContain('Ingen ansvarig');
		await expect(text(row)).resolves.toContain('Piteå');
		await page.getByRole('link', { name: reference }).click();
		await page.waitForURL(new RegExp(`${reference}$`));
		await expectAccessible(page);

		// Take it: assigned to me, and work has started.
		await submit(page, page.getByRole('button', { name: 'Ta frågan' }));
		await expect(text(page.locator('.ds-alert[data-color="success"]'))).resolves.toBe('Du är nu ansvarig.');
		await expect(text(page.locator('.status-line'))).resolves.toContain('Pågår');
		await expect(text(page.locator('.status-line'))).resolves.toContain('Ansvarig: Cecilia Samordnare');
		expect(await page.getByRole('button', { name: 'Ta frågan' }).count()).toBe(0);

		// A log entry: advice, 20 minutes.
		const log = page.locator('#log');
		expect(await page.locator('#log-kind').inputValue()).toBe('advice');
		await page.locator('#log-minutesSpent').fill('20');
		await page.locator('#log-text').fill('Gav råd om orosanmälan och om att prata med eleven ensam.');
		await submit(page, log.getByRole('button', { name: 'Spara i loggen' }));
		await expect(text(page.locator('.ds-alert[data-color="success"]'))).resolves.toBe(
			'Anteckningen är sparad i loggen.'
		);
		expect(await page.locator('ol.log > li').count()).toBe(1);
		const entry = await text(page.locator('ol.log > li').first());
		expect(entry).toContain('Råd');
		expect(entry).toContain('20 minuter');
		expect(entry).toContain('Cecilia Samordnare');
		await expect(text(page.locator('.record'))).resolves.toContain('20 minuter');

		// A log entry with a phone number: blocked, masked, then saved masked.
		const withPhone = 'Ringde skolan på 070-123 45 67 och gav råd om orosanmälan.';
		await page.locator('#log-kind').selectOption('follow_up');
		await page.locator('#log-text').fill(withPhone);
		await submit(page, page.locator('#log').getByRole('button', { name: 'Spara i loggen' }));
		await expect(text(page.locator('#log .error-summary'))).resolves.toContain(
			'Texten innehåller uppgifter som kan identifiera någon.'
		);
		expect(await page.locator('#pii-text mark').allInnerTexts()).toEqual([expect.stringContaining('070-123 45 67')]);
		expect(await page.locator('#log-text').inputValue()).toBe(withPhone);
		expect(await page.locator('#log-kind').inputValue()).toBe('follow_up');
		expect(await countRows(app, 'consultation_log')).toBe(1);
		await submit(page, page.locator('#log button[name="intent"][value="mask"]'));
		expect(await page.locator('#log-text').inputValue()).toBe(
			'Ringde skolan på [TELEFONNUMMER] och gav råd om orosanmälan.'
		);
		await expect(text(page.locator('#log .ds-alert[data-color="info"]'))).resolves.toContain(
			'1 uppgift har ersatts med en etikett'
		);
		expect(await countRows(app, 'consultation_log')).toBe(1);
		await submit(page, page.locator('#log').getByRole('button', { name: 'Spara i loggen' }));
		expect(await page.locator('ol.log > li').count()).toBe(2);
		const logText = await text(page.locator('ol.log'));
		expect(logText).toContain('Ringde skolan på [TELEFONNUMMER] och gav råd om orosanmälan.');
		expect(logText).not.toContain('070-123');

		// Close, then reopen.
		await submit(page, page.getByRole('button', { name: 'Avsluta' }));
		await expect(text(page.locator('.ds-alert[data-color="success"]'))).resolves.toBe('Status är nu: Avslutad.');
		await expect(text(page.locator('.status-line .ds-tag').first())).resolves.toBe('Avslutad');
		await submit(page, page.getByRole('button', { name: 'Öppna igen' }));
		await expect(text(page.locator('.ds-alert[data-color="success"]'))).resolves.toBe('Status är nu: Pågår.');
		const history = await page.locator('ol.history li').allInnerTexts();
		expect(history.map((line) => line.replace(/^.*?: /, ''))).toEqual([
			'Ny (Cecilia Samordnare)',
			'Pågår (Cecilia Samordnare)',
			'Avslutad (Cecilia Samordnare)',
			'Pågår (Cecilia Samordnare)'
		]);
		// Every reading of the texts is logged, and shown.
		await expect(text(page.locator('section[aria-labelledby="readers-heading"] ul'))).resolves.toContain(
			'Cecilia Samordnare'
		);

		// Correct the record on its own page.
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Ändra uppgifterna' }).click()]);
		await expectAccessible(page);
		expect(await text(page.locator('h1'))).toBe(`Ändra ${reference}`);
		expect(await page.locator('#field-question').inputValue()).toBe(question);
		await page.locator('#field-urgency').selectOption('acute');
		await submit(page, page.getByRole('button', { name: 'Spara ändringarna' }));
		await expect(text(page.locator('.ds-alert[data-color="success"]'))).resolves.toBe('Ändringarna är sparade.');
		await expect(text(page.locator('.record'))).resolves.toContain('Akut');

		// The dashboard: no longer new, still overdue, now mine.
		await visit(page, `/app/${slug}/consultations`);
		expect(await dashboard(page)).toEqual({
			new: before.new,
			overdue: before.overdue + 1,
			mine: before.mine + 1
		});
		await Promise.all([
			page.waitForNavigation(),
			page.locator('section.dashboard a', { hasText: 'pågående hos mig' }).click()
		]);
		await expectAccessible(page);
		await expect(text(page.locator('table tbody'))).resolves.toContain(reference);
	}, 120_000);

	it('lets a member ask in the app and follow only their own questions; a communicator has none', async () => {
		const page = await newPage(browser, app);
		await signIn(page, app, member);
		await expect(text(page.locator('nav[aria-label="Huvudmeny"]'))).resolves.toContain('Frågeställningar');
		await visit(page, `/app/${slug}/consultations/new`);
		expect(await text(page.locator('h1'))).toBe('Ställ en fråga till teamet');
		// The member form has no date, channel or assignee.
		for (const field of ['#field-receivedOn', '#field-channel', '#field-assigneeUserId', '#field-followUpOn'])
			expect(await page.locator(field).count()).toBe(0);
		await page.locator('#field-municipalityId').selectOption('SE-2580');
		await page.getByRole('checkbox', { name: 'Våld i nära relationer' }).check();
		const question = 'En elev, 16 år, berättar att pojkvännen kontrollerar hennes telefon. Hur kan skolan stötta?';
		await page.locator('#field-question').fill(question);
		await Promise.all([page.waitForURL(/done=created$/), page.getByRole('button', { name: 'Skicka frågan' }).click()]);
		await expectAccessible(page);
		const reference = new URL(page.url()).pathname.split('/').pop()!;
		await expect(text(page.locator('.ds-alert[data-color="success"]'))).resolves.toBe(
			`Frågan är sparad som ${reference}.`
		);
		await expect(text(page.locator('section[aria-labelledby="question-heading"] .text'))).resolves.toBe(question);
		await expect(text(page.locator('#answer'))).resolves.toContain('Teamet har inte svarat än.');
		// Nothing of the handlers' work flow.
		for (const selector of ['#log', '#flow-heading', '#readers-heading', '#history-heading'])
			expect(await page.locator(selector).count()).toBe(0);

		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Mina frågor' }).click()]);
		await expectAccessible(page);
		expect(await text(page.locator('h1'))).toBe('Mina frågor');
		expect(await page.locator('section.dashboard').count()).toBe(0);
		expect(await page.locator('#field-assignee').count()).toBe(0);
		await expect(text(page.locator('#results-heading'))).resolves.toBe('1 frågeställning');
		await expect(text(page.locator('table tbody'))).resolves.toContain(reference);
		expect(await page.getByRole('link', { name: 'Inställningar' }).count()).toBe(0);

		// Someone else's consultation does not exist for a member; the settings are refused.
		expect(staffReference).toBeDefined();
		expect((await page.goto(`/app/${slug}/consultations/${staffReference}`))?.status()).toBe(404);
		await expectAccessible(page);
		expect((await page.goto(`/app/${slug}/consultations/settings`))?.status()).toBe(403);
		await expectAccessible(page);

		// Another member does not see this member's question either.
		const other = await newPage(browser, app);
		await signIn(other, app, otherMember);
		expect((await other.goto(`/app/${slug}/consultations/${reference}`))?.status()).toBe(404);
		await expectAccessible(other);
		await visit(other, `/app/${slug}/consultations`);
		await expect(text(other.locator('#results-heading'))).resolves.toBe('0 frågeställningar');
		await expect(text(other.locator('main'))).resolves.toContain('Du har inte ställt några frågor än.');
		await other.context().close();

		// The team answers; the member is told by mail (without the answer) and reads it in the app.
		const staff = await asCoordinator();
		await visit(staff, `/app/${slug}/consultations/${reference}`);
		await expect(text(staff.locator('.record'))).resolves.toContain('Från en medlem');
		const answer = 'Prata med eleven om digitalt våld och ge kontaktuppgifter till ungdomsmottagningen.';
		await staff.locator('#answer-answer').fill(answer);
		await submit(staff, staff.getByRole('button', { name: 'Spara svaret' }));
		await expect(text(staff.locator('.ds-alert[data-color="success"]'))).resolves.toContain('Svaret är sparat.');
		const mail = await lastMailTo(app, member.email);
		expect(mail.text).toContain(reference);
		expect(mail.text).not.toContain('ungdomsmottagningen');
		expect(mail.html ?? '').not.toContain('ungdomsmottagningen');
		await visit(page, `/app/${slug}/consultations/${reference}`);
		await expect(text(page.locator('#answer .text'))).resolves.toBe(answer);
		await expect(text(page.locator('.status-line'))).resolves.toContain('Besvarad');
		await page.context().close();

		// A communicator has no consultations: no menu entry, and the pages are refused.
		const comms = await newPage(browser, app);
		await signIn(comms, app, communicator);
		await visit(comms, `/app/${slug}`);
		const menu = comms.locator('nav[aria-label="Huvudmeny"]');
		expect(await menu.count()).toBe(1);
		expect(await menu.getByRole('link', { name: 'Frågeställningar' }).count()).toBe(0);
		expect((await comms.goto(`/app/${slug}/consultations`))?.status()).toBe(403);
		await expectAccessible(comms);
		expect((await comms.goto(`/app/${slug}/consultations/new`))?.status()).toBe(403);
		await expectAccessible(comms);
		await comms.context().close();
	}, 120_000);

	it('lets an admin change the retention and add a topic, which the forms then offer; Norwegian pages', async () => {
		const page = await newPage(browser, app);
		await signIn(page, app, admin);
		await visit(page, `/app/${slug}/consultations/settings`);
		expect(await text(page.locator('h1'))).toBe('Inställningar för frågeställningar');

		const months = page.locator('#field-retentionMonths');
		const save = page.locator('section[aria-labelledby="retention-heading"]').getByRole('button', { name: 'Spara' });
		await months.fill('0');
		await submit(page, save);
		await expect(text(page.locator('#field-retentionMonths-error'))).resolves.toBe(
			'Ange ett helt antal månader mellan 1 och 120.'
		);
		expect(await months.inputValue()).toBe('0');
		await months.fill('18');
		await submit(page, save);
		await expect(text(page.locator('.ds-alert[data-color="success"]'))).resolves.toBe('Gallringstiden är sparad.');
		expect(await months.inputValue()).toBe('18');
		await page.reload();
		expect(await months.inputValue()).toBe('18');

		const topic = page.locator('#add-topic-name');
		const add = page.getByRole('button', { name: 'Lägg till', exact: true });
		await topic.fill('Digitalt våld');
		await submit(page, add);
		await expect(text(page.locator('.ds-alert[data-color="success"]'))).resolves.toBe('Området är tillagt.');
		await expect(text(page.locator('table tbody'))).resolves.toContain('Digitalt våld');
		await topic.fill('digitalt våld');
		await submit(page, add);
		await expect(text(page.locator('#add-topic-name-error'))).resolves.toBe(
			'Det finns redan ett område med det namnet.'
		);

		// The statistics page (built elsewhere) passes axe; its numbers are not tested here.
		const statistics = await page.goto(`/app/${slug}/consultations/statistics`);
		if (statistics?.status() !== 404) {
			expect(statistics?.status()).toBe(200);
			await expectAccessible(page);
		}

		// The new topic is on the forms: the admin (not a handler) gets the member form.
		await visit(page, `/app/${slug}/consultations/new`);
		expect(await text(page.locator('h1'))).toBe('Ställ en fråga till teamet');
		expect(await page.getByRole('checkbox', { name: 'Digitalt våld' }).count()).toBe(1);

		// Norwegian: the staff form for a coordinator, and the public form.
		const staff = await asCoordinator();
		await visit(staff, `/nb/app/${slug}/consultations/new`);
		expect(await text(staff.locator('h1'))).toBe('Registrer et spørsmål');
		await expect(text(staff.locator('label[for="field-question"]'))).resolves.toContain('Spørsmålet');
		expect(await staff.getByRole('button', { name: 'Lagre spørsmålet' }).count()).toBe(1);
		expect(await text(staff.locator('#field-channel option').first())).toBe('Velg …');
		expect(await staff.getByRole('checkbox', { name: 'Digitalt våld' }).count()).toBe(1);
		const publicPage = await newPage(browser, app, { locale: 'nb-NO' });
		await visit(publicPage, `/nb/${slug}/ask`);
		expect(await text(publicPage.locator('h1'))).toBe('Still et spørsmål – anonymt');
		expect(await publicPage.locator('html').getAttribute('lang')).toBe('nb');
		// The guard masks with Norwegian labels on a Norwegian page.
		await publicPage.locator('#field-question').fill('Eleven forteller at Fatima Ali truer henne hjemme.');
		await publicPage.getByRole('checkbox').first().check();
		await publicPage.locator('#field-deidentified').check();
		await submit(publicPage, publicPage.getByRole('button', { name: 'Send spørsmålet' }));
		await submit(publicPage, publicPage.locator('button[name="intent"][value="mask"]'));
		expect(await publicPage.locator('#field-question').inputValue()).toBe(
			'Eleven forteller at [NAVN] truer henne hjemme.'
		);
		await publicPage.context().close();
		await page.context().close();
	}, 120_000);
});
