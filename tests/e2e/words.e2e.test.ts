/**
 * Words a person reads: a form's errors all at once with their limits and a summary that reads
 * "Label – message"; the audit log in words (actions, what they concern) and fitting at 1 280 px;
 * the outgoing-mail page naming kinds and listing attachments; the status page's example reference
 * with the network's own prefix. See docs/decisions/017-words.md and docs/glossary.md.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOpenNetworkBySlug } from '#lib/server/networks/repository.ts';
import { recordAudit } from '#lib/server/platform/audit.ts';
import { enqueueMail } from '#lib/server/platform/mail/outbox.ts';
import { newEvent, newOrganisation } from '../fixtures/factories.ts';
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

async function submit(page: Page, button: ReturnType<Page['locator']>): Promise<void> {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
	await expectAccessible(page);
}

/** Entries of a page's error summary, as read. */
async function summaryEntries(page: Page): Promise<string[]> {
	return (await page.locator('.error-summary li').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
}

describe('a form with every field wrong', () => {
	let app: RunningApp;
	let browser: Browser;

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
	});
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('names every error in one submit, with the limits, in entries that read "Label – message"', async () => {
		const page = await newPage(browser, app, { javaScriptEnabled: false });
		await visit(page, '/setup');
		await page.locator('#field-adminName').fill('A');
		await page.locator('#field-adminEmail').fill('inte-en-adress');
		await page.locator('#field-password').fill('kort');
		await page.locator('#field-passwordConfirm').fill('något annat');
		// longer than the field allows: the browser's maxlength is what a script or a paste gets around
		await page.locator('#field-networkName').evaluate((input: HTMLInputElement, value) => {
			input.removeAttribute('maxlength');
			input.value = value;
		}, 'N'.repeat(130));
		await page.locator('#field-slug').fill('Norr botten');
		await submit(page, page.getByRole('button', { name: 'Skapa konto och nätverk' }));

		const entries = await summaryEntries(page);
		const fields = await page
			.locator('.error-summary li a')
			.evaluateAll((links) => links.map((a) => a.getAttribute('href')));
		// the passwords' mismatch used to come only once every other field was right
		expect(fields).toEqual(
			expect.arrayContaining([
				'#field-adminName',
				'#field-adminEmail',
				'#field-password',
				'#field-passwordConfirm',
				'#field-networkName',
				'#field-slug'
			])
		);
		expect(entries.join('\n')).toContain('minst 2 tecken');
		expect(entries.join('\n')).toContain('högst 120 tecken');
		expect(await page.locator('#field-networkName-error').textContent()).toContain('högst 120 tecken');
		for (const entry of entries) {
			expect(entry).toMatch(/^\S.* – \S/);
			expect(entry).not.toMatch(/[.:?!…]\s*:/);
		}
		await page.context().close();
	});
});

describe('the audit log, the outgoing mail and the status page', () => {
	let app: RunningApp;
	let browser: Browser;
	let page: Page;
	let slug: string;
	let oneSeatEvent: string;

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const seeded = await seedNetworkWithAdmin(app, { slug: 'norrbotten', name: 'Kompetensteamet Norrbotten' });
		slug = seeded.network.slug;
		const network = await findOpenNetworkBySlug(app.db, slug);
		if (!network) throw new Error('no network');
		const organisation = await newOrganisation(app.db, network.id, { name: 'Socialtjänsten i Kiruna kommun' });
		const event = await newEvent(app.db, network, { title: 'Hedersrelaterat våld och förtryck – grundkurs' });
		oneSeatEvent = (await newEvent(app.db, network, { title: 'Samtal om kontroll', capacity: 1 })).id;
		const entries: [string, string, string][] = [
			['directory.organisation_updated', 'organisation', organisation.id],
			['directory.contact_created', 'contact', randomUUID()],
			['events.published', 'event', event.id],
			['events.registered', 'event_registration', randomUUID()]
		];
		for (const [i, [action, entityType, entityId]] of entries.entries()) {
			await recordAudit(app.db, {
				action,
				networkId: network.id,
				entityType,
				entityId,
				clientAddress: '2001:db8:85a3::8a2e:370:7334',
				at: new Date(Date.now() - (10 - i) * 60_000)
			});
		}
		await enqueueMail(app.db, {
			networkId: network.id,
			kind: 'event-registered',
			to: 'deltagare@example.se',
			fromName: network.name,
			subject: 'Du är anmäld',
			text: 'Välkommen.',
			attachments: [
				{
					filename: 'inbjudan.ics',
					contentType: 'text/calendar',
					contentBase64: Buffer.from('x'.repeat(3000)).toString('base64')
				}
			]
		});
		page = await newPage(browser, app);
		await signIn(page, app, seeded.admin);
	});
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('reads the audit log in words and fits it at 1 280 px', async () => {
		await page.setViewportSize({ width: 1280, height: 800 });
		await visit(page, `/app/${slug}/audit`);
		const table = page.locator('table');
		const text = (await table.innerText()).replace(/\s+/g, ' ');
		expect(text).toContain('Ett evenemang publicerades');
		expect(text).toContain('En kontaktperson lades till');
		expect(text).toContain('En anmälan fick plats');
		expect(text).toContain('Socialtjänsten i Kiruna kommun');
		expect(text).toContain('Hedersrelaterat våld och förtryck – grundkurs');
		expect(text).toContain('Kontaktperson (finns inte längre)');
		expect(text).not.toContain('Annat (');
		// codes appear only as the small code under the words, never in their place
		const actionCells = await page
			.locator('td.action')
			.evaluateAll((cells) => cells.map((cell) => cell.firstChild?.textContent?.trim() ?? ''));
		for (const words of actionCells) expect(words).not.toMatch(/^[a-z_]+\.[a-z_.]+$/);
		const widths = await page.evaluate(() => {
			const region = document.querySelector('.table-scroll') as HTMLElement;
			return {
				region: [region.scrollWidth, region.clientWidth],
				page: [document.documentElement.scrollWidth, document.documentElement.clientWidth]
			};
		});
		expect(widths.region[0]).toBeLessThanOrEqual(widths.region[1]);
		expect(widths.page[0]).toBeLessThanOrEqual(widths.page[1]);
	});

	it('names the kind of every mail and lists its attachments', async () => {
		await visit(page, '/app/dev/mail');
		const row = page.locator('tr', { hasText: 'Du är anmäld' });
		await expect(row.innerText()).resolves.toContain('Anmälan bekräftad');
		await expect(row.innerText()).resolves.toContain('inbjudan.ics (3 kB)');
		expect(await page.locator('body').innerText()).not.toContain('event-registered');
		await Promise.all([page.waitForNavigation(), row.getByRole('link', { name: 'Du är anmäld' }).click()]);
		await expectAccessible(page);
		await expect(page.locator('section', { hasText: 'Bilagor' }).innerText()).resolves.toContain('inbjudan.ics');
	});

	it('counts in the right form: one seat left is "1 plats kvar", in every language', async () => {
		const visitor = await newPage(browser, app);
		for (const [prefix, one, wrong] of [
			['', '1 plats kvar', '1 platser'],
			['/nb', '1 plass igjen', '1 plasser'],
			['/en', '1 seat left', '1 seats']
		]) {
			await visit(visitor, `${prefix}/${slug}/events/${oneSeatEvent}`);
			const text = (await visitor.locator('main').innerText()).replace(/\s+/g, ' ');
			expect(text).toContain(one);
			expect(text).not.toContain(wrong);
		}
		await visitor.context().close();
	});

	it('gives the status page an example reference with the network’s own prefix', async () => {
		const visitor = await newPage(browser, app);
		await visit(visitor, `/${slug}/ask/status`);
		const year = new Date().getFullYear();
		await expect(visitor.locator('#field-reference-hint').textContent()).resolves.toContain(`NOR-${year}-0042`);
		await visitor.context().close();
	});
});
