/**
 * What is read off a screen or paper: statistics charts draw long category names whole at phone
 * and desktop widths in Swedish, Norwegian and English; the printed summary closes each of its
 * sentences; a span of time is written once, in each language's own style — with axe and the HTML
 * checker on every page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOpenNetworkBySlug } from '#lib/server/networks/repository.ts';
import type { NetworkRef } from '#lib/server/platform/context.ts';
import { addNetworkMunicipalities, newConsultation, newEvent } from '../fixtures/factories.ts';
import { launchBrowser, newPage, seedNetworkWithAdmin, signIn, startApp, visit, type RunningApp } from './harness.ts';

const PHONE = { width: 375, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

const text = async (page: Page, selector: string) =>
	((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** Every text of every chart shown, with whether it lies inside its picture. */
async function chartTexts(page: Page): Promise<{ text: string; inside: boolean }[]> {
	return page.evaluate(() => {
		const out: { text: string; inside: boolean }[] = [];
		for (const svg of document.querySelectorAll<SVGSVGElement>('.chart svg')) {
			const box = svg.getBoundingClientRect();
			if (box.width === 0 || box.height === 0) continue;
			for (const node of svg.querySelectorAll('text')) {
				const r = node.getBoundingClientRect();
				out.push({
					text: node.textContent ?? '',
					inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.width > 0
				});
			}
		}
		return out;
	});
}

describe('readable output: charts, printed summaries and spans of time', () => {
	let app: RunningApp;
	let browser: Browser;
	let network: NetworkRef;
	let admin: { email: string; password: string; totpSecret: string };
	let session: Awaited<ReturnType<ReturnType<Page['context']>['storageState']>>;
	let eventId: string;

	async function page(options: { locale?: string } = {}): Promise<Page> {
		if (session) return newPage(browser, app, { ...options, storageState: session });
		const first = await newPage(browser, app, options);
		await signIn(first, app, admin);
		session = await first.context().storageState();
		return first;
	}

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		({ admin } = await seedNetworkWithAdmin(app, { slug: 'nettverket', country: 'NO' }));
		network = (await findOpenNetworkBySlug(app.db, 'nettverket'))!;
		await addNetworkMunicipalities(app.db, network.id, ['NO-0301', 'NO-4204']);
		// The longest default type names of the three languages, three questions each so no count is hidden.
		for (const key of ['labour_welfare', 'youth_clinic', 'shelter', 'ngo', 'county_board', 'health_care'])
			for (let i = 0; i < 3; i++)
				await newConsultation(app.db, network, { municipalityId: 'NO-0301', organisationTypeKey: key });
		eventId = (
			await newEvent(app.db, network, {
				title: 'Grunnkurs om æresrelatert vold',
				status: 'published',
				startAt: new Date('2027-02-10T08:00:00Z'),
				endAt: new Date('2027-02-10T15:00:00Z')
			})
		).id;
	}, 180_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	const longest: Record<string, string[]> = {
		'': ['Kvinno- och tjejjour', 'Ungdomsmottagning', 'Ideell organisation'],
		'/nb': ['Helsestasjon for ungdom', 'Frivillig organisasjon', 'Statsforvalteren'],
		'/en': ['Labour and welfare office (NAV)', 'Non-governmental organisation', 'County administrative board']
	};

	for (const [prefix, names] of Object.entries(longest))
		it(`draws every chart label whole at phone and desktop width (${prefix || '/sv'})`, async () => {
			const p = await page({ locale: prefix ? prefix.slice(1) : 'sv' });
			for (const viewport of [PHONE, DESKTOP]) {
				await p.setViewportSize(viewport);
				for (const path of ['consultations/statistics', 'consultations/statistics/print']) {
					await visit(p, `${prefix}/app/nettverket/${path}`);
					const texts = await chartTexts(p);
					expect(texts.length).toBeGreaterThan(0);
					expect(texts.filter((t) => !t.inside)).toEqual([]);
					const all = texts.map((t) => t.text).join(' ');
					for (const word of names.flatMap((n) => n.split(' '))) expect(all).toContain(word);
					expect(all).not.toContain('…');
				}
			}
			await p.close();
		}, 180_000);

	it('closes each sentence of the printed summary', async () => {
		const p = await page();
		await visit(p, '/app/nettverket/consultations/statistics/print');
		const summary = await text(p, '.summary dd:nth-of-type(2)');
		expect(summary).toBe(
			'1 av 2 deltagande kommuner. Inga frågor från: Kristiansand. Utanför nätverket eller ej angivet: 0.'
		);
		await p.close();
	});

	const spans: Record<string, string> = {
		'': '10 februari 2027 kl. 09.00–16.00',
		'/nb': '10. februar 2027 kl. 09.00–16.00',
		'/en': '10 February 2027, 09:00–16:00'
	};
	for (const [prefix, expected] of Object.entries(spans))
		it(`writes a same-day event once in the language's style (${prefix || '/sv'})`, async () => {
			const p = await page({ locale: prefix ? prefix.slice(1) : 'sv' });
			await visit(p, `${prefix}/nettverket/events`);
			await expect(text(p, 'main')).resolves.toContain(expected);
			await visit(p, `${prefix}/app/nettverket/events/${eventId}/print`);
			await expect(text(p, 'article header')).resolves.toContain(expected);
			await p.close();
		});
});
