// Swedish and Norwegian phone numbers (and any valid international number). Runs before the
// identity-number check: a ten-digit Swedish number can pass the personnummer check digit too, and
// it is a phone number when written like one.
//
// Without context a number must be valid (assigned in the numbering plan), so reference numbers
// and amounts stay clean. In a phone-like context — a country code, or a cue word before it such as
// "ring", "tel", "nr", "kontaktes på" — a number that merely could be one is reported: a range that
// is unassigned today may be assigned tomorrow, and the guard fails closed.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { findIdentityNumbers, idTypeOfExactShape } from './ids.ts';
import type { Span } from './types.ts';

// A run of digits with the separators people use in numbers; cut into groups and tried below.
const candidate = /(?<![\p{L}\p{N}_/+-])(?:\+|00)?\(?\d[\d \u00a0\-\u2013()./]{4,}\d(?![\p{N}]|[\p{L}]\p{N})/gu;
// Norwegian numbers have no trunk prefix: eight digits grouped 3-2-3, 2-2-2-2, 4-4 or not at all.
const norwegianGrouping = /^(?:\d{3}[ -]\d{2}[ -]\d{3}|\d{2}[ -]\d{2}[ -]\d{2}[ -]\d{2}|\d{4}[ -]\d{4}|\d{8})$/;
// "09.00–11.30", "10:00-11:30": a time span, not a number.
const timeSpan = /^\d{1,2}[.:]\d{2}[ \u00a0]?[-\u2013][ \u00a0]?\d{1,2}[.:]\d{2}$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
// "2026-0042", "2026 0042": a year and a serial, the way case and reference numbers are written.
const yearReference = /^(?:19|20)\d{2}[ -]\d{4}$/;
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

/**
 * One number as one value, however it is written: "070-123 45 67", "0701234567" and "+46 70 123 45
 * 67" are "+46701234567". Read from the numbers view (normalise.ts); a national number with a trunk
 * 0 is Swedish, without one Norwegian. Null when it is no phone number at all.
 */
export function phoneKey(raw: string): string | null {
	const cleaned = raw.replace(/\(0\)/g, '').trim().replace(/^00/, '+');
	const number = parsePhoneNumberFromString(cleaned, cleaned.startsWith('0') ? 'SE' : 'NO');
	return number?.number ?? null;
}

function isPublicLine(raw: string): boolean {
	const key = phoneKey(raw);
	return key !== null && publicLines.has(key);
}

// Words after which a number is a phone number ("ring 422 55 541", "kontaktes på 49171546",
// "tel: 0709 99 99 99"), in Swedish, Norwegian and English.
const phoneCue =
	/(?<![\p{L}\p{N}.-])(?:ring|ringa|ringe|ringer|ringde|ringte|ringt|ringes|ringas|ringdes|ringtes|call|phone|tel|tlf|tfn|telefon|telefonen|telephone|telefonnr|tlfnr|tlf\.nr|tel\.nr|telnr|telefonnummer|telefonnumret|telefonnummeret|mobil|mobilen|mobile|mob|mobilnr|mobilnummer|mobilnumret|mobilnummeret|mobiltelefon|cell|sms|sms:a|smsa|whatsapp|signal|nr|no|nummer|numret|nummeret|number|nås|nåes|når|nå|treffes|träffas|kontaktes|kontaktas|kontakta|kontakt|contact|reach|reached)(?:[.:]|[ ]?(?:på|til|till|on|at|via))*[ ]*(?:\(|:[ ]*)?$/iu;
// Before "nr" or "nummer", these make it a reference, not a phone number ("ärende nr 2026-0042").
const referenceBeforeCue =
	/(?<![\p{L}])(?:ärende|ärendet|sak|saken|saks|diarie|dnr|org|organisations|organisasjons|faktura|order|ordre|konto|bankgiro|plusgiro|referens|referanse|ref|lgh|lägenhet|leilighet|rum|rom|hus|buss|linje|linjen|punkt|paragraf|kapitel|kapittel|artikel|artikkel|vers|bilaga|vedlegg|sida|side|version|versjon|kundnummer|medlem|medlems|registrerings|reg|journal|journalnummer|mål|målnummer|case|invoice|order)[ .:-]*$/iu;

/**
 * The phone cue word just before `index` of `text`: "strong" for words that only ever precede a
 * phone number (ring, tel, mobil, …), "weak" for "nr" and "nummer", which also precede references.
 */
function phoneCueBefore(text: string, index: number): PhoneContext {
	const before = text.slice(Math.max(0, index - 48), index);
	const cue = phoneCue.exec(before);
	if (!cue) return false;
	if (!/^(?:nr|no|nummer|numret|nummeret|number)\b/i.test(cue[0].trimStart())) return 'strong';
	return referenceBeforeCue.test(before.slice(0, cue.index)) ? false : 'weak';
}

type PhoneContext = 'strong' | 'weak' | false;

/**
 * Is `raw` (one candidate group sequence) a phone number? `context`: a cue word stands before it,
 * so a number that could be one in Sweden or Norway is enough; after a strong cue ("ring"), also one
 * that looks like a date or a year and a serial.
 */
export function isPhoneNumber(raw: string, context: PhoneContext = false): boolean {
	const inContext = context !== false;
	const cleaned = raw
		.replace(/\(0\)/g, '')
		.replace(/ \u2013 /g, '-')
		.trim();
	const digits = cleaned.replace(/\D/g, '');
	if (digits.length < 7 || digits.length > 15) return false;
	if (timeSpan.test(cleaned)) return false;
	if (/^(?:\+|00)/.test(cleaned)) {
		// A country code is context enough: a possible number is reported, assigned or not. Written
		// with "00", only the Nordic codes are: "00495 2026" is more likely digits than Germany.
		const number = parsePhoneNumberFromString(cleaned.replace(/^00/, '+'));
		const countryCode = cleaned.startsWith('+') || /^00(?:45|46|47|358)/.test(cleaned);
		return (countryCode || inContext ? number?.isPossible() : number?.isValid()) ?? false;
	}
	if (/[./]/.test(cleaned) && !/^\(?0/.test(cleaned)) return false;
	if (cleaned.startsWith('0') || cleaned.startsWith('(0')) {
		const number = parsePhoneNumberFromString(cleaned, 'SE');
		return (inContext ? number?.isPossible() : number?.isValid()) ?? false;
	}
	if (digits.length !== 8) return false;
	if (!norwegianGrouping.test(cleaned)) return false;
	if (isoDate.test(cleaned)) return false;
	if (context !== 'strong' && (yearReference.test(cleaned) || compactDateLike(digits))) return false;
	const number = parsePhoneNumberFromString(cleaned, 'NO');
	return (inContext ? number?.isPossible() : number?.isValid()) ?? false;
}

/** Splits a candidate into space-separated groups and takes the longest runs that are numbers. */
function phonesIn(raw: string, offset: number, text: string): Span[] {
	const context = phoneCueBefore(text, offset);
	const groups: { start: number; end: number }[] = [];
	for (const group of raw.matchAll(/[^ \u00a0]+/g))
		groups.push({ start: group.index, end: group.index + group[0].length });
	const spans: Span[] = [];
	// The last group of the longest valid number (without any cue) that starts at group `first`, or -1.
	const validNumberFrom = (first: number): number => {
		if (raw[groups[first]?.start] === '\u2013') first++;
		for (let last = Math.min(groups.length, first + 7) - 1; last >= first; last--)
			if (isPhoneNumber(raw.slice(groups[first].start, groups[last].end).replace(/[.)]+$/, ''))) return last;
		return -1;
	};
	let i = 0;
	while (i < groups.length) {
		// A number has at most seven groups ("+46 (0) 70 123 45 67"): longer runs are lists of numbers.
		// A spaced dash between groups (" – ", from the numbers view) joins them and is no group.
		const digitGroups = (to: number) => groups.slice(i, to + 1).filter((g) => raw[g.start] !== '\u2013').length;
		for (let j = Math.min(groups.length - 1, i + 12); j >= i; j--) {
			if (raw[groups[i].start] === '\u2013' || raw[groups[j].start] === '\u2013' || digitGroups(j) > 7) continue;
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
			const pieceContext = i === 0 ? context : false;
			if (!isPhoneNumber(piece, pieceContext)) continue;
			if (idTypeOfExactShape(piece)) continue;
			// A number that is only possible (read so because of a cue) gives way to an identity number
			// inside it. When a valid number starts inside it and runs past it, the text cannot say which
			// is meant ("nr 15 40 00 00 00", "ring 83 51 00 00 15"): both are one finding.
			let through = j;
			if (pieceContext && !isPhoneNumber(piece)) {
				if (findIdentityNumbers(piece).some((id) => !id.unchecked)) continue;
				if (j > i) through = Math.max(j, validNumberFrom(i + 1));
			}
			if (through > j) {
				const longer = raw.slice(start, groups[through].end).replace(/[.)]+$/, '');
				spans.push({ type: 'phone', start: offset + start, end: offset + start + longer.length });
				i = through;
				break;
			}
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
