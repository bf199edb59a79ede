/**
 * Theme weeks in Chromium, with axe on every page: a communicator creates a week without
 * JavaScript (bad input first, kept as typed), links an event to it from the event form, and the
 * public list shows the week as a group with its activity, the week has its own page, and the
 * event's page names and links its week. A week with events cannot be deleted; an empty one can.
 * Another network's week is not found.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertThemeWeek } from '#lib/server/events/theme-weeks-repository.ts';
import { findOpenNetworkBySlug } from '#lib/server/networks/repository.ts';
import { newEvent } from '../fixtures/factories.ts';
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

async function submit(page: Page, button: Locator): Promise<void> {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
	await expectAccessible(page);
}

const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** A day some days ahead, as a date input takes it. */
function dayIn(days: number): string {
	return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('events: theme weeks', () => {
	let app: RunningApp;
	let browser: Browser;
	let slug: string;
	let otherSlug: string;
	let page: Page;

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		slug = (await seedNetworkWithAdmin(app)).network.slug;
		otherSlug = (await seedNetworkWithAdmin(app)).network.slug;
		const communicator = await seedMember(app, slug, { role: 'communicator', name: 'Klara Kommunikatör' });
		const signedIn = await newPage(browser, app);
		await signIn(signedIn, app, communicator);
		page = await newPage(browser, app, {
			javaScriptEnabled: false,
			storageState: await signedIn.context().storageState()
		});
		await signedIn.context().close();
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('creates a week without JavaScript, links an event, and shows it publicly', async () => {
		const network = (await findOpenNetworkBySlug(app.db, slug))!;
		const first = dayIn(20);
		const last = dayIn(24);
		const event = await newEvent(app.db, network, {
			title: 'Öppningsföreläsning om våld i nära relationer',
			type: 'theme_week_activity',
			startAt: new Date(`${first}T08:00:00Z`)
		});

		await visit(page, `/app/${slug}/events`);
		await submit(page, page.getByRole('navigation', { name: 'Evenemang' }).getByRole('link', { name: 'Temaveckor' }));
		await expect(text(page.locator('h1'))).resolves.toBe('Temaveckor');
		await expect(text(page.locator('main'))).resolves.toContain('Det finns inga temaveckor än.');

		// Bad input first: no name, the last day before the first. What was typed stays.
		await submit(page, page.getByRole('link', { name: 'Ny temavecka' }));
		await page.locator('#field-description').fill('Föreläsningar och samtal runt om i länet.');
		await page.locator('#field-startsOn').fill(last);
		await page.locator('#field-endsOn').fill(first);
		await submit(page, page.getByRole('button', { name: 'Skapa temavecka' }));
		const summary = await text(page.locator('.ds-error-summary'));
		expect(summary).toContain('Namn – Ge temaveckan ett namn.');
		expect(summary).toContain('Sista dagen – Sista dagen kan inte vara före första dagen.');
		await expect(page.locator('#field-description').inputValue()).resolves.toBe(
			'Föreläsningar och samtal runt om i länet.'
		);
		await expect(page.locator('#field-startsOn').inputValue()).resolves.toBe(last);

		await page.locator('#field-name').fill('En vecka fri från våld');
		await page.locator('#field-startsOn').fill(first);
		await page.locator('#field-endsOn').fill(last);
		await submit(page, page.getByRole('button', { name: 'Skapa temavecka' }));
		await expect(text(page.getByRole('status'))).resolves.toBe('Temaveckan är skapad.');
		const row = page.locator('tbody tr', { hasText: 'En vecka fri från våld' });
		await expect(text(row.locator('td').nth(1))).resolves.toBe('0');

		// Edit: the form shows what is stored; a rename is saved.
		await submit(page, row.getByRole('link', { name: 'En vecka fri från våld' }));
		await expect(page.locator('#field-endsOn').inputValue()).resolves.toBe(last);
		await page.locator('#field-name').fill('');
		await submit(page, page.getByRole('button', { name: 'Spara ändringarna' }));
		await expect(text(page.locator('.ds-error-summary'))).resolves.toContain('Ge temaveckan ett namn.');
		await page.locator('#field-name').fill('En vecka fri från våld!');
		await submit(page, page.getByRole('button', { name: 'Spara ändringarna' }));
		await expect(text(page.getByRole('status'))).resolves.toBe('Ändringarna är sparade.');

		// The event joins the week through its own form.
		await visit(page, `/app/${slug}/events/${event.id}/edit`);
		await page.locator('#field-themeWeekId').selectOption({ label: 'En vecka fri från våld!' });
		await submit(page, page.getByRole('button', { name: 'Spara ändringarna' }));
		await visit(page, `/app/${slug}/events/weeks`);
		const linked = page.locator('tbody tr', { hasText: 'En vecka fri från våld!' });
		await expect(text(linked.locator('td').nth(1))).resolves.toBe('1');
		await expect(text(linked)).resolves.toContain('kan därför inte tas bort');
		await expect(linked.getByRole('button', { name: /Ta bort/ }).count()).resolves.toBe(0);

		// The public list: the week as a group, with its dates, description and activity.
		const visitor = await newPage(browser, app);
		await visit(visitor, `/${slug}/events`);
		const weeks = visitor.locator('section[aria-labelledby="theme-weeks-heading"]');
		await expect(text(weeks.locator('h2'))).resolves.toBe('Temaveckor');
		const group = weeks.locator('article', { hasText: 'En vecka fri från våld!' });
		await expect(text(group)).resolves.toContain('Föreläsningar och samtal runt om i länet.');
		await expect(text(group.locator('h4'))).resolves.toBe('Öppningsföreläsning om våld i nära relationer');
		// The event stays in the upcoming list too.
		await expect(
			visitor.locator('section[aria-labelledby="upcoming-heading"] h3').allTextContents()
		).resolves.toContain('Öppningsföreläsning om våld i nära relationer');

		// The week's page.
		await submit(visitor, group.getByRole('link', { name: 'En vecka fri från våld!' }));
		expect(new URL(visitor.url()).pathname).toMatch(new RegExp(`^/${slug}/events/weeks/[0-9a-f-]{36}$`));
		const weekPath = new URL(visitor.url()).pathname;
		await expect(text(visitor.locator('h1'))).resolves.toBe('En vecka fri från våld!');
		await expect(text(visitor.locator('main'))).resolves.toContain('Föreläsningar och samtal runt om i länet.');
		await submit(visitor, visitor.getByRole('link', { name: 'Öppningsföreläsning om våld i nära relationer' }));

		// The event's page names its week, with a link back to it.
		await expect(text(visitor.locator('dl'))).resolves.toContain('Ingår i temaveckan');
		await submit(visitor, visitor.locator('dl').getByRole('link', { name: 'En vecka fri från våld!' }));
		expect(new URL(visitor.url()).pathname).toBe(weekPath);

		// In English too.
		await visit(visitor, `/en${weekPath}`);
		await expect(text(visitor.locator('main'))).resolves.toContain('Activities during the week');

		// Another network does not know the week.
		const response = await visitor.goto(weekPath.replace(`/${slug}/`, `/${otherSlug}/`));
		expect(response?.status()).toBe(404);
		await expectAccessible(visitor);
		await visitor.context().close();
	});

	it('deletes a week without events, without JavaScript', async () => {
		const network = (await findOpenNetworkBySlug(app.db, slug))!;
		await insertThemeWeek(
			app.db,
			network.id,
			crypto.randomUUID(),
			{ name: 'Inställd vecka', description: null, startsOn: dayIn(40), endsOn: dayIn(44) },
			new Date()
		);
		await visit(page, `/app/${slug}/events/weeks`);
		await submit(page, page.getByRole('button', { name: 'Ta bort – Inställd vecka' }));
		await expect(text(page.getByRole('status'))).resolves.toBe('Temaveckan är borttagen.');
		await expect(page.locator('tbody tr', { hasText: 'Inställd vecka' }).count()).resolves.toBe(0);
		await expect(page.locator('tbody tr', { hasText: 'En vecka fri från våld!' }).count()).resolves.toBe(1);
	});
});
