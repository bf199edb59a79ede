/**
 * Answering surveys and reading their results in Chromium, with axe and the Nu HTML Checker on
 * every page: a personal link answered without JavaScript (a missing required answer refused with
 * everything kept, a personal identity number in a free text found and masked, the thank-you page,
 * the link's second use), with JavaScript in Norwegian and without in English; a closed survey and
 * a tampered link; a public link answered twice from one browser; the results once enough have
 * answered (chart beside table, a text marked quotable, the CSV) and before.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNetworkMunicipalities } from '#lib/server/directory/municipalities-repository.ts';
import { ensureDefaultTypes, listTypes } from '#lib/server/directory/organisations-repository.ts';
import { findOpenNetworkBySlug } from '#lib/server/networks/repository.ts';
import { findUserByEmail } from '#lib/server/platform/auth/user-repository.ts';
import type { NetworkRef, PublicContext, ServiceContext } from '#lib/server/platform/context.ts';
import { loadKeyring } from '#lib/server/platform/data-keys.ts';
import { parseCsv } from '#lib/server/platform/csv.ts';
import { submitAnswer } from '#lib/server/surveys/answer-service.ts';
import { closeSurvey, openSurvey } from '#lib/server/surveys/sending-service.ts';
import { serviceContext, visitorContext } from '../fixtures/factories.ts';
import { unwrap } from '../fixtures/meetings.ts';
import { newSurvey, usefulnessAnswers } from '../fixtures/surveys.ts';
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

const TITLE = 'Nyttan med kompetensteamets träffar';
const PERSONNUMMER = '19121212-1212';

describe('surveys: answering and results', () => {
	let app: RunningApp;
	let browser: Browser;
	let slug: string;
	let network: NetworkRef;
	let staff: ServiceContext;
	let admin: { email: string; password: string; totpSecret?: string };
	let surveyId: string;
	let publicSurveyId: string;
	let publicToken: string;
	let links: string[];
	let closedLink: string;
	let typeIds: string[];
	let visitor: PublicContext;

	/** Every personal link the outbox holds. */
	async function tokensInOutbox(): Promise<Set<string>> {
		const rows = await app.db
			.selectFrom('outbox')
			.select('text_body')
			.where('kind', '=', 'survey-invitation')
			.execute();
		return new Set(
			rows.map((row) => /\/survey\/([A-Za-z0-9_-]{43})/.exec(row.text_body)?.[1]).filter(Boolean) as string[]
		);
	}

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const seeded = await seedNetworkWithAdmin(app);
		slug = seeded.network.slug;
		admin = seeded.admin;
		for (let i = 0; i < 6; i++) await seedMember(app, slug, { role: 'member' });
		await insertNetworkMunicipalities(
			app.db,
			seeded.network.id,
			['SE-2580', 'SE-2581'],
			{ participating: true, joinedOn: null },
			new Date()
		);
		await ensureDefaultTypes(app.db, seeded.network.id);
		typeIds = (await listTypes(app.db, seeded.network.id)).map((t) => t.id);
		network = (await findOpenNetworkBySlug(app.db, slug))!;
		const user = (await findUserByEmail(app.db, admin.email))!;
		// The app's own data key, so the free texts stored here can be read by the app.
		const keyring = loadKeyring({ dataDir: app.dataDir });
		staff = {
			...serviceContext(app.db, {
				network,
				role: 'admin',
				origin: app.baseURL,
				user: {
					userId: user.id,
					email: user.email,
					name: user.name,
					isInstanceAdmin: true,
					twoFactorEnabled: true,
					sessionId: null,
					locale: null
				}
			}),
			keyring
		};
		surveyId = await newSurvey(staff, { settings: { title: TITLE } });
		unwrap(await openSurvey(staff, surveyId));
		links = [...(await tokensInOutbox())];
		expect(links).toHaveLength(7);

		const closedId = await newSurvey(staff, { settings: { title: 'Förra terminens enkät' } });
		unwrap(await openSurvey(staff, closedId));
		closedLink = [...(await tokensInOutbox())].find((token) => !links.includes(token))!;
		unwrap(await closeSurvey(staff, closedId));

		publicSurveyId = await newSurvey(staff, { settings: { title: 'Öppen enkät om temaveckan', audience: 'public' } });
		unwrap(await openSurvey(staff, publicSurveyId));
		const row = await app.db
			.selectFrom('survey')
			.select('public_token')
			.where('id', '=', publicSurveyId)
			.executeTakeFirstOrThrow();
		publicToken = row.public_token!;

		// Three answers sent before the browser's, each with a free text its writer lets be quoted.
		visitor = { ...visitorContext(app.db, network, { origin: app.baseURL }), keyring };
		for (const [i, token] of links.slice(3, 6).entries()) {
			const result = await submitAnswer(
				visitor,
				token,
				usefulnessAnswers({
					useful: i === 0 ? 'often' : 'always',
					support: 'sometimes',
					improve: `Fler exempel från skolan, svar ${i + 1}`,
					organisation_type: typeIds[0],
					consent: true
				})
			);
			expect(result).toEqual({ ok: true });
		}
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('answers a personal link without JavaScript: a refusal keeps what was typed, a personnummer is found and masked, then thanks and "already answered"', async () => {
		const page = await newPage(browser, app, { javaScriptEnabled: false });
		const link = `/${slug}/survey/${links[0]}`;
		const response = await page.goto(link);
		await expectAccessible(page);
		expect(response!.headers()['cache-control']).toBe('private, no-store');
		expect(response!.headers()['referrer-policy']).toBe('no-referrer');
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(TITLE);
		await expect(page.locator('main').textContent()).resolves.toContain('Dina svar är anonyma');
		await expect(page.locator('#field-q-useful legend').textContent()).resolves.toContain('obligatoriskt');

		// The required question left out: said at the top and beside it; the rest kept as typed.
		await page.locator('#field-q-support-1').check();
		await page.locator('#field-q-improve').fill('Mer tid för frågor.');
		await submit(page, page.getByRole('button', { name: 'Skicka svaren' }));
		await expect(page.locator('.ds-error-summary').textContent()).resolves.toContain(
			'Den här frågan behöver ett svar.'
		);
		await expect(page.locator('#field-q-useful-error').textContent()).resolves.toContain('behöver ett svar');
		await expect(page.locator('#field-q-useful').getAttribute('aria-describedby')).resolves.toContain(
			'field-q-useful-error'
		);
		await expect(page.locator('#field-q-support-1').isChecked()).resolves.toBe(true);
		await expect(page.locator('#field-q-improve').inputValue()).resolves.toBe('Mer tid för frågor.');

		// A personal identity number in the free text: which answer, what kind, and "mask all".
		await page.locator('#field-q-useful-0').check();
		await page.locator('#field-q-improve').fill(`Ring mig gärna, mitt personnummer är ${PERSONNUMMER}.`);
		await page.locator('#field-consent-improve').check();
		await submit(page, page.getByRole('button', { name: 'Skicka svaren' }));
		const findings = (await page.locator('#field-q-improve-pii').textContent()) ?? '';
		expect(findings).toContain('personnummer');
		expect(findings).toContain(PERSONNUMMER);
		await submit(page, page.getByRole('button', { name: 'Maskera allt' }));
		const masked = await page.locator('#field-q-improve').inputValue();
		expect(masked).not.toContain(PERSONNUMMER);
		expect(masked).toContain('[PERSONNUMMER]');
		await expect(page.locator('#field-consent-improve').isChecked()).resolves.toBe(true);
		await expect(page.locator('#field-q-useful-0').isChecked()).resolves.toBe(true);
		await submit(page, page.getByRole('button', { name: 'Skicka svaren' }));
		expect(new URL(page.url()).pathname).toBe(`/${slug}/survey/thanks`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Tack för dina svar!');
		await expect(page.locator('main').textContent()).resolves.toContain('anonyma');

		await visit(page, link);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Du har redan svarat');
		await expect(page.locator('form').count()).resolves.toBe(0);
		await page.context().close();
	}, 120_000);

	it('answers with JavaScript in Norwegian and without in English', async () => {
		const nb = await newPage(browser, app, { locale: 'nb-NO' });
		await visit(nb, `/nb/${slug}/survey/${links[1]}`);
		await expect(nb.locator('main').textContent()).resolves.toContain('Svarene dine er anonyme');
		await nb.locator('#field-q-useful-1').check();
		await nb.locator('#field-q-improve').fill('Gode diskusjoner om saker.');
		await nb.locator('#field-q-organisation_type').selectOption(typeIds[0]);
		await Promise.all([
			nb.waitForURL(`**/nb/${slug}/survey/thanks`),
			nb.getByRole('button', { name: 'Send svarene' }).click()
		]);
		await expectAccessible(nb);
		await expect(nb.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Takk for svarene dine!');
		await nb.context().close();

		const en = await newPage(browser, app, { locale: 'en-GB', javaScriptEnabled: false });
		await visit(en, `/en/${slug}/survey/${links[2]}`);
		await expect(en.locator('#field-q-share').textContent()).resolves.toContain('Not applicable');
		await en.locator('#field-q-useful-0').check();
		await en.locator('#field-q-improve').fill('More cases from the police, please.');
		await en.locator('#field-consent-improve').check();
		await submit(en, en.getByRole('button', { name: 'Send answers' }));
		await expect(en.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Thank you for your answers');
		await en.context().close();
	}, 120_000);

	it('says a closed survey is closed, also in Finnish, and a tampered link is not valid', async () => {
		const page = await newPage(browser, app, { javaScriptEnabled: false });
		await visit(page, `/${slug}/survey/${closedLink}`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Enkäten är stängd');
		// The public pages speak Finnish too.
		await visit(page, `/fi/${slug}/survey/${closedLink}`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Kysely on suljettu');
		const tampered = `${links[0].slice(0, -1)}${links[0].endsWith('A') ? 'B' : 'A'}`;
		const response = await page.goto(`/${slug}/survey/${tampered}`);
		await expectAccessible(page);
		expect(response!.status()).toBe(404);
		await expect(page.locator('main').textContent()).resolves.toContain('Länken är inte giltig');
		await page.context().close();
	}, 60_000);

	it('takes one answer per browser through the public link', async () => {
		const page = await newPage(browser, app, { javaScriptEnabled: false });
		const link = `/${slug}/survey/open/${publicToken}`;
		await visit(page, link);
		await expect(page.locator('main').textContent()).resolves.toContain('Enkäten är anonym');
		const path = `/${slug}/survey/open/${publicToken}`;
		const mark = (await page.context().cookies()).find((c) => c.name === 'survey_mark' && c.path === path);
		expect(mark).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
		expect(mark!.expires).toBeGreaterThan(Date.now() / 1000 + 300 * 24 * 3600);
		await page.locator('#field-q-useful-1').check();
		await submit(page, page.getByRole('button', { name: 'Skicka svaren' }));
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Tack för dina svar!');
		await visit(page, link);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Du har redan svarat');
		await expect(page.locator('main').textContent()).resolves.toContain('från den här webbläsaren');
		await page.context().close();
	}, 60_000);

	it('shows the results once five have answered: chart and table, a quotable text, the CSV; and before that only the count', async () => {
		const page = await newPage(browser, app);
		await signIn(page, app, admin);
		const results = `/app/${slug}/surveys/${surveyId}/results`;
		await visit(page, results);
		await expect(page.locator('main').textContent()).resolves.toContain('6 av 7 tillfrågade har svarat.');
		const useful = page.locator('#question-useful-heading').locator('xpath=..');
		await expect(useful.locator('svg').count()).resolves.toBeGreaterThan(0);
		await expect(useful.locator('table tbody tr').count()).resolves.toBe(5);
		await expect(useful.textContent()).resolves.toContain('Alltid eller ofta: 100');
		await expect(page.locator('#breakdown-organisation_type').count()).resolves.toBe(1);

		const texts = page.locator('.texts li');
		await expect(texts.count()).resolves.toBe(6);
		await expect(page.locator('.texts').textContent()).resolves.toContain('[PERSONNUMMER]');
		await expect(page.locator('.texts').textContent()).resolves.not.toContain(PERSONNUMMER);
		await page.getByRole('button', { name: 'Markera som citerbart' }).first().click();
		await page.getByRole('status').filter({ hasText: 'Svaret är markerat som citerbart.' }).waitFor();
		await expect(page.getByRole('button', { name: 'Ta bort markeringen' }).count()).resolves.toBe(1);
		await expectAccessible(page);

		const csv = await page.request.get(`${results}/export.csv`);
		expect(csv.headers()['content-type']).toContain('text/csv');
		const rows = parseCsv(await csv.text());
		expect(rows[0]).toEqual(['Del', 'Fråga', 'Typ av fråga', 'Grupp', 'Svar', 'Antal', 'Andel (%)', 'Anmärkning']);
		const always = rows.find(
			(r) => r[1].startsWith('Kompetensteamets träffar är användbara') && r[3] === '' && r[4] === 'Alltid'
		);
		expect(always?.slice(5, 7)).toEqual(['4', '66,7']);
		expect(rows.some((r) => r[7].startsWith('Färre än 5 svar'))).toBe(true);

		// Every free text of a question, a page at a time, with the same marking.
		await visit(page, `${results}/texts/improve`);
		await expect(page.locator('.texts li').count()).resolves.toBe(6);
		await expect(page.getByRole('button', { name: 'Ta bort markeringen' }).count()).resolves.toBe(1);

		await visit(page, `${results}/print`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Resultat: ${TITLE}`);

		// One more answer to the running survey: the results wait for the minimum of new answers.
		expect(await submitAnswer(visitor, links[6], usefulnessAnswers({ useful: 'never' }))).toEqual({ ok: true });
		await visit(page, results);
		const waiting = (await page.locator('main').textContent()) ?? '';
		expect(waiting).toContain('7 av 7 tillfrågade har svarat.');
		expect(waiting).toContain('Resultaten nedan bygger på 6 svar.');

		// One answer through the public link: only the count, and what a public link can hold to.
		await visit(page, `/app/${slug}/surveys/${publicSurveyId}/results`);
		const main = (await page.locator('main').textContent()) ?? '';
		expect(main).toContain('1 person har svarat.');
		expect(main).toContain('Resultaten visas från 5 svar');
		expect(main).toContain('Ett svar per webbläsare');
		await expect(page.locator('.chart-section').count()).resolves.toBe(0);
		await page.context().close();
	}, 120_000);
});
