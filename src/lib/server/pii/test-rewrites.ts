// Ways people (or a script) rewrite an identifier so that it looks the same on screen but slips past
// a pattern on the raw text: for the property tests and the rewritten section of the corpus. Each
// rewrite keeps what a reader sees (the digits, the e-mail address) and changes the characters.
// Test data only.

/** A source of randomness in [0, 1): fast-check's or the corpus builder's seeded one. */
export type Random = () => number;

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];

// The digit 0 of scripts and styles whose digits a reader takes for 0–9.
const zeros = {
	fullWidth: 0xff10,
	arabicIndic: 0x0660,
	extendedArabicIndic: 0x06f0,
	devanagari: 0x0966,
	bengali: 0x09e6,
	thai: 0x0e50,
	myanmar: 0x1040,
	mathematicalBold: 0x1d7ce,
	doubleStruck: 0x1d7d8,
	sansSerif: 0x1d7e2,
	monospace: 0x1d7f6
} as const;
const superscripts = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
const subscripts = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];

export const digitStyles = [...Object.keys(zeros), 'superscript', 'subscript'] as const;
export type DigitStyle = (typeof digitStyles)[number];

/** `value` with its ASCII digits written in another script or style. */
export function restyleDigits(value: string, style: DigitStyle): string {
	return value.replace(/[0-9]/g, (digit) => {
		const n = Number(digit);
		if (style === 'superscript') return superscripts[n];
		if (style === 'subscript') return subscripts[n];
		return String.fromCodePoint(zeros[style as keyof typeof zeros] + n);
	});
}

/** `value` in full-width forms ("ａｎｎａ＠ｅｘａｍｐｌｅ．ｓｅ", "０７０－１２３"). */
export const fullWidth = (value: string): string =>
	value.replace(/[!-~]/g, (char) => String.fromCodePoint(char.codePointAt(0)! + 0xfee0));

// Separators that look like a space or a dash, or break the line, between the parts of a number.
export const separators = [
	'\n',
	'\r\n',
	'\t',
	'  ',
	' \n ',
	'\u2014', // em dash
	'\u2212', // minus sign
	'\u00ad', // soft hyphen
	'\u2010', // hyphen
	'\u2011', // non-breaking hyphen
	'\u2012', // figure dash
	'\u2015', // horizontal bar
	'\ufe63', // small hyphen-minus
	'\uff0d', // full-width hyphen-minus
	' \u2013 ',
	' - ',
	'\u2009', // thin space
	'\u202f', // narrow no-break space
	'\u3000' // ideographic space
] as const;

// Characters nobody sees: zero-width ones, joiners, bidi marks and embeddings, variation selectors.
export const invisibles = [
	'\u200b',
	'\u200c',
	'\u200d',
	'\u2060',
	'\ufeff',
	'\u200e',
	'\u200f',
	'\u061c',
	'\u2066',
	'\u2067',
	'\u2068',
	'\u2069',
	'\u202a',
	'\u202b',
	'\u202c',
	'\u202d',
	'\ufe0f',
	'\u034f',
	'\u180e'
] as const;

/** `value` with its separators (spaces, dashes) replaced by `separator`, or one put in at `at` if it has none. */
export function replaceSeparators(value: string, separator: string, at: number): string {
	if (/[ -]/.test(value)) return value.replace(/(?<=[0-9])[ -](?=[0-9])/g, separator);
	return value.slice(0, at) + separator + value.slice(at);
}

/** `value` with invisible characters put between some of its characters. */
export function sprinkleInvisibles(value: string, random: Random): string {
	const chars = [...value];
	let out = '';
	chars.forEach((char, i) => {
		out += char;
		if (i < chars.length - 1 && (random() < 0.35 || i === 0)) out += pick(random, invisibles);
	});
	return out;
}

/** `value` stored backwards under a right-to-left override: it reads forwards on screen. */
export const reversedUnderOverride = (value: string): string => `\u202e${[...value].reverse().join('')}\u202c`;

/** `value` struck through with a combining mark on every character ("8̶5̶0̶…"). */
export const struckThrough = (value: string): string => [...value].map((char) => `${char}\u0336`).join('');

/** The digits of an identity number regrouped as people write them: pairs or dots in the date. */
export function regroupIdentity(digits: string, country: 'se' | 'no', random: Random): string {
	if (country === 'se') {
		const dateLength = digits.length - 4;
		const date = digits.slice(0, dateLength);
		const serial = digits.slice(dateLength);
		const pairs = dateLength === 8 ? [date.slice(0, 4), date.slice(4, 6), date.slice(6)] : date.match(/../g)!;
		const dateSeparator = pick(random, [' ', '.', '-']);
		const serialWritten = random() < 0.5 ? serial : `${serial.slice(0, 2)} ${serial.slice(2)}`;
		return `${pairs.join(dateSeparator)}${pick(random, ['-', ' ', '-'])}${serialWritten}`;
	}
	const date = digits.slice(0, 6).match(/../g)!;
	const serial = digits.slice(6);
	const serialWritten = random() < 0.5 ? serial : `${serial.slice(0, 3)} ${serial.slice(3)}`;
	return `${date.join(pick(random, [' ', '.']))} ${serialWritten}`;
}

/** `value` with every digit set apart by a space ("0 7 0 1 2 3 …"). */
export const spacedOut = (value: string): string =>
	value.replace(/[0-9]/g, ' $&').replace(/ {2,}/g, ' ').replace(/\+ /, '+').trimStart();

export const rewriteKinds = [
	'separator',
	'grouping',
	'invisible',
	'digits',
	'full-width',
	'reversed',
	'struck',
	'grouping+digits',
	'separator+invisible',
	'spaced'
] as const;
export type RewriteKind = (typeof rewriteKinds)[number];

/**
 * `value` (an identity number, phone number or e-mail address as normally written) rewritten in the
 * way `kind` names. Kinds that do not apply to e-mail addresses (separators, grouping, digits)
 * become the nearest one that does.
 */
export function rewrite(value: string, kind: RewriteKind, random: Random, identity?: { country: 'se' | 'no' }): string {
	const isEmail = value.includes('@');
	switch (kind) {
		case 'separator':
			if (isEmail) return value.replace('@', pick(random, ['＠', '﹫', ' @\n']));
			return replaceSeparators(value, pick(random, separators), value.length - (identity?.country === 'no' ? 5 : 4));
		case 'grouping':
			if (!identity) return rewrite(value, 'separator', random);
			return regroupIdentity(value.replace(/\D/g, ''), identity.country, random);
		case 'invisible':
			return sprinkleInvisibles(value, random);
		case 'digits':
			if (isEmail) return fullWidth(value);
			return restyleDigits(value, pick(random, digitStyles));
		case 'full-width':
			return fullWidth(value);
		case 'reversed':
			return reversedUnderOverride(value);
		case 'struck':
			return struckThrough(value);
		case 'grouping+digits':
			return rewrite(rewrite(value, 'grouping', random, identity), 'digits', random, identity);
		case 'separator+invisible':
			return sprinkleInvisibles(rewrite(value, 'separator', random, identity), random);
		case 'spaced':
			return isEmail ? fullWidth(value) : spacedOut(value);
	}
}

/** A seeded source of randomness (mulberry32), so a generated corpus only changes with its code. */
export function seededRandom(seed: number): Random {
	let state = seed | 0;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Clean text rewritten the same ways: every number in it in another script, with invisible
 * characters, or with its spaces and dashes replaced. A guard that sees through rewritten
 * identifiers must still leave dates, amounts, times and reference numbers alone.
 */
export function rewriteNumbersIn(text: string, random: Random): string {
	const how = pick(random, ['digits', 'invisible', 'separator', 'full-width'] as const);
	return text.replace(/[0-9]+(?:[ .:/–-][0-9]+)*/g, (number) => {
		switch (how) {
			case 'digits':
				return restyleDigits(number, pick(random, digitStyles));
			case 'invisible':
				return sprinkleInvisibles(number, random);
			case 'separator':
				return number.replace(/(?<=[0-9])[ –-](?=[0-9])/g, () => pick(random, separators));
			case 'full-width':
				return fullWidth(number);
		}
	});
}
