// Swedish and Norwegian phone numbers (and any valid international number). Runs before the
// identity-number check: a ten-digit Swedish number can pass the personnummer check digit too, and
// it is a phone number when written like one.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { idTypeOfExactShape } from './ids.ts';
import type { Span } from './types.ts';

// A run of digits with the separators people use in numbers; cut into groups and tried below.
const candidate = /(?<![\p{L}\p{N}_/+-])(?:\+|00)?\(?\d[\d \u00a0\-\u2013()./]{4,}\d(?![\p{N}]|[\p{L}]\p{N})/gu;
// Norwegian numbers have no trunk prefix: eight digits grouped 3-2-3, 2-2-2-2, 4-4 or not at all.
const norwegianGrouping = /^(?:\d{3}[ -]\d{2}[ -]\d{3}|\d{2}[ -]\d{2}[ -]\d{2}[ -]\d{2}|\d{4}[ -]\d{4}|\d{8})$/;
// "09.00–11.30", "10:00-11:30": a time span, not a number.
const timeSpan = /^\d{1,2}[.:]\d{2}[ \u00a0]?[-\u2013][ \u00a0]?\d{1,2}[.:]\d{2}$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const amountAfter = /^\s*(?:kr\b|kronor|kroner|sek\b|nok\b|:-|€|eur\b|%|st\b|timmar|timer|dagar|dager)/iu;

function compactDateLike(digits: string): boolean {
	if (!/^(?:19|20)\d{6}$/.test(digits)) return false;
	const month = Number(digits.slice(4, 6));
	const day = Number(digits.slice(6, 8));
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// Public service lines are not personal data; notes often refer people to them.
const publicLines = new Set([
	'+4620505050', // Kvinnofridslinjen
	'+46771567567', // Skatteverket
	'+46771524524', // Försäkringskassan
	'+46771235235', // Migrationsverket
	'+4755553333', // NAV
	'+4780057000', // Hjelpetelefonen for seksuelt misbrukte
	'+4780033321', // Kors på halsen
	'+4722400040', // Kirkens SOS
	'+46771505050', // BRIS vuxentelefon
	'+4687021680' // Jourhavande medmänniska
]);

function isPublicLine(raw: string): boolean {
	const cleaned = raw.replace(/\(0\)/g, '').trim().replace(/^00/, '+');
	const number = parsePhoneNumberFromString(cleaned, cleaned.startsWith('0') ? 'SE' : 'NO');
	return number ? publicLines.has(number.number) : false;
}

/** Is `raw` (one candidate group sequence) a phone number? */
export function isPhoneNumber(raw: string): boolean {
	const cleaned = raw.replace(/\(0\)/g, '').trim();
	const digits = cleaned.replace(/\D/g, '');
	if (digits.length < 7 || digits.length > 15) return false;
	if (timeSpan.test(cleaned)) return false;
	if (/^(?:\+|00)/.test(cleaned)) {
		const number = parsePhoneNumberFromString(cleaned.replace(/^00/, '+'));
		return number?.isValid() ?? false;
	}
	if (/[./]/.test(cleaned) && !/^\(?0/.test(cleaned)) return false;
	if (cleaned.startsWith('0') || cleaned.startsWith('(0')) {
		const number = parsePhoneNumberFromString(cleaned, 'SE');
		return number?.isValid() ?? false;
	}
	if (digits.length !== 8 || !norwegianGrouping.test(cleaned)) return false;
	if (isoDate.test(cleaned) || compactDateLike(digits)) return false;
	const number = parsePhoneNumberFromString(cleaned, 'NO');
	return number?.isValid() ?? false;
}

/** Splits a candidate into space-separated groups and takes the longest runs that are numbers. */
function phonesIn(raw: string, offset: number, text: string): Span[] {
	const groups: { start: number; end: number }[] = [];
	for (const group of raw.matchAll(/[^ \u00a0]+/g))
		groups.push({ start: group.index, end: group.index + group[0].length });
	const spans: Span[] = [];
	let i = 0;
	while (i < groups.length) {
		// A number has at most seven groups ("+46 (0) 70 123 45 67"): longer runs are lists of numbers.
		for (let j = Math.min(groups.length - 1, i + 6); j >= i; j--) {
			let start = groups[i].start;
			const end = groups[j].end;
			let piece = raw.slice(start, end);
			// Brackets around the whole number, "(070-123 45 67)", belong to the sentence.
			if (piece.startsWith('(') && !/^\(0\d{0,3}\)/.test(piece)) {
				piece = piece.slice(1);
				start++;
			}
			piece = piece.replace(/[.)]+$/, '');
			if (piece.includes('(') !== piece.includes(')')) piece = piece.replace(/\)$/, '');
			const pieceEnd = start + piece.length;
			if (!isPhoneNumber(piece)) continue;
			if (idTypeOfExactShape(piece)) continue;
			if (isPublicLine(piece)) {
				i = j;
				break;
			}
			// "45000000 kr" is an amount, not a Norwegian number (grouped amounts, "45 000 000", never
			// match a Norwegian grouping); numbers with a prefix are never amounts.
			if (/^\d{8}$/.test(piece) && amountAfter.test(text.slice(offset + pieceEnd))) continue;
			// A country code in brackets, "(+47) 415 20 987", is part of the number.
			if (/^(?:\+|00)\d{1,3}\)/.test(piece) && text[offset + start - 1] === '(') start--;
			spans.push({ type: 'phone', start: offset + start, end: offset + pieceEnd });
			i = j;
			break;
		}
		i++;
	}
	return spans;
}

export function findPhoneNumbers(text: string): Span[] {
	const spans: Span[] = [];
	for (const match of text.matchAll(candidate)) spans.push(...phonesIn(match[0], match.index, text));
	return spans;
}
