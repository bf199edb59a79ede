/**
 * The demo's team meetings as Kompetensteamet Norrbotten's coordinator and a member see them, in
 * Chromium with axe and the Nu HTML Checker on every page — and the README's screenshots of them
 * (docs/screenshots/, 1280×800, attendance at 390×844): the calendar, a meeting held with its
 * consultations discussed, the attendance sheet on a phone, the approved minutes as a member reads
 * them, and the attendance statistics of a half-year.
 *
 * Refresh the pictures alone with `npm run test:e2e -- demo-meetings`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	expectAccessible,
	launchBrowser,
	newPage,
	seedDemoInto,
	signIn,
	startApp,
	visit,
	type RunningApp
} from './harness.ts';

const screenshots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
const VIEWPORT = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function shoot(page: Page, file: string, showing?: Locator): Promise<void> {
	await page.evaluate(() => document.fonts.ready);
	await showing?.evaluate((element) => window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - 24));
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await page.mouse.move(0, 0);
	await page.screenshot({ path: path.join(screenshots, file) });
}

describe('the demo team meetings', () => {
	let app: RunningApp;
	let browser: Browser;
	let coordinator: { email: string; password: string; totpSecret?: string };
	let member: { email: string; password: string; totpSecret?: string };
	let held: { id: string; approved: boolean; discussed: number }[];
	const pages: Page[] = [];

	async function open(viewport = VIEWPORT): Promise<Page> {
		const page = await newPage(browser, app);
		await page.setViewportSize(viewport);
		pages.push(page);
		return page;
	}

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const now = new Date();
		const signIns = await seedDemoInto(app, now);
		const person = (role: string) => {
			const found = signIns.find((s) => s.network === 'norrbotten' && s.role === role);
			if (!found) throw new Error(`the demo has no ${role} in norrbotten`);
			return { email: found.email, password: found.password, totpSecret: found.totpSecret ?? undefined };
		};
		coordinator = person('coordinator');
		member = person('member');
		const rows = await app.db
			.selectFrom('meeting as m')
			.innerJoin('network as n', 'n.id', 'm.network_id')
			.leftJoin('meeting_consultation as mc', 'mc.meeting_id', 'm.id')
			.select(['m.id', 'm.start_at', 'm.minutes_approved_revision'])
			.select((eb) => eb.fn.count<number>('mc.consultation_id').as('discussed'))
			.where('n.slug', '=', 'norrbotten')
			.where('m.status', '=', 'scheduled')
			.groupBy(['m.id', 'm.start_at', 'm.minutes_approved_revision'])
			.execute();
		held = rows
			.filter((row) => new Date(row.start_at) < now)
			.sort((a, b) => String(b.start_at).localeCompare(String(a.start_at)))
			.map((row) => ({
				id: row.id,
				approved: row.minutes_approved_revision !== null,
				discussed: Number(row.discussed)
			}));
	}, 240_000);
	afterAll(async () => {
		for (const page of pages) await page.context().close();
		await browser?.close();
		await app?.stop();
	});

	it('shows the coordinator the calendar, a meeting held with its consultations, and attendance on a phone', async () => {
		const page = await open();
		await signIn(page, app, coordinator);
		await visit(page, '/app/norrbotten/meetings');
		await expect(page.getByRole('heading', { level: 1 }).count()).resolves.toBe(1);
		await shoot(page, 'app-meetings-calendar.png');

		const meeting = held.find((m) => m.approved && m.discussed > 0);
		expect(meeting, 'a held meeting with approved minutes and consultations discussed').toBeDefined();
		await visit(page, `/app/norrbotten/meetings/${meeting!.id}`);
		await shoot(page, 'app-meeting.png');
		await visit(page, `/app/norrbotten/meetings/${meeting!.id}/consultations`);
		await expect(page.locator('ul.discussed > li').count()).resolves.toBe(meeting!.discussed);

		const phone = await open(PHONE);
		await signIn(phone, app, coordinator);
		await visit(phone, `/app/norrbotten/meetings/${held[0].id}/attendance`);
		await expect(phone.getByRole('radio').count()).resolves.toBeGreaterThan(3);
		await shoot(phone, 'app-meetings-attendance-phone.png');
	});

	it('shows the attendance statistics of a half-year', async () => {
		const page = await open();
		await signIn(page, app, coordinator);
		await visit(page, '/app/norrbotten/meetings/statistics');
		await expectAccessible(page);
		await expect(page.getByRole('table').count()).resolves.toBeGreaterThan(0);
		await shoot(page, 'app-meetings-statistics.png');
	});

	it('lets an invited member read the approved minutes', async () => {
		const meeting = held.find((m) => m.approved)!;
		const page = await open();
		await signIn(page, app, member);
		await visit(page, `/app/norrbotten/meetings/${meeting.id}/minutes`);
		await expect(page.getByText('Aktuella frågor').count()).resolves.toBeGreaterThan(0);
		await shoot(page, 'app-meetings-minutes.png');
	});
});
