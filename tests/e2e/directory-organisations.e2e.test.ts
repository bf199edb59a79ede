/**
 * The directory's organisations in Chromium: an admin adds Norrbotten county and marks a municipality
 * participating, looks at the organisation types; a coordinator adds an organisation in English and
 * another without JavaScript (bad input first) — with axe on every page.
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

describe('directory: municipalities, types and organisations', () => {
	let app: RunningApp;
	let browser: Browser;
	let slug: string;
	let admin: { email: string; password: string; totpSecret: string };
	let coordinator: { email: string; password: string; totpSecret?: string };
	let coordinatorSession: BrowserContextOptions['storageState'];
	let adminSession: BrowserContextOptions['storageState'];

	/**
	 * A page of the coordinator, who signs in once: a TOTP code works once, so a second sign-in within
	 * the same 30 seconds would be refused. Later pages continue the same session.
	 */
	async function asCoordinator(options: { locale?: string; javaScriptEnabled?: boolean } = {}): Promise<Page> {
		if (coordinatorSession) return newPage(browser, app, { ...options, storageState: coordinatorSession });
		const page = await newPage(browser, app, options);
		await signIn(page, app, coordinator);
		coordinatorSession = await page.context().storageState();
		return page;
	}

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const seeded = await seedNetworkWithAdmin(app);
		slug = seeded.network.slug;
		admin = seeded.admin;
		coordinator = await seedMember(app, slug, { role: 'coordinator' });
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('lets an admin add Norrbotten county and mark Luleå participating', async () => {
		const page = await newPage(browser, app);
		await signIn(page, app, admin);
		await visit(page, `/app/${slug}/directory/municipalities`);
		expect(await page.locator('h1').textContent()).toBe('Kommuner');
		await expect(page.locator('nav[aria-label="Katalogens delar"] a').allTextContents()).resolves.toContain(
			'Organisationstyper'
		);

		// Nothing chosen: the error is named beside the field and in the summary.
		await submit(page, page.getByRole('button', { name: 'Lägg till länets kommuner' }));
		await expect(page.locator('#field-county-error').textContent()).resolves.toContain('Välj ett län.');
		await expect(page.locator('.error-summary').textContent()).resolves.toContain('Välj ett län.');

		await page.locator('#field-county').selectOption('25');
		await submit(page, page.getByRole('button', { name: 'Lägg till länets kommuner' }));
		await expect(page.locator('.ds-alert').textContent()).resolves.toContain('14 kommuner lades till.');
		expect(await page.locator('table tbody tr').count()).toBe(14);

		// Every municipality's participation is one form with one save.
		expect(await page.locator('form[action="?/participation"]').count()).toBe(1);
		await page.locator('#participating-SE-2580').check();
		await page.locator('#field-joinedOn-SE-2580').fill('2025-09-01');
		await page.locator('#participating-SE-2581').check();
		await submit(page, page.getByRole('button', { name: 'Spara deltagandet' }));
		await expect(page.locator('.ds-alert').textContent()).resolves.toContain('2 kommuner ändrades.');
		const lulea = page.locator('tr:has(th:text-is("Luleå"))');
		expect(await lulea.locator('#participating-SE-2580').isChecked()).toBe(true);
		expect(await lulea.locator('#field-joinedOn-SE-2580').inputValue()).toBe('2025-09-01');
		const participating = async () =>
			(
				await app.db
					.selectFrom('network_municipality')
					.select(['municipality_id', 'joined_on'])
					.where('participating', '=', 1)
					.orderBy('municipality_id')
					.execute()
			).map((row) => row.municipality_id);
		expect(await participating()).toEqual(['SE-2580', 'SE-2581']);
		expect(
			await app.db
				.selectFrom('network_municipality')
				.select(['participating', 'joined_on'])
				.where('municipality_id', '=', 'SE-2580')
				.executeTakeFirstOrThrow()
		).toMatchObject({ joined_on: '2025-09-01' });
		adminSession = await page.context().storageState();

		// The checklists say which municipalities their network progress counts.
		await visit(page, `/app/${slug}/directory/checklists`);
		await expect(page.locator('main').textContent()).resolves.toContain(
			'Räknas med: de 2 kommuner som deltar – Luleå och Piteå.'
		);

		await visit(page, `/app/${slug}/directory/types`);
		await expect(page.locator('table').textContent()).resolves.toContain('Kvinno- och tjejjour');
		await page.close();
	});

	it('saves participation without JavaScript, and refuses a joining day after today keeping what was typed', async () => {
		const page = await newPage(browser, app, { javaScriptEnabled: false, storageState: adminSession });
		await visit(page, `/app/${slug}/directory/municipalities`);
		await page.locator('#participating-SE-2584').check();
		await page.locator('#field-joinedOn-SE-2584').fill('2099-01-01');
		await page.locator('#participating-SE-2581').uncheck();
		await submit(page, page.getByRole('button', { name: 'Spara deltagandet' }));
		const summary = await page.locator('.error-summary').textContent();
		expect(summary).toContain('Datum då Kiruna gick med');
		expect(summary).toContain('Datumet då kommunen gick med kan inte vara senare än i dag.');
		await expect(page.locator('#field-joinedOn-SE-2584-error').textContent()).resolves.toContain('senare än i dag');
		expect(await page.locator('#field-joinedOn-SE-2584').getAttribute('aria-invalid')).toBe('true');
		// What was typed is kept, and nothing was saved.
		expect(await page.locator('#field-joinedOn-SE-2584').inputValue()).toBe('2099-01-01');
		expect(await page.locator('#participating-SE-2584').isChecked()).toBe(true);
		expect(await page.locator('#participating-SE-2581').isChecked()).toBe(false);
		const saved = async () =>
			(
				await app.db
					.selectFrom('network_municipality')
					.select('municipality_id')
					.where('participating', '=', 1)
					.orderBy('municipality_id')
					.execute()
			).map((row) => row.municipality_id);
		expect(await saved()).toEqual(['SE-2580', 'SE-2581']);

		await page.locator('#field-joinedOn-SE-2584').fill('2024-03-01');
		await submit(page, page.getByRole('button', { name: 'Spara deltagandet' }));
		await expect(page.locator('.ds-alert').textContent()).resolves.toContain('2 kommuner ändrades.');
		expect(await saved()).toEqual(['SE-2580', 'SE-2584']);

		// Each row's remove button sits in the same form and removes only its municipality.
		await submit(page, page.getByRole('button', { name: 'Ta bort – Arvidsjaur' }));
		await expect(page.locator('.ds-alert').textContent()).resolves.toContain('Kommunen togs bort från listan.');
		expect(await page.locator('table tbody tr').count()).toBe(13);
		expect(await saved()).toEqual(['SE-2580', 'SE-2584']);
		await page.close();
	});

	it('lists as missing in coverage only the types the network expects, chosen in one form without JavaScript', async () => {
		const page = await newPage(browser, app, { javaScriptEnabled: false, storageState: adminSession });
		const missingIn = async (name: string) => {
			await visit(page, `/app/${slug}/directory/coverage`);
			return (await page.locator(`tr:has(th:has-text("${name}")) td`).nth(2).textContent())?.trim();
		};
		// The default: social services, school, police and health care — not every type of the directory.
		expect(await missingIn('Luleå')).toBe('Socialtjänst, Skola, Polis, Hälso- och sjukvård');
		await page.getByRole('link', { name: 'Välj vilka typer som väntas' }).click();
		await page.waitForLoadState('load');
		await expectAccessible(page);
		const group = page.getByRole('group', { name: 'Väntas i varje kommun' });
		await group.getByLabel('Skola', { exact: true }).uncheck();
		await group.getByLabel('Ungdomsmottagning').check();
		await submit(page, page.getByRole('button', { name: 'Spara vilka typer som väntas' }));
		await expect(page.locator('.ds-alert').textContent()).resolves.toContain('sparades');
		expect(await group.getByLabel('Ungdomsmottagning').isChecked()).toBe(true);
		expect(await group.getByLabel('Skola', { exact: true }).isChecked()).toBe(false);
		expect(await missingIn('Kiruna')).toBe('Socialtjänst, Polis, Hälso- och sjukvård, Ungdomsmottagning');
		await page.close();
	});

	it('lets a coordinator add an organisation in English', async () => {
		const page = await asCoordinator({ locale: 'en' });
		await visit(page, `/en/app/${slug}/directory/organisations`);
		expect(await page.locator('h1').textContent()).toBe('Organisations');
		await visit(page, `/en/app/${slug}/directory/organisations/new`);
		await page.locator('#field-name').fill('Social services Luleå');
		await page.locator('#field-typeId').selectOption({ label: 'Social services' });
		await page.locator('#field-municipality').selectOption('SE-2580');
		await page.locator('#field-switchboard').fill('0920-45 30 00');
		await page.locator('#field-email').fill('socialtjansten@lulea.se');
		await page.locator('#field-website').fill('https://www.lulea.se');
		await submit(page, page.getByRole('button', { name: 'Add the organisation' }));
		expect(await page.locator('h1').textContent()).toBe('Social services Luleå');
		await expect(page.locator('.ds-alert').textContent()).resolves.toContain('The organisation was added.');
		await expect(page.locator('a[href="tel:+46920453000"]').textContent()).resolves.toBe('0920-45 30 00');

		await visit(page, `/en/app/${slug}/directory/organisations?municipality=SE-2580`);
		await expect(page.locator('table caption').textContent()).resolves.toBe('One organisation');
		await page.close();
	});

	it('answers bad input without JavaScript, keeping what was typed, and then saves', async () => {
		const page = await asCoordinator({ javaScriptEnabled: false });
		await visit(page, `/app/${slug}/directory/organisations/new`);
		await page.locator('#field-name').fill('Polisen i Kiruna');
		await page.locator('#field-typeId').selectOption({ label: 'Polis' });
		await page.locator('#field-municipality').selectOption('SE-2584');
		await page.locator('#field-switchboard').fill('123');
		await page.locator('#field-website').fill('polisen.se');
		await submit(page, page.getByRole('button', { name: 'Lägg till organisationen' }));
		await expect(page.locator('#field-website-error').textContent()).resolves.toContain('https://');
		await expect(page.locator('.error-summary').textContent()).resolves.toContain('Webbplats');
		expect(await page.locator('#field-name').inputValue()).toBe('Polisen i Kiruna');
		expect(await page.locator('#field-municipality').inputValue()).toBe('SE-2584');

		await page.locator('#field-website').fill('https://polisen.se');
		await submit(page, page.getByRole('button', { name: 'Lägg till organisationen' }));
		await expect(page.locator('#field-switchboard-error').textContent()).resolves.toContain('Numret');
		expect(await page.locator('#field-website').inputValue()).toBe('https://polisen.se');

		await page.locator('#field-switchboard').fill('');
		await submit(page, page.getByRole('button', { name: 'Lägg till organisationen' }));
		expect(await page.locator('h1').textContent()).toBe('Polisen i Kiruna');
		const saved = await app.db
			.selectFrom('organisation')
			.select(['name', 'website', 'switchboard'])
			.where('name', '=', 'Polisen i Kiruna')
			.execute();
		expect(saved).toEqual([{ name: 'Polisen i Kiruna', website: 'https://polisen.se', switchboard: null }]);

		// Deactivate without JavaScript.
		await submit(page, page.getByRole('button', { name: 'Markera som inaktiv' }));
		await expect(page.locator('.ds-alert').textContent()).resolves.toContain('inaktiv');
		await page.close();
	});

	it("shows a member the list read-only, refuses the type settings, and hides other networks' organisations", async () => {
		const other = await seedNetworkWithAdmin(app, { name: 'Annat nätverk' });
		const foreignType = crypto.randomUUID();
		await app.db
			.insertInto('organisation_type')
			.values({
				id: foreignType,
				network_id: other.network.id,
				key: null,
				name: 'Annan typ',
				hidden: 0,
				expected: 0,
				sort_order: 1,
				created_at: new Date().toISOString()
			})
			.execute();
		const foreignId = crypto.randomUUID();
		const now = new Date().toISOString();
		await app.db
			.insertInto('organisation')
			.values({
				id: foreignId,
				network_id: other.network.id,
				name: 'Hemlig organisation',
				type_id: foreignType,
				municipality_id: null,
				scope: 'national',
				visiting_address: null,
				switchboard: null,
				email: null,
				website: null,
				notes: null,
				active: 1,
				created_at: now,
				updated_at: now
			})
			.execute();

		const member = await seedMember(app, slug, { role: 'member' });
		const page = await newPage(browser, app);
		await signIn(page, app, member);
		await visit(page, `/app/${slug}/directory/municipalities`);
		expect(await page.locator('table tbody tr').count()).toBe(13);
		expect(await page.locator('form[action="?/participation"]').count()).toBe(0);
		await expect(page.locator('nav[aria-label="Katalogens delar"] a').allTextContents()).resolves.not.toContain(
			'Organisationstyper'
		);

		const refused = await page.goto(new URL(`/app/${slug}/directory/types`, app.baseURL).toString());
		expect(refused?.status()).toBe(403);
		await expectAccessible(page);
		const missing = await page.goto(
			new URL(`/app/${slug}/directory/organisations/${foreignId}`, app.baseURL).toString()
		);
		expect(missing?.status()).toBe(404);
		await expectAccessible(page);
		await visit(page, `/app/${slug}/directory/organisations?active=all`);
		await expect(page.locator('main').textContent()).resolves.not.toContain('Hemlig organisation');
		await page.close();
	});
});
