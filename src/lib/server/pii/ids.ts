// Swedish personnummer/samordningsnummer and Norwegian fødselsnummer/D-nummer. Candidates are found
// by shape and confirmed by the packages that know the rules (dates, check digits), so a date or a
// reference number with the same shape is not reported.
//
// A mistyped number still identifies a person, so the guard fails closed on the check digit: a
// number written exactly like an identity number with a separator after a valid date ("850315-1234",
// "19850315-1234", "150765 00566") is reported even when its check digit is wrong, and so are ten,
// eleven or twelve digits in a row (or split by a space) after a cue word ("pnr 8503151234",
// "fnr 15076500566"). Such spans are marked `unchecked`: they give way to any phone number, as do
// numbers written in pairs set apart by spaces, the way phone numbers are written.
//
// The digits may be grouped the ways people write them ("12 12 12-12 12", "12.12.12-1212",
// "15 07 65 000 50"): the date whole or in pairs, the serial whole or split once (`layouts`). The
// detector reads the numbers view of the text (normalise.ts), where other scripts' digits, invisible
// characters and runs of spaces, line breaks and dashes no longer hide a number.
import { idnr } from '@navikt/fnrvalidator';
import Personnummer from 'personnummer';
import type { PiiType, Span } from './types.ts';

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

// How people group the digits of an identity number: the date whole or as pairs (the year of a long
// date whole), the serial whole or split once. A layout is the lengths of the groups, e.g. "2,2,2,4"
// for "12.12.12-1212"; the first `dateGroups` groups are the date.
interface Layout {
	country: 'se' | 'no';
	dateGroups: number;
}
const layouts = new Map<string, Layout>();
function addLayouts(country: Layout['country'], dates: number[][], serials: number[][]) {
	for (const date of dates) {
		for (const serial of serials) layouts.set([...date, ...serial].join(','), { country, dateGroups: date.length });
		const whole = date.reduce((a, b) => a + b, 0) + serials[0][0];
		layouts.set(String(whole), { country, dateGroups: 0 });
	}
}
addLayouts('se', [[6], [2, 2, 2]], [[4], [2, 2]]);
addLayouts('se', [[8], [4, 2, 2]], [[4], [2, 2]]);
addLayouts('no', [[6], [2, 2, 2]], [[5], [3, 2], [2, 3]]);
const mostGroups = 7;

// Digit groups joined by single separators: "850315-1234", "12.12.12-12 12", "15 07 65 000 50".
// Runs of whitespace and dashes were made one separator by the numbers view (normalise.ts).
// " – " is a spaced dash (normalise.ts): it may join a date and its serial, or stand between two numbers.
const groupRun = /(?<!\p{N})\d+(?:(?: \u2013 |[ .+-])\d+)*/gu;
const spacedDash = ' \u2013 ';

interface Group {
	digits: string;
	start: number;
	end: number;
	/** The separator before this group, "" for the first of a run. */
	before: string;
}

function groupsOf(run: string, offset: number): Group[] {
	const groups: Group[] = [];
	let previousEnd = 0;
	for (const match of run.matchAll(/\d+/g)) {
		groups.push({
			digits: match[0],
			start: offset + match.index,
			end: offset + match.index + match[0].length,
			before: run.slice(previousEnd, match.index)
		});
		previousEnd = match.index + match[0].length;
	}
	return groups;
}

/** Are `groups` pairs of digits set apart by spaces, as phone numbers are written? */
const inSpacedPairs = (groups: Group[]) =>
	groups.every((group, i) => group.digits.length === 2 && (i === 0 || group.before === ' '));

/** The identity-number span of `groups` read with `layout`, or null. */
function identityOf(groups: Group[], layout: Layout, text: string): Span | null {
	const digits = groups.map((group) => group.digits).join('');
	const start = groups[0].start;
	const end = groups.at(-1)!.end;
	const serialStart = layout.country === 'se' ? digits.length - 4 : 6;
	// The separator between date and serial: "" when the number is written as one group.
	const separator = layout.dateGroups === 0 ? '' : groups[layout.dateGroups].before;
	if (layout.country === 'se') {
		const date = digits.slice(0, serialStart);
		// A date with its century is a birth date of someone alive: 18xx, 19xx or 20xx.
		if (date.length === 8 && !/^(?:1[89]|20)/.test(date)) return null;
		const type = swedishType(date, separator, digits.slice(serialStart));
		if (type) return inSpacedPairs(groups) ? { type, start, end, yieldsToPhone: true } : { type, start, end };
		// A space is no separator here: "850315 1234" may be two numbers unless a cue says otherwise.
		const written = (separator !== '' && separator !== ' ') || cueBefore(text, start);
		const byDate = written ? swedishTypeByDate(date) : null;
		return byDate ? { type: byDate, start, end, unchecked: true, yieldsToPhone: true } : null;
	}
	const type = norwegianType(digits);
	if (type) return { type, start, end };
	const byDate = separator !== '' || cueBefore(text, start) ? norwegianTypeByDate(digits) : null;
	return byDate ? { type: byDate, start, end, unchecked: true, yieldsToPhone: true } : null;
}

/** Is the window of groups `from`…`to` a part of a longer number or of a list of numbers? */
function partOfMore(run: Group[], from: number, to: number): boolean {
	// Groups joined by a dot or a dash belong together: the window is part of a longer number, such
	// as a date range "15.03.26–20.03.26" or "2026-03-15–2026-04-15". Groups set apart by a space
	// or a spaced dash are other numbers.
	const tight = (separator: string) => separator !== '' && separator !== ' ' && separator !== spacedDash;
	// Written as people write a number: the pairs of the date set apart alike, a split serial by a space.
	const window = run.slice(from, to + 1);
	const layout = layouts.get(window.map((group) => group.digits.length).join(','));
	if (layout && layout.dateGroups > 1) {
		const inDate = window.slice(1, layout.dateGroups).map((group) => group.before);
		const inSerial = window.slice(layout.dateGroups + 1).map((group) => group.before);
		if (new Set(inDate).size > 1 || inSerial.some((separator) => separator !== ' ')) return true;
	}
	if (layout && layout.dateGroups === 1 && window.slice(2).some((group) => group.before !== ' ')) return true;
	if (tight(run[from].before) || tight(run[to + 1]?.before ?? '')) return true;
	// Pairs set apart only by spaces, amid more pairs, are a table: "12 12 12 12 12 12 …".
	const pair = (group: Group | undefined) => group?.digits.length === 2;
	const amidPairs = pair(run[from - 1]) || pair(run[to + 1]);
	return amidPairs && window.every(pair) && window.slice(1).every((group) => group.before === ' ');
}

/**
 * A valid number split where people do not split one — a line wrapped inside it ("1212\n12-1212"),
 * a group typed apart ("8503 15-1234") — as a phone number would give way to: two to four groups of
 * two digits or more, joined to nothing around them, whose digits pass the check digits.
 */
function validSplitAnywhere(run: Group[], from: number, to: number): Span | null {
	const window = run.slice(from, to + 1);
	if (window.length < 2 || window.length > 4 || window.some((group) => group.digits.length < 2)) return null;
	const tight = (separator: string) => separator !== '' && separator !== ' ' && separator !== spacedDash;
	if (tight(run[from].before) || tight(run[to + 1]?.before ?? '')) return null;
	const digits = window.map((group) => group.digits).join('');
	const start = window[0].start;
	const end = window.at(-1)!.end;
	let type: PiiType | null = null;
	if (digits.length === 11) type = norwegianType(digits);
	else if (digits.length === 10 || (digits.length === 12 && /^(?:1[89]|20)/.test(digits)))
		type = swedishType(digits.slice(0, -4), '', digits.slice(-4));
	return type ? { type, start, end, yieldsToPhone: true } : null;
}

/**
 * The identity numbers in the groups of one run: first valid ones as people write them, then ones
 * written so with a wrong check digit, then valid numbers split anywhere among the groups left.
 */
function identitiesIn(run: Group[], text: string): Span[] {
	const spans: Span[] = [];
	const taken = new Set<number>();
	const readRun = (read: (from: number, to: number) => Span | null) => {
		let from = 0;
		while (from < run.length) {
			let best: { span: Span; to: number } | null = null;
			for (let to = Math.min(run.length - 1, from + mostGroups - 1); to >= from; to--) {
				if (Array.from({ length: to - from + 1 }, (_, k) => from + k).some((k) => taken.has(k))) continue;
				const span = read(from, to);
				if (span && (!best || (best.span.unchecked && !span.unchecked))) best = { span, to };
			}
			if (best) {
				spans.push(best.span);
				for (let k = from; k <= best.to; k++) taken.add(k);
				from = best.to + 1;
			} else from++;
		}
	};
	const asWritten = (from: number, to: number) => {
		const window = run.slice(from, to + 1);
		const layout = layouts.get(window.map((group) => group.digits.length).join(','));
		return layout && !partOfMore(run, from, to) ? identityOf(window, layout, text) : null;
	};
	// Valid numbers first: a reading by date alone one group earlier must not hide one ("15\n02 10 55 002 14").
	readRun((from, to) => {
		const span = asWritten(from, to);
		return span && !span.unchecked ? span : null;
	});
	readRun(asWritten);
	readRun((from, to) => validSplitAnywhere(run, from, to));
	// A century set apart from the rest ("19\n850315-1234", a wrapped line) belongs to the number.
	for (const span of spans) {
		const first = run.findIndex((group) => group.start === span.start);
		const century = run[first - 1];
		if (span.end - span.start < 10 || !century || taken.has(first - 1) || !/^(?:1[89]|20)$/.test(century.digits))
			continue;
		if (run[first].before !== ' ') continue;
		const digits = text.slice(span.start, span.end).replace(/\D/g, '');
		if (digits.length === 10 && swedishType(century.digits + digits.slice(0, 6), '', digits.slice(6))) {
			span.start = century.start;
			taken.add(first - 1);
		}
	}
	return spans.sort((a, b) => a.start - b.start);
}

/** The identity-number type of a phone-shaped candidate that is written exactly like an ID, else null. */
export function idTypeOfExactShape(raw: string): PiiType | null {
	const trimmed = raw.trim();
	if (!/^\d+(?:(?: \u2013 |[ .+-])\d+)*$/.test(trimmed)) return null;
	const groups = groupsOf(trimmed, 0);
	const layout = layouts.get(groups.map((group) => group.digits.length).join(','));
	if (!layout) return null;
	// Ten digits in a row are left to the phone check; with a separator or the century, it is an ID.
	if (layout.country === 'se' && layout.dateGroups === 0 && trimmed.length === 10) return null;
	const span = identityOf(groups, layout, trimmed);
	return span && !span.unchecked ? span.type : null;
}

export function findIdentityNumbers(text: string): Span[] {
	const spans: Span[] = [];
	for (const match of text.matchAll(groupRun)) spans.push(...identitiesIn(groupsOf(match[0], match.index), text));
	return spans;
}
