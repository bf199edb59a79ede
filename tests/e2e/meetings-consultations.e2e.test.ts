/**
 * Consultations discussed at a team meeting, in Chromium with axe and the Nu HTML Checker on every
 * page: a coordinator links a consultation by its reference number without JavaScript (a wrong
 * number keeps what was typed and says why), sees the question beside it and the consultation's log
 * entry; an invited member sees the reference and topics only; a communicator does not get the page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMeetingsOfSeries } from '#lib/server/meetings/meetings-repository.ts';
import { loadKeyring } from '#lib/server/platform/data-keys.ts';
import { findOpenNetworkBySlug } from '#lib/server/networks/repository.ts';
import { findUserByEmail } from '#lib/server/platform/auth/user-repository.ts';
import { newConsultation, serviceContext } from '../fixtures/factories.ts';
import { newSeries } from '../fixtures/meetings.ts';
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

const QUESTION = 'Förskolan undrar hur vi pratar med en vårdnadshavare om en planerad resa utomlands.';

async function submit(page: Page, button: ReturnType<Page['locator']>): Promise<void> {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
	await expectAccessible(page);
}

describe('meetings: consultations discussed', () => {
	let app: RunningApp;
	let browser: Browser;
	let slug: string;
	let coordinator: { email: string; password: string; totpSecret?: string };
	let member: { email: string; password: string; totpSecret?: string };
	let communicator: { email: string; password: string; totpSecret?: string };
	let path: string;
	let reference: string;

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const seeded = await seedNetworkWithAdmin(app);
		slug = seeded.network.slug;
		coordinator = await seedMember(app, slug, { role: 'coordinator', name: 'Johan Samordnare' });
		member = await seedMember(app, slug, { role: 'member', name: 'Maria Medlem' });
		communicator = await seedMember(app, slug, { role: 'communicator', name: 'Klara Kommunikatör' });
		const network = (await findOpenNetworkBySlug(app.db, slug))!;
		const user = (await findUserByEmail(app.db, coordinator.email))!;
		const ctx = serviceContext(app.db, {
			network,
			role: 'coordinator',
			origin: app.baseURL,
			user: {
				userId: user.id,
				email: user.email,
				name: 'Johan Samordnare',
				isInstanceAdmin: false,
				twoFactorEnabled: true,
				sessionId: null,
				locale: null
			}
		});
		const today = new Date().toISOString().slice(0, 10);
		const { seriesId } = await newSeries(ctx, {
			title: 'Kompetensteamets möte',
			recurrence: 'single',
			firstDay: today,
			lastDay: today,
			startTime: '00:00',
			endTime: '00:30'
		});
		const [meeting] = await listMeetingsOfSeries(app.db, network.id, seriesId);
		path = `/app/${slug}/meetings/${meeting.id}/consultations`;
		reference = (
			await newConsultation(app.db, network, {
				question: QUESTION,
				keyring: loadKeyring({ dataDir: app.dataDir })
			})
		).reference;
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('links a consultation by reference without JavaScript, keeping a wrong number with the reason', async () => {
		const page = await newPage(browser, app, { javaScriptEnabled: false });
		await signIn(page, app, coordinator);
		await visit(page, path);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
			'Frågeställningar som diskuterades'
		);
		const field = page.getByLabel('Diarienummer');
		await field.fill('KT-1999-9999');
		await submit(page, page.getByRole('button', { name: 'Koppla till mötet' }));
		await expect(page.getByLabel('Diarienummer').inputValue()).resolves.toBe('KT-1999-9999');
		await expect(page.getByText('Det finns ingen frågeställning').count()).resolves.toBeGreaterThan(0);

		await page.getByLabel('Diarienummer').fill(reference.toLowerCase());
		await submit(page, page.getByRole('button', { name: 'Koppla till mötet' }));
		await expect(page.getByText(`Frågeställning ${reference} är kopplad till mötet.`).isVisible()).resolves.toBe(true);
		await expect(page.getByText(QUESTION).isVisible()).resolves.toBe(true);

		await submit(page, page.getByRole('link', { name: `Öppna frågeställning ${reference}` }));
		await expect(page.getByText('Diskuterad på kompetensteamsträff').count()).resolves.toBeGreaterThan(0);
		await page.context().close();
	});

	it('shows an invited member the reference and topics but not the question', async () => {
		const page = await newPage(browser, app);
		await signIn(page, app, member);
		await visit(page, path);
		await expect(page.getByRole('heading', { name: reference }).isVisible()).resolves.toBe(true);
		await expect(page.getByText(QUESTION).count()).resolves.toBe(0);
		await expect(page.getByText('Bara den som handlägger frågeställningar ser frågan.').isVisible()).resolves.toBe(
			true
		);
		await expect(page.getByRole('button', { name: 'Koppla till mötet' }).count()).resolves.toBe(0);
		await page.context().close();
	});

	it('does not give a communicator the page', async () => {
		const page = await newPage(browser, app);
		await signIn(page, app, communicator);
		const response = await page.goto(path);
		expect(response?.status()).toBe(404);
		await page.context().close();
	});
});
