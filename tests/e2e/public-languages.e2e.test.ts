import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUICK_EXIT_URLS } from '#lib/quick-exit.ts';
import { findOpenNetworkBySlug, upsertNetworkText } from '#lib/server/networks/repository.ts';
import { newEvent } from '../fixtures/factories.ts';
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

/**
 * The languages of the public pages in Chromium, with axe and the Nu HTML Checker on every page
 * (docs/decisions/019-public-languages.md): the quick exit leaves for a neutral site of the page's
 * language unless the network chose its own; the public pages, their forms and mails in Finnish; a
 * network's Meänkieli and Northern Sami texts marked with their `lang`; the app without Finnish.
 */

// The neutral sites and a network's own are answered by a local stub: nothing leaves the machine.
const NETWORK_EXIT = 'https://www.nsd.se/';
const STUB = (title: string) =>
	`<!doctype html><html lang="sv"><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`;

const LANGUAGES = [
	{ locale: 'sv', prefix: '', exitLabel: 'Lämna sidan snabbt' },
	{ locale: 'nb', prefix: '/nb', exitLabel: 'Forlat siden raskt' },
	{ locale: 'en', prefix: '/en', exitLabel: 'Leave this page quickly' },
	{ locale: 'fi', prefix: '/fi', exitLabel: 'Poistu sivulta nopeasti' }
] as const;

const FIT_TEXT = 'Met olema verkosto joka tekkee työtä väkivaltaa vasthaan Tornionlaaksossa.';
const SE_TEXT = 'Mii leat fierpmádat mii bargá veahkaválddi vuostá.';

async function submit(page: Page, button: Locator): Promise<void> {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
	await expectAccessible(page);
}

describe('public languages', () => {
	let app: RunningApp;
	let browser: Browser;
	let swedish: { slug: string; name: string };
	let norwegian: { slug: string; name: string };
	let eventId: string;

	async function open(options: { locale?: string; javaScriptEnabled?: boolean } = {}): Promise<Page> {
		const page = await newPage(browser, app, options);
		for (const site of [...Object.values(QUICK_EXIT_URLS), NETWORK_EXIT]) {
			await page
				.context()
				.route(`${site}**`, (route) =>
					route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: STUB(new URL(site).host) })
				);
		}
		return page;
	}

	const htmlLang = (page: Page) => page.locator('html').getAttribute('lang');
	const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

	beforeAll(async () => {
		// No QUICK_EXIT_URL: the exit goes where an installation's would by default.
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		swedish = (
			await seedNetworkWithAdmin(app, { slug: 'tornedalen', name: 'Tornedalens nätverk mot våld', country: 'SE' })
		).network;
		norwegian = (
			await seedNetworkWithAdmin(app, { slug: 'nettverket-nord', name: 'Nettverket mot vold i Nord', country: 'NO' })
		).network;
		const tornedalen = await findOpenNetworkBySlug(app.db, swedish.slug);
		const nord = await findOpenNetworkBySlug(app.db, norwegian.slug);
		if (!tornedalen || !nord) throw new Error('the networks were not seeded');
		const now = new Date();
		await upsertNetworkText(app.db, tornedalen.id, { kind: 'description', locale: 'fit', body: FIT_TEXT }, null, now);
		await upsertNetworkText(app.db, tornedalen.id, { kind: 'description', locale: 'se', body: SE_TEXT }, null, now);
		await upsertNetworkText(app.db, nord.id, { kind: 'description', locale: 'se', body: SE_TEXT }, null, now);
		eventId = (await newEvent(app.db, tornedalen, { title: 'Hedersrelaterat våld – grundutbildning' })).id;
	}, 120_000);

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('quick exit: each language leaves for its own neutral site, with and without JavaScript', async () => {
		for (const javaScriptEnabled of [true, false]) {
			for (const { locale, prefix, exitLabel } of LANGUAGES) {
				const page = await open({ javaScriptEnabled });
				await visit(page, `${prefix}/${swedish.slug}/contact`);
				expect(await htmlLang(page)).toBe(locale);
				const exit = page.locator('.quick-exit a');
				expect(await text(exit)).toBe(exitLabel);
				expect(await exit.getAttribute('href')).toBe(QUICK_EXIT_URLS[locale]);
				await exit.click();
				await page.waitForURL(`${QUICK_EXIT_URLS[locale]}**`);
				expect(await page.title()).toBe(new URL(QUICK_EXIT_URLS[locale]).host);
				await page.context().close();
			}
		}
		// Every language has a site of its own, each https.
		expect(new Set(Object.values(QUICK_EXIT_URLS)).size).toBe(LANGUAGES.length);
		for (const site of Object.values(QUICK_EXIT_URLS)) expect(site).toMatch(/^https:\/\//);
		// Esc twice leaves for the site of the page's language too.
		const page = await open();
		await visit(page, `/fi/${swedish.slug}`);
		await page.keyboard.press('Escape');
		await page.keyboard.press('Escape');
		await page.waitForURL(`${QUICK_EXIT_URLS.fi}**`);
		await page.context().close();
	}, 180_000);

	it("quick exit: a network's own https site, chosen in its public page settings, wins in every language", async () => {
		const communicator = await seedMember(app, swedish.slug, { role: 'communicator' });
		const staff = await open({ javaScriptEnabled: false });
		await signIn(staff, app, communicator);
		await visit(staff, `/app/${swedish.slug}/settings/public-pages`);
		const field = staff.locator('#field-quickExitUrl');
		// Not https: refused with a message in the user's language, what was typed kept, nothing saved.
		await field.fill('http://www.nsd.se/');
		await submit(staff, staff.locator('form.texts-form button[type="submit"]'));
		await expect(text(staff.locator('#field-quickExitUrl-error'))).resolves.toContain('https://');
		expect(await field.getAttribute('aria-invalid')).toBe('true');
		expect(await field.inputValue()).toBe('http://www.nsd.se/');
		const visitor = await open({ javaScriptEnabled: false });
		await visit(visitor, `/${swedish.slug}`);
		expect(await visitor.locator('.quick-exit a').getAttribute('href')).toBe(QUICK_EXIT_URLS.sv);

		await field.fill(NETWORK_EXIT);
		await submit(staff, staff.locator('form.texts-form button[type="submit"]'));
		expect(new URL(staff.url()).searchParams.get('saved')).toBe('1');
		expect(await staff.locator('#field-quickExitUrl').inputValue()).toBe(NETWORK_EXIT);
		for (const { prefix } of LANGUAGES) {
			for (const path of ['', '/events', '/ask', '/privacy']) {
				await visit(visitor, `${prefix}/${swedish.slug}${path}`);
				expect(await visitor.locator('.quick-exit a').getAttribute('href')).toBe(NETWORK_EXIT);
			}
		}
		await visitor.locator('.quick-exit a').click();
		await visitor.waitForURL(`${NETWORK_EXIT}**`);
		// The other network keeps the neutral sites.
		await visit(visitor, `/nb/${norwegian.slug}`);
		expect(await visitor.locator('.quick-exit a').getAttribute('href')).toBe(QUICK_EXIT_URLS.nb);
		// Emptying the field brings the neutral sites back.
		await staff.locator('#field-quickExitUrl').fill('');
		await submit(staff, staff.locator('form.texts-form button[type="submit"]'));
		await visit(visitor, `/fi/${swedish.slug}`);
		expect(await visitor.locator('.quick-exit a').getAttribute('href')).toBe(QUICK_EXIT_URLS.fi);
		await staff.context().close();
		await visitor.context().close();
	}, 120_000);

	it('Finnish: the public pages, the registration with its mail, and the question form with its receipt', async () => {
		const page = await open({ javaScriptEnabled: false, locale: 'fi-FI' });
		// A Finnish browser lands on the Finnish pages.
		await page.goto('/');
		expect(new URL(page.url()).pathname).toBe('/fi');
		await expectAccessible(page);
		expect(await htmlLang(page)).toBe('fi');
		expect(await text(page.locator('h1'))).toBe('Verkostot, jotka tekevät yhdessä työtä väkivaltaa vastaan');
		const pages: [string, string][] = [
			[`/fi/${swedish.slug}`, swedish.name],
			[`/fi/${swedish.slug}/contact`, 'Yhteystiedot'],
			[`/fi/${swedish.slug}/accessibility`, 'Saavutettavuusseloste'],
			[`/fi/${swedish.slug}/privacy`, 'Tietosuojaseloste'],
			['/fi/accessibility', 'Saavutettavuusseloste'],
			['/fi/privacy', 'Tietosuojaseloste'],
			[`/fi/${swedish.slug}/events`, 'Koulutukset ja tapahtumat'],
			[`/fi/${swedish.slug}/ask`, 'Kysy kysymys – nimettömästi'],
			[`/fi/${swedish.slug}/ask/status`, 'Lue vastaus kysymykseesi']
		];
		for (const [path, heading] of pages) {
			await visit(page, path);
			expect(await htmlLang(page), path).toBe('fi');
			expect(await text(page.locator('h1')), path).toBe(heading);
			expect(await text(page.locator('.quick-exit a')), path).toBe('Poistu sivulta nopeasti');
			// The switcher of a Swedish network offers Finnish, marked in Finnish.
			expect(await page.locator('.language-switcher a[hreflang="fi"]').getAttribute('lang'), path).toBe('fi');
			expect(await page.locator('.language-switcher a[aria-current="true"]').getAttribute('hreflang'), path).toBe('fi');
		}
		// A mistyped address: the error page in Finnish, Finnish still offered.
		const missing = await page.goto('/fi/ei-ole-olemassa/sivu/joka/puuttuu');
		expect(missing?.status()).toBe(404);
		await expectAccessible(page);
		expect(await htmlLang(page)).toBe('fi');
		expect(await text(page.locator('h1'))).toBe('Sivua ei löytynyt');
		expect(await page.locator('.language-switcher a[hreflang="fi"]').count()).toBe(1);
		expect(await page.locator('.quick-exit a').getAttribute('href')).toBe(QUICK_EXIT_URLS.fi);
		// The built-in texts are Finnish, with the network's details filled in.
		await visit(page, `/fi/${swedish.slug}/accessibility`);
		expect(await text(page.locator('main'))).toContain('Ruotsin digitaalihallinnon virasto (Digg)');

		// The event page (the event's own text is Swedish and marked so) and the registration.
		await visit(page, `/fi/${swedish.slug}/events/${eventId}`);
		expect(await htmlLang(page)).toBe('fi');
		expect(await page.locator('h1').getAttribute('lang')).toBe('sv');
		await page.locator('#field-name').fill('Aino Virtanen');
		await page.locator('#field-email').fill('aino@example.org');
		await page.locator('#field-consent').check();
		await submit(page, page.getByRole('button', { name: 'Ilmoittaudu' }));
		expect(new URL(page.url()).pathname).toBe(`/fi/${swedish.slug}/events/${eventId}/registered`);
		expect(await text(page.locator('h1'))).toBe('Kiitos ilmoittautumisestasi');
		const mail = await lastMailTo(app, 'aino@example.org');
		expect(mail.subject).toBe('Ilmoittautunut: Hedersrelaterat våld – grundutbildning');
		expect(mail.text).toContain('Olet ilmoittautunut tapahtumaan');
		expect(mail.text).toContain('Tämän viestin lähetti Samverkan');
		expect(mail.html).toContain('lang="fi"');
		// The personal page the mail links to is Finnish too.
		const link = /https?:\/\/\S+\/events\/registration\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
		expect(link).toContain('/fi/');
		await visit(page, link!);
		expect(await htmlLang(page)).toBe('fi');
		expect(await text(page.locator('h1'))).toBe('Ilmoittautumisesi');

		// The question form: its fields, a refusal with its message, and the receipt.
		await visit(page, `/fi/${swedish.slug}/ask`);
		await expect(text(page.locator('label[for="field-question"]'))).resolves.toContain('Kysymys');
		await page.getByRole('checkbox', { name: 'Kunniaan liittyvä väkivalta ja sorto' }).check();
		await page
			.locator('#field-question')
			.fill('Oppilas kertoo, että perhe suunnittelee matkaa ja hän pelkää pakkoavioliittoa.');
		await submit(page, page.getByRole('button', { name: 'Lähetä kysymys' }));
		await expect(text(page.locator('#field-deidentified-error'))).resolves.toBe(
			'Vahvista, että kysymyksestä on poistettu tunnistetiedot.'
		);
		await page.locator('#field-deidentified').check();
		await submit(page, page.getByRole('button', { name: 'Lähetä kysymys' }));
		expect(new URL(page.url()).pathname).toBe(`/fi/${swedish.slug}/ask/receipt`);
		expect(await htmlLang(page)).toBe('fi');
		expect(await text(page.locator('h1'))).toBe('Kiitos – kysymyksesi on perillä');
		await page.context().close();
	}, 120_000);

	it('on a phone: the Finnish pages and the six-language switcher fit 375 pixels', async () => {
		const page = await open();
		await page.setViewportSize({ width: 375, height: 740 });
		// The Finnish pages, and the switcher at its longest (six languages, with Meänkieli and Sami).
		for (const path of [
			`/fi/${swedish.slug}`,
			`/fi/${swedish.slug}/ask`,
			`/fi/${swedish.slug}/events/${eventId}`,
			`/${swedish.slug}?texts=se`
		]) {
			await visit(page, path);
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
			expect(overflow, path).toBeLessThanOrEqual(0);
		}
		await page.context().close();
	}, 120_000);

	it("Meänkieli and Sami: a network's texts in them carry their lang, the interface stays the country's", async () => {
		const page = await open({ javaScriptEnabled: false });
		await visit(page, `/${swedish.slug}`);
		const meankieli = page.locator('.language-switcher a[hreflang="fit"]');
		expect(await meankieli.getAttribute('lang')).toBe('fit');
		expect(await text(meankieli)).toBe('Meänkieli');
		expect(await page.locator('.language-switcher a[hreflang="se"]').getAttribute('lang')).toBe('se');
		await submit(page, meankieli);
		expect(new URL(page.url()).pathname).toBe(`/${swedish.slug}`);
		expect(new URL(page.url()).searchParams.get('texts')).toBe('fit');
		// The interface is Swedish (it has no Meänkieli words); the text is marked as Meänkieli.
		expect(await htmlLang(page)).toBe('sv');
		expect(await text(page.locator('.text-blocks[lang="fit"]'))).toBe(FIT_TEXT);
		expect(await page.locator('.other-language').count()).toBe(0);
		expect(await page.locator('.language-switcher a[aria-current="true"]').getAttribute('hreflang')).toBe('fit');
		// The network's text pages keep the choice; a text it has not written in Meänkieli is Swedish.
		await submit(page, page.locator('.site-nav a', { hasText: 'Kontakt' }));
		expect(new URL(page.url()).searchParams.get('texts')).toBe('fit');
		expect(await page.locator('.text-blocks[lang]').count()).toBe(0);

		// From the Finnish pages, Sami goes to the Swedish interface.
		await visit(page, `/fi/${swedish.slug}`);
		await submit(page, page.locator('.language-switcher a[hreflang="se"]'));
		expect(new URL(page.url()).pathname).toBe(`/${swedish.slug}`);
		expect(await htmlLang(page)).toBe('sv');
		expect(await text(page.locator('.text-blocks[lang="se"]'))).toBe(SE_TEXT);

		// A Norwegian network: Sami with the Norwegian interface; no Finnish, no Meänkieli offered.
		await visit(page, `/nb/${norwegian.slug}`);
		expect(await page.locator('.language-switcher a[hreflang="fi"]').count()).toBe(0);
		expect(await page.locator('.language-switcher a[hreflang="fit"]').count()).toBe(0);
		await submit(page, page.locator('.language-switcher a[hreflang="se"]'));
		expect(new URL(page.url()).pathname).toBe(`/nb/${norwegian.slug}`);
		expect(await htmlLang(page)).toBe('nb');
		expect(await text(page.locator('.text-blocks[lang="se"]'))).toBe(SE_TEXT);
		// Back to an interface language: the texts are the network's own language again.
		await submit(page, page.locator('.language-switcher a[hreflang="nb"]'));
		expect(new URL(page.url()).search).toBe('');
		expect(await page.locator('.text-blocks[lang="se"]').count()).toBe(0);
		await page.context().close();
	}, 120_000);

	it('the signed-in app and its sign-in offer no Finnish, and /fi/ app addresses go to the app languages', async () => {
		// A visitor who chose Finnish on the public pages.
		const page = await open({ javaScriptEnabled: false, locale: 'fi-FI' });
		await visit(page, `/${swedish.slug}?lang=fi`);
		expect(new URL(page.url()).pathname).toBe(`/fi/${swedish.slug}`);
		for (const path of ['/fi/login', '/login', '/login?lang=fi']) {
			await page.goto(path);
			await expectAccessible(page);
			expect(new URL(page.url()).pathname, path).toBe('/login');
			expect(await htmlLang(page), path).toBe('sv');
			expect(await page.locator('.language-switcher a[hreflang="fi"]').count(), path).toBe(0);
			expect(await page.locator('.language-switcher a').count(), path).toBe(3);
		}
		const admin = await seedMember(app, swedish.slug, { role: 'communicator' });
		await signIn(page, app, admin);
		await page.goto(`/fi/app/${swedish.slug}/settings/public-pages`);
		await expectAccessible(page);
		expect(new URL(page.url()).pathname).toBe(`/app/${swedish.slug}/settings/public-pages`);
		expect(await htmlLang(page)).toBe('sv');
		expect(await page.locator('.language-switcher a[hreflang="fi"]').count()).toBe(0);
		// The settings write texts in every language of the region, Meänkieli and Sami included.
		for (const language of ['fi', 'fit', 'se']) {
			expect(await page.locator(`.language-tabs a[hreflang="${language}"]`).count(), language).toBe(1);
		}
		await page.context().close();
	}, 120_000);
});
