// Swedish personnummer/samordningsnummer and Norwegian fødselsnummer/D-nummer. Candidates are found
// by shape and confirmed by the packages that know the rules (dates, check digits), so a date or a
// reference number with the same shape is not reported.
import { idnr } from '@navikt/fnrvalidator';
import Personnummer from 'personnummer';
import type { PiiType, Span } from './types.ts';

// YYMMDD or YYYYMMDD, then `-`, `+`, a space or nothing, then four digits. Dashes people type
// (en dash, non-breaking space) count as separators too, so they cannot be used to slip a number by.
const swedishShape = /(?<!\p{N})((?:1[89]|20)?\d{6})[ \u00a0]?([-+\u2010-\u2013 \u00a0]?)[ \u00a0]?(\d{4})(?!\p{N})/gu;
// DDMMYY then five digits, optionally split by a space, dot or dash after the date.
const norwegianShape = /(?<!\p{N})(\d{6})[ \u00a0.\-\u2013]?(\d{5})(?!\p{N})/gu;

/** The Swedish type of a candidate, or null when it is not a valid number. */
export function swedishType(date: string, separator: string, serial: string): PiiType | null {
	const sep = separator === '+' ? '+' : '-';
	const value = date.length === 8 ? `${date}${serial}` : `${date}${sep}${serial}`;
	try {
		if (!Personnummer.valid(value, { allowCoordinationNumber: true, allowInterimNumber: false })) return null;
		const parsed = Personnummer.parse(value, { allowCoordinationNumber: true, allowInterimNumber: false });
		return parsed.isCoordinationNumber() ? 'samordningsnummer' : 'personnummer';
	} catch {
		return null;
	}
}

/** The Norwegian type of eleven digits, or null when they are not a valid number. */
export function norwegianType(digits: string): PiiType | null {
	if (!/^\d{11}$/.test(digits)) return null;
	const result = idnr(digits);
	if (result.status !== 'valid') return null;
	// D-numbers (day + 40) are their own type; H- and test numbers are still someone's number.
	return result.type.startsWith('dnr') ? 'd-nummer' : 'fodselsnummer';
}

/** The identity-number type of a phone-shaped candidate that is written exactly like an ID, else null. */
export function idTypeOfExactShape(raw: string): PiiType | null {
	// Written with a separator after the date (or with the century), it is an identity number;
	// ten digits in a row are left to the phone check, as the issue asks.
	const se = /^((?:1[89]|20)\d{6}|\d{6})([-+ \u00a0\u2010-\u2013]?)(\d{4})$/.exec(raw.trim());
	if (se && (se[2] !== '' || se[1].length === 8)) return swedishType(se[1], se[2].trim(), se[3]);
	const digits = raw.replace(/[\s.\-\u2013]/g, '');
	return norwegianType(digits);
}

export function findIdentityNumbers(text: string): Span[] {
	const spans: Span[] = [];
	for (const match of text.matchAll(swedishShape)) {
		const type = swedishType(match[1], match[2].trim(), match[3]);
		if (type) spans.push({ type, start: match.index, end: match.index + match[0].length });
	}
	for (const match of text.matchAll(norwegianShape)) {
		const type = norwegianType(match[1] + match[2]);
		if (type) spans.push({ type, start: match.index, end: match.index + match[0].length });
	}
	return spans;
}
