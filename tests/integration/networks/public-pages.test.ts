import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertNetworkText } from '#lib/server/networks/repository.ts';
import {
	AUTHORITY_URLS,
	instanceText,
	listPublicNetworks,
	publicNetworkPage,
	quickExitUrl
} from '#lib/server/networks/public-pages.ts';
import { timestamp } from '#lib/server/platform/db/values.ts';
import { m } from '#lib/paraglide/messages.js';
import { PUBLIC_LOCALES } from '#lib/public-languages.ts';
import { QUICK_EXIT_URL, QUICK_EXIT_URLS } from '#lib/quick-exit.ts';
import { publicTextsSchema } from '#lib/server/networks/forms.ts';
import { quickExitChoice, saveQuickExitChoice } from '#lib/server/networks/service.ts';
import { newMember, newNetwork, serviceContext } from '../../fixtures/factories.ts';

const emptyTexts = { description: '', contact: '', accessibility: '', privacy: '' };
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

describe.each(testDialects)('public pages of a network (%s)', (dialect) => {
	let database: TestDatabase;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
	});
	afterAll(async () => {
		await database?.cleanup();
	});

	it('shows what a visitor may see, and nothing internal', async () => {
		const network = await newNetwork(database.db, {
			name: 'Kompetensteamet Norrbotten',
			contactPhone: '+46 920 45 30 00'
		});
		const page = await publicNetworkPage(database.db, network.slug, 'sv');
		expect(page?.network).toEqual({
			slug: network.slug,
			name: 'Kompetensteamet Norrbotten',
			country: 'SE',
			contactEmail: network.contactEmail,
			contactPhone: '+46 920 45 30 00',
			defaultLocale: 'sv'
		});
		expect(JSON.stringify(page)).not.toContain(network.id);
	});

	it('uses the text in the requested language, then the network default language, then the built-in default', async () => {
		const network = await newNetwork(database.db, { defaultLocale: 'sv' });
		const now = new Date();
		await upsertNetworkText(
			database.db,
			network.id,
			{ kind: 'description', locale: 'sv', body: 'Vi arbetar i hela länet.' },
			null,
			now
		);
		await upsertNetworkText(
			database.db,
			network.id,
			{ kind: 'description', locale: 'en', body: 'We work across the county.' },
			null,
			now
		);
		await upsertNetworkText(
			database.db,
			network.id,
			{ kind: 'contact', locale: 'sv', body: 'Ring oss på vardagar.' },
			null,
			now
		);

		const en = await publicNetworkPage(database.db, network.slug, 'en');
		// 1. the requested language
		expect(en?.texts.description).toEqual({ body: 'We work across the county.', locale: 'en', source: 'network' });
		// 2. the network's default language, marked as such so the page can say so and set lang
		expect(en?.texts.contact).toEqual({ body: 'Ring oss på vardagar.', locale: 'sv', source: 'network' });
		// 3. the built-in text in the requested language
		expect(en?.texts.privacy.source).toBe('default');
		expect(en?.texts.privacy.locale).toBe('en');
		expect(en?.texts.privacy.body).toContain(`${network.name} is the controller`);

		const nb = await publicNetworkPage(database.db, network.slug, 'nb');
		expect(nb?.texts.description).toEqual({ body: 'Vi arbetar i hela länet.', locale: 'sv', source: 'network' });
	});

	it('ignores a stored text that is only white space', async () => {
		const network = await newNetwork(database.db);
		await upsertNetworkText(
			database.db,
			network.id,
			{ kind: 'description', locale: 'sv', body: '  \n ' },
			null,
			new Date()
		);
		const page = await publicNetworkPage(database.db, network.slug, 'sv');
		expect(page?.texts.description.source).toBe('default');
		expect(page?.texts.description.body).toContain(network.name);
	});

	it('answers not found for an unknown or closed network', async () => {
		expect(await publicNetworkPage(database.db, 'finns-inte', 'sv')).toBeUndefined();
		const network = await newNetwork(database.db);
		expect(await publicNetworkPage(database.db, network.slug, 'sv')).toBeDefined();
		await database.db
			.updateTable('network')
			.set({ closed_at: timestamp(new Date()) })
			.where('id', '=', network.id)
			.execute();
		expect(await publicNetworkPage(database.db, network.slug, 'sv')).toBeUndefined();
		expect((await listPublicNetworks(database.db, 'sv')).map((n) => n.slug)).not.toContain(network.slug);
	});

	it('writes default texts in three languages, naming the authority of the network’s country', async () => {
		const swedish = await newNetwork(database.db, {
			country: 'SE',
			name: 'Kompetensteamet Väst',
			contactEmail: 'vast@example.se'
		});
		const norwegian = await newNetwork(database.db, {
			country: 'NO',
			name: 'Nettverket Nord',
			contactEmail: 'nord@example.no'
		});

		const expectations = {
			sv: {
				accessibility: {
					SE: 'Myndigheten för digital förvaltning (Digg)',
					NO: 'Tilsynet for universell utforming av ikt (Uutilsynet)'
				},
				privacy: { SE: 'Integritetsskyddsmyndigheten (IMY)', NO: 'Datatilsynet' },
				words: [
					'Tillsyn',
					'Vi känner inte till något innehåll som inte uppfyller kraven',
					'Redogörelsen uppdaterades senast den 23 november 2026',
					'personuppgiftsansvarig',
					'Kakor'
				]
			},
			nb: {
				accessibility: {
					SE: 'Myndigheten för digital förvaltning (Digg)',
					NO: 'Tilsynet for universell utforming av ikt (Uutilsynet)'
				},
				privacy: { SE: 'Integritetsskyddsmyndigheten (IMY)', NO: 'Datatilsynet' },
				words: [
					'Tilsyn',
					'Vi kjenner ikke til innhold som ikke oppfyller kravene',
					'Erklæringen ble sist oppdatert 23. november 2026',
					'behandlingsansvarlig',
					'Informasjonskapsler'
				]
			},
			en: {
				accessibility: {
					SE: 'the Swedish Agency for Digital Government (Digg)',
					NO: 'the Norwegian Authority for Universal Design of ICT (Uutilsynet)'
				},
				privacy: {
					SE: 'the Swedish Authority for Privacy Protection (IMY)',
					NO: 'the Norwegian Data Protection Authority (Datatilsynet)'
				},
				words: [
					'Enforcement',
					'We are not aware of any content that does not meet the requirements',
					'This statement was last updated on 23 November 2026',
					'controller',
					'Cookies'
				]
			}
		} as const;

		for (const locale of ['sv', 'nb', 'en'] as const) {
			for (const network of [swedish, norwegian]) {
				const page = await publicNetworkPage(database.db, network.slug, locale);
				if (!page) throw new Error('network not found');
				const { accessibility, privacy, description, contact } = page.texts;
				for (const text of [accessibility, privacy, description, contact]) {
					expect(text.source).toBe('default');
					expect(text.locale).toBe(locale);
					// every parameter filled in: no {placeholder} left for a visitor to see
					expect(text.body).not.toMatch(/\{[a-zA-Z]+\}/);
				}
				const country = network.country;
				const other = country === 'SE' ? 'NO' : 'SE';
				expect(accessibility.body).toContain(expectations[locale].accessibility[country]);
				expect(accessibility.body).not.toContain(expectations[locale].accessibility[other]);
				expect(accessibility.body).toContain(AUTHORITY_URLS[country].accessibility);
				expect(accessibility.body).toContain(network.contactEmail);
				expect(accessibility.body).toContain(network.name);
				expect(privacy.body).toContain(expectations[locale].privacy[country]);
				expect(privacy.body).toContain(AUTHORITY_URLS[country].privacy);
				expect(privacy.body).toContain(network.contactEmail);
				expect(privacy.body).toContain(network.name);
				expect(description.body).toContain(network.name);
				for (const words of expectations[locale].words) {
					expect(accessibility.body + privacy.body).toContain(words);
				}
			}
		}
	});

	it('lists the open networks with a short description in the visitor’s language', async () => {
		const network = await newNetwork(database.db, { name: 'Aaa Första nätverket' });
		const long = `${'Ett långt första stycke om nätverkets arbete. '.repeat(12)}\n\nAndra stycket.`;
		await upsertNetworkText(
			database.db,
			network.id,
			{ kind: 'description', locale: 'sv', body: long },
			null,
			new Date()
		);
		const listed = await listPublicNetworks(database.db, 'sv');
		const item = listed.find((n) => n.slug === network.slug);
		expect(item?.summary.length).toBeLessThanOrEqual(221);
		expect(item?.summary.endsWith('…')).toBe(true);
		expect(item?.summary).not.toContain('Andra stycket');
		expect(item?.summaryLocale).toBe('sv');
	});
});

describe('instance-wide texts and the quick exit address', () => {
	it('has an accessibility statement and privacy notice in every language without placeholders', () => {
		for (const locale of ['sv', 'nb', 'en'] as const) {
			for (const kind of ['accessibility', 'privacy'] as const) {
				const text = instanceText(kind, locale);
				expect(text.length).toBeGreaterThan(300);
				expect(text).not.toMatch(/\{[a-zA-Z]+\}/);
			}
			expect(instanceText('accessibility', locale)).toContain('https://www.digg.se');
			expect(instanceText('accessibility', locale)).toContain('https://www.uutilsynet.no');
		}
	});

	it('takes QUICK_EXIT_URL only when it is an http(s) address', () => {
		expect(quickExitUrl('sv', null, {})).toBe(QUICK_EXIT_URL);
		expect(quickExitUrl('sv', null, { QUICK_EXIT_URL: 'http://127.0.0.1:4399/weather' })).toBe(
			'http://127.0.0.1:4399/weather'
		);
		expect(quickExitUrl('sv', null, { QUICK_EXIT_URL: 'javascript:alert(1)' })).toBe(QUICK_EXIT_URL);
		expect(quickExitUrl('sv', null, { QUICK_EXIT_URL: 'not a url' })).toBe(QUICK_EXIT_URL);
	});

	it('leaves for a neutral site in the language of the page, unless the network chose its own', () => {
		const sites = PUBLIC_LOCALES.map((locale) => quickExitUrl(locale, null, {}));
		expect(sites).toEqual([...PUBLIC_LOCALES].map((locale) => QUICK_EXIT_URLS[locale]));
		// One site per language, each https and none the Swedish one but Swedish.
		expect(new Set(sites).size).toBe(PUBLIC_LOCALES.length);
		for (const site of sites) expect(new URL(site).protocol).toBe('https:');
		// The network's own choice wins over the installation's and the language's…
		for (const locale of PUBLIC_LOCALES) {
			expect(quickExitUrl(locale, 'https://www.nsd.se/', { QUICK_EXIT_URL: 'https://example.org/' })).toBe(
				'https://www.nsd.se/'
			);
		}
		// …but only an https address with a host is one.
		for (const bad of ['http://www.nsd.se/', 'javascript:alert(1)', 'https://user:pw@www.nsd.se/', 'www.nsd.se']) {
			expect(quickExitUrl('fi', bad, {})).toBe(QUICK_EXIT_URLS.fi);
		}
	});

	it('the form takes an empty address (the neutral sites) or an https one, and says so in every language', () => {
		expect(publicTextsSchema.parse({ ...emptyTexts, locale: 'se', quickExitUrl: '' }).quickExitUrl).toBeNull();
		expect(
			publicTextsSchema.parse({ ...emptyTexts, locale: 'fit', quickExitUrl: ' https://www.nsd.se ' })
		).toMatchObject({ locale: 'fit', quickExitUrl: 'https://www.nsd.se' });
		expect(publicTextsSchema.parse({ ...emptyTexts, locale: 'sv' }).quickExitUrl).toBeUndefined();
		const refused = publicTextsSchema.safeParse({ ...emptyTexts, locale: 'sv', quickExitUrl: 'nsd.se' });
		expect(refused.success).toBe(false);
		expect(refused.error?.issues[0].message).toBe('error_quick_exit_url_invalid');
		for (const locale of PUBLIC_LOCALES) {
			expect(m.error_quick_exit_url_invalid({}, { locale })).toContain('https://');
		}
	});
});

describe.each(testDialects)('public languages and the quick exit of a network (%s)', (dialect) => {
	let database: TestDatabase;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
	});
	afterAll(async () => {
		await database?.cleanup();
	});

	it("shows a network's Meänkieli and Sami texts when asked for, and offers only what it has written", async () => {
		const network = await newNetwork(database.db, { name: 'Tornedalens nätverk' });
		const now = new Date();
		await upsertNetworkText(
			database.db,
			network.id,
			{ kind: 'description', locale: 'sv', body: 'På svenska.' },
			null,
			now
		);
		await upsertNetworkText(
			database.db,
			network.id,
			{ kind: 'description', locale: 'fit', body: 'Meänkielelä.' },
			null,
			now
		);
		const plain = await publicNetworkPage(database.db, network.slug, 'sv', { env: {} });
		expect(plain?.textLanguages).toEqual(['fit']);
		expect(plain?.texts.description).toMatchObject({ body: 'På svenska.', locale: 'sv' });
		const fit = await publicNetworkPage(database.db, network.slug, 'sv', { textLanguage: 'fit', env: {} });
		expect(fit?.texts.description).toMatchObject({ body: 'Meänkielelä.', locale: 'fit', source: 'network' });
		// A text it has not written in Meänkieli falls back to the network's language, marked as such.
		expect(fit?.texts.contact.locale).toBe('sv');
		// Sami without Sami texts is not offered, and asking for it shows the ordinary page.
		const se = await publicNetworkPage(database.db, network.slug, 'sv', { textLanguage: 'se', env: {} });
		expect(se?.texts.description.locale).toBe('sv');
		// Finnish page: the built-in Finnish texts, and the quick exit of Finland's weather service.
		const fi = await publicNetworkPage(database.db, network.slug, 'fi', { env: {} });
		expect(fi?.texts.contact).toMatchObject({ locale: 'fi', source: 'default' });
		expect(fi?.texts.contact.body).toContain('Tornedalens nätverk');
		expect(fi?.quickExitUrl).toBe(QUICK_EXIT_URLS.fi);
	});

	it("the network's own quick exit: set by a communicator, https only, shown on its pages", async () => {
		const network = await newNetwork(database.db);
		const communicator = await newMember(database.db, network.id, { role: 'communicator' });
		const member = await newMember(database.db, network.id, { role: 'member' });
		const ctx = serviceContext(database.db, { network, user: communicator.user, role: 'communicator' });
		expect(await quickExitChoice(ctx)).toBeNull();
		expect((await saveQuickExitChoice(ctx, 'http://www.nsd.se/')).ok).toBe(false);
		expect(await quickExitChoice(ctx)).toBeNull();
		expect((await saveQuickExitChoice(ctx, 'https://www.nsd.se/')).ok).toBe(true);
		expect(await quickExitChoice(ctx)).toBe('https://www.nsd.se/');
		for (const locale of PUBLIC_LOCALES) {
			const page = await publicNetworkPage(database.db, network.slug, locale, { env: {} });
			expect(page?.quickExitUrl).toBe('https://www.nsd.se/');
		}
		const audit = await database.db
			.selectFrom('audit_event')
			.select('action')
			.where('entity_id', '=', network.id)
			.execute();
		expect(audit.map((row) => row.action)).toContain('network.settings_changed');
		const memberCtx = serviceContext(database.db, { network, user: member.user, role: 'member' });
		await expect(saveQuickExitChoice(memberCtx, null)).rejects.toThrow();
		expect((await saveQuickExitChoice(ctx, null)).ok).toBe(true);
		expect((await publicNetworkPage(database.db, network.slug, 'nb', { env: {} }))?.quickExitUrl).toBe(
			QUICK_EXIT_URLS.nb
		);
	});
});
