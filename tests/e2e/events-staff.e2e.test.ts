/**
 * The staff side of events in Chromium, with axe on every page: a communicator creates an event
 * (bad input first), publishes it, sees the registrations (seeded through the service), mails them,
 * checks someone in on a phone-sized screen, downloads the CSV, looks at the statistics and the
 * printable list, and cancels the event after the confirmation step.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationFormSchema } from '#lib/server/events/forms.ts';
import { registerForEvent, type PublicContext } from '#lib/server/events/service.ts';
import { createAuditor } from '#lib/server/platform/audit.ts';
import { findOpenNetworkBySlug } from '#lib/server/networks/repository.ts';
import { outboxMailer, testKeyring } from '../fixtures/factories.ts';
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

/** A wall-clock time in Stockholm some days ahead, as a datetime-local input takes it. */
function localIn(days: number, hour: number): string {
	const d = new Date(Date.now() + days * 86_400_000);
	return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
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
		await submit(page, page.getByRole('button', { name: 'Spara utkast' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('sparat som utkast');
		const eventUrl = new URL(page.url());
		const eventPath = eventUrl.pathname;
		const eventId = eventPath.split('/').at(-1)!;

		await submit(page, page.getByRole('button', { name: 'Publicera' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('publicerat');

		// Registrations come in through the public service.
		const network = (await findOpenNetworkBySlug(app.db, slug))!;
		const pub: PublicContext = {
			db: app.db,
			network,
			now: new Date(),
			locale: 'sv',
			keyring: testKeyring,
			mail: outboxMailer(),
			audit: createAuditor(app.db, { networkId: network.id, actorUserId: null, clientAddress: null }),
			clientAddress: null,
			requestId: null,
			publicOrigin: app.baseURL
		};
		for (const [name, email] of [
			['Anna Andersson', 'anna@example.se'],
			['Bo Berg', 'bo@example.se'],
			['Cecilia Carlsson', 'cecilia@example.se']
		]) {
			const input = registrationFormSchema.parse({ name, email, organisation: 'Socialtjänsten', consent: 'on' });
			const result = await registerForEvent(pub, eventId, input);
			expect(result.ok).toBe(true);
		}

		await submit(
			page,
			page.getByRole('navigation', { name: 'Evenemangets sidor' }).getByRole('link', { name: 'Anmälningar' })
		);
		await expect(page.locator('#results-heading').textContent()).resolves.toContain('3 anmälningar');
		await expect(page.locator('tbody tr', { hasText: 'Cecilia Carlsson' }).textContent()).resolves.toContain(
			'Väntelista'
		);
		await page.locator('#field-q').fill('berg');
		await submit(page, page.getByRole('button', { name: 'Sök', exact: true }));
		await expect(page.locator('tbody tr').count()).resolves.toBe(1);
		await submit(page, page.getByRole('link', { name: /^Väntelista \(1\)/ }));

		// Mail everyone: three people.
		await page.locator('#mail-subject').fill('Material inför utbildningen');
		await page.locator('#mail-body').fill('Hej! Här kommer materialet inför utbildningen.');
		await submit(page, page.getByRole('button', { name: 'Skicka till alla' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('3 personer');

		// Check-in on a phone.
		const phone = await newPage(browser, app, { storageState: await page.context().storageState() });
		await phone.setViewportSize({ width: 375, height: 700 });
		await visit(phone, `${eventPath}/check-in`);
		await expect(phone.locator('.tally').textContent()).resolves.toContain('0 av 2');
		await phone.locator('#field-q').fill('anna');
		await submit(phone, phone.getByRole('button', { name: 'Sök', exact: true }));
		await submit(phone, phone.getByRole('button', { name: /Markera som närvarande\W+Anna Andersson/ }));
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
			['Bo Berg', 'Anmäld'],
			['Cecilia Carlsson', 'Väntelista']
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
});
