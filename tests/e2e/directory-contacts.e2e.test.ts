/**
 * The directory's contact persons in Chromium, with axe on every page: a coordinator adds a contact
 * (bad input first), makes them the fixed representative, fills a checklist item, looks at coverage
 * and downloads the CSV; another contact is added without JavaScript; a member reads but cannot
 * edit; one page in Norwegian.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNetworkMunicipalities } from '#lib/server/directory/municipalities-repository.ts';
import { ensureDefaultTypes, insertOrganisation, listTypes } from '#lib/server/directory/organisations-repository.ts';
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

describe('directory: contact persons, coverage, checklists and export', () => {
	let app: RunningApp;
	let browser: Browser;
	let slug: string;
	let coordinator: { email: string; password: string; totpSecret?: string };
	let member: { email: string; password: string; totpSecret?: string };
	let admin: { email: string; password: string; totpSecret: string };
	let coordinatorPage: Page;

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const seeded = await seedNetworkWithAdmin(app);
		slug = seeded.network.slug;
		admin = seeded.admin;
		coordinator = await seedMember(app, slug, { role: 'coordinator', name: 'Cecilia Samordnare' });
		member = await seedMember(app, slug, { role: 'member' });
		const networkId = seeded.network.id;
		const now = new Date();
		await insertNetworkMunicipalities(
			app.db,
			networkId,
			['SE-2580', 'SE-2581'],
			{ participating: true, joinedOn: null },
			now
		);
		await ensureDefaultTypes(app.db, networkId);
		const social = (await listTypes(app.db, networkId)).find((t) => t.key === 'social_services')!;
		await insertOrganisation(
			app.db,
			networkId,
			{
				name: 'Socialtjänsten Luleå',
				typeId: social.id,
				scope: 'municipal',
				municipalityId: 'SE-2580',
				visitingAddress: null,
				switchboard: null,
				email: null,
				website: null,
				notes: null
			},
			now
		);
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('lets a coordinator add a contact, set the representative, fill a checklist item and export', async () => {
		const page = (coordinatorPage = await newPage(browser, app));
		await signIn(page, app, coordinator);
		await visit(page, `/app/${slug}/directory`);
		expect(await page.locator('h1').textContent()).toBe('Kontaktpersoner');
		await expect(page.locator('#results-heading').textContent()).resolves.toContain('0 kontaktpersoner');

		await page.getByRole('link', { name: 'Lägg till kontaktperson' }).click();
		await page.waitForURL(/contacts\/new$/);
		await expectAccessible(page);
		// Bad input: each error beside its field and in the summary; what was typed stays.
		await page.locator('#field-name').fill('Åsa Öberg');
		await page.locator('#field-phone').fill('12');
		await page.locator('#field-email').fill('inte-en-adress');
		await submit(page, page.getByRole('button', { name: 'Lägg till kontaktperson' }));
		await expect(page.locator('#field-organisationId-error').textContent()).resolves.toContain('Välj en organisation');
		await expect(page.locator('#field-email-error').textContent()).resolves.toContain('e-post');
		await expect(page.locator('.error-summary').textContent()).resolves.toContain('Organisation');
		expect(await page.locator('#field-name').inputValue()).toBe('Åsa Öberg');

		await page.locator('#field-organisationId').selectOption({ label: 'Socialtjänsten Luleå (Luleå)' });
		await page.locator('#field-email').fill('asa.oberg@example.se');
		await submit(page, page.getByRole('button', { name: 'Lägg till kontaktperson' }));
		await expect(page.locator('#field-phone-error').textContent()).resolves.toContain('giltigt telefonnummer');
		await page.locator('#field-phone').fill('0920-45 30 00');
		await page.locator('#field-function').fill('Kontaktperson för hedersrelaterade ärenden');
		await submit(page, page.getByRole('button', { name: 'Lägg till kontaktperson' }));
		await expect(page.locator('.ds-alert').textContent()).resolves.toContain('Kontaktpersonen har lagts till.');
		expect(await page.locator('h1').textContent()).toBe('Åsa Öberg');
		await expect(page.locator('.details').textContent()).resolves.toContain('0920-45 30 00');
		await expect(page.locator('.details').textContent()).resolves.toContain('Aldrig kontrollerad');

		await page.locator('#field-municipalityId').selectOption('SE-2580');
		await submit(page, page.getByRole('button', { name: 'Spara representant' }));
		await expect(page.locator('.ds-alert').textContent()).resolves.toContain('Representanten har sparats.');
		await expect(
			page.locator('section[aria-labelledby="representatives-heading"] table').textContent()
		).resolves.toContain('Ordinarie');
		await submit(page, page.getByRole('button', { name: 'Markera som kontrollerad' }));
		await expect(page.locator('.ds-alert').textContent()).resolves.toContain('kontrollerad i dag');

		await visit(page, `/app/${slug}/directory/coverage?without=1`);
		await expect(page.locator('table tbody').textContent()).resolves.toContain('Piteå');
		await expect(page.locator('table tbody').textContent()).resolves.not.toContain('Luleå');
		await visit(page, `/app/${slug}/directory/coverage`);
		await expect(page.locator('tr:has(th:has-text("Luleå"))').textContent()).resolves.toContain('Åsa Öberg');

		await visit(page, `/app/${slug}/directory/checklists`);
		await page.getByRole('link', { name: 'Luleå' }).click();
		await page.waitForURL(/checklists\/SE-2580$/);
		await expectAccessible(page);
		const item = page.locator('section.item').first();
		await item.locator('select[name="status"]').selectOption('in_place');
		await item.locator('select[name="ownerUserId"]').selectOption({ label: 'Cecilia Samordnare' });
		await item.locator('input[name="checkedOn"]').fill('2026-11-20');
		await item.locator('input[name="link"]').fill('rutin.pdf');
		await submit(page, item.getByRole('button'));
		await expect(
			page.locator('section.item').first().locator('.ds-validation-message').textContent()
		).resolves.toContain('https://');
		expect(await page.locator('section.item').first().locator('input[name="checkedOn"]').inputValue()).toBe(
			'2026-11-20'
		);
		await page.locator('section.item').first().locator('input[name="link"]').fill('https://lulea.se/rutin');
		await submit(page, page.locator('section.item').first().getByRole('button'));
		await expect(page.locator('.ds-alert').textContent()).resolves.toContain('Punkten har sparats.');
		await expect(page.locator('h1 + p').textContent()).resolves.toContain('1 av 8');

		await visit(page, `/app/${slug}/directory?municipality=SE-2580`);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: 'Ladda ner som CSV (Excel)' }).click()
		]);
		const text = readFileSync((await download.path())!, 'utf8');
		expect(text.startsWith('\uFEFF')).toBe(true);
		const rows = parse(text, { bom: true, delimiter: ';', record_delimiter: '\r\n' }) as string[][];
		expect(rows[0][0]).toBe('Namn');
		expect(rows[1].slice(0, 6)).toEqual([
			'Åsa Öberg',
			'Socialtjänsten Luleå',
			'Socialtjänst',
			'Luleå',
			'Kontaktperson för hedersrelaterade ärenden',
			'0920-45 30 00'
		]);

		// The vCard of the same list, read back by ical.js.
		const vcf = await page.request.get(`/app/${slug}/directory/export.vcf?municipality=SE-2580`);
		expect(vcf.headers()['content-type']).toContain('text/vcard');
		// One card parses to the component itself: ['vcard', properties, components].
		const card = ICAL.parse(await vcf.text()) as [string, [string, unknown, string, string][]];
		expect(card[0]).toBe('vcard');
		expect(card[1].find((p) => p[0] === 'fn')?.[3]).toBe('Åsa Öberg');

		// One-click "mark verified" from the filtered list keeps the search.
		await submit(page, page.getByRole('button', { name: 'Markera som kontrollerad – Åsa Öberg' }));
		expect(page.url()).toContain('municipality=SE-2580');
		expect(page.url()).not.toContain('/verify');
		await expect(page.locator('.ds-alert').textContent()).resolves.toContain('kontrollerad i dag');
	}, 120_000);

	it('works without JavaScript: a contact form with an error, then saved', async () => {
		const page = await newPage(browser, app, {
			javaScriptEnabled: false,
			storageState: await coordinatorPage.context().storageState()
		});
		await visit(page, `/app/${slug}/directory/contacts/new`);
		await page.locator('#field-name').fill('Bo Berg');
		await page.locator('#field-organisationId').selectOption({ label: 'Socialtjänsten Luleå (Luleå)' });
		// A check that has not happened yet would hide the contact from the twelve-month check.
		await page.locator('#field-lastVerifiedOn').fill('2099-01-10');
		await submit(page, page.getByRole('button', { name: 'Lägg till kontaktperson' }));
		await expect(page.locator('#field-lastVerifiedOn-error').textContent()).resolves.toContain(
			'Senast kontrollerad kan inte vara senare än i dag.'
		);
		await expect(page.locator('.error-summary').textContent()).resolves.toContain('Senast kontrollerad');
		expect(await page.locator('#field-lastVerifiedOn').inputValue()).toBe('2099-01-10');
		expect(await page.locator('#field-name').inputValue()).toBe('Bo Berg');
		expect(await app.db.selectFrom('contact').select('id').where('name', '=', 'Bo Berg').execute()).toHaveLength(0);
		await page.locator('#field-lastVerifiedOn').fill('2024-01-10');
		await page.locator('#field-phone').fill('abc');
		await submit(page, page.getByRole('button', { name: 'Lägg till kontaktperson' }));
		await expect(page.locator('#field-phone-error').textContent()).resolves.toContain('giltigt telefonnummer');
		expect(await page.locator('#field-name').inputValue()).toBe('Bo Berg');
		await page.locator('#field-phone').fill('+47 22 00 00 00');
		await submit(page, page.getByRole('button', { name: 'Lägg till kontaktperson' }));
		expect(await page.locator('h1').textContent()).toBe('Bo Berg');
		await expect(page.locator('.details').textContent()).resolves.toContain('+47 22 00 00 00');
		await expect(page.locator('.details').textContent()).resolves.toContain('Behöver kontrolleras');
		// Edit (the phone shows formatted) and the delete confirmation, still without JavaScript.
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Redigera' }).click()]);
		await expectAccessible(page);
		expect(await page.locator('#field-phone').inputValue()).toBe('+47 22 00 00 00');
		await page.locator('#field-function').fill('Rektor');
		await submit(page, page.getByRole('button', { name: 'Spara' }));
		await expect(page.locator('.ds-alert').textContent()).resolves.toContain('Ändringarna har sparats.');
		expect(await page.locator('h1 + p').textContent()).toBe('Rektor');
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Ta bort' }).click()]);
		await expectAccessible(page);
		expect(await page.locator('h1').textContent()).toBe('Ta bort Bo Berg?');
		await page.context().close();
	}, 60_000);

	it('lets a member read the directory but not change it', async () => {
		const page = await newPage(browser, app);
		await signIn(page, app, member);
		await visit(page, `/app/${slug}/directory`);
		await expect(page.locator('#results-heading').textContent()).resolves.toContain('2 kontaktpersoner');
		expect(await page.getByRole('link', { name: 'Lägg till kontaktperson' }).count()).toBe(0);
		expect(await page.getByRole('button', { name: /Markera som kontrollerad/ }).count()).toBe(0);
		await page.getByRole('link', { name: 'Bo Berg' }).click();
		await page.waitForURL(/contacts\/[0-9a-f-]{36}$/);
		await expectAccessible(page);
		expect(await page.getByRole('link', { name: 'Redigera' }).count()).toBe(0);
		const edit = await page.goto(`/app/${slug}/directory/contacts/new`);
		expect(edit?.status()).toBe(403);
		await expectAccessible(page);
		await visit(page, `/app/${slug}/directory/checklists/SE-2580`);
		expect(await page.locator('form select[name="status"]').count()).toBe(0);
		await expect(page.locator('section.item').first().textContent()).resolves.toContain('På plats');
		await page.context().close();
	}, 60_000);

	it('lets an admin add and hide checklist items', async () => {
		const page = await newPage(browser, app);
		await signIn(page, app, admin);
		await visit(page, `/app/${slug}/directory/checklists/items`);
		await submit(page, page.getByRole('button', { name: 'Lägg till punkt' }));
		await expect(page.locator('#field-label-error').textContent()).resolves.toContain('minst två tecken');
		await page.locator('#field-label').fill('Kontakt med SLT-samordnaren');
		await submit(page, page.getByRole('button', { name: 'Lägg till punkt' }));
		await expect(page.locator('table tbody').textContent()).resolves.toContain('Kontakt med SLT-samordnaren');
		await submit(page, page.getByRole('button', { name: 'Dölj – Kontaktpersoner hos polisen' }));
		await expect(page.locator('tr:has(th:text-is("Kontaktpersoner hos polisen"))').textContent()).resolves.toContain(
			'Dold'
		);
		await visit(page, `/app/${slug}/directory/checklists`);
		await expect(page.locator('table tbody').textContent()).resolves.toContain('1 av 8');
		await page.context().close();
	}, 60_000);

	it('shows the coverage in Norwegian', async () => {
		const page = await newPage(browser, app, { locale: 'nb-NO' });
		await signIn(page, app, member);
		await visit(page, `/nb/app/${slug}/directory/coverage`);
		expect(await page.locator('h1').textContent()).toBe('Dekning');
		await expect(page.locator('table thead').textContent()).resolves.toContain('Fast representant');
		await page.context().close();
	}, 60_000);
});
