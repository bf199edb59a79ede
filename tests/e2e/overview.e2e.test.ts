/**
 * Each role's start page in Chromium, at phone width: what needs the person, each figure linking to
 * the list it summarises; the getting-started list with what each role can do, gone once its steps
 * are done; members see the network's next events and their own registrations. Axe and the HTML
 * checker run on every page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationFormSchema } from '#lib/server/events/forms.ts';
import { registerForEvent } from '#lib/server/events/registration/service.ts';
import { findMemberByUser, findOpenNetworkBySlug } from '#lib/server/networks/repository.ts';
import { savePublicText, updateSettings } from '#lib/server/networks/service.ts';
import type { NetworkRef } from '#lib/server/platform/context.ts';
import { findUserByEmail } from '#lib/server/platform/auth/user-repository.ts';
import {
	addNetworkMunicipalities,
	newConsultation,
	newEvent,
	serviceContext,
	visitorContext
} from '../fixtures/factories.ts';
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

const PHONE = { width: 375, height: 740 };
const DAY = 86_400_000;

const text = async (locator: ReturnType<Page['locator']>) =>
	((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe('the start page of each role', () => {
	let app: RunningApp;
	let browser: Browser;
	let network: NetworkRef;
	let admin: { email: string; password: string; totpSecret: string };
	const people: Record<string, { email: string; password: string; totpSecret?: string }> = {};
	const home = '/app/kompetensteamet';

	async function as(role: string): Promise<Page> {
		const page = await newPage(browser, app);
		await page.setViewportSize(PHONE);
		await signIn(page, app, role === 'admin' ? admin : people[role]);
		await visit(page, home);
		return page;
	}

	async function contextOf(email: string) {
		const user = (await findUserByEmail(app.db, email))!;
		const member = (await findMemberByUser(app.db, network.id, user.id))!;
		return serviceContext(app.db, {
			network,
			user: { ...user, userId: user.id, sessionId: null },
			role: member.role
		});
	}

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		({ admin } = await seedNetworkWithAdmin(app, { slug: 'kompetensteamet', name: 'Kompetensteamet mot våld' }));
		network = (await findOpenNetworkBySlug(app.db, 'kompetensteamet'))!;
		people.coordinator = await seedMember(app, network.slug, { role: 'coordinator' });
		people.communicator = await seedMember(app, network.slug, { role: 'communicator' });
		people.member = await seedMember(app, network.slug, { role: 'member', email: 'maja.nilsson@example.se' });

		const member = (await findUserByEmail(app.db, 'maja.nilsson@example.se'))!;
		const coordinator = (await findUserByEmail(app.db, people.coordinator.email))!;
		await newConsultation(app.db, network, { status: 'new' });
		await newConsultation(app.db, network, { status: 'new', source: 'member', askerUserId: member.id });
		await newConsultation(app.db, network, {
			status: 'answered',
			source: 'member',
			askerUserId: member.id,
			assigneeUserId: coordinator.id
		});
		const now = Date.now();
		const training = await newEvent(app.db, network, {
			title: 'Grundutbildning om hedersförtryck',
			capacity: 20,
			startAt: new Date(now + 10 * DAY),
			endAt: new Date(now + 10 * DAY + 3 * 3_600_000)
		});
		await newEvent(app.db, network, {
			title: 'Utkast som ingen ser',
			status: 'draft',
			startAt: new Date(now + 5 * DAY),
			endAt: new Date(now + 5 * DAY + 3_600_000)
		});
		const register = (email: string) =>
			registerForEvent(
				visitorContext(app.db, network),
				training.id,
				registrationFormSchema.parse({ name: 'Deltagare', email, consent: 'on' })
			);
		expect((await register('maja.nilsson@example.se')).ok).toBe(true);
		expect((await register('nagon.annan@example.se')).ok).toBe(true);
	});
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('shows a member their own questions, the next events with seats left and their own registrations only', async () => {
		const page = await as('member');
		const main = page.locator('main');
		expect(await text(main)).toContain('Din roll: Medlem');
		expect(await text(main)).toContain('Medlem: ställer frågor till teamet');
		expect(await page.getByRole('heading', { name: 'Kom igång' }).count()).toBe(0);
		expect(await page.getByRole('heading', { name: 'Katalogen' }).count()).toBe(0);

		const questions = page.locator('section', { has: page.getByRole('heading', { name: 'Dina frågor' }) });
		expect(await text(questions)).toContain('2 öppna frågor');
		expect(await text(questions)).toContain('1 besvarad att läsa');

		const events = page.locator('section', { has: page.getByRole('heading', { name: 'Kommande evenemang' }) });
		expect(await text(events)).toContain('Grundutbildning om hedersförtryck');
		expect(await text(events)).toContain('18 platser kvar');
		expect(await text(events)).not.toContain('Utkast som ingen ser');

		const mine = page.locator('section', { has: page.getByRole('heading', { name: 'Dina anmälningar' }) });
		expect(await text(mine)).toContain('Grundutbildning om hedersförtryck');
		expect(await text(mine)).toContain('Anmäld');

		// Each figure leads to the list it summarises.
		await Promise.all([page.waitForNavigation(), questions.getByRole('link', { name: /besvarad/ }).click()]);
		await expectAccessible(page);
		expect(new URL(page.url()).pathname).toBe(`${home}/consultations`);
		expect(new URL(page.url()).searchParams.get('status')).toBe('answered');
		await visit(page, home);
		await Promise.all([
			page.waitForNavigation(),
			events.getByRole('link', { name: 'Grundutbildning om hedersförtryck' }).click()
		]);
		await expectAccessible(page);
		expect(new URL(page.url()).pathname).toMatch(/^\/kompetensteamet\/events\//);
		await page.context().close();
	});

	it('shows a coordinator the consultations to do and the directory’s gaps, each linking to its list', async () => {
		await addNetworkMunicipalities(app.db, network.id, ['SE-2580', 'SE-2581']);
		const page = await as('coordinator');
		const consultations = page.locator('section', { has: page.getByRole('heading', { name: 'Frågeställningar' }) });
		expect(await text(consultations)).toContain('2 nya frågor');
		const directory = page.locator('section', { has: page.getByRole('heading', { name: 'Katalogen' }) });
		expect(await text(directory)).toContain('2 deltagande kommuner utan representant');
		expect(await text(directory)).toMatch(/\d+ punkter i checklistorna inte på plats/);
		expect(await page.getByRole('heading', { name: 'Dina frågor' }).count()).toBe(0);
		await Promise.all([page.waitForNavigation(), directory.getByRole('link', { name: /utan representant/ }).click()]);
		await expectAccessible(page);
		expect(new URL(page.url()).pathname).toBe(`${home}/directory/coverage`);
		expect(new URL(page.url()).searchParams.get('without')).toBe('1');
		await page.context().close();
	});

	it('shows a communicator the public pages step only, and no consultations', async () => {
		const page = await as('communicator');
		const started = page.locator('section', { has: page.getByRole('heading', { name: 'Kom igång' }) });
		expect(await started.getByRole('listitem').count()).toBe(1);
		expect(await text(started)).toContain('Skriv de offentliga sidorna');
		expect(await page.getByRole('heading', { name: 'Frågeställningar' }).count()).toBe(0);
		expect(await page.getByRole('heading', { name: 'Dina frågor' }).count()).toBe(0);
		await page.context().close();
	});

	it('gives an admin the getting-started list with what each role can do, until every step is done', async () => {
		const page = await as('admin');
		const started = page.locator('section', { has: page.getByRole('heading', { name: 'Kom igång' }) });
		const steps = started.locator(':scope > ol > li');
		// People are invited, a coordinator handles consultations, municipalities are added (above).
		expect(await steps.count()).toBe(5);
		expect(await text(steps.nth(0))).toContain('Klart');
		expect(await text(steps.nth(1))).toContain('Bestäm vem som hanterar frågeställningar');
		expect(await text(steps.nth(1))).toContain('Klart');
		expect(await text(steps.nth(3))).not.toContain('Klart');

		// Settings saved and a public text written: the list is gone.
		const ctx = await contextOf(admin.email);
		const { name, timeZone, defaultLocale, contactEmail, contactPhone, referencePrefix } = network;
		await updateSettings(ctx, { name, timeZone, defaultLocale, contactEmail, contactPhone, referencePrefix });
		await savePublicText(ctx, { kind: 'description', locale: 'sv', body: 'Vi stöttar kommunerna i Norrbotten.' });
		await visit(page, home);
		expect(await page.getByRole('heading', { name: 'Kom igång' }).count()).toBe(0);
		// What each role can do is still said for the admin's own role.
		expect(await text(page.locator('main'))).toContain('Administratör: bjuder in och hanterar medlemmar');
		await page.context().close();
	});

	it('shows the roles while people are still to be invited', async () => {
		const second = await seedNetworkWithAdmin(app, { slug: 'agder', name: 'Agder mot vold', country: 'NO' });
		const page = await newPage(browser, app);
		await page.setViewportSize(PHONE);
		await signIn(page, app, second.admin);
		await visit(page, '/app/agder');
		const roles = page
			.locator('section', { has: page.getByRole('heading', { name: 'Kom igång' }) })
			.locator('.roles li');
		expect(await roles.allTextContents()).toEqual([
			expect.stringMatching(/^Administratör:/),
			expect.stringMatching(/^Samordnare:/),
			expect.stringMatching(/^Kommunikatör:/),
			expect.stringMatching(/^Medlem:/)
		]);
		// Nobody handles consultations here: the admin is offered the right on the start page.
		expect(await text(page.locator('.take-handler'))).toContain('Ingen hanterar frågorna ännu');
		// The same words where the role is chosen, on the members page.
		await visit(page, '/app/agder/members');
		await page.getByText('Vad varje roll kan göra').click();
		expect(await page.locator('.roles-help li').allTextContents()).toEqual([
			expect.stringMatching(/^Administratör:/),
			expect.stringMatching(/^Samordnare:/),
			expect.stringMatching(/^Kommunikatör:/),
			expect.stringMatching(/^Medlem:/)
		]);
		await expectAccessible(page);
		await page.context().close();
	});
});
