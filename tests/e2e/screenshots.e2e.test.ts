/**
 * Screenshots of the signed-in app for the README's tour (docs/screenshots/, 1280×800): first-run
 * setup on a fresh installation, the login page, two-factor enrolment forced on an admin, and —
 * signed in as the network's admin — the overview, members, audit log and public texts of a network
 * with a handful of people in all four roles. The events in the audit log are made through the real
 * forms. axe runs on every page, as everywhere else.
 *
 * Run it alone to refresh the pictures: `npm run test:e2e -- screenshots`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
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

const screenshots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
const VIEWPORT = { width: 1280, height: 800 };
const SLUG = 'kompetensteamet';
/** The network's admin, who also set up the installation. */
const KARIN = { name: 'Karin Lindqvist', email: 'karin.lindqvist@example.se' };

/** Saves what the window shows; `showing` scrolls down just far enough for the whole of it to be seen. */
async function shoot(page: Page, file: string, showing?: Locator): Promise<void> {
	await page.evaluate(() => document.fonts.ready);
	await showing?.evaluate((element) =>
		window.scrollBy(0, Math.max(0, element.getBoundingClientRect().bottom + 32 - window.innerHeight))
	);
	// No blinking caret or focus ring from the last click in the picture.
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await page.screenshot({ path: path.join(screenshots, file) });
}

/** Clicks a submit button, waits for the page the form leads to and checks it with axe. */
async function submit(page: Page, button: Locator): Promise<void> {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
	await expectAccessible(page);
}

describe('screenshots for the README', () => {
	let app: RunningApp;
	let browser: Browser;
	const pages: Page[] = [];

	async function open(): Promise<Page> {
		const page = await newPage(browser, app);
		await page.setViewportSize(VIEWPORT);
		pages.push(page);
		return page;
	}

	beforeAll(async () => {
		mkdirSync(screenshots, { recursive: true });
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
	});
	afterAll(async () => {
		for (const page of pages) await page.context().close();
		await browser?.close();
		await app?.stop();
	});

	it('shows first-run setup, the login page and two-factor enrolment', async () => {
		// Nobody has an account yet: every address leads to the setup form.
		const fresh = await open();
		await visit(fresh, '/');
		expect(new URL(fresh.url()).pathname).toBe('/setup');
		await shoot(fresh, 'setup.png');

		await seedNetworkWithAdmin(app, {
			slug: SLUG,
			name: 'Kompetensteamet mot våld i Norrbotten',
			adminName: KARIN.name,
			adminEmail: KARIN.email
		});

		const visitor = await open();
		await visit(visitor, '/login');
		await shoot(visitor, 'login.png');

		const admin = await seedMember(app, SLUG, {
			role: 'admin',
			name: 'Johan Berg',
			email: 'johan.berg@example.se',
			withTwoFactor: false
		});
		await visitor.locator('input[name="email"]').fill(admin.email);
		await visitor.locator('input[name="password"]').fill(admin.password);
		await submit(visitor, visitor.getByRole('button', { name: 'Logga in', exact: true }));
		expect(new URL(visitor.url()).pathname).toBe('/account/two-factor');
		await visitor.locator('input[name="password"]').fill(admin.password);
		await submit(visitor, visitor.getByRole('button', { name: 'Fortsätt', exact: true }));
		await expect(visitor.getByRole('img', { name: /QR-kod/ }).count()).resolves.toBe(1);
		await shoot(visitor, 'two-factor-enrolment.png');
	});

	it('shows a network’s overview, members, audit log and public texts to its admin', async () => {
		const people: [Parameters<typeof seedMember>[2]['role'], string, string][] = [
			['coordinator', 'Maria Nyström', 'maria.nystrom@example.se'],
			['coordinator', 'Ahmed Hassan', 'ahmed.hassan@example.se'],
			['communicator', 'Elin Åberg', 'elin.aberg@example.se'],
			['member', 'Lars Sandberg', 'lars.sandberg@example.se'],
			['member', 'Sara Lundgren', 'sara.lundgren@example.se'],
			['member', 'Ingrid Holm', 'ingrid.holm@example.se']
		];
		for (const [role, name, email] of people) await seedMember(app, SLUG, { role, name, email });
		// A second network, so the network switcher has something to show.
		const second = await seedNetworkWithAdmin(app, {
			slug: 'samverkan-lulea',
			name: 'Samverkan mot våld i Luleå',
			adminName: 'Per Eriksson',
			adminEmail: 'per.eriksson@example.se'
		});
		// Karin was seeded in the first test: the harness gives back her credentials.
		const karin = await seedMember(app, second.network.slug, { role: 'coordinator', email: KARIN.email });

		const page = await open();
		await signIn(page, app, karin);
		expect(new URL(page.url()).pathname).toMatch(/^\/app(\/|$)/);

		// Real events for the audit log: an invitation, a role change and new public texts.
		const members = `/app/${SLUG}/members`;
		await visit(page, members);
		await page.locator('#field-email').fill('anders.nilsson@example.se');
		await page.locator('#field-role').selectOption('member');
		await submit(page, page.getByRole('button', { name: 'Skicka inbjudan' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('Inbjudan är skickad.');
		const sara = page.locator('tr', { hasText: 'sara.lundgren@example.se' });
		await sara.locator('select[name="role"]').selectOption('communicator');
		await submit(page, sara.getByRole('button', { name: /Spara roll/ }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('Rollen är ändrad.');

		const publicPages = `/app/${SLUG}/settings/public-pages`;
		await visit(page, publicPages);
		await page
			.locator('#field-description')
			.fill(
				'Kompetensteamet är ett samarbete mellan kommunerna, regionen, polisen och ideella organisationer i ' +
					'Norrbotten. Vi delar kunskap om våld i nära relationer och hedersrelaterat våld och stöttar ' +
					'varandra i svåra ärenden.'
			);
		await submit(page, page.getByRole('button', { name: /Spara texterna/ }));

		await visit(page, `/app/${SLUG}`);
		await shoot(page, 'app-overview.png');
		await visit(page, members);
		await shoot(page, 'app-members.png');
		await visit(page, `/app/${SLUG}/audit`);
		// The filter fills the first screen: the picture shows the events under it.
		await shoot(page, 'app-audit.png', page.locator('section.events'));
		await visit(page, publicPages);
		await shoot(page, 'app-settings-public-pages.png');
	});
});
