/**
 * Networks and people in Chromium: first-run setup, invitations (read from the outbox), role change,
 * deactivation, the network switcher, the audit log and its CSV export, instance administration and
 * the dev mailbox — with axe on every page, one flow in Norwegian and forms sent without JavaScript.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const PASSWORD = 'Fjällbjörk och sjörök i skymningen';

/** Clicks a submit button and waits for the page the form leads to, then runs axe on it. */
async function submit(page: Page, button: ReturnType<Page['locator']>): Promise<void> {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
	await expectAccessible(page);
}

function pathOf(page: Page): string {
	return new URL(page.url()).pathname;
}

describe('first-run setup', () => {
	let app: RunningApp;
	let browser: Browser;

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
	});
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('leads a fresh installation to /setup, answers bad input without JavaScript, and runs only once', async () => {
		// Without JavaScript: the harness checks such a page with axe as it was served.
		const page = await newPage(browser, app, { javaScriptEnabled: false });
		await visit(page, '/');
		expect(pathOf(page)).toBe('/setup');
		expect(await page.locator('h1').count()).toBe(1);

		// Bad input: every problem is named next to its field and in the summary; what was typed stays.
		await page.locator('#field-adminName').fill('Ingrid Lindqvist');
		await page.locator('#field-adminEmail').fill('inte-en-adress');
		await page.locator('#field-password').fill('kort');
		await page.locator('#field-passwordConfirm').fill('kort');
		await page.locator('#field-slug').fill('Norr botten');
		await submit(page, page.getByRole('button', { name: 'Skapa konto och nätverk' }));
		const summary = page.locator('.error-summary');
		await expect(summary.textContent()).resolves.toContain('Skriv en e-postadress som namn@exempel.se.');
		await expect(page.locator('#field-password-error').textContent()).resolves.toContain('minst 12 tecken');
		await expect(page.locator('#field-slug-error').textContent()).resolves.toContain('Adressnamnet');
		expect(await page.locator('#field-adminName').inputValue()).toBe('Ingrid Lindqvist');
		expect(await page.locator('#field-password').inputValue()).toBe('');

		await page.locator('#field-adminEmail').fill('ingrid@example.se');
		await page.locator('#field-password').fill(PASSWORD);
		await page.locator('#field-passwordConfirm').fill(PASSWORD);
		await page.locator('#field-networkName').fill('Kompetensteamet Norrbotten');
		await page.locator('#field-slug').fill('norrbotten');
		await page.locator('#field-country').selectOption('NO');
		await page.locator('#field-contactEmail').fill('kontakt@example.se');
		await page.locator('#field-referencePrefix').fill('nbt');
		await submit(page, page.getByRole('button', { name: 'Skapa konto och nätverk' }));
		// Signed in at once; an admin sets up two-factor before reaching the network.
		expect(pathOf(page)).toBe('/account/two-factor');

		const network = await app.db.selectFrom('network').selectAll().executeTakeFirstOrThrow();
		expect(network).toMatchObject({
			slug: 'norrbotten',
			country: 'NO',
			time_zone: 'Europe/Oslo',
			default_locale: 'nb',
			reference_prefix: 'NBT'
		});
		const user = await app.db.selectFrom('user').selectAll().executeTakeFirstOrThrow();
		expect(user.email).toBe('ingrid@example.se');
		expect(Number(user.isInstanceAdmin)).toBe(1);

		const again = await page.goto('/setup');
		expect(again?.status()).toBe(404);
		await expectAccessible(page);
		await page.context().close();
	});
});

describe('networks and people', () => {
	let app: RunningApp;
	let browser: Browser;
	let network: { slug: string; name: string };
	let admin: { email: string; password: string; totpSecret: string };
	let adminPage: Page;

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		({ network, admin } = await seedNetworkWithAdmin(app, {
			slug: 'kompetensteamet',
			name: 'Kompetensteamet mot våld'
		}));
		adminPage = await newPage(browser, app);
		await signIn(adminPage, app, admin);
	});
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	const members = () => `/app/${network.slug}/members`;

	it('shows the overview with the app shell', async () => {
		await visit(adminPage, `/app/${network.slug}`);
		await expect(adminPage.locator('h1').textContent()).resolves.toBe(network.name);
		const nav = adminPage.getByRole('navigation', { name: 'Huvudmeny' });
		for (const name of [
			'Översikt',
			'Katalog',
			'Medlemmar',
			'Offentliga sidor',
			'Inställningar',
			'Händelselogg',
			'Alla nätverk',
			'Utgående e-post'
		]) {
			await expect(nav.getByRole('link', { name, exact: true }).count()).resolves.toBe(1);
		}
		expect(await adminPage.locator('main#main').count()).toBe(1);
		for (const path of ['settings', 'settings/public-pages', 'audit'])
			await visit(adminPage, `/app/${network.slug}/${path}`);
	});

	it('invites a person in Norwegian, who accepts, signs in and sees a member’s navigation', async () => {
		await visit(adminPage, members());
		await adminPage.locator('#field-email').fill('kari.haugen@example.no');
		await adminPage.locator('#field-role').selectOption('member');
		await adminPage.locator('#field-locale').selectOption('nb');
		await submit(adminPage, adminPage.getByRole('button', { name: 'Skicka inbjudan' }));
		await expect(adminPage.getByRole('status').textContent()).resolves.toContain('Inbjudan är skickad.');
		await expect(adminPage.locator('tr', { hasText: 'kari.haugen@example.no' }).count()).resolves.toBe(1);

		const mail = await lastMailTo(app, 'kari.haugen@example.no');
		expect(mail.subject).toBe(`Invitasjon til ${network.name}`);
		const link = /http:\/\/localhost:\d+(\/nb\/invite\/[A-Za-z0-9_-]+)/.exec(mail.text)![1];

		const kari = await newPage(browser, app, { locale: 'nb-NO' });
		await visit(kari, link);
		await expect(kari.locator('h1').textContent()).resolves.toBe(`Invitasjon til ${network.name}`);
		await expect(kari.locator('main').textContent()).resolves.toContain('med rollen Medlem');
		await kari.locator('#field-name').fill('Kari Haugen');
		await kari.locator('#field-password').fill(PASSWORD);
		await kari.locator('#field-passwordConfirm').fill(`${PASSWORD} x`);
		await submit(kari, kari.getByRole('button', { name: 'Opprett konto og bli med' }));
		await expect(kari.locator('#field-passwordConfirm-error').textContent()).resolves.toContain('Passordene');
		expect(await kari.locator('#field-name').inputValue()).toBe('Kari Haugen');
		await kari.locator('#field-password').fill(PASSWORD);
		await kari.locator('#field-passwordConfirm').fill(PASSWORD);
		await submit(kari, kari.getByRole('button', { name: 'Opprett konto og bli med' }));
		// Signed in at once, on the network's start page.
		expect(pathOf(kari)).toBe(`/nb/app/${network.slug}`);

		// The link is single use.
		await visit(kari, link);
		await expect(kari.locator('h1').textContent()).resolves.toBe('Invitasjonen kan ikke brukes');

		await visit(kari, `/nb/app/${network.slug}`);
		await expect(kari.locator('main').textContent()).resolves.toContain('Din rolle: Medlem');
		const nav = kari.getByRole('navigation', { name: 'Hovedmeny' });
		await expect(nav.getByRole('link').allTextContents()).resolves.toEqual([
			'Oversikt',
			'Konsultasjoner',
			'Teammøter',
			'Katalog'
		]);
		const forbidden = await kari.goto(`/nb/app/${network.slug}/members`);
		expect(forbidden?.status()).toBe(403);
		await expectAccessible(kari);
		await kari.context().close();
	});

	it('changes a role with a form sent without JavaScript', async () => {
		const person = await seedMember(app, network.slug, { role: 'member', email: 'bo.berg@example.se' });
		// The admin's session, continued in a browser without JavaScript.
		const noScript = await newPage(browser, app, {
			javaScriptEnabled: false,
			storageState: await adminPage.context().storageState()
		});
		await visit(noScript, members());
		const row = noScript.locator('tr', { hasText: person.email });
		await row.locator('select[name="role"]').selectOption('communicator');
		await submit(noScript, row.getByRole('button', { name: /Spara roll/ }));
		await expect(noScript.getByRole('status').textContent()).resolves.toContain('Rollen är ändrad.');
		await expect(
			noScript.locator('tr', { hasText: person.email }).locator('select[name="role"]').inputValue()
		).resolves.toBe('communicator');

		// The communicator now sees the public pages and evaluations entries.
		const bo = await newPage(browser, app);
		await signIn(bo, app, person);
		const nav = bo.getByRole('navigation', { name: 'Huvudmeny' });
		await expect(nav.getByRole('link').allTextContents()).resolves.toEqual([
			'Översikt',
			'Evenemang',
			'Utvärderingar',
			'Teammöten',
			'Katalog',
			'Offentliga sidor'
		]);
		await visit(bo, `/app/${network.slug}/settings/public-pages?language=en`);
		await bo.locator('#field-description').fill('A competence team against violence.');
		await submit(bo, bo.getByRole('button', { name: /Spara texterna/ }));
		await expect(bo.locator('#field-description').inputValue()).resolves.toBe('A competence team against violence.');
		await noScript.context().close();

		// Deactivation, with its confirmation step; the person's session ends at once.
		await visit(adminPage, members());
		await Promise.all([
			adminPage.waitForNavigation(),
			adminPage
				.locator('tr', { hasText: person.email })
				.getByRole('link', { name: /Inaktivera/ })
				.click()
		]);
		await expectAccessible(adminPage);
		await submit(adminPage, adminPage.getByRole('button', { name: 'Inaktivera' }));
		await expect(adminPage.locator('#field-confirm-error').textContent()).resolves.toBe(
			'Kryssa i rutan för att bekräfta.'
		);
		await adminPage.locator('#field-confirm').check();
		await submit(adminPage, adminPage.getByRole('button', { name: 'Inaktivera' }));
		expect(pathOf(adminPage)).toBe(members());
		await expect(adminPage.getByRole('status').textContent()).resolves.toContain('inaktiverad och utloggad');
		await expect(adminPage.locator('tr', { hasText: person.email }).textContent()).resolves.toContain('Inaktiverad');

		await bo.goto(`/app/${network.slug}`);
		expect(pathOf(bo)).toBe('/login');
		await expectAccessible(bo);
		await bo.context().close();
	});

	it('shows these events in the audit log, filters them and exports them as CSV', async () => {
		await visit(adminPage, `/app/${network.slug}/audit`);
		const table = adminPage.locator('table');
		const text = await table.textContent();
		for (const label of [
			'En person bjöds in',
			'En inbjudan togs emot',
			'Rollen ändrades till Kommunikatör',
			'En medlem inaktiverades'
		]) {
			expect(text).toContain(label);
		}
		await adminPage.locator('#field-action').fill('member.deactivated');
		await submit(adminPage, adminPage.getByRole('button', { name: 'Visa' }));
		await expect(adminPage.locator('tbody tr').count()).resolves.toBe(1);
		await expect(adminPage.locator('#events-heading').textContent()).resolves.toBe('1 händelse');

		const href = await adminPage.getByRole('link', { name: 'Ladda ner som CSV' }).getAttribute('href');
		const response = await adminPage.request.get(href!);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toContain('text/csv');
		const body = await response.body();
		expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = body.toString('utf8').slice(1).split('\r\n');
		expect(lines[0]).toBe(
			'Tid;Utförd av;Användar-id;Händelse;Händelsekod;Gäller;Namn eller nummer;Objekttyp;Objekt-id;Utfall;IP-adress;Anrops-id'
		);
		// the words a person reads, then the codes a machine matches on
		expect(lines[1]).toMatch(/;En medlem inaktiverades;member\.deactivated;Medlemskap;[^;]+;membership;/);
		expect(lines).toHaveLength(3);
		const exported = await app.db
			.selectFrom('audit_event')
			.select('entity_type')
			.where('action', '=', 'export')
			.execute();
		expect(exported).toEqual([{ entity_type: 'audit_event' }]);
	});

	it('switches between two networks', async () => {
		await seedNetworkWithAdmin(app, { slug: 'agder', name: 'Nettverk mot vold i Agder', country: 'NO' });
		await seedMember(app, 'agder', { role: 'member', email: admin.email });
		await visit(adminPage, '/app');
		expect(pathOf(adminPage)).toBe('/app');
		await expect(adminPage.locator('h1').textContent()).resolves.toBe('Välj nätverk');
		await visit(adminPage, `/app/${network.slug}`);
		await adminPage.locator('summary', { hasText: 'Byt nätverk' }).click();
		await Promise.all([
			adminPage.waitForNavigation(),
			adminPage.getByRole('link', { name: 'Nettverk mot vold i Agder' }).click()
		]);
		await expectAccessible(adminPage);
		expect(pathOf(adminPage)).toBe('/app/agder');
		await expect(adminPage.locator('main').textContent()).resolves.toContain('Din roll: Medlem');
		const unknown = await adminPage.goto('/app/no-such-network');
		expect(unknown?.status()).toBe(404);
		await expectAccessible(adminPage);
	});

	it('lets a person with an account sign in first and then accept with one click', async () => {
		const person = await seedMember(app, 'agder', { role: 'member', email: 'ola.dahl@example.no' });
		await visit(adminPage, members());
		await adminPage.locator('#field-email').fill(person.email);
		await adminPage.locator('#field-role').selectOption('communicator');
		await submit(adminPage, adminPage.getByRole('button', { name: 'Skicka inbjudan' }));
		const link = /http:\/\/localhost:\d+(\/invite\/[A-Za-z0-9_-]+)/.exec(
			(await lastMailTo(app, person.email)).text
		)![1];

		const ola = await newPage(browser, app);
		await visit(ola, link);
		await expect(ola.locator('main').textContent()).resolves.toContain(
			'Det finns redan ett konto för ola.dahl@example.no'
		);
		await Promise.all([
			ola.waitForNavigation(),
			ola.getByRole('link', { name: 'Logga in', exact: true }).last().click()
		]);
		await expectAccessible(ola);
		expect(new URL(ola.url()).searchParams.get('next')).toBe(link);
		await ola.locator('input[name="email"]').fill(person.email);
		await ola.locator('input[name="password"]').fill(person.password);
		await Promise.all([
			ola.waitForURL((url) => url.pathname === link),
			ola.locator('input[name="password"]').press('Enter')
		]);
		await expectAccessible(ola);
		await submit(ola, ola.getByRole('button', { name: `Gå med i ${network.name}` }));
		expect(pathOf(ola)).toBe(`/app/${network.slug}`);
		await expect(ola.locator('main').textContent()).resolves.toContain('Din roll: Kommunikatör');
		await ola.context().close();
	});

	it('lets the instance admin create and close networks and read the outbox', async () => {
		await visit(adminPage, '/app/admin/networks');
		await adminPage.locator('#field-networkName').fill('Kompetensteamet Västerbotten');
		await adminPage.locator('#field-slug').fill('vasterbotten');
		await adminPage.locator('#field-contactEmail').fill('kontakt@vasterbotten.example');
		await adminPage.locator('#field-referencePrefix').fill('VBT');
		await adminPage.locator('#field-adminEmail').fill('forsta.admin@vasterbotten.example');
		await submit(adminPage, adminPage.getByRole('button', { name: 'Skapa nätverket och skicka inbjudan' }));
		await expect(adminPage.getByRole('status').textContent()).resolves.toContain('Kompetensteamet Västerbotten');

		await visit(adminPage, '/app/dev/mail');
		await expect(adminPage.locator('.ds-alert').textContent()).resolves.toContain('SMTP_URL');
		await Promise.all([
			adminPage.waitForNavigation(),
			adminPage.getByRole('link', { name: 'Inbjudan till Kompetensteamet Västerbotten' }).click()
		]);
		await expectAccessible(adminPage);
		await expect(adminPage.locator('pre').textContent()).resolves.toContain('/invite/');
		const html = await adminPage.request.get(
			(await adminPage.getByRole('link', { name: 'Öppna HTML-versionen' }).getAttribute('href')) as string
		);
		expect(html.headers()['content-security-policy']).toContain('sandbox');

		await visit(adminPage, '/app/admin/networks');
		await Promise.all([
			adminPage.waitForNavigation(),
			adminPage.getByRole('link', { name: 'Stäng Kompetensteamet Västerbotten' }).click()
		]);
		await expectAccessible(adminPage);
		await adminPage.locator('#field-confirm').check();
		await submit(adminPage, adminPage.getByRole('button', { name: 'Stäng nätverket' }));
		await expect(adminPage.getByRole('status').textContent()).resolves.toBe('Nätverket är stängt.');
		const closed = await fetch(`${app.baseURL}/vasterbotten`, { headers: { accept: 'text/html' } });
		expect(closed.status).toBe(404);
	});
});
