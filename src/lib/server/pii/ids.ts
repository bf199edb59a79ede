// Swedish personnummer/samordningsnummer and Norwegian fødselsnummer/D-nummer. Candidates are found
// by shape and confirmed by the packages that know the rules (dates, check digits), so a date or a
// reference number with the same shape is not reported.
//
// A mistyped number still identifies a person, so the guard fails closed on the check digit: a
// number written exactly like an identity number with a separator after a valid date ("850315-1234",
// "19850315-1234", "150765 00566") is reported even when its check digit is wrong, and so are ten,
// eleven or twelve digits in a row (or split by a space) after a cue word ("pnr 8503151234",
// "fnr 15076500566"). Such spans are marked `unchecked`: they give way to any phone number.
import { idnr } from '@navikt/fnrvalidator';
import Personnummer from 'personnummer';
import type { PiiType, Span } from './types.ts';

// YYMMDD or YYYYMMDD, then `-`, `+`, a space or nothing, then four digits. Dashes people type
// (en dash, non-breaking space) count as separators too, so they cannot be used to slip a number by.
const swedishShape = /(?<!\p{N})((?:1[89]|20)?\d{6})[ \u00a0]?([-+\u2010-\u2013 \u00a0]?)[ \u00a0]?(\d{4})(?!\p{N})/gu;
// DDMMYY then five digits, optionally split by a space, dot or dash after the date.
const norwegianShape = /(?<!\p{N})(\d{6})([ \u00a0.\-\u2013]?)(\d{5})(?!\p{N})/gu;

// Words that say the digits after them are an identity number ("pnr: 8503151234", "født 15076500566").
const cue =
	/(?<![\p{L}\p{N}])(?:född|född[ \u00a0]den|født|fødd|f\.|personnummer|personnumret|personnummeret|personnr|pers\.?[ \u00a0]?nr|p-nr|pnr|fødselsnummer|fødselsnummeret|fødselsnr|f-nr|fnr|samordningsnummer|samordningsnumret|samordningsnr|d-nummer|d-nummeret|d-nr|id-nummer|id-nr)[.:]?[ \u00a0]*(?:\(|(?:är|er|var)[ \u00a0]+)?$/iu;

function cueBefore(text: string, index: number): boolean {
	return cue.test(text.slice(Math.max(0, index - 40), index));
}

const leapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/** Is day/month a date (of `year`; any leap year when only two digits are known)? */
function calendarDate(year: number | null, month: number, day: number): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	const february = year === null || leapYear(year) ? 29 : 28;
	return day <= [31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** The Swedish type of a date part (YYMMDD or YYYYMMDD) that is a birth date, whatever the check digit. */
function swedishTypeByDate(date: string): PiiType | null {
	const full = date.length === 8;
	const year = full ? Number(date.slice(0, 4)) : Number(date.slice(0, 2));
	const month = Number(date.slice(-4, -2));
	let day = Number(date.slice(-2));
	const coordination = day > 60;
	if (coordination) day -= 60;
	// Two digits: 00 is a leap year in 2000, the only case that matters for people alive.
	if (!calendarDate(full ? year : year % 4 === 0 ? null : 2001, month, day)) return null;
	// A date with its century must not lie in the future: it is a birth date.
	if (full && new Date(Date.UTC(year, month - 1, day)).getTime() > Date.now()) return null;
	return coordination ? 'samordningsnummer' : 'personnummer';
}

/** The Norwegian type of eleven digits whose first six are a birth date (day + 40 for a D-nummer). */
function norwegianTypeByDate(digits: string): PiiType | null {
	let day = Number(digits.slice(0, 2));
	const month = Number(digits.slice(2, 4));
	const year = Number(digits.slice(4, 6));
	const dNumber = day > 40;
	if (dNumber) day -= 40;
	if (!calendarDate(year % 4 === 0 ? null : 2001, month, day)) return null;
	return dNumber ? 'd-nummer' : 'fodselsnummer';
}

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
	const unchecked: Span[] = [];
	for (const match of text.matchAll(swedishShape)) {
		const start = match.index;
		const end = start + match[0].length;
		const separator = match[2].trim();
		const type = swedishType(match[1], separator, match[3]);
		if (type) spans.push({ type, start, end });
		else {
			// A space is no separator here: "850315 1234" may be two numbers unless a cue says otherwise.
			const byDate = separator !== '' || cueBefore(text, start) ? swedishTypeByDate(match[1]) : null;
			if (byDate) unchecked.push({ type: byDate, start, end, unchecked: true });
		}
	}
	for (const match of text.matchAll(norwegianShape)) {
		const start = match.index;
		const end = start + match[0].length;
		const type = norwegianType(match[1] + match[3]);
		if (type) spans.push({ type, start, end });
		else {
			const byDate = match[2] !== '' || cueBefore(text, start) ? norwegianTypeByDate(match[1] + match[3]) : null;
			if (byDate) unchecked.push({ type: byDate, start, end, unchecked: true });
		}
	}
	for (const span of unchecked)
		if (!spans.some((other) => span.start < other.end && other.start < span.end)) spans.push(span);
	return spans;
}
