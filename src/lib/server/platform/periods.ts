import { formatDay } from '#lib/format.ts';
import { m } from '#lib/paraglide/messages.js';
import { todayIn } from './time.ts';
import type { Locale } from './context.ts';

/**
 * The periods statistics are asked for (docs/product.md#consultations-statistics). Calendar dates are YYYY-MM-DD in the network's time
 * zone, as `received_on` is stored, so a period is a plain inclusive date range and "today" is the
 * only thing that needs the time zone. A term follows the Swedish and Norwegian school year: the
 * spring term (vårtermin, vårsemester) is 1 January–30 June, the autumn term (hösttermin,
 * høstsemester) 1 August–31 December, and July belongs to no term. A half-year is January–June and
 * July–December.
 */
export const periodKinds = ['month', 'term', 'half_year', 'year', 'custom'] as const;
export type PeriodKind = (typeof periodKinds)[number];

export interface Period {
	kind: PeriodKind;
	/** First day, inclusive. */
	from: string;
	/** Last day, inclusive. */
	to: string;
}

/** A custom period may not be longer than this: the trend table has one row per month. */
export const MAX_CUSTOM_YEARS = 10;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(value: number, length = 2): string {
	return String(value).padStart(length, '0');
}

export function isValidDay(day: string): boolean {
	const match = DAY.exec(day);
	if (!match) return false;
	const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
	if (year < 1900 || year > 9999 || month < 1 || month > 12 || date < 1) return false;
	return date <= lastDayOfMonth(year, month);
}

function lastDayOfMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function monthPeriod(year: number, month: number): Period {
	return {
		kind: 'month',
		from: `${pad(year, 4)}-${pad(month)}-01`,
		to: `${pad(year, 4)}-${pad(month)}-${pad(lastDayOfMonth(year, month))}`
	};
}

/** Half 1 is January–June, half 2 July–December. */
export function halfPeriod(kind: 'half_year', year: number, half: 1 | 2): Period {
	return half === 1
		? { kind, from: `${pad(year, 4)}-01-01`, to: `${pad(year, 4)}-06-30` }
		: { kind, from: `${pad(year, 4)}-07-01`, to: `${pad(year, 4)}-12-31` };
}

export type Term = 'spring' | 'autumn';

/** The spring term is 1 January–30 June, the autumn term 1 August–31 December. */
export function termPeriod(year: number, term: Term): Period {
	return term === 'spring'
		? { kind: 'term', from: `${pad(year, 4)}-01-01`, to: `${pad(year, 4)}-06-30` }
		: { kind: 'term', from: `${pad(year, 4)}-08-01`, to: `${pad(year, 4)}-12-31` };
}

export function yearPeriod(year: number): Period {
	return { kind: 'year', from: `${pad(year, 4)}-01-01`, to: `${pad(year, 4)}-12-31` };
}

/** The half-year that holds `today` (the default period). */
export function currentHalfYear(today: string): Period {
	const [year, month] = today.split('-').map(Number);
	return halfPeriod('half_year', year, month <= 6 ? 1 : 2);
}

/**
 * The token a period has in a URL (`?period=…`): `month-2026-03`, `term-2026-spring`,
 * `half_year-2026-1`, `year-2026`. A custom period travels as `from` and `to` instead.
 */
export function periodToken(period: Period): string {
	const year = period.from.slice(0, 4);
	const firstHalf = period.from.slice(5, 7) === '01';
	switch (period.kind) {
		case 'month':
			return `month-${period.from.slice(0, 7)}`;
		case 'term':
			return `term-${year}-${firstHalf ? 'spring' : 'autumn'}`;
		case 'half_year':
			return `half_year-${year}-${firstHalf ? 1 : 2}`;
		case 'year':
			return `year-${year}`;
		case 'custom':
			return 'custom';
	}
}

/** The query string of a period, for links to the print version and the CSV. */
export function periodQuery(period: Period): string {
	const params = new URLSearchParams();
	if (period.kind === 'custom') {
		params.set('from', period.from);
		params.set('to', period.to);
	} else params.set('period', periodToken(period));
	return params.toString();
}

const YEAR = '(\\d{4})';
const tokenPatterns: [RegExp, (match: RegExpExecArray) => Period | null][] = [
	[
		new RegExp(`^month-${YEAR}-(\\d{2})$`),
		(match) => {
			const month = Number(match[2]);
			return month >= 1 && month <= 12 ? monthPeriod(Number(match[1]), month) : null;
		}
	],
	[new RegExp(`^term-${YEAR}-(spring|autumn)$`), (match) => termPeriod(Number(match[1]), match[2] as Term)],
	[
		new RegExp(`^half_year-${YEAR}-([12])$`),
		(match) => halfPeriod('half_year', Number(match[1]), match[2] === '1' ? 1 : 2)
	],
	[new RegExp(`^year-${YEAR}$`), (match) => yearPeriod(Number(match[1]))]
];

export function parsePeriodToken(token: string): Period | null {
	for (const [pattern, build] of tokenPatterns) {
		const match = pattern.exec(token.trim());
		if (!match) continue;
		const year = Number(match[1]);
		if (year < 1900) return null;
		return build(match);
	}
	return null;
}

/** A custom period: both days valid, in order, and at most MAX_CUSTOM_YEARS long. */
export function customPeriod(from: string, to: string): Period | null {
	return customPeriodProblem(from, to) ? null : { kind: 'custom', from, to };
}

/**
 * Why a custom period typed into the statistics page cannot be shown, in the reader's language and
 * naming the field and its limit; null when it can. The page keeps the typed days and says this,
 * instead of quietly showing another period.
 */
export function customPeriodProblem(
	from: string,
	to: string,
	locale: Locale = 'en'
): { field: 'from' | 'to'; message: string } | null {
	const options = { locale };
	if (!isValidDay(from)) return { field: 'from', message: m.error_statistics_period_day_invalid({}, options) };
	if (!isValidDay(to)) return { field: 'to', message: m.error_statistics_period_day_invalid({}, options) };
	if (from > to)
		return {
			field: 'to',
			message: m.error_statistics_period_to_before_from({ date: formatDay(from, locale) }, options)
		};
	const limit = `${pad(Number(from.slice(0, 4)) + MAX_CUSTOM_YEARS, 4)}${from.slice(4)}`;
	if (to >= limit)
		return {
			field: 'to',
			message: m.error_statistics_period_too_long({ years: MAX_CUSTOM_YEARS, date: formatDay(limit, locale) }, options)
		};
	return null;
}

/**
 * The period of a statistics request: `from` and `to` (a custom period) win over `period` (a token);
 * anything missing or malformed falls back to the current half-year in the network's time zone, so a
 * hand-edited URL never fails.
 */
export function parsePeriod(params: URLSearchParams, timeZone: string, now: Date): Period {
	const from = params.get('from')?.trim();
	const to = params.get('to')?.trim();
	if (from && to) {
		const custom = customPeriod(from, to);
		if (custom) return custom;
	}
	const token = params.get('period');
	const parsed = token ? parsePeriodToken(token) : null;
	return parsed ?? currentHalfYear(todayIn(timeZone, now));
}

/** The months a period touches, as YYYY-MM, in order. */
export function monthsOf(period: Period): string[] {
	const months: string[] = [];
	let year = Number(period.from.slice(0, 4));
	let month = Number(period.from.slice(5, 7));
	const last = period.to.slice(0, 7);
	for (;;) {
		const key = `${pad(year, 4)}-${pad(month)}`;
		if (key > last) break;
		months.push(key);
		month += 1;
		if (month > 12) {
			month = 1;
			year += 1;
		}
	}
	return months;
}

const intlLocale: Record<Locale, string> = { sv: 'sv-SE', nb: 'nb-NO', en: 'en-GB', fi: 'fi-FI' };

/** "mars 2026", "March 2026". */
export function monthLabel(month: string, locale: Locale): string {
	const date = new Date(`${month}-15T12:00:00Z`);
	return new Intl.DateTimeFormat(intlLocale[locale], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** "mars", "March": the month alone, for the trend chart's axis. */
export function shortMonthLabel(month: string, locale: Locale): string {
	const date = new Date(`${month}-15T12:00:00Z`);
	return new Intl.DateTimeFormat(intlLocale[locale], { month: 'short', timeZone: 'UTC' }).format(date);
}

/** The period as people name it: "Vårterminen 2026", "First half of 2026", "1 jan. 2026 – 15 feb. 2026". */
export function periodLabel(period: Period, locale: Locale): string {
	const options = { locale };
	const year = period.from.slice(0, 4);
	const firstHalf = period.from.slice(5, 7) === '01';
	switch (period.kind) {
		case 'month':
			return monthLabel(period.from.slice(0, 7), locale);
		case 'term':
			return firstHalf
				? m.statistics_period_term_spring({ year }, options)
				: m.statistics_period_term_autumn({ year }, options);
		case 'half_year':
			return firstHalf
				? m.statistics_period_half_first({ year }, options)
				: m.statistics_period_half_second({ year }, options);
		case 'year':
			return m.statistics_period_year({ year }, options);
		case 'custom':
			return m.statistics_period_custom(
				{ from: formatDay(period.from, locale), to: formatDay(period.to, locale) },
				options
			);
	}
}

export interface PeriodChoice {
	token: string;
	label: string;
}

/**
 * What the period picker offers, newest first: the last 24 months, 6 terms, 6 half-years and
 * 5 years before and including today (a custom range covers anything else). In July, which is in
 * no term, the latest term is the spring term just ended.
 */
export function periodChoices(
	today: string,
	locale: Locale
): { kind: Exclude<PeriodKind, 'custom'>; choices: PeriodChoice[] }[] {
	const year = Number(today.slice(0, 4));
	const month = Number(today.slice(5, 7));
	const half: 1 | 2 = month <= 6 ? 1 : 2;
	const choice = (period: Period): PeriodChoice => ({ token: periodToken(period), label: periodLabel(period, locale) });
	const months: PeriodChoice[] = [];
	for (let i = 0; i < 24; i++) {
		const total = year * 12 + (month - 1) - i;
		months.push(choice(monthPeriod(Math.floor(total / 12), (total % 12) + 1)));
	}
	const terms: PeriodChoice[] = [];
	const halves: PeriodChoice[] = [];
	for (let i = 0; i < 6; i++) {
		const termIndex = year * 2 + (month <= 7 ? 0 : 1) - i;
		terms.push(choice(termPeriod(Math.floor(termIndex / 2), termIndex % 2 === 0 ? 'spring' : 'autumn')));
		const index = year * 2 + (half - 1) - i;
		halves.push(choice(halfPeriod('half_year', Math.floor(index / 2), ((index % 2) + 1) as 1 | 2)));
	}
	const years: PeriodChoice[] = [];
	for (let i = 0; i < 5; i++) years.push(choice(yearPeriod(year - i)));
	return [
		{ kind: 'month', choices: months },
		{ kind: 'term', choices: terms },
		{ kind: 'half_year', choices: halves },
		{ kind: 'year', choices: years }
	];
}
