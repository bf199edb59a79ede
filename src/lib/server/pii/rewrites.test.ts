// fast-check properties: an identifier the guard finds when written plainly is still found when it
// is rewritten to look the same on screen (other digits, invisible characters, line breaks and
// dashes as separators, regrouped, reversed under a bidi override) — and "Mask all" removes it.
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import Personnummer from 'personnummer';
import { describe, expect, it } from 'vitest';
import { maskAll } from './mask.ts';
import { textView } from './normalise.ts';
import { scanSync } from './scan.ts';
import {
	norwegianFormats,
	norwegianMobile,
	norwegianNumber,
	swedishFormats,
	swedishMobile,
	swedishNumber,
	swedishPhoneFormats,
	norwegianPhoneFormats
} from './test-numbers.ts';
import { rewrite, rewriteKinds, type RewriteKind } from './test-rewrites.ts';
import type { PiiType } from './types.ts';

const words = fc
	.array(
		fc.constantFrom(
			'flickan',
			'jenta',
			'mamman',
			'moren',
			'berättar',
			'forteller',
			'att',
			'at',
			'i',
			'på',
			'och',
			'og',
			'skolan',
			'skolen',
			'2026',
			'15',
			'kl.',
			'13.00',
			'mars',
			'kronor',
			'12 500',
			'NBT-2026-0042',
			'Luleå',
			'Tromsø'
		),
		{ maxLength: 8 }
	)
	.map((list) => list.join(' '));
const before = fc
	.tuple(words, fc.constantFrom(' ', ': ', ' (', ', ', '\n', ' – '))
	.map(([w, sep]) => (w ? w + sep : ''));
const after = fc.tuple(fc.constantFrom(' ', ') ', ', ', '. ', '\n'), words).map(([sep, w]) => (w ? sep + w : '.'));
const kind = fc.constantFrom(...rewriteKinds);
const randomSource = fc.infiniteStream(fc.double({ min: 0, max: 0.999999, noNaN: true }));
const date = fc.record({
	year: fc.integer({ min: 1940, max: 2025 }),
	month: fc.integer({ min: 1, max: 12 }),
	day: fc.integer({ min: 1, max: 28 }),
	serial: fc.integer({ min: 1, max: 999 })
});

const invisibleEdges = /^[\p{Cf}\p{Default_Ignorable_Code_Point}]+|[\p{Cf}\p{Default_Ignorable_Code_Point}]+$/gu;

/** The finding of one of `types` covering the visible part of `written` inside `text`, and the mask. */
function expectFoundRewritten(text: string, written: string, types: PiiType[]) {
	const core = written.replace(invisibleEdges, '');
	const start = text.indexOf(core);
	const end = start + core.length;
	const { findings } = scanSync(text);
	const covering = findings.filter((f) => f.start <= start && f.end >= end && types.includes(f.type));
	expect(covering, `${JSON.stringify(text)} → ${JSON.stringify(findings)}`).toHaveLength(1);
	// "Mask all" leaves none of the rewritten identifier behind, and nothing left reads as one.
	const masked = maskAll(text, findings, 'sv');
	expect(masked.includes(core)).toBe(false);
	const visibleDigits = textView(core).text.replace(/\D/g, '');
	if (visibleDigits.length >= 7) expect(textView(masked).text.replace(/\D/g, '')).not.toContain(visibleDigits);
}

const streamRandom = (stream: fc.Stream<number>) => () => stream.next().value as number;

describe('rewritten identity numbers are found', () => {
	it('Swedish personnummer and samordningsnummer, every format and rewrite', () => {
		fc.assert(
			fc.property(
				before,
				date,
				fc.constantFrom(...swedishFormats.filter((format) => format !== 'plus')),
				fc.boolean(),
				kind,
				randomSource,
				after,
				(pre, parts, format, coordination, how, stream, post) => {
					const value = swedishNumber(parts, format, coordination);
					const written = rewrite(value, how, streamRandom(stream), { country: 'se' });
					const digits = value.replace(/\D/g, '');
					// Ten digits in a row that make a valid Swedish phone number are one (phones come first).
					const phoneToo = /^0\d{9}$/.test(digits) && parsePhoneNumberFromString(digits, 'SE')?.isValid();
					const types: PiiType[] = [coordination ? 'samordningsnummer' : 'personnummer'];
					expectFoundRewritten(pre + written + post, written, phoneToo ? [...types, 'phone'] : types);
				}
			),
			{ numRuns: 800 }
		);
	});

	it('Norwegian fødselsnummer and D-nummer, every format and rewrite', () => {
		fc.assert(
			fc.property(
				before,
				date,
				fc.constantFrom(...norwegianFormats),
				fc.boolean(),
				kind,
				randomSource,
				after,
				(pre, parts, format, dNumber, how, stream, post) => {
					const value = norwegianNumber(parts, format, dNumber);
					const written = rewrite(value, how, streamRandom(stream), { country: 'no' });
					expectFoundRewritten(pre + written + post, written, [dNumber ? 'd-nummer' : 'fodselsnummer']);
				}
			),
			{ numRuns: 800 }
		);
	});

	it.each([
		['12 12 12-12 12', 'personnummer'],
		['12.12.12-1212', 'personnummer'],
		['1212.12-1212', 'personnummer'],
		['1212\n12-1212', 'personnummer'],
		['19\n121212-1212', 'personnummer'],
		['0 7 0 1 2 3 4 5 6 7', 'phone'],
		['15 07 65 000 50', 'fodselsnummer'],
		['15.07.65 00050', 'fodselsnummer'],
		['12·12·12-1212', 'personnummer'],
		['12•12•12–12 12', 'personnummer'],
		['2026-03-15–2026-04-15', null],
		['15.03.26–20.03.26', null]
	] as const)('reads the grouping %s', (value, type) => {
		const { findings } = scanSync(`Uppgiven: ${value}, enligt anmälan.`);
		if (type) expect(findings.map((f) => [f.type, f.text])).toEqual([[type, value]]);
		else expect(findings).toEqual([]);
	});
});

describe('rewritten phone numbers and e-mail addresses are found', () => {
	it.each([
		['Mejla anna (dot) svensson (at) skolan (dot) se i dag.', 'anna (dot) svensson (at) skolan (dot) se'],
		['Skriv till ali[at]gmail[dot]com.', 'ali[at]gmail[dot]com'],
		['Adressen är anna.svensson＠skolan．se.', 'anna.svensson＠skolan．se'],
		[
			'Hon skriver från ｆａｔｕｍａ８８＠ｈｏｔｍａｉｌ．ｃｏｍ varje kväll.',
			'ｆａｔｕｍａ８８＠ｈｏｔｍａｉｌ．ｃｏｍ'
		]
	])('finds the e-mail address in %s', (text, address) => {
		expect(scanSync(text).findings.map((f) => [f.type, f.text])).toEqual([['email', address]]);
	});

	it('Swedish and Norwegian mobile numbers, every format and rewrite', () => {
		fc.assert(
			fc.property(
				before,
				fc.constantFrom('se', 'no'),
				fc.integer({ min: 0, max: 9_999_999 }),
				fc.integer({ min: 0, max: 5 }),
				kind,
				randomSource,
				after,
				(pre, country, subscriber, format, how, stream, post) => {
					const value =
						country === 'se'
							? swedishMobile('70', subscriber, swedishPhoneFormats[format])
							: norwegianMobile('9', subscriber, norwegianPhoneFormats[format]);
					fc.pre(
						parsePhoneNumberFromString(value.replace(/^00/, '+'), country === 'se' ? 'SE' : 'NO')?.isValid() === true
					);
					// Eight digits in a row before "kronor" are an amount: the one reading the guard gives up.
					fc.pre(!/^\s*kronor/.test(post));
					const written = rewrite(value, how, streamRandom(stream));
					// "070274-7171" is a valid samordningsnummer written as one: found as that, still masked.
					const idToo = Personnummer.valid(value.replace(/\D/g, ''), {
						allowCoordinationNumber: true,
						allowInterimNumber: false
					});
					const types: PiiType[] = idToo ? ['phone', 'personnummer', 'samordningsnummer'] : ['phone'];
					expectFoundRewritten(pre + written + post, written, types);
				}
			),
			{ numRuns: 800 }
		);
	});

	it('e-mail addresses, every rewrite', () => {
		const label = fc.stringMatching(/^[a-z][a-z0-9]{1,9}$/);
		fc.assert(
			fc.property(
				before,
				label,
				fc.option(label, { nil: undefined }),
				label,
				fc.constantFrom('se', 'no', 'com', 'nu'),
				kind,
				randomSource,
				after,
				(pre, local, second, domain, tld, how, stream, post) => {
					const value = `${local}${second ? `.${second}` : ''}@${domain}.${tld}`;
					const written = rewrite(value, how, streamRandom(stream));
					expectFoundRewritten(pre + written + post, written, ['email']);
				}
			),
			{ numRuns: 500 }
		);
	});
});

// Numbers in ranges the numbering plans have not assigned: possible, not valid.
function unassignedNorwegian(seed: number): string {
	for (let n = 20_000_000 + (seed % 79_999_999); ; n = n + 7919 > 99_999_999 ? 20_000_000 : n + 7919) {
		const number = parsePhoneNumberFromString(String(n), 'NO');
		if (number?.isPossible() && !number.isValid()) return String(n);
	}
}

describe('a possible phone number in a phone-like context is found, assigned or not', () => {
	const cues = [
		'ring',
		'Ring',
		'ringe',
		'ringa',
		'kontaktes på',
		'kan nås på',
		'nr',
		'nr.',
		'tel',
		'Tel:',
		'tlf.',
		'mobil:',
		'telefon'
	];

	it('after a cue word, also rewritten', () => {
		fc.assert(
			fc.property(
				before,
				fc.constantFrom(...cues),
				fc.integer({ min: 0, max: 79_999_999 }),
				fc.constantFrom('plain', '3-2-3', '2-2-2-2'),
				fc.constantFrom<RewriteKind | 'none'>('none', 'separator', 'invisible', 'digits', 'full-width'),
				randomSource,
				after,
				(pre, cue, seed, grouping, how, stream, post) => {
					const digits = unassignedNorwegian(seed);
					const value =
						grouping === 'plain'
							? digits
							: grouping === '3-2-3'
								? `${digits.slice(0, 3)} ${digits.slice(3, 5)} ${digits.slice(5)}`
								: digits.match(/../g)!.join(' ');
					fc.pre(!/^\s*kronor/.test(post));
					// After "nr", a year and four digits ("nr 2026 0042") are a reference: the guard's choice.
					fc.pre(!(/^nr/.test(cue) && /^(?:19|20)/.test(digits)));
					const written = how === 'none' ? value : rewrite(value, how, streamRandom(stream));
					expectFoundRewritten(`${pre}${cue} ${written}${post}`, written, ['phone']);
				}
			),
			{ numRuns: 500 }
		);
	});

	it.each([
		['Hun kan kontaktes på +47 433 48 989 etter klokken tre.', '+47 433 48 989'],
		['Ring 49171546 om det haster.', '49171546'],
		['Mamman bad oss ringe 422 55 541.', '422 55 541'],
		['Tel: 0709 99 99 99', '0709 99 99 99']
	])('%s', (text, number) => {
		expect(scanSync(text).findings.map((f) => [f.type, f.text])).toEqual([['phone', number]]);
	});

	it.each([
		'Ärende nr 2026-0042 gäller en flicka i årskurs 7.',
		'Saksnr 2026/1234 er avsluttet.',
		'Vi har 49171546 kronor i budsjettet.',
		'Mötet är den 2026-03-15 kl. 13.00–15.00 i rum 12.',
		'Referens: org.nr 556677-8899.',
		'Bilaga nr 12345678 skickades med.'
	])('leaves a reference, amount or date alone: %s', (text) => {
		expect(scanSync(text).findings).toEqual([]);
	});
});

describe('offsets stay those of the text as typed', () => {
	it('with characters outside the basic plane before a finding', () => {
		const text = 'Flickan 🙂 Amira nås på ０７０－１２３ ４５ ６７, pnr 𝟏𝟐𝟏𝟐𝟏𝟐-𝟏𝟐𝟏𝟐.';
		const { findings } = scanSync(text);
		expect(findings.map((f) => [f.type, f.text])).toEqual([
			['name', 'Amira'],
			['phone', '０７０－１２３ ４５ ６７'],
			['personnummer', '𝟏𝟐𝟏𝟐𝟏𝟐-𝟏𝟐𝟏𝟐']
		]);
		for (const f of findings) expect(text.slice(f.start, f.end)).toBe(f.text);
	});
});
