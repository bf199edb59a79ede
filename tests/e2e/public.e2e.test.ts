import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOpenNetworkBySlug, upsertNetworkText } from '#lib/server/networks/repository.ts';
import {
	expectAccessible,
	launchBrowser,
	newPage,
	seedNetworkWithAdmin,
	startApp,
	visit,
	type RunningApp
} from './harness.ts';

/**
 * The public pages (docs/product.md#foundation-public-pages) in Chromium: the instance's list of networks, a network's page, contact,
 * accessibility statement and privacy notice in sv, nb and en, the language choice, error pages,
 * and the quick exit — with axe on every page.
 */

// The quick exit goes here in this test; every browser context answers it with a local stub, so
// nothing leaves the machine.
const EXIT_URL = 'https://quick-exit.invalid/weather';
const STUB = '<!doctype html><html lang="sv"><head><title>Väder</title></head><body><h1>Väder</h1></body></html>';
const screenshots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');

const LOCALES = [
	{ locale: 'sv', prefix: '', acceptLanguage: 'sv-SE' },
	{ locale: 'nb', prefix: '/nb', acceptLanguage: 'nb-NO' },
	{ locale: 'en', prefix: '/en', acceptLanguage: 'en-GB' }
] as const;

const TITLES = {
	sv: {
		contact: 'Kontakt',
		accessibility: 'Tillgänglighetsredogörelse',
		privacy: 'Behandling av personuppgifter',
		exit: 'Lämna sidan snabbt'
	},
	nb: {
		contact: 'Kontakt',
		accessibility: 'Tilgjengelighetserklæring',
		privacy: 'Personvernerklæring',
		exit: 'Forlat siden raskt'
	},
	en: {
		contact: 'Contact',
		accessibility: 'Accessibility statement',
		privacy: 'Privacy notice',
		exit: 'Leave this page quickly'
	}
} as const;

describe('public pages', () => {
	let app: RunningApp;
	let browser: Browser;
	let swedish: { slug: string; name: string };
	let norwegian: { slug: string; name: string };

	async function open(options: { locale?: string; javaScriptEnabled?: boolean } = {}): Promise<Page> {
		const page = await newPage(browser, app, options);
		await page
			.context()
			.route(`${EXIT_URL}**`, (route) =>
				route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: STUB })
			);
		return page;
	}

	async function htmlLang(page: Page): Promise<string | null> {
		return page.locator('html').getAttribute('lang');
	}

	function onApp(page: Page): boolean {
		return page.url().startsWith(app.baseURL);
	}

	beforeAll(async () => {
		app = await startApp({ env: { QUICK_EXIT_URL: EXIT_URL } });
		browser = await launchBrowser();
		swedish = (
			await seedNetworkWithAdmin(app, {
				slug: 'kompetensteamet',
				name: 'Kompetensteamet mot våld i Norrbotten',
				country: 'SE'
			})
		).network;
		norwegian = (
			await seedNetworkWithAdmin(app, { slug: 'nettverket-nord', name: 'Nettverket mot vold i Nord', country: 'NO' })
		).network;
		const nord = await findOpenNetworkBySlug(app.db, norwegian.slug);
		if (!nord) throw new Error('the Norwegian network was not seeded');
		await upsertNetworkText(
			app.db,
			nord.id,
			{
				kind: 'description',
				locale: 'nb',
				body: 'Nettverket samler kommunene i nord i arbeidet mot vold i nære relasjoner.\n\nVi arrangerer fagdager og gir råd i enkeltsaker.'
			},
			null,
			new Date()
		);
	});

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('lists the open networks on /', async () => {
		const page = await open();
		await visit(page, '/');
		expect(await htmlLang(page)).toBe('sv');
		expect(await page.locator('h1').innerText()).toBe('Nätverk som samverkar mot våld');
		const links = page.locator('main .network-list a');
		expect(await links.allInnerTexts()).toEqual([swedish.name, norwegian.name]);
		expect(await page.locator('main .network-list').innerText()).toContain('Norge');
		// The Norwegian network has only a Norwegian description: shown, and marked as Norwegian.
		expect(await page.locator('main .network-list p[lang="nb"]').innerText()).toContain('Nettverket samler kommunene');
		await links.first().click();
		await page.waitForURL(`**/${swedish.slug}`);
		await expectAccessible(page);
		await page.context().close();
	});

	for (const { locale, prefix, acceptLanguage } of LOCALES) {
		it(`shows a network's page, contact, accessibility statement and privacy notice in ${locale}`, async () => {
			const page = await open({ locale: acceptLanguage });
			const titles = TITLES[locale];
			for (const network of [swedish, norwegian]) {
				await visit(page, `${prefix}/${network.slug}`);
				expect(await htmlLang(page)).toBe(locale);
				expect(await page.locator('h1').innerText()).toBe(network.name);
				expect(await page.locator('header .brand').innerText()).toBe(network.name);
				expect(await page.locator('main').innerText()).toContain(`kontakt.${network.slug}@example.se`);
				expect(await page.title()).toContain(network.name);
				expect(await page.locator('.quick-exit a').innerText()).toBe(titles.exit);
				expect(await page.locator('.language-switcher a[aria-current="true"]').getAttribute('lang')).toBe(locale);

				await visit(page, `${prefix}/${network.slug}/contact`);
				expect(await htmlLang(page)).toBe(locale);
				expect(await page.locator('h1').innerText()).toBe(titles.contact);
				expect(await page.locator('main').innerText()).toContain('112');

				await visit(page, `${prefix}/${network.slug}/accessibility`);
				expect(await page.locator('h1').innerText()).toBe(titles.accessibility);
				const statement = await page.locator('main').innerText();
				expect(statement).toContain(network === swedish ? 'Digg' : 'Uutilsynet');
				expect(statement).not.toContain(network === swedish ? 'Uutilsynet' : 'Digg');
				expect(statement).toContain('2026');

				await visit(page, `${prefix}/${network.slug}/privacy`);
				expect(await page.locator('h1').innerText()).toBe(titles.privacy);
				const privacy = await page.locator('main').innerText();
				expect(privacy).toContain(network.name);
				expect(privacy).toContain(network === swedish ? 'IMY' : 'Datatilsynet');
				// The footer leads to this network's statement and notice.
				expect(await page.locator('footer a').first().getAttribute('href')).toBe(
					`${prefix}/${network.slug}/accessibility`
				);
			}
			for (const instancePage of ['/accessibility', '/privacy']) {
				await visit(page, `${prefix}${instancePage}`);
				expect(await htmlLang(page)).toBe(locale);
				expect(await page.locator(`main a[href="${prefix}/${swedish.slug}${instancePage}"]`).count()).toBe(1);
			}
			await page.context().close();
		});
	}

	it('shows a network text written in another language with its own lang and a note', async () => {
		const page = await open({ locale: 'en-GB' });
		await visit(page, `/en/${norwegian.slug}`);
		expect(await page.locator('main .text-blocks[lang="nb"]').innerText()).toContain('Nettverket samler kommunene');
		expect(await page.locator('main').innerText()).toContain('This text is not yet available in English.');
		await page.context().close();
	});

	it('lets Accept-Language decide the first visit and remembers a chosen language', async () => {
		const page = await open({ locale: 'nb-NO' });
		await page.goto('/');
		expect(new URL(page.url()).pathname).toBe('/nb');
		expect(await htmlLang(page)).toBe('nb');
		await expectAccessible(page);

		await page.locator('.language-switcher a[hreflang="en"]').click();
		await page.waitForURL((url) => url.pathname === '/en');
		expect(await htmlLang(page)).toBe('en');
		await expectAccessible(page);
		const cookie = (await page.context().cookies()).find((c) => c.name === 'PARAGLIDE_LOCALE');
		expect(cookie?.value).toBe('en');

		// A later visit to an address without a language prefix follows the choice, not the browser.
		await page.goto(`/${swedish.slug}/contact`);
		expect(new URL(page.url()).pathname).toBe(`/en/${swedish.slug}/contact`);
		expect(await htmlLang(page)).toBe('en');
		await expectAccessible(page);

		// Choosing Swedish (no prefix) is remembered as well.
		await page.locator('.language-switcher a[hreflang="sv"]').click();
		await page.waitForURL((url) => url.pathname === `/${swedish.slug}/contact`);
		expect(await htmlLang(page)).toBe('sv');
		await expectAccessible(page);
		await page.goto('/');
		expect(new URL(page.url()).pathname).toBe('/');
		expect(await htmlLang(page)).toBe('sv');
		await page.context().close();

		const english = await open({ locale: 'en-GB' });
		await english.goto('/');
		expect(new URL(english.url()).pathname).toBe('/en');
		await english.context().close();
	});

	it('quick exit: the button leaves for the neutral page and Back does not return', async () => {
		const page = await open();
		await visit(page, `/${swedish.slug}/contact`);
		const entries = await page.evaluate(() => history.length);
		await page.locator('.quick-exit a').click();
		await page.waitForURL(EXIT_URL);
		expect(await page.title()).toBe('Väder');
		// The exit replaced the history entry instead of adding one: Back does not lead to the page that was left.
		expect(await page.evaluate(() => history.length)).toBe(entries);
		await page.goBack().catch(() => null);
		await page.waitForTimeout(300);
		expect(onApp(page)).toBe(false);
		await page.context().close();
	});

	it('quick exit: Esc twice within a second leaves, two slow presses do not', async () => {
		const page = await open();
		await visit(page, `/${swedish.slug}`);
		await page.locator('#quick-exit-hint').waitFor();
		expect(await page.locator('#quick-exit-hint').innerText()).toBe(
			'Tryck på Esc två gånger för att lämna sidan snabbt.'
		);
		await page.keyboard.press('Escape');
		await page.waitForTimeout(1_200);
		await page.keyboard.press('Escape');
		await page.waitForTimeout(300);
		expect(onApp(page)).toBe(true);
		await page.keyboard.press('Escape');
		await page.waitForURL(EXIT_URL);
		await page.goBack().catch(() => null);
		await page.waitForTimeout(300);
		expect(onApp(page)).toBe(false);
		await page.context().close();
	});

	it('quick exit: second tab stop, right after the skip link', async () => {
		const page = await open();
		await visit(page, `/${swedish.slug}`);
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Hoppa till innehållet');
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Lämna sidan snabbt');
		await page.keyboard.press('Enter');
		await page.waitForURL(EXIT_URL);
		await page.context().close();
	});

	it('quick exit works without JavaScript as a plain link', async () => {
		const page = await open({ javaScriptEnabled: false });
		await visit(page, `/${swedish.slug}/privacy`);

		const link = page.locator('.quick-exit a');
		expect(await link.getAttribute('href')).toBe(EXIT_URL);
		expect(await link.getAttribute('rel')).toContain('noreferrer');
		// The Esc hint only appears where Esc works.
		expect(await page.locator('#quick-exit-hint').count()).toBe(0);
		await link.click();
		await page.waitForURL(EXIT_URL);
		expect(await page.title()).toBe('Väder');
		await page.context().close();
	});

	it('answers unknown addresses with a 404 page in the visitor’s language', async () => {
		const page = await open({ locale: 'en-GB' });
		const response = await page.goto('/en/no-such-network');
		expect(response?.status()).toBe(404);
		expect(await htmlLang(page)).toBe('en');
		expect(await page.locator('h1').innerText()).toBe('Page not found');
		expect(await page.locator('main').innerText()).toContain('Error code 404');
		expect(await page.locator('main a.ds-button').getAttribute('href')).toBe('/en');
		expect(await page.locator('.quick-exit a').count()).toBe(1);
		await expectAccessible(page);

		const deep = await page.goto('/en/no/such/page');
		expect(deep?.status()).toBe(404);
		expect(await page.locator('h1').innerText()).toBe('Page not found');
		expect(await page.locator('.quick-exit a').count()).toBe(1);
		await expectAccessible(page);

		const nb = await page.goto('/nb/finnes-ikke');
		expect(nb?.status()).toBe(404);
		expect(await page.locator('h1').innerText()).toBe('Siden finnes ikke');
		await page.context().close();
	});

	it('takes screenshots of the main public pages for the README', async () => {
		mkdirSync(screenshots, { recursive: true });
		const page = await open();
		await page.setViewportSize({ width: 1280, height: 800 });
		const shots: [string, string][] = [
			['/', 'public-home.png'],
			[`/${swedish.slug}`, 'public-network.png'],
			[`/${swedish.slug}/contact`, 'public-contact.png'],
			[`/${swedish.slug}/accessibility`, 'public-accessibility.png'],
			[`/en/${norwegian.slug}/privacy`, 'public-privacy-en.png']
		];
		for (const [address, file] of shots) {
			await visit(page, address);
			await page.evaluate(() => document.fonts.ready);
			await page.screenshot({ path: path.join(screenshots, file) });
		}
		await page.context().close();
	});
});
