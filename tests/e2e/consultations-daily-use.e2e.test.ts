/**
 * A coordinator's day with consultations in Chromium, with axe and the Nu HTML Checker on every page:
 * dates checked against what they mean, the guard's message naming what was not saved, the network's
 * own published contact details let through in an answer, "read by" one line per reader, the ask
 * form's contact field, and the shareable statistics that say a figure is hidden, never "none".
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '#lib/format.ts';
import { insertNetworkMunicipalities } from '#lib/server/directory/municipalities-repository.ts';
import { ensureDefaultTypes } from '#lib/server/directory/organisations-repository.ts';
import { upsertNetworkText } from '#lib/server/networks/repository.ts';
import { newConsultation, newOrganisation } from '../fixtures/factories.ts';
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

type Person = { email: string; password: string; totpSecret?: string };

/** Sends a form the plain way and checks the page it lands on. */
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

const text = (locator: Locator) => locator.textContent().then((t) => (t ?? '').replace(/\s+/g, ' ').trim());

describe('consultations in daily use', () => {
	let app: RunningApp;
	let browser: Browser;
	let slug: string;
	let networkId: string;
	let coordinator: Person;
	let colleague: Person;
	let page: Page;
	/** The coordinator without JavaScript: each visit is exactly one read of the texts. */
	let plain: Page;

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const seeded = await seedNetworkWithAdmin(app);
		slug = seeded.network.slug;
		networkId = seeded.network.id;
		coordinator = await seedMember(app, slug, { role: 'coordinator', name: 'Cecilia Samordnare' });
		colleague = await seedMember(app, slug, { role: 'coordinator', name: 'Anders Andersson' });
		await insertNetworkMunicipalities(
			app.db,
			networkId,
			['SE-2580', 'SE-2581'],
			{ participating: true, joinedOn: null },
			new Date()
		);
		await ensureDefaultTypes(app.db, networkId);
		// What the network publishes: an address on its public contact page, a switchboard in its directory.
		await upsertNetworkText(
			app.db,
			networkId,
			{ kind: 'contact', locale: 'sv', body: 'Besök oss på Stationsgatan 12, 972 38 Luleå.' },
			null,
			new Date()
		);
		await newOrganisation(app.db, networkId, { name: 'Socialtjänsten', switchboard: '+46920455000' });
		page = await newPage(browser, app);
		await signIn(page, app, coordinator);
		plain = await newPage(browser, app, {
			javaScriptEnabled: false,
			storageState: await page.context().storageState()
		});
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	/** A consultation of the network, received `daysAgo` days ago, straight into the database. */
	async function consultation(daysAgo: number, options: { firstAnsweredAt?: Date } = {}) {
		const { findOpenNetworkBySlug } = await import('#lib/server/networks/repository.ts');
		const ref = (await findOpenNetworkBySlug(app.db, slug))!;
		return newConsultation(app.db, ref, { receivedOn: day(-daysAgo), ...options });
	}

	it('refuses a follow-up before the day received, naming the field and the day, and keeps what was typed', async () => {
		await visit(plain, `/app/${slug}/consultations/new`);
		const question = 'Kuratorn undrar hur skolan bör agera när en elev berättar om kontroll hemma.';
		await plain.locator('#field-receivedOn').fill(day(-2));
		await plain.locator('#field-municipalityId').selectOption('SE-2580');
		await plain.getByRole('checkbox', { name: 'Hedersrelaterat våld och förtryck' }).check();
		await plain.locator('#field-question').fill(question);
		await plain.locator('#field-followUpOn').fill(day(-5));
		await submit(plain, plain.getByRole('button', { name: 'Spara frågan' }));
		const expected = `”Följ upp” kan inte vara före dagen frågan kom in, ${formatDay(day(-2), 'sv')}.`;
		await expect(text(plain.locator('#field-followUpOn-error'))).resolves.toBe(expected);
		await expect(text(plain.locator('.error-summary'))).resolves.toContain(expected);
		expect(await plain.locator('#field-followUpOn').inputValue()).toBe(day(-5));
		expect(await plain.locator('#field-receivedOn').inputValue()).toBe(day(-2));
		expect(await plain.locator('#field-question').inputValue()).toBe(question);
		expect(await app.db.selectFrom('consultation').select('id').where('network_id', '=', networkId).execute()).toEqual(
			[]
		);

		// The list's date filter says when its end is before its start, and keeps both days.
		const listPage = await newPage(browser, app, {
			javaScriptEnabled: false,
			storageState: await page.context().storageState()
		});
		await visit(listPage, `/app/${slug}/consultations`);
		await listPage.locator('#field-from').fill(day(-1));
		await listPage.locator('#field-to').fill(day(-5));
		await submit(
			listPage,
			listPage
				.locator('form', { has: listPage.locator('#field-from') })
				.getByRole('button')
				.last()
		);
		await expect(text(listPage.locator('#field-to-error'))).resolves.toBe(
			`”Inkommen till och med” kan inte vara före ”Inkommen från”, ${formatDay(day(-1), 'sv')}.`
		);
		expect(await listPage.locator('#field-to').inputValue()).toBe(day(-5));
		await listPage.context().close();

		// A received date in the future is refused the same way, with today as the limit.
		await plain.locator('#field-receivedOn').fill(day(1));
		await plain.locator('#field-followUpOn').fill(day(2));
		await submit(plain, plain.getByRole('button', { name: 'Spara frågan' }));
		await expect(text(plain.locator('#field-receivedOn-error'))).resolves.toBe(
			`”Inkom” kan inte vara senare än i dag, ${formatDay(day(), 'sv')}.`
		);
	});

	it('says what was not saved: the log entry, the answer; checks the log date; lets the network’s own details through', async () => {
		const { reference } = await consultation(3);
		await visit(plain, `/app/${slug}/consultations/${reference}`);
		const log = plain.locator('#log');
		await plain.locator('#log-kind').selectOption('note');
		await plain.locator('#log-occurredOn').fill(day(-5));
		await plain.locator('#log-text').fill('Pratade med skolan om nästa steg.');
		await submit(plain, log.getByRole('button', { name: 'Spara i loggen' }));
		await expect(text(plain.locator('#log-occurredOn-error'))).resolves.toBe(
			`Loggpostens datum kan inte vara före dagen frågan kom in, ${formatDay(day(-3), 'sv')}.`
		);
		expect(await plain.locator('#log-text').inputValue()).toBe('Pratade med skolan om nästa steg.');

		await plain.locator('#log-occurredOn').fill(day(-1));
		await plain.locator('#log-text').fill('Ringde mamman på 070-123 45 67.');
		await submit(plain, plain.locator('#log').getByRole('button', { name: 'Spara i loggen' }));
		const logError = await text(plain.locator('#log .error-summary'));
		expect(logError).toContain('Loggposten har inte sparats.');
		expect(logError).not.toContain('Frågan');

		await plain.locator('#answer-answer').fill('Ring mig på 070-765 43 21 så pratar vi vidare.');
		await submit(plain, plain.getByRole('button', { name: 'Spara svaret' }));
		const answerError = await text(plain.locator('#answer .error-summary'));
		expect(answerError).toContain('Svaret har inte sparats.');
		expect(answerError).not.toContain('Frågan');

		// The directory's switchboard and the address on the public page are no personal data.
		const answer = 'Ring socialtjänstens växel på 0920-45 50 00, eller besök oss på Stationsgatan 12, 972 38 Luleå.';
		await plain.locator('#answer-answer').fill(answer);
		// Saved as a draft, not marked answered: the statistics below count only their own answers.
		await plain.locator('#answer-markAnswered').uncheck();
		await submit(plain, plain.getByRole('button', { name: 'Spara svaret' }));
		await expect(text(plain.locator('.ds-alert[data-color="success"]'))).resolves.toBe('Svaret är sparat.');
		await expect(text(plain.locator('#answer'))).resolves.toContain('Stationsgatan 12');
	});

	it('shows each reader once with how many times and when last: three reads and one read make two lines', async () => {
		const { reference } = await consultation(1);
		const other = await newPage(browser, app);
		await signIn(other, app, colleague);
		const otherPlain = await newPage(browser, app, {
			javaScriptEnabled: false,
			storageState: await other.context().storageState()
		});
		for (let i = 0; i < 3; i++) await visit(plain, `/app/${slug}/consultations/${reference}`);
		await visit(otherPlain, `/app/${slug}/consultations/${reference}`);
		await visit(plain, `/app/${slug}/consultations/${reference}`);
		const lines = await plain.locator('section[aria-labelledby="readers-heading"] li').allInnerTexts();
		expect(lines.map((line) => line.replace(/\s+/g, ' ').replace(/, senast .*$/, ''))).toEqual([
			'Anders Andersson – läst en gång',
			'Cecilia Samordnare – läst 3 gånger'
		]);
		await other.context().close();
		await otherPlain.context().close();
	});

	it('takes an e-mail address or a phone number as the asker’s contact, and says so (phone width, no JavaScript)', async () => {
		const asker = await newPage(browser, app, { javaScriptEnabled: false });
		await asker.setViewportSize({ width: 375, height: 740 });
		await visit(asker, `/${slug}/ask`);
		await expect(text(asker.locator('#field-contact-hint'))).resolves.toContain('namn@exempel.se');
		const question = 'En förälder i föreningen undrar vart man vänder sig om en tonåring är rädd för att giftas bort.';
		await asker.getByRole('checkbox', { name: 'Hedersrelaterat våld och förtryck' }).check();
		await asker.locator('#field-question').fill(question);
		await asker.locator('#field-contact').fill('teacher at the school 🙂');
		await asker.locator('#field-deidentified').check();
		await submit(asker, asker.getByRole('button', { name: 'Skicka frågan' }));
		await expect(text(asker.locator('#field-contact-error'))).resolves.toBe(
			'Skriv en e-postadress (namn@exempel.se) eller ett telefonnummer (070-123 45 67, 22 00 00 00 eller +46 …), eller lämna fältet tomt.'
		);
		expect(await asker.locator('#field-contact').inputValue()).toBe('teacher at the school 🙂');
		expect(await asker.locator('#field-question').inputValue()).toBe(question);

		await asker.locator('#field-contact').fill('070-123 45 67');
		await submit(asker, asker.getByRole('button', { name: 'Skicka frågan' }));
		expect(asker.url()).not.toMatch(/\/ask$/);
		await asker.context().close();
	});

	it('says in the shareable statistics that the median is hidden where one or two are answered, never "none"; refuses a period ending before it starts', async () => {
		for (let i = 0; i < 4; i++)
			await consultation(2, i < 2 ? { firstAnsweredAt: new Date(Date.now() - 86_400_000) } : {});
		await visit(page, `/app/${slug}/consultations/statistics`);
		const median = page
			.locator('dt', { hasText: 'Median antal dagar till första svar' })
			.locator('xpath=following-sibling::dd[1]');
		await expect(text(median)).resolves.toMatch(/\(av \d+ besvarade\)/);
		await visit(page, `/app/${slug}/consultations/statistics/print`);
		const printed = page
			.locator('dt', { hasText: 'Median antal dagar till första svar' })
			.locator('xpath=following-sibling::dd[1]');
		const said = await text(printed);
		expect(said).toBe('Dold: färre än 3 besvarade (”<3”), så medianen visas inte');
		expect(said).not.toContain('Inga besvarade');

		// A custom period with "to" before "from": said, with both days kept, not another period shown quietly.
		await visit(plain, `/app/${slug}/consultations/statistics`);
		const custom = plain.locator('form', { has: plain.locator('#field-from') });
		await plain.locator('#field-from').fill(day(-1));
		await plain.locator('#field-to').fill(day(-5));
		await submit(plain, custom.getByRole('button'));
		await expect(text(plain.locator('#field-to-error'))).resolves.toBe(
			`”Till och med” kan inte vara före ”Från och med”, ${formatDay(day(-1), 'sv')}.`
		);
		expect(await plain.locator('#field-from').inputValue()).toBe(day(-1));
		expect(await plain.locator('#field-to').inputValue()).toBe(day(-5));
		expect(await plain.locator('#field-to').getAttribute('aria-invalid')).toBe('true');
	});
});
