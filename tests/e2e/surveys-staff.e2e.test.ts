/**
 * The staff pages of evaluations in Chromium, with axe and the Nu HTML Checker on every page: a
 * communicator starts a survey from a shipped template, has a bad setting refused with the reason
 * and what was typed kept, adds, changes, moves and removes a question without JavaScript, and sends
 * the survey to chosen roles (invitations in the outbox). Once an answer exists the editor says the
 * questions are fixed and offers only adding and moving, in English; the survey's page in Norwegian
 * shows counts only and keeps the questions as a template.
 */
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

async function submit(page: Page, button: Locator): Promise<void> {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
	await expectAccessible(page);
}

/** With JavaScript a form posts in place: wait for what the answer shows instead of a page load. */
async function press(page: Page, button: Locator, shown: Locator): Promise<void> {
	await button.click();
	await shown.waitFor();
	await expectAccessible(page);
}

const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** A calendar day `days` after today in Stockholm, 'YYYY-MM-DD'. */
function dayFromToday(days: number): string {
	const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
	const [y, m, d] = today.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const TITLE = 'Höstens träffar';
const MEMBERS = 6;

describe('evaluations: the staff pages', () => {
	let app: RunningApp;
	let browser: Browser;
	let slug: string;
	let networkId: string;
	let communicator: { email: string; password: string };
	const members: string[] = [];
	let session: BrowserContextOptions['storageState'];
	let surveyPath: string;

	async function asCommunicator(options: { javaScriptEnabled?: boolean; locale?: string } = {}): Promise<Page> {
		if (!session) {
			const page = await newPage(browser, app);
			await signIn(page, app, communicator);
			session = await page.context().storageState();
			await page.context().close();
		}
		return newPage(browser, app, { ...options, storageState: session });
	}

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const seeded = await seedNetworkWithAdmin(app);
		slug = seeded.network.slug;
		networkId = seeded.network.id;
		communicator = await seedMember(app, slug, { role: 'communicator', name: 'Klara Kommunikatör' });
		for (let i = 0; i < MEMBERS; i++) members.push((await seedMember(app, slug, { role: 'member' })).email);
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('starts a survey from a shipped template and refuses a bad setting, keeping what was typed', async () => {
		const page = await asCommunicator();
		await visit(page, `/app/${slug}/surveys`);
		await expect(text(page.getByRole('heading', { level: 1 }))).resolves.toBe('Utvärderingar');
		await expect(page.getByRole('link', { name: 'Utvärderingar' }).first().getAttribute('aria-current')).resolves.toBe(
			'page'
		);
		await page.locator('#field-title').fill(TITLE);
		await page.getByLabel('Nyttan med kompetensteamets träffar').check();
		await page.getByRole('button', { name: 'Skapa enkäten' }).click();
		await page.waitForURL(/\/surveys\/[\w-]+\?done=created$/);
		await expectAccessible(page);
		surveyPath = new URL(page.url()).pathname;
		await expect(text(page.getByRole('heading', { level: 1 }))).resolves.toBe(TITLE);
		await expect(text(page.locator('.status'))).resolves.toContain('Utkast');
		await expect(text(page.getByRole('link', { name: /^Frågor/ }))).resolves.toBe('Frågor (7 frågor)');
		await expect(text(page.locator('main'))).resolves.toContain('aldrig vilka');

		// Too few answers needed before results: refused beside the field, everything typed kept.
		await page.locator('#field-title').fill(`${TITLE} 2027`);
		await page.locator('#field-minAnswers').fill('2');
		await page.locator('#field-closesOn').fill(dayFromToday(14));
		await press(
			page,
			page.getByRole('button', { name: 'Spara inställningarna' }),
			page.locator('#field-minAnswers-error')
		);
		await expect(text(page.locator('#field-minAnswers-error'))).resolves.toBe('Skriv ett heltal från 3 till 100.');
		await expect(text(page.locator('.error-summary'))).resolves.toContain(
			'Svar som behövs innan resultaten visas – Skriv ett heltal från 3 till 100.'
		);
		await expect(page.locator('#field-minAnswers').inputValue()).resolves.toBe('2');
		await expect(page.locator('#field-title').inputValue()).resolves.toBe(`${TITLE} 2027`);
		await expect(page.locator('#field-closesOn').inputValue()).resolves.toBe(dayFromToday(14));

		// Members only, five answers needed.
		await page.locator('#field-minAnswers').fill('5');
		for (const role of ['Administratör', 'Samordnare']) await page.getByLabel(role, { exact: true }).uncheck();
		await page.getByLabel('Medlem', { exact: true }).check();
		await press(page, page.getByRole('button', { name: 'Spara inställningarna' }), page.getByRole('status'));
		await expect(text(page.getByRole('status'))).resolves.toBe('Inställningarna sparades.');
		await expect(text(page.getByRole('heading', { level: 1 }))).resolves.toBe(`${TITLE} 2027`);
		await page.context().close();
	});

	it('adds, changes, moves and removes a question without JavaScript', async () => {
		const page = await asCommunicator({ javaScriptEnabled: false });
		await visit(page, `${surveyPath}/questions`);
		const questions = () => page.locator('#section-meetings li.question h3').allTextContents();
		const clean = (all: string[]) => all.map((t) => t.replace(/\s+/g, ' ').trim());

		// Bad input: no text in any language, the choices kept.
		await page.locator('#new-question-sectionId').selectOption({ label: 'Träffarna' });
		await page.locator('#new-question-kind').selectOption('single');
		await page.locator('#new-question-options_sv').fill('Ja\nNej');
		await submit(page, page.getByRole('button', { name: 'Lägg till frågan' }));
		await expect(text(page.locator('#new-question-text_sv-error'))).resolves.toBe('Skriv frågan på minst ett språk.');
		await expect(page.locator('#new-question-options_sv').inputValue()).resolves.toBe('Ja\nNej');

		await page.locator('#new-question-text_sv').fill('Vill du ha fler träffar?');
		await submit(page, page.getByRole('button', { name: 'Lägg till frågan' }));
		await expect(text(page.getByRole('status'))).resolves.toBe('Frågan lades till.');
		const added = page.locator('li.question', { hasText: 'Vill du ha fler träffar?' });
		await expect(added.locator('.preview li').allTextContents()).resolves.toEqual(['Ja', 'Nej']);
		await expect(clean(await questions())).toEqual([
			'1. Kompetensteamets träffar är användbara i mitt arbete',
			'2. Jag får stöd i mina frågeställningar och ärenden',
			'3. Jag lär mig något som jag kan använda',
			'4. Jag kan dela erfarenheter från min verksamhet',
			'5. Vill du ha fler träffar?'
		]);

		await submit(page, added.getByRole('link', { name: 'Ändra frågan' }));
		await page.locator('[id$="-text_sv"]').first().fill('Vill du ha fler träffar per termin?');
		await submit(page, page.getByRole('button', { name: 'Spara frågan' }));
		await expect(text(page.getByRole('status'))).resolves.toBe('Frågan sparades.');
		const changed = page.locator('li.question', { hasText: 'Vill du ha fler träffar per termin?' });
		await submit(page, changed.getByRole('button', { name: 'Flytta upp' }));
		await expect(clean(await questions()).slice(3)).toEqual([
			'4. Vill du ha fler träffar per termin?',
			'5. Jag kan dela erfarenheter från min verksamhet'
		]);
		await submit(page, changed.getByRole('button', { name: 'Ta bort frågan' }));
		await expect(text(page.getByRole('status'))).resolves.toBe('Frågan togs bort.');
		await expect(questions()).resolves.toHaveLength(4);
		await page.context().close();
	});

	it('sends the survey to the chosen roles, with invitations in the outbox', async () => {
		const page = await asCommunicator();
		await visit(page, surveyPath);
		await expect(text(page.locator('#send'))).resolves.toContain(
			`Enkäten skickas nu till ${MEMBERS} personer, med en personlig länk var.`
		);
		await press(page, page.getByRole('button', { name: 'Skicka enkäten' }), page.getByRole('status'));
		await expect(text(page.getByRole('status'))).resolves.toBe(`Enkäten skickades till ${MEMBERS} personer.`);
		await expect(text(page.locator('.status'))).resolves.toContain('Öppen');
		const mail = await lastMailTo(app, members[0]);
		expect(mail.subject).toContain(`${TITLE} 2027`);
		const invitations = await app.db
			.selectFrom('outbox')
			.select('recipient')
			.where('kind', '=', 'survey-invitation')
			.execute();
		expect(invitations.map((row) => row.recipient).sort()).toEqual([...members].sort());
		await expect(text(page.locator('#send'))).resolves.toContain('0 personer i målgruppen har inte fått enkäten ännu');
		await page.context().close();
	});

	it('opens a survey with a public link to copy, saying it can hold only to one answer per browser', async () => {
		const page = await asCommunicator();
		await visit(page, `/app/${slug}/surveys`);
		await expect(text(page.locator('tbody tr', { hasText: TITLE }))).resolves.toContain(
			`0 av ${MEMBERS} har svarat (0,0 %)`
		);
		await page.locator('#field-title').fill('Efter temaveckan');
		await page.getByLabel('Utvärdering av utbildningen').check();
		await page.getByRole('button', { name: 'Skapa enkäten' }).click();
		await page.waitForURL(/\?done=created$/);
		await page.getByLabel('Öppen länk').check();
		await expect(page.getByLabel('Medlem', { exact: true }).isVisible()).resolves.toBe(false);
		await press(page, page.getByRole('button', { name: 'Spara inställningarna' }), page.getByRole('status'));
		await press(page, page.getByRole('button', { name: 'Öppna enkäten' }), page.locator('#public-link'));
		await expect(page.locator('#public-link').inputValue()).resolves.toMatch(new RegExp(`^${app.baseURL}/${slug}/.+`));
		await expect(text(page.locator('section[aria-labelledby="public-heading"]'))).resolves.toContain(
			'En öppen länk kan bara hålla sig till ett svar per webbläsare'
		);
		await page.context().close();
	});

	it('says the questions are fixed once an answer exists, in English, and shows counts only in Norwegian', async () => {
		const surveyId = surveyPath.split('/').pop()!;
		await app.db
			.insertInto('survey_response')
			.values({
				id: randomUUID(),
				network_id: networkId,
				survey_id: surveyId,
				day: dayFromToday(0),
				via: 'invitation',
				answers: JSON.stringify({ useful: 'often' })
			})
			.execute();

		const page = await asCommunicator({ locale: 'en-GB' });
		await visit(page, `/en${surveyPath}/questions`);
		await expect(text(page.locator('.frozen'))).resolves.toBe(
			'The survey already has answers. Existing questions can no longer be changed or removed, only moved; you can add new questions and parts.'
		);
		await expect(page.getByRole('link', { name: 'Edit the question' }).count()).resolves.toBe(0);
		await expect(page.getByRole('button', { name: 'Remove the question' }).count()).resolves.toBe(0);
		await expect(page.getByRole('button', { name: 'Move up' }).count()).resolves.toBeGreaterThan(0);
		await expect(page.getByRole('heading', { name: 'Add a question' }).count()).resolves.toBe(1);

		await visit(page, `/nb${surveyPath}`);
		const counts = await page
			.locator('.counts > div')
			.evaluateAll((rows) =>
				rows.map((row) => [row.querySelector('dt')?.textContent?.trim(), row.querySelector('dd')?.textContent?.trim()])
			);
		expect(counts).toEqual([
			['Spurt', String(MEMBERS)],
			['Har svart', '1'],
			['Svarprosent', '16,7 %']
		]);
		await expect(text(page.locator('section[aria-labelledby="answers-heading"]'))).resolves.toContain('aldri hvem');
		await expect(text(page.locator('#delete'))).resolves.toContain('Undersøkelsen har svar og kan ikke slettes.');

		// Its questions kept as the network's own template, which names the shipped one it came from.
		await page.locator('#template-title').fill('Vår mal for samlingene');
		await press(page, page.getByRole('button', { name: 'Lagre som mal' }), page.getByRole('status'));
		await expect(text(page.getByRole('status'))).resolves.toBe('Spørsmålene ble lagret som mal.');
		await visit(page, `/nb/app/${slug}/surveys/templates`);
		const own = page.locator('section[aria-labelledby="own-heading"] li');
		await expect(text(own)).resolves.toContain('Vår mal for samlingene');
		await expect(text(own)).resolves.toContain('Bygger på Nytten av kompetanseteamets samlinger · 7 spørsmål');
		await page.context().close();
	});
});
