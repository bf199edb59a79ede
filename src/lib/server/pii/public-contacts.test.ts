import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowPublished, contactKey, publicContacts } from './public-contacts.ts';
import { scanSync } from './scan.ts';

/**
 * A network's own published contact details are no personal data (decision 016): the guard lets them
 * through in that network's texts, and nothing else — not the same number unpublished, not a near
 * variant, not a person's number beside it.
 */
const published = publicContacts([
	'+46920453000', // the network's phone, stored as E.164
	'kontakt@kompetensteamet.se',
	'Kompetensteamet, Stationsgatan 12, 972 38 Luleå. Telefon 0920-45 31 00.',
	'+4722000000', // a directory switchboard
	'Storgata 5, 0155 Oslo' // a visiting address
]);
const allow = allowPublished(published);
const types = (text: string, options = allow) => scanSync(text, options).findings.map((f) => `${f.type}:${f.text}`);

/** The ways people write one Swedish number: spaces, dashes, country code, none at all. */
const writings = (national: string) => {
	const digits = national.replace(/\D/g, '');
	const rest = digits.slice(1);
	return [
		national,
		digits,
		`+46 ${rest.slice(0, 3)} ${rest.slice(3, 5)} ${rest.slice(5, 7)} ${rest.slice(7)}`,
		`+46${rest}`,
		`0046 ${rest}`,
		`${digits.slice(0, 4)} ${digits.slice(4)}`,
		`${digits.slice(0, 4)}\u2013${digits.slice(4, 6)} ${digits.slice(6, 8)} ${digits.slice(8)}`
	];
};

describe('published contact details', () => {
	it('lets the network’s own phone, e-mail and address through however they are written', () => {
		for (const written of [...writings('0920-45 30 00'), ...writings('0920-45 31 00')])
			expect(types(`Ring oss på ${written} så hjälper vi till.`), written).toEqual([]);
		expect(types('Mejla KONTAKT@kompetensteamet.se eller kom till Stationsgatan 12, 972 38 Luleå.')).toEqual([]);
		expect(types('Växeln nås på 22 00 00 00, besök Storgata 5, 0155 Oslo.')).toEqual([]);
	});

	it('still reports the same number where it is not published (another network, or none)', () => {
		expect(types('Ring oss på 0920-45 30 00.', {})).toEqual(['phone:0920-45 30 00']);
		const other = allowPublished(publicContacts(['+46920111111', 'info@annat.se']));
		expect(types('Ring oss på 0920-45 30 00 eller mejla kontakt@kompetensteamet.se.', other)).toEqual([
			'phone:0920-45 30 00',
			'email:kontakt@kompetensteamet.se'
		]);
	});

	it('still reports a person’s number, e-mail or address beside the published ones', () => {
		expect(types('Ring oss på 0920-45 30 00 eller hennes mobil 070-123 45 67.')).toEqual(['phone:070-123 45 67']);
		expect(types('Mejla kontakt@kompetensteamet.se eller anna.berg@kompetensteamet.se.')).toEqual([
			'email:anna.berg@kompetensteamet.se'
		]);
		expect(types('Kontoret ligger på Stationsgatan 12; hon bor på Stationsgatan 14.')).toEqual([
			'address:Stationsgatan 14'
		]);
	});

	it('still reports every near variant of a published number (generated: one digit changed, added or dropped)', () => {
		const digits = '0920453000';
		const variant = fc
			.tuple(
				fc.integer({ min: 1, max: digits.length - 1 }),
				fc.integer({ min: 0, max: 9 }),
				fc.constantFrom('change', 'add', 'drop')
			)
			.map(([at, digit, how]) =>
				how === 'change'
					? `${digits.slice(0, at)}${digit}${digits.slice(at + 1)}`
					: how === 'add'
						? `${digits.slice(0, at)}${digit}${digits.slice(at)}`
						: `${digits.slice(0, at)}${digits.slice(at + 1)}`
			)
			// a variant may land on the other published number (0920-45 31 00), which is let through rightly
			.filter((number) => number !== digits && number !== '0920453100');
		fc.assert(
			fc.property(variant, (number) => {
				const text = `Ring ${number} i kväll.`;
				expect(scanSync(text, allow).findings).toEqual(scanSync(text).findings);
			})
		);
	});

	it('keys a number the same in every writing, and lets no name through', () => {
		const keys = new Set(writings('070-123 45 67').map((text) => contactKey({ type: 'phone', text })));
		expect([...keys]).toEqual(['phone:+46701234567']);
		expect(contactKey({ type: 'phone', text: '０７０－１２３ ４５ ６７' })).toBe('phone:+46701234567');
		expect(contactKey({ type: 'name', text: 'Anna Berg' })).toBeNull();
		const withName = allowPublished(publicContacts(['Ring Anna Berg på 0920-45 30 00.']));
		expect(types('Prata med Anna Berg.', withName)).toEqual(types('Prata med Anna Berg.', {}));
	});
});
