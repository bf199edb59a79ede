import { utcToZoned, zonedToUtc } from '../platform/time.ts';
import { LAST_WEEK_OF_MONTH, type Recurrence } from './model.ts';

/**
 * The days a series meets on, as calendar days (YYYY-MM-DD) with no time zone: the rule is about
 * the network's wall clock, so the arithmetic is plain day counting in UTC, which has no
 * daylight-saving changes. Only `occurrenceTimes` turns a day and a wall-clock time into instants,
 * in the network's zone, so "every other Tuesday at 09:00" stays 09:00 in March and October
 * whatever the server's own TZ is (docs/decisions/021-team-meetings.md).
 */

export interface SeriesRule {
	recurrence: Recurrence;
	/** Weekly: every N weeks. */
	intervalWeeks: number | null;
	/** Weekly and monthly: ISO weekday, 1 Monday … 7 Sunday. */
	weekday: number | null;
	/** Monthly: the n-th such weekday, 1–4, or 5 for the last. */
	weekOfMonth: number | null;
	/** Chosen dates. */
	dates: string[];
	firstDay: string;
	lastDay: string;
}

const DAY_MS = 86_400_000;

function dayNumber(day: string): number {
	const [y, m, d] = day.split('-').map(Number);
	return Date.UTC(y, m - 1, d) / DAY_MS;
}

function dayOf(number: number): string {
	return new Date(number * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar day: 1 Monday … 7 Sunday. */
export function weekdayOf(day: string): number {
	const weekday = new Date(dayNumber(day) * DAY_MS).getUTCDay();
	return weekday === 0 ? 7 : weekday;
}

/** The day `days` days after `day` (negative: before). */
export function addDays(day: string, days: number): string {
	return dayOf(dayNumber(day) + days);
}

/** The day `years` years after `day`, clamped to the month's end (29 February). */
export function addYears(day: string, years: number): string {
	const [y, m, d] = day.split('-').map(Number);
	const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
	return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The n-th (1–4) or last (5) given weekday of a month, as a day. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, nth: number): string {
	if (nth === LAST_WEEK_OF_MONTH) {
		const lastDay = dayOf(Date.UTC(year, month, 0) / DAY_MS);
		return addDays(lastDay, -((weekdayOf(lastDay) - weekday + 7) % 7));
	}
	const firstDay = dayOf(Date.UTC(year, month - 1, 1) / DAY_MS);
	return addDays(firstDay, ((weekday - weekdayOf(firstDay) + 7) % 7) + (nth - 1) * 7);
}

/** The series' days from `from` to `to` (both included), in order. */
export function seriesDays(rule: SeriesRule, from: string, to: string): string[] {
	const start = from > rule.firstDay ? from : rule.firstDay;
	const end = to < rule.lastDay ? to : rule.lastDay;
	if (start > end) return [];
	switch (rule.recurrence) {
		case 'single':
			return rule.firstDay >= start && rule.firstDay <= end ? [rule.firstDay] : [];
		case 'dates':
			return [...new Set(rule.dates)].filter((day) => day >= start && day <= end).sort();
		case 'weekly': {
			const step = 7 * (rule.intervalWeeks ?? 1);
			// The first meeting is the first such weekday on or after the series' first day; the
			// interval counts from it, so a later window lands on the same weeks.
			const anchor = dayNumber(rule.firstDay) + (((rule.weekday ?? 1) - weekdayOf(rule.firstDay) + 7) % 7);
			const skip = Math.max(0, Math.ceil((dayNumber(start) - anchor) / step));
			const days: string[] = [];
			for (let n = anchor + skip * step; n <= dayNumber(end); n += step) days.push(dayOf(n));
			return days;
		}
		case 'monthly': {
			const days: string[] = [];
			let [year, month] = start.split('-').map(Number);
			for (;;) {
				const day = nthWeekdayOfMonth(year, month, rule.weekday ?? 1, rule.weekOfMonth ?? 1);
				if (day > end) break;
				if (day >= start) days.push(day);
				month += 1;
				if (month > 12) {
					month = 1;
					year += 1;
				}
			}
			return days;
		}
	}
}

/** A meeting's start and end as instants: the day and wall-clock times read in the network's zone. */
export function occurrenceTimes(
	day: string,
	startTime: string,
	endTime: string,
	timeZone: string
): { startAt: Date; endAt: Date } {
	return { startAt: zonedToUtc(`${day}T${startTime}`, timeZone), endAt: zonedToUtc(`${day}T${endTime}`, timeZone) };
}

/**
 * Whether a wall-clock time exists on a day in a zone: 02:30 on the night clocks go forward does
 * not, and a meeting set to it would silently move.
 */
export function wallClockExists(day: string, time: string, timeZone: string): boolean {
	return utcToZoned(zonedToUtc(`${day}T${time}`, timeZone), timeZone) === `${day}T${time}`;
}
