/**
 * The events' statistics per period in Chromium, with axe on every page: a communicator opens them
 * from the events' tabs, picks last year's spring term, sees its events (the cancelled one apart),
 * the totals and the municipalities not reached, follows an event to its own statistics, downloads
 * the CSV (audited), and picks a custom range without JavaScript.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNetworkMunicipalities } from '#lib/server/directory/municipalities-repository.ts';
import { ensureDefaultTypes } from '#lib/server/directory/organisations-repository.ts';
import { cancelEvent } from '#lib/server/events/staff/events-service.ts';
import { setAttendance } from '#lib/server/events/staff/check-in-service.ts';
import { addRegistration, staffRegistrationSchema } from '#lib/server/events/staff/registrations-service.ts';
import { findOpenNetworkBySlug } from '#lib/server/networks/repository.ts';
import { findUserByEmail } from '#lib/server/platform/auth/user-repository.ts';
import type { ServiceContext } from '#lib/server/platform/context.ts';
import { newEvent, serviceContext } from '../fixtures/factories.ts';
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

const unwrap = <T>(result: { ok: true; value: T } | { ok: false; error: string }): T => {
	if (!result.ok) throw new Error(result.error);
	return result.value;
};

/** Last year: its spring term is always among the terms the period picker offers. */
const YEAR = new Date().getUTCFullYear() - 1;

describe('events: statistics per period', () => {
	let app: RunningApp;
	let browser: Browser;
	let slug: string;
	let communicator: { email: string; password: string; totpSecret?: string };
	let firstId: string;

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const seeded = await seedNetworkWithAdmin(app);
		slug = seeded.network.slug;
		communicator = await seedMember(app, slug, { role: 'communicator', name: 'Klara Kommunikatör' });
		await insertNetworkMunicipalities(
			app.db,
			seeded.network.id,
			['SE-2580', 'SE-2581', 'SE-2582'],
			{ participating: true, joinedOn: null },
			new Date()
		);
		await ensureDefaultTypes(app.db, seeded.network.id);

		// Last spring: two trainings held, one cancelled; one in the autumn, outside the term.
		const network = (await findOpenNetworkBySlug(app.db, slug))!;
		const user = (await findUserByEmail(app.db, communicator.email))!;
		const ctx: ServiceContext = serviceContext(app.db, {
			network,
			role: 'communicator',
			origin: app.baseURL,
			user: {
				userId: user.id,
				email: user.email,
				name: 'Klara Kommunikatör',
				isInstanceAdmin: false,
				twoFactorEnabled: false,
				sessionId: null,
				locale: null
			}
		});
		const first = await newEvent(app.db, network, {
			title: 'Grundutbildning om hedersrelaterat våld',
			startAt: new Date(`${YEAR}-03-10T08:00:00Z`)
		});
		firstId = first.id;
		const second = await newEvent(app.db, network, {
			title: 'Fördjupning för skolan',
			format: 'on_site',
			startAt: new Date(`${YEAR}-05-05T07:00:00Z`)
		});
		const cancelled = await newEvent(app.db, network, {
			title: 'Den inställda träffen',
			type: 'network_meeting',
			startAt: new Date(`${YEAR}-04-14T07:00:00Z`)
		});
		const autumn = await newEvent(app.db, network, {
			title: 'Höstens konferens',
			type: 'conference',
			startAt: new Date(`${YEAR}-09-20T07:00:00Z`)
		});
		let n = 0;
		const register = async (eventId: string, municipalityId: string, attendance?: 'attended' | 'no_show') => {
			n += 1;
			const input = staffRegistrationSchema.parse({
				name: `Deltagare ${n}`,
				email: `deltagare.${n}@example.se`,
				organisation: 'Socialtjänsten',
				municipalityId,
				consent: 'on'
			});
			const added = unwrap(await addRegistration(ctx, eventId, input));
			if (attendance) unwrap(await setAttendance(ctx, eventId, added.id, attendance));
		};
		await register(first.id, 'SE-2580', 'attended');
		await register(first.id, 'SE-2580', 'attended');
		await register(first.id, 'SE-2581', 'attended');
		await register(first.id, 'SE-2581', 'no_show');
		await register(second.id, 'SE-2580', 'attended');
		await register(cancelled.id, 'SE-2582');
		await register(autumn.id, 'SE-2582', 'attended');
		unwrap(await cancelEvent(ctx, cancelled.id));
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('shows a term’s events, totals and reach, links each event, and exports the CSV audited', async () => {
		const page = await newPage(browser, app);
		await signIn(page, app, communicator);
		await visit(page, `/app/${slug}/events`);
		await submit(
			page,
			page.getByRole('navigation', { name: 'Evenemang', exact: true }).getByRole('link', { name: 'Statistik' })
		);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
			'Statistik för utbildningar och evenemang'
		);

		await page.locator('#field-period').selectOption(`term-${YEAR}-spring`);
		await submit(page, page.getByRole('button', { name: 'Visa' }).first());
		expect(new URL(page.url()).searchParams.get('period')).toBe(`term-${YEAR}-spring`);
		await expect(page.getByRole('heading', { level: 2, name: `Visar: Vårterminen ${YEAR}` }).count()).resolves.toBe(1);

		const rows = page.locator('#events-table tbody tr');
		await expect(rows.allInnerTexts()).resolves.toHaveLength(2);
		await expect(rows.nth(0).textContent()).resolves.toContain('Grundutbildning om hedersrelaterat våld');
		await expect(rows.nth(0).textContent()).resolves.toMatch(/75\s%/);
		await expect(rows.nth(1).textContent()).resolves.toContain('Fördjupning för skolan');
		await expect(page.locator('#events-table tfoot').textContent()).resolves.toMatch(/Totalt\s*5\s*4\s*80\s%/);
		await expect(page.locator('#cancelled-table tbody tr').allInnerTexts()).resolves.toEqual([
			expect.stringContaining('Den inställda träffen')
		]);
		await expect(page.locator('main').textContent()).resolves.not.toContain('Höstens konferens');
		const summary = (await page.locator('.summary').textContent()) ?? '';
		expect(summary).toContain('2 av 3 deltagande kommuner');
		// Boden's only registration was for the cancelled event.
		expect(summary).toContain('Ingen anmäld från: Boden');
		expect(summary).toContain('Kom inte: 1');

		// The CSV of the period, and its audit row.
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: 'Ladda ner periodens siffror som CSV (Excel)' }).click()
		]);
		const text = readFileSync((await download.path())!, 'utf8');
		expect(text.startsWith('\uFEFF')).toBe(true);
		const csv = parse(text, {
			bom: true,
			delimiter: ';',
			record_delimiter: '\r\n',
			relax_column_count: true
		}) as string[][];
		expect(csv[0].slice(0, 3)).toEqual(['Avsnitt', 'Värde', 'Antal']);
		expect(csv.find((r) => r[1] === 'Anmälningar')?.[2]).toBe('5');
		expect(csv.filter((r) => r[0] === 'Publicerade evenemang').map((r) => r[1])).toEqual([
			'Grundutbildning om hedersrelaterat våld',
			'Fördjupning för skolan'
		]);
		const audit = await app.db
			.selectFrom('audit_event')
			.select(['entity_id'])
			.where('action', '=', 'export')
			.where('entity_type', '=', 'event_statistics')
			.execute();
		expect(audit).toEqual([{ entity_id: `csv:${YEAR}-01-01..${YEAR}-06-30` }]);

		// Each event leads to its own statistics.
		await submit(page, page.getByRole('link', { name: 'Grundutbildning om hedersrelaterat våld' }));
		expect(new URL(page.url()).pathname).toBe(`/app/${slug}/events/${firstId}/statistics`);

		// In English too.
		await visit(page, `/en/app/${slug}/events/statistics?period=term-${YEAR}-spring`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
			'Statistics of trainings and events'
		);
		await expect(page.locator('.summary').textContent()).resolves.toContain('Nobody registered from: Boden');
		await page.context().close();
	}, 120_000);

	it('takes a custom range from a plain GET form without JavaScript', async () => {
		const signedIn = await newPage(browser, app);
		await signIn(signedIn, app, communicator);
		const page = await newPage(browser, app, {
			javaScriptEnabled: false,
			storageState: await signedIn.context().storageState()
		});
		await signedIn.context().close();
		await visit(page, `/app/${slug}/events/statistics`);
		await page.locator('#field-from').fill(`${YEAR}-05-01`);
		await page.locator('#field-to').fill(`${YEAR}-09-30`);
		await submit(page, page.getByRole('button', { name: 'Visa' }).nth(1));
		const url = new URL(page.url());
		expect([url.searchParams.get('from'), url.searchParams.get('to')]).toEqual([`${YEAR}-05-01`, `${YEAR}-09-30`]);
		const rows = await page.locator('#events-table tbody tr').allInnerTexts();
		expect(rows.map((r) => r.includes('Fördjupning för skolan') || r.includes('Höstens konferens'))).toEqual([
			true,
			true
		]);
		await expect(page.locator('#field-from').inputValue()).resolves.toBe(`${YEAR}-05-01`);
		await expect(page.locator('#cancelled-table').count()).resolves.toBe(0);
		await page.context().close();
	}, 120_000);
});
