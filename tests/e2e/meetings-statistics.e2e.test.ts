/**
 * The team meetings' attendance statistics in Chromium, with axe and the Nu HTML Checker on every
 * page: a coordinator picks last year's spring term without JavaScript, reads each member's rate,
 * who took part regularly and the municipality never represented, changes the "took part
 * regularly" threshold (without JavaScript, a refused value kept as typed, then with JavaScript),
 * downloads the CSV (audited) and opens the print view; a member is refused.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNetworkMunicipalities } from '#lib/server/directory/municipalities-repository.ts';
import { ensureDefaultTypes, listTypes } from '#lib/server/directory/organisations-repository.ts';
import type { AttendanceStatus } from '#lib/server/meetings/model.ts';
import { findUserByEmail } from '#lib/server/platform/auth/user-repository.ts';
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

/** Last year: its spring term is always among the terms the period picker offers. */
const YEAR = new Date().getUTCFullYear() - 1;
const TERM = `term-${YEAR}-spring`;

describe('meetings: attendance statistics', () => {
	let app: RunningApp;
	let browser: Browser;
	let slug: string;
	let coordinator: { email: string; password: string; totpSecret?: string };
	let member: { email: string; password: string; totpSecret?: string };

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const seeded = await seedNetworkWithAdmin(app);
		slug = seeded.network.slug;
		const networkId = seeded.network.id;
		coordinator = await seedMember(app, slug, { role: 'coordinator', name: 'Sara Samordnare' });
		member = await seedMember(app, slug, { role: 'member', name: 'Anna Andersson' });
		const second = await seedMember(app, slug, { role: 'member', name: 'Bo Berg' });
		await insertNetworkMunicipalities(
			app.db,
			networkId,
			['SE-2580', 'SE-2581', 'SE-2582'],
			{ participating: true, joinedOn: null },
			new Date()
		);
		await ensureDefaultTypes(app.db, networkId);
		const types = new Map((await listTypes(app.db, networkId)).map((t) => [t.key, t.id]));
		const membershipOf = async (email: string) => {
			const user = (await findUserByEmail(app.db, email))!;
			const row = await app.db
				.selectFrom('membership')
				.select('id')
				.where('network_id', '=', networkId)
				.where('user_id', '=', user.id)
				.executeTakeFirstOrThrow();
			return row.id;
		};
		const anna = await membershipOf(member.email);
		const bo = await membershipOf(second.email);

		// Last spring's four meetings, bulk-written as the attendance page would have left them.
		const stamp = new Date().toISOString();
		const seriesId = crypto.randomUUID();
		await app.db
			.insertInto('meeting_series')
			.values({
				id: seriesId,
				network_id: networkId,
				title: 'Kompetensteamets möte',
				recurrence: 'dates',
				dates: `${YEAR}-02-02,${YEAR}-03-02,${YEAR}-04-06,${YEAR}-05-04`,
				first_day: `${YEAR}-02-02`,
				last_day: `${YEAR}-05-04`,
				start_time: '09:00',
				end_time: '11:00',
				audience: 'people',
				version: 1,
				created_at: stamp,
				updated_at: stamp
			})
			.execute();
		const marks: [string, AttendanceStatus, AttendanceStatus][] = [
			['02-02', 'present', 'present'],
			['03-02', 'present', 'present'],
			['04-06', 'present', 'excused'],
			['05-04', 'present', 'absent']
		];
		for (const [day, annaMark, boMark] of marks) {
			const id = crypto.randomUUID();
			const start = new Date(`${YEAR}-${day}T08:00:00Z`);
			await app.db
				.insertInto('meeting')
				.values({
					id,
					network_id: networkId,
					series_id: seriesId,
					series_day: `${YEAR}-${day}`,
					title: 'Kompetensteamets möte',
					start_at: start.toISOString(),
					end_at: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
					status: 'scheduled',
					edited: 0,
					sequence: 0,
					created_at: stamp,
					updated_at: stamp
				})
				.execute();
			await app.db
				.insertInto('meeting_attendance')
				.values([
					{
						network_id: networkId,
						meeting_id: id,
						membership_id: anna,
						status: annaMark,
						self_announced: 0,
						marked_at: stamp,
						municipality_id: 'SE-2580',
						organisation_type_id: types.get('social_services') ?? null
					},
					{
						network_id: networkId,
						meeting_id: id,
						membership_id: bo,
						status: boMark,
						self_announced: 0,
						marked_at: stamp,
						municipality_id: 'SE-2581',
						organisation_type_id: types.get('school') ?? null
					}
				])
				.execute();
		}
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('picks a term and changes the threshold without JavaScript, keeping a refused value', async () => {
		const signedIn = await newPage(browser, app);
		await signIn(signedIn, app, coordinator);
		const page = await newPage(browser, app, {
			javaScriptEnabled: false,
			storageState: await signedIn.context().storageState()
		});
		await signedIn.context().close();
		await visit(page, `/app/${slug}/meetings/statistics`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Närvarostatistik för teammöten');

		await page.locator('#field-period').selectOption(TERM);
		await submit(page, page.getByRole('button', { name: 'Visa' }).first());
		expect(new URL(page.url()).searchParams.get('period')).toBe(TERM);
		await expect(page.getByRole('heading', { level: 2, name: `Visar: Vårterminen ${YEAR}` }).count()).resolves.toBe(1);

		const members = await page.locator('#members-table tbody tr').allInnerTexts();
		expect(members).toHaveLength(2);
		expect(members[0]).toMatch(/Anna Andersson\s+4\s+4\s+0\s+0\s+0\s+100\s%\s+Ja/);
		expect(members[1]).toMatch(/Bo Berg\s+4\s+2\s+1\s+1\s+0\s+50\s%\s+Nej/);
		await expect(page.locator('#meetings-table tbody tr').count()).resolves.toBe(4);
		await expect(page.locator('#meetings-table tfoot').textContent()).resolves.toMatch(
			/Totalt\s*8\s*6\s*1\s*1\s*0\s*0\s*75\s%/
		);
		const summary = (await page.locator('.summary').textContent()) ?? '';
		expect(summary).toContain('1 av 2 medlemmar');
		expect(summary).toContain('2 av 3 deltagande kommuner');
		expect(summary).toContain('Aldrig representerade: Boden');

		// A refused share keeps what was typed and says why.
		await page.locator('#field-regularPercent').fill('0');
		await submit(page, page.getByRole('button', { name: 'Spara gränsen' }));
		await expect(page.locator('#field-regularPercent').inputValue()).resolves.toBe('0');
		await expect(page.locator('#field-regularPercent-error').textContent()).resolves.toContain('mellan 1 och 100');

		await page.locator('#field-regularPercent').fill('50');
		await submit(page, page.getByRole('button', { name: 'Spara gränsen' }));
		await expect(page.getByRole('status').textContent()).resolves.toContain('Gränsen är nu 50 %');
		// Still the same term, now with both members regular.
		await expect(page.getByRole('heading', { level: 2, name: `Visar: Vårterminen ${YEAR}` }).count()).resolves.toBe(1);
		await expect(page.locator('.summary').textContent()).resolves.toContain('2 av 2 medlemmar');
		await page.context().close();
	}, 120_000);

	it('changes the threshold with JavaScript, downloads the CSV audited and opens the print view', async () => {
		const page = await newPage(browser, app);
		await signIn(page, app, coordinator);
		await visit(page, `/app/${slug}/meetings/statistics?period=${TERM}`);
		await page.locator('#field-regularPercent').fill('60');
		await page.getByRole('button', { name: 'Spara gränsen' }).click();
		await page.getByRole('status').filter({ hasText: 'Gränsen är nu 60 %' }).waitFor();
		await expect(page.locator('.summary').textContent()).resolves.toContain('1 av 2 medlemmar');
		await expectAccessible(page);

		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: 'Ladda ner CSV (med medlemmarnas namn)' }).click()
		]);
		const text = readFileSync((await download.path())!, 'utf8');
		expect(text.startsWith('\uFEFF')).toBe(true);
		const csv = parse(text, {
			bom: true,
			delimiter: ';',
			record_delimiter: '\r\n',
			relax_column_count: true
		}) as string[][];
		expect(csv[0].slice(0, 3)).toEqual(['Avsnitt', 'Värde', 'Datum']);
		expect(csv.find((r) => r[1] === 'Hållna möten')?.[2]).toBe('4');
		expect(csv.find((r) => r[1] === 'Bo Berg')?.slice(3, 9)).toEqual(['4', '2', '1', '1', '0', '50,0']);
		expect(csv.filter((r) => r[0] === 'Deltagande kommuner som aldrig var representerade').map((r) => r[1])).toEqual([
			'Boden'
		]);
		const audit = await app.db
			.selectFrom('audit_event')
			.select(['entity_id'])
			.where('action', '=', 'export')
			.where('entity_type', '=', 'meeting_statistics')
			.execute();
		expect(audit).toEqual([{ entity_id: `csv:${YEAR}-01-01..${YEAR}-06-30` }]);

		await submit(page, page.getByRole('link', { name: 'Utskriftsversion' }));
		expect(new URL(page.url()).pathname).toBe(`/app/${slug}/meetings/statistics/print`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Närvaro vid teammöten');
		await expect(page.locator('#members-table tbody tr').count()).resolves.toBe(2);

		// In English too.
		await visit(page, `/en/app/${slug}/meetings/statistics?period=${TERM}`);
		await expect(page.locator('.summary').textContent()).resolves.toContain('Never represented: Boden');
		await page.context().close();
	}, 120_000);

	it('refuses a member', async () => {
		const page = await newPage(browser, app);
		await signIn(page, app, member);
		const response = await page.goto(`/app/${slug}/meetings/statistics`);
		expect(response?.status()).toBe(403);
		const csv = await page.request.get(`/app/${slug}/meetings/statistics/export.csv`);
		expect(csv.status()).toBe(403);
		await page.context().close();
	}, 120_000);
});
