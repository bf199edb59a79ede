// fast-check properties: every valid generated identity number and phone number, in
// every format, is found inside random Swedish or Norwegian text.
import { idnr } from '@navikt/fnrvalidator';
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import Personnummer from 'personnummer';
import { describe, expect, it } from 'vitest';
import { maskAll } from './mask.ts';
import { scanSync } from './scan.ts';
import {
	norwegianFormats,
	norwegianMobile,
	norwegianNumber,
	norwegianPhoneFormats,
	swedishFormats,
	swedishMobile,
	swedishNumber,
	swedishPhoneFormats
} from './test-numbers.ts';
import type { PiiType } from './types.ts';

// Words from case notes in both languages, including capitalised role words and numbers that are
// not personal data, so the surroundings are realistic and noisy.
const vocabulary = [
	'flickan',
	'pojken',
	'mamman',
	'pappan',
	'jenta',
	'gutten',
	'moren',
	'faren',
	'Mamman',
	'Jenta',
	'berättar',
	'forteller',
	'att',
	'at',
	'hon',
	'hun',
	'han',
	'inte',
	'ikke',
	'får',
	'går',
	'skolan',
	'skolen',
	'i',
	'på',
	'och',
	'og',
	'med',
	'till',
	'til',
	'år',
	'årskurs',
	'trinn',
	'kap.',
	'§',
	'LVU',
	'OSL',
	'SoL',
	'2026',
	'15',
	'9',
	'den',
	'mars',
	'juni',
	'kl.',
	'13.00',
	'NBT-2026-0042',
	'socialtjänsten',
	'barnevernet',
	'Luleå',
	'Oslo',
	'Tromsø',
	'Boden',
	'kronor',
	'12 500',
	'tel.',
	'nr',
	'pnr',
	'fnr',
	'mobil'
];
const words = fc.array(fc.constantFrom(...vocabulary), { minLength: 0, maxLength: 12 }).map((list) => list.join(' '));
const before = fc
	.tuple(words, fc.constantFrom(' ', ': ', ' (', ', ', '\n', ' – '))
	.map(([w, sep]) => (w ? w + sep : ''));
const after = fc.tuple(fc.constantFrom(' ', ') ', ', ', '. ', '\n'), words).map(([sep, w]) => (w ? sep + w : '.'));

const date = fc.record({
	year: fc.integer({ min: 1926, max: 2025 }),
	month: fc.integer({ min: 1, max: 12 }),
	day: fc.integer({ min: 1, max: 28 }),
	serial: fc.integer({ min: 1, max: 999 }) // serial 000 is never issued
});

/** The finding that covers `value` inside `text`, checked for type. */
function expectFound(text: string, value: string, types: PiiType[]) {
	const start = text.indexOf(value);
	const end = start + value.length;
	const covering = scanSync(text).findings.filter((f) => f.start <= start && f.end >= end);
	expect(
		covering.map((f) => f.type).filter((type) => types.includes(type)),
		`${JSON.stringify(text)}`
	).toHaveLength(1);
	// Masking leaves none of the digits behind.
	const masked = maskAll(text, scanSync(text).findings, 'sv');
	expect(masked.includes(value)).toBe(false);
}

describe('every valid identity number is found in random text', () => {
	it('Swedish personnummer and samordningsnummer, every format', () => {
		fc.assert(
			fc.property(
				before,
				date,
				fc.constantFrom(...swedishFormats),
				fc.boolean(),
				after,
				(pre, parts, format, coordination, post) => {
					const value = swedishNumber(
						{ ...parts, year: format === 'plus' ? 1900 + (parts.year % 26) : parts.year },
						format,
						coordination
					);
					expect(Personnummer.valid(value.replace(' ', '-'))).toBe(true);
					const text = pre + value + post;
					// Ten digits in a row that also make a valid Swedish phone number are reported as a
					// phone number (phones are checked first); still found and masked.
					const compactPhone = /^0\d{9}$/.test(value) && parsePhoneNumberFromString(value, 'SE')?.isValid();
					expectFound(text, value, compactPhone ? ['phone'] : [coordination ? 'samordningsnummer' : 'personnummer']);
				}
			),
			{ numRuns: 600 }
		);
	});

	it('Norwegian fødselsnummer and D-nummer, with and without a space', () => {
		fc.assert(
			fc.property(
				before,
				date.map((parts) => ({ ...parts, year: 1940 + (parts.year % 85) })),
				fc.constantFrom(...norwegianFormats),
				fc.boolean(),
				after,
				(pre, parts, format, dNumber, post) => {
					const value = norwegianNumber(parts, format, dNumber);
					expect(idnr(value.replace(' ', '')).status).toBe('valid');
					expectFound(pre + value + post, value, [dNumber ? 'd-nummer' : 'fodselsnummer']);
				}
			),
			{ numRuns: 600 }
		);
	});
});

describe('every valid phone number is found in random text', () => {
	it('Swedish mobile numbers, every format', () => {
		fc.assert(
			fc.property(
				before,
				fc.constantFrom('70', '72', '73', '76', '79'),
				fc.integer({ min: 0, max: 9_999_999 }),
				fc.constantFrom(...swedishPhoneFormats),
				after,
				(pre, prefix, subscriber, format, post) => {
					const value = swedishMobile(prefix as '70', subscriber, format);
					fc.pre(parsePhoneNumberFromString(value.replace(/^00/, '+'), 'SE')?.isValid() === true);
					expectFound(pre + value + post, value, ['phone']);
				}
			),
			{ numRuns: 600 }
		);
	});

	it('Norwegian mobile numbers, every format', () => {
		fc.assert(
			fc.property(
				before,
				fc.constantFrom('4', '9'),
				fc.integer({ min: 0, max: 9_999_999 }),
				fc.constantFrom(...norwegianPhoneFormats),
				after,
				(pre, first, subscriber, format, post) => {
					const value = norwegianMobile(first as '4', subscriber, format);
					// Eight digits in a row before "kronor" are an amount: the one reading the guard gives up.
					fc.pre(!(format === 'plain' && /^\s*kronor/.test(post)));
					fc.pre(parsePhoneNumberFromString(value.replace(/^00/, '+'), 'NO')?.isValid() === true);
					expectFound(pre + value + post, value, ['phone']);
				}
			),
			{ numRuns: 600 }
		);
	});
});

describe('scanning is total and exact', () => {
	it('never throws on arbitrary text and returns findings whose text matches their offsets', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
				const { findings } = scanSync(text);
				let previousEnd = 0;
				for (const f of findings) {
					expect(text.slice(f.start, f.end)).toBe(f.text);
					expect(f.start).toBeGreaterThanOrEqual(previousEnd);
					previousEnd = f.end;
				}
			}),
			{ numRuns: 500 }
		);
	});
});
