/**
 * The first administrator in Chromium: setup signs the admin in (two-factor enrolment first, as at any
 * sign-in of an admin), the admin takes the consultation handler right nobody else can give
 * (decision 015), registers and reads a consultation; people who accept an invitation are signed in
 * too, and those whose role needs two-factor go to that step. Axe and the HTML checker run on every page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	expectAccessible,
	lastMailTo,
	launchBrowser,
	newPage,
	seedNetworkWithAdmin,
	signIn,
	startApp,
	unusedTotpCode,
	visit,
	type RunningApp
} from './harness.ts';

const PASSWORD = 'Fjällbjörk och sjörök i skymningen';

async function submit(page: Page, button: ReturnType<Page['locator']>): Promise<void> {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
	await expectAccessible(page);
}

const pathOf = (page: Page) => new URL(page.url()).pathname;
const text = async (locator: ReturnType<Page['locator']>) => ((await locator.textContent()) ?? '').trim();

async function signedInAudit(app: RunningApp, email: string) {
	const user = await app.db.selectFrom('user').select('id').where('email', '=', email).executeTakeFirstOrThrow();
	const audit = await app.db
		.selectFrom('audit_event')
		.select(['action', 'outcome'])
		.where('actor_user_id', '=', user.id)
		.where('action', '=', 'signin.success')
		.execute();
	const sessions = await app.db.selectFrom('session').select('id').where('userId', '=', user.id).execute();
	return { userId: user.id, audit, sessions };
}

describe('the first administrator', () => {
	let app: RunningApp;
	let browser: Browser;

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
	});
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('is signed in by setup, enrols two-factor, takes the handler right, registers and reads a consultation', async () => {
		const page = await newPage(browser, app);
		await visit(page, '/setup');
		await page.locator('#field-adminName').fill('Ingrid Lindqvist');
		await page.locator('#field-adminEmail').fill('ingrid@example.se');
		await page.locator('#field-password').fill(PASSWORD);
		await page.locator('#field-passwordConfirm').fill(PASSWORD);
		await page.locator('#field-networkName').fill('Kompetensteamet Norrbotten');
		await page.locator('#field-slug').fill('norrbotten');
		await page.locator('#field-contactEmail').fill('kontakt@example.se');
		await page.locator('#field-referencePrefix').fill('nbt');
		await submit(page, page.getByRole('button', { name: 'Skapa konto och nätverk' }));

		// Signed in as by the sign-in form: a session, its HttpOnly cookie, the audit entry. An admin
		// sets up two-factor before reaching the network.
		expect(pathOf(page)).toBe('/account/two-factor');
		expect(new URL(page.url()).searchParams.get('required')).toBe('1');
		const signedIn = await signedInAudit(app, 'ingrid@example.se');
		expect(signedIn.audit).toEqual([{ action: 'signin.success', outcome: 'success' }]);
		expect(signedIn.sessions).toHaveLength(1);
		const cookies = await page.context().cookies();
		// The same cookie as the sign-in form's (plain http here, so without the __Host- prefix).
		expect(cookies.find((c) => c.name === 'samverkan_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

		await page.locator('input[name="password"]').fill(PASSWORD);
		await submit(page, page.getByRole('button', { name: 'Fortsätt' }));
		const key = await page.locator('#totp-key').innerText();
		await page.locator('input[name="code"]').fill(await unusedTotpCode(key));
		await submit(page, page.getByRole('button', { name: 'Slå på tvåstegsverifiering' }));
		await submit(page, page.getByRole('link', { name: 'Fortsätt till Samverkan' }));
		expect(pathOf(page)).toBe('/app/norrbotten');
		expect(await text(page.locator('h1'))).toBe('Kompetensteamet Norrbotten');

		// Nobody else handles consultations: the admin is offered the right and takes it.
		await visit(page, '/app/norrbotten/consultations');
		expect(await text(page.locator('.take-handler'))).toContain('Ingen hanterar frågorna ännu');
		await submit(page, page.getByRole('button', { name: 'Hantera frågor själv' }));
		expect(pathOf(page)).toBe('/app/norrbotten/consultations');
		expect(await page.locator('.take-handler').count()).toBe(0);

		await submit(page, page.getByRole('link', { name: 'Registrera fråga' }).first());
		expect(pathOf(page)).toBe('/app/norrbotten/consultations/new');
		const question = 'Kuratorn undrar hur skolan bör agera när en elev berättar om kontroll hemma.';
		await page.getByRole('checkbox', { name: 'Hedersrelaterat våld och förtryck' }).check();
		await page.locator('#field-question').fill(question);
		// A new network has no municipalities yet.
		await page.locator('#field-municipalityId').selectOption({ label: 'Utanför nätverket' });
		await submit(page, page.getByRole('button', { name: 'Spara frågan' }));
		expect(page.url() + (await page.locator('.error-summary').allInnerTexts()).join()).toMatch(/\?done=created$/);
		const reference = pathOf(page).split('/').pop()!;
		expect(reference).toMatch(/^NBT-\d{4}-0001$/);
		expect(await text(page.locator('main'))).toContain(question);

		// Later admins see that the right was self-granted.
		await visit(page, '/app/norrbotten/members');
		expect(await text(page.locator('tr', { hasText: 'ingrid@example.se' }))).toMatch(
			/Hanterar frågor – tog själv rätten \d/
		);
		await page.context().close();
	});
});

describe('accepting an invitation', () => {
	let app: RunningApp;
	let browser: Browser;
	let adminPage: Page;

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const { admin } = await seedNetworkWithAdmin(app, { slug: 'kompetensteamet', name: 'Kompetensteamet mot våld' });
		adminPage = await newPage(browser, app);
		await signIn(adminPage, app, admin);
	});
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	async function invite(email: string, role: string): Promise<string> {
		await visit(adminPage, '/app/kompetensteamet/members');
		await adminPage.locator('#field-email').fill(email);
		await adminPage.locator('#field-role').selectOption(role);
		await submit(adminPage, adminPage.getByRole('button', { name: 'Skicka inbjudan' }));
		return /http:\/\/localhost:\d+(\/invite\/[A-Za-z0-9_-]+)/.exec((await lastMailTo(app, email)).text)![1];
	}

	async function accept(page: Page, link: string, name: string): Promise<void> {
		await visit(page, link);
		await page.locator('#field-name').fill(name);
		await page.locator('#field-password').fill(PASSWORD);
		await page.locator('#field-passwordConfirm').fill(PASSWORD);
		await submit(page, page.getByRole('button', { name: 'Skapa konto och gå med' }));
	}

	it('lands a new member signed in on the network’s start page', async () => {
		const link = await invite('maja.nilsson@example.se', 'member');
		const page = await newPage(browser, app);
		await accept(page, link, 'Maja Nilsson');
		expect(pathOf(page)).toBe('/app/kompetensteamet');
		expect(await text(page.locator('main'))).toContain('Din roll: Medlem');
		const signedIn = await signedInAudit(app, 'maja.nilsson@example.se');
		expect(signedIn.audit).toEqual([{ action: 'signin.success', outcome: 'success' }]);
		expect(signedIn.sessions).toHaveLength(1);
		await page.context().close();
	});

	it('sends a new coordinator, signed in, to set up two-factor first', async () => {
		const link = await invite('cecilia.berg@example.se', 'coordinator');
		const page = await newPage(browser, app);
		await accept(page, link, 'Cecilia Berg');
		expect(pathOf(page)).toBe('/account/two-factor');
		expect(new URL(page.url()).searchParams.get('required')).toBe('1');
		expect((await signedInAudit(app, 'cecilia.berg@example.se')).audit).toHaveLength(1);
		await page.context().close();
	});
});
