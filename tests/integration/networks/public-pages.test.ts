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
import { QUICK_EXIT_URL } from '#lib/quick-exit.ts';
import { newNetwork } from '../../fixtures/factories.ts';
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
		expect(quickExitUrl({})).toBe(QUICK_EXIT_URL);
		expect(quickExitUrl({ QUICK_EXIT_URL: 'http://127.0.0.1:4399/weather' })).toBe('http://127.0.0.1:4399/weather');
		expect(quickExitUrl({ QUICK_EXIT_URL: 'javascript:alert(1)' })).toBe(QUICK_EXIT_URL);
		expect(quickExitUrl({ QUICK_EXIT_URL: 'not a url' })).toBe(QUICK_EXIT_URL);
	});
});
