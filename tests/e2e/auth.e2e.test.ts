import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	expectAccessible,
	lastMailTo,
	launchBrowser,
	newPage,
	seedMember,
	seedNetworkWithAdmin,
	startApp,
	unusedTotpCode,
	visit,
	type RunningApp
} from './harness.ts';

/**
 * Sign-in end to end (docs/product.md#foundation-sign-in): two-factor enrolment forced on an admin, sign-in with a TOTP code and
 * with a backup code, lockout, password reset through the outbox, the own account page, and the
 * login form without JavaScript. Swedish throughout, the reset flow in English. axe runs on every
 * page, also after each form submit.
 *
 * Every request comes from 127.0.0.1, which allows 20 failures per 15 minutes: the tests below
 * stay under that on purpose (about a dozen wrong passwords and codes in all).
 */
describe('sign-in', () => {
	let app: RunningApp;
	let browser: Browser;
	let network: { slug: string; name: string };
	let instanceAdmin: { email: string; password: string; totpSecret: string };
	const pages: Page[] = [];

	beforeAll(async () => {
		app = await startApp();
		browser = await launchBrowser();
		const seeded = await seedNetworkWithAdmin(app);
		network = seeded.network;
		instanceAdmin = seeded.admin;
	});
	afterAll(async () => {
		for (const page of pages) await page.context().close();
		await browser?.close();
		await app?.stop();
	});

	async function open(options: { locale?: string; javaScriptEnabled?: boolean } = {}): Promise<Page> {
		const page = await newPage(browser, app, options);
		pages.push(page);
		return page;
	}

	const main = (page: Page) => page.locator('main').innerText();

	/** Clicks a submit button and waits for the page the form leads to, then checks it with axe. */
	async function submit(page: Page, button: string, url?: RegExp): Promise<void> {
		const navigation = page.waitForNavigation({ waitUntil: 'load' });
		await page.getByRole('button', { name: button, exact: true }).click();
		await navigation;
		if (url) expect(page.url()).toMatch(url);
		await expectAccessible(page);
	}

	async function fillCredentials(page: Page, email: string, password: string): Promise<void> {
		await page.locator('input[name="email"]').fill(email);
		await page.locator('input[name="password"]').fill(password);
	}

	it('makes an admin without two-factor enrol first, then asks for a code or a backup code at sign-in', async () => {
		const admin = await seedMember(app, network.slug, { role: 'admin', withTwoFactor: false });
		const page = await open();
		await visit(page, '/login');
		await fillCredentials(page, admin.email, admin.password);
		await submit(page, 'Logga in', /\/account\/two-factor\?required=1$/);
		expect(await main(page)).toContain('Administratörer och samordnare måste slå på tvåstegsverifiering');

		await page.locator('input[name="password"]').fill('inte mitt lösenord');
		await submit(page, 'Fortsätt', /\/account\/two-factor\?\/start&required=1$/);
		expect(await main(page)).toContain('Lösenordet stämmer inte.');
		await page.locator('input[name="password"]').fill(admin.password);
		await submit(page, 'Fortsätt', /\/account\/two-factor\?required=1$/);

		// Nobody scans anything here: the key shown for typing by hand is enough.
		expect(await page.getByRole('img', { name: /QR-kod/ }).getAttribute('src')).toMatch(
			/^data:image\/svg\+xml;base64,/
		);
		const key = await page.locator('#totp-key').innerText();
		expect(key).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
		const backupCodes = await page.locator('.backup-codes code').allInnerTexts();
		expect(backupCodes).toHaveLength(10);

		await page.locator('input[name="code"]').fill('000000');
		await submit(page, 'Slå på tvåstegsverifiering');
		expect(await main(page)).toContain('Koden stämmer inte.');
		expect(await page.locator('#totp-key').innerText()).toBe(key);

		await page.locator('input[name="code"]').fill(await unusedTotpCode(key));
		await submit(page, 'Slå på tvåstegsverifiering', /\/account\/two-factor\?required=1&done=1$/);
		expect(await main(page)).toContain('Tvåstegsverifiering är påslagen');
		const navigation = page.waitForNavigation({ waitUntil: 'load' });
		await page.getByRole('link', { name: 'Fortsätt till Samverkan' }).click();
		await navigation;
		expect(new URL(page.url()).pathname).toBe(`/app/${network.slug}`);
		await expectAccessible(page);

		await visit(page, '/logout');
		await submit(page, 'Logga ut', /\/login\?notice=signed_out$/);
		expect(await main(page)).toContain('Du är utloggad.');

		// Next time: password, then a backup code instead of the app.
		await fillCredentials(page, admin.email, admin.password);
		await submit(page, 'Logga in', /\/login\/two-factor$/);
		await page.getByText('Har du inte telefonen? Använd en reservkod').click();
		await page.locator('input[name="backupCode"]').fill(backupCodes[0]);
		await submit(page, 'Logga in med reservkod');
		expect(new URL(page.url()).pathname).toBe(`/app/${network.slug}`);
	});

	it('signs in with a code from the app, after a wrong one, and returns to the page asked for', async () => {
		const page = await open();
		await visit(page, `/login?next=${encodeURIComponent(`/app/${network.slug}`)}`);
		await fillCredentials(page, instanceAdmin.email, instanceAdmin.password);
		await submit(page, 'Logga in', /\/login\/two-factor\?next=/);
		expect(await main(page)).toContain('skriv in den sexsiffriga koden');

		await page.locator('input[name="code"]').fill('123456');
		await submit(page, 'Logga in');
		expect(await main(page)).toContain('Koden stämmer inte.');
		await page.locator('input[name="code"]').fill(await unusedTotpCode(instanceAdmin.totpSecret));
		await submit(page, 'Logga in');
		expect(new URL(page.url()).pathname).toBe(`/app/${network.slug}`);

		// An address outside the site is never followed.
		const other = await open();
		await visit(other, '/login?next=https%3A%2F%2Fevil.example%2F');
		const member = await seedMember(app, network.slug, { role: 'member' });
		await fillCredentials(other, member.email, member.password);
		await submit(other, 'Logga in');
		expect(new URL(other.url()).origin).toBe(app.baseURL);
		expect(new URL(other.url()).pathname).toBe(`/app/${network.slug}`);
	});

	it('locks an account after five wrong passwords, and answers the same for an address without an account', async () => {
		const member = await seedMember(app, network.slug, { role: 'member' });
		const page = await open();
		await visit(page, '/login');
		const answers: string[] = [];
		for (const email of [member.email, 'ingen.alls@example.se']) {
			for (let i = 1; i <= 5; i++) {
				await fillCredentials(page, email, `fel lösenord nummer ${i}`);
				await submit(page, 'Logga in', /\/login$/);
				answers.push(await page.locator('.error-summary').innerText());
			}
		}
		for (const answer of [answers[0], answers[5]]) expect(answer).toContain('Fel e-postadress eller lösenord.');
		expect(answers.slice(5)).toEqual(answers.slice(0, 5));
		expect(answers[4]).toContain('För många försök. Försök igen om 15 minuter.');
		// The e-mail address stays in the field; the password never comes back.
		expect(await page.locator('input[name="email"]').inputValue()).toBe('ingen.alls@example.se');
		expect(await page.locator('input[name="password"]').inputValue()).toBe('');

		await fillCredentials(page, member.email, member.password);
		await submit(page, 'Logga in', /\/login$/);
		expect(await page.locator('.error-summary').innerText()).toContain('För många försök. Försök igen om 15 minuter.');
	});

	it('resets a forgotten password through the mail in the outbox, without getting around two-factor (in English)', async () => {
		const coordinator = await seedMember(app, network.slug, { role: 'coordinator' });
		const page = await open({ locale: 'en-GB' });
		await visit(page, '/en/login');
		const navigation = page.waitForNavigation({ waitUntil: 'load' });
		await page.getByRole('link', { name: 'Forgotten your password?' }).click();
		await navigation;
		expect(new URL(page.url()).pathname).toBe('/en/reset-password');
		await expectAccessible(page);

		await page.locator('input[name="email"]').fill('nobody.here@example.se');
		await submit(page, 'Send link');
		const answerForNobody = await main(page);
		expect(answerForNobody).toContain('If the address has an account with us, an e-mail is on its way.');

		await visit(page, '/en/reset-password');
		await page.locator('input[name="email"]').fill(coordinator.email.toUpperCase());
		await submit(page, 'Send link');
		expect(await main(page)).toBe(answerForNobody);

		const mail = await lastMailTo(app, coordinator.email);
		const link = /https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
		expect(link).toBeTruthy();
		const path = new URL(link!).pathname;
		await visit(page, `/en${path.replace(/^\/(nb|en)\//, '/')}`);
		expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Choose a new password');

		await page.locator('input[name="password"]').fill('kort');
		await page.locator('input[name="passwordRepeat"]').fill('kort');
		await submit(page, 'Save new password');
		expect(await page.locator('.error-summary').innerText()).toContain('12');

		const newPassword = 'tre små grodor hoppar över bäcken';
		await page.locator('input[name="password"]').fill(newPassword);
		await page.locator('input[name="passwordRepeat"]').fill(newPassword);
		await submit(page, 'Save new password', /\/en\/login\?notice=password_reset$/);
		expect(await main(page)).toContain('Your new password has been saved.');

		// Not signed in by the reset, and the code is still needed.
		await fillCredentials(page, coordinator.email, newPassword);
		await submit(page, 'Sign in', /\/en\/login\/two-factor$/);
		await page.locator('input[name="code"]').fill(await unusedTotpCode(coordinator.totpSecret!));
		await submit(page, 'Sign in');
		expect(new URL(page.url()).pathname).toBe(`/en/app/${network.slug}`);

		// The link worked once.
		await visit(page, `/en${path}`);
		expect(await main(page)).toContain('The link is invalid or has expired.');
	});

	it('shows the own account: details, language, networks, and signing out everywhere', async () => {
		const member = await seedMember(app, network.slug, { role: 'member' });
		const page = await open();
		const elsewhere = await open();
		for (const p of [page, elsewhere]) {
			await visit(p, '/login');
			await fillCredentials(p, member.email, member.password);
			await submit(p, 'Logga in');
		}
		await visit(page, '/account');
		expect(await page.locator('input[name="email"]').inputValue()).toBe(member.email);
		expect(await page.getByRole('table').innerText()).toContain(network.name);

		await page.locator('input[name="name"]').fill('');
		await submit(page, 'Spara', /\/account\?\/profile$/);
		expect(await page.locator('.error-summary').innerText()).toContain('Skriv ett namn');
		await page.locator('input[name="name"]').fill('Greta Gustafsson');
		await page.locator('select[name="locale"]').selectOption('nb');
		await submit(page, 'Spara', /\/nb\/account\?notice=saved$/);
		expect(await main(page)).toContain('Opplysningene dine er lagret.');
		expect(await page.locator('input[name="name"]').inputValue()).toBe('Greta Gustafsson');

		await submit(page, 'Logg ut overalt', /\/nb\/login\?notice=signed_out_everywhere$/);
		await visit(elsewhere, `/app/${network.slug}`);
		expect(new URL(elsewhere.url()).pathname).toBe('/login');
	});

	it('works without JavaScript', async () => {
		const member = await seedMember(app, network.slug, { role: 'member' });
		const page = await open({ javaScriptEnabled: false });
		await visit(page, '/login');
		await fillCredentials(page, member.email, 'fel lösenord igen');
		await submit(page, 'Logga in', /\/login$/);
		expect(await page.locator('.error-summary').innerText()).toContain('Fel e-postadress eller lösenord.');
		expect(await page.locator('input[name="email"]').inputValue()).toBe(member.email);

		await fillCredentials(page, member.email, member.password);
		await submit(page, 'Logga in');
		expect(new URL(page.url()).pathname).toBe(`/app/${network.slug}`);

		await visit(page, '/logout');
		await submit(page, 'Logga ut', /\/login\?notice=signed_out$/);

		// Two-factor without JavaScript too.
		await fillCredentials(page, instanceAdmin.email, instanceAdmin.password);
		await submit(page, 'Logga in', /\/login\/two-factor$/);
		await page.locator('input[name="code"]').fill(await unusedTotpCode(instanceAdmin.totpSecret));
		await submit(page, 'Logga in');
		expect(new URL(page.url()).pathname).toBe(`/app/${network.slug}`);
	});
});
