import ICAL from 'ical.js';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	contactsCsv,
	contactVcard,
	contactsVcard,
	escapeVcardText,
	foldVcardLine,
	type ContactExport
} from './exports.ts';
import { csvSeparator } from '../platform/csv.ts';

const contact: ContactExport = {
	id: '0b9f3a52-1d7e-4c1e-9a55-6f1c2d3e4f50',
	name: 'Åsa Öberg-Lind',
	organisation: 'Socialtjänsten, Luleå; vuxenenheten',
	organisationType: 'Socialtjänst',
	municipality: 'Luleå',
	function: 'Kontaktperson för hedersrelaterade ärenden\nmån–fre',
	phone: '+46920453000',
	phoneFormatted: '0920-45 30 00',
	email: 'asa.oberg@example.se',
	lastVerifiedOn: '2026-10-01'
};

const header = {
	name: 'Namn',
	organisation: 'Organisation',
	type: 'Typ',
	municipality: 'Kommun',
	function: 'Funktion',
	phone: 'Telefon',
	email: 'E-post',
	lastVerified: 'Senast kontrollerad'
};

describe('vCard', () => {
	it('escapes backslash, comma, semicolon and line breaks', () => {
		expect(escapeVcardText('a\\b,c;d\ne')).toBe('a\\\\b\\,c\\;d\\ne');
	});

	it('folds at 75 octets without splitting characters', () => {
		const line = `NOTE:${'å'.repeat(100)}`;
		const folded = foldVcardLine(line);
		for (const part of folded.split('\r\n')) expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
		expect(
			folded
				.split('\r\n')
				.map((p, i) => (i === 0 ? p : p.slice(1)))
				.join('')
		).toBe(line);
	});

	it('writes a vCard 4.0 that ical.js reads back', () => {
		const text = contactVcard({ ...contact, organisation: `${contact.organisation} ${'x'.repeat(80)}` });
		expect(text.startsWith('BEGIN:VCARD\r\nVERSION:4.0\r\n')).toBe(true);
		expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
		const [, properties] = ICAL.parse(text) as [string, [string, Record<string, unknown>, string, ...unknown[]][]];
		const byName = (name: string) => properties.find((p) => p[0] === name);
		expect(byName('version')?.[3]).toBe('4.0');
		expect(byName('fn')?.[3]).toBe('Åsa Öberg-Lind');
		expect(byName('n')?.[3]).toEqual(['Öberg-Lind', 'Åsa', '', '', '']);
		expect(byName('org')?.[3]).toBe(`Socialtjänsten, Luleå; vuxenenheten ${'x'.repeat(80)}`);
		expect(byName('title')?.[3]).toBe('Kontaktperson för hedersrelaterade ärenden\nmån–fre');
		expect(byName('tel')?.[1]).toEqual({ type: 'work' });
		expect(byName('tel')?.[3]).toBe('tel:+46920453000');
		expect(byName('email')?.[3]).toBe('asa.oberg@example.se');
	});

	it('writes many contacts into one file', () => {
		const text = contactsVcard([
			contact,
			{ ...contact, id: 'x', name: 'Per', phone: null, email: null, function: null }
		]);
		const parsed = ICAL.parse(text) as unknown[];
		expect(parsed).toHaveLength(2);
	});
});

describe('CSV', () => {
	it('writes a BOM, semicolons and CRLF, and neutralises formulas', () => {
		const text = contactsCsv(header, [contact, { ...contact, name: '=SUM(1)', function: '+1', email: '@x' }]);
		expect(text.startsWith('\uFEFF')).toBe(true);
		expect(text.split('\r\n')).toHaveLength(4);
		const rows = parse(text, { bom: true, delimiter: ';', record_delimiter: '\r\n' }) as string[][];
		expect(rows[0]).toEqual(Object.values(header));
		expect(rows[1][0]).toBe('Åsa Öberg-Lind');
		expect(rows[1][1]).toBe('Socialtjänsten, Luleå; vuxenenheten');
		expect(rows[1][5]).toBe('0920-45 30 00');
		expect(rows[2][0]).toBe("'=SUM(1)");
		expect(rows[2][4]).toBe("'+1");
		expect(rows[2][6]).toBe("'@x");
	});
});

describe('CSV of contacts with any text', () => {
	const text = fc.string({
		unit: fc.oneof(
			fc.constantFrom(';', ',', '"', "'", '\r', '\n', '\t', ' ', '\u3000', '=', '+', '-', '@', '＝', '＋', '－', '＠'),
			fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })
		),
		maxLength: 10
	});
	const formula = /^[=+\-@\t\r＝＋－＠]/;

	it.each([
		['sv', ';'],
		['en', ',']
	])('reads back as written in %s (separator %j), and no cell starts a formula', (locale, separator) => {
		fc.assert(
			fc.property(fc.array(fc.tuple(text, text, text), { minLength: 1, maxLength: 5 }), (people) => {
				const contacts = people.map(([name, organisation, fn]) => ({ ...contact, name, organisation, function: fn }));
				const rows = parse(contactsCsv(header, contacts, csvSeparator(locale)), {
					bom: true,
					delimiter: separator
				}) as string[][];
				expect(rows).toHaveLength(contacts.length + 1);
				rows.slice(1).forEach((row, i) => {
					expect(row).toHaveLength(8);
					const [name, organisation, , , fn] = row;
					expect([contacts[i].name, `'${contacts[i].name}`]).toContain(name);
					expect([contacts[i].organisation, `'${contacts[i].organisation}`]).toContain(organisation);
					expect([contacts[i].function, `'${contacts[i].function}`]).toContain(fn);
					for (const cell of row) expect(formula.test(cell.trim().replace(/^["＂]+/, ''))).toBe(false);
				});
			}),
			{ numRuns: 500 }
		);
	});
});
