import type { CalendarEntry } from '#lib/server/meetings/meetings-service.ts';
import { HORIZON_MONTHS } from '#lib/server/meetings/model.ts';
import { monthsBefore, utcToZoned } from '#lib/server/platform/time.ts';

/**
 * The calendar's months: 'YYYY-MM' on the network's wall clock. The picker offers three years back
 * (the demo's two years of meetings and the half-year report's span fit) and the horizon ahead.
 */
export const MONTHS_BACK = 36;

export function isMonth(value: string | null): value is string {
	if (!value || !/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return false;
	const year = Number(value.slice(0, 4));
	return year >= 2000 && year <= 2100;
}

/** The month `months` months after `month` (negative: before). */
export function shiftMonth(month: string, months: number): string {
	return monthsBefore(`${month}-01`, -months).slice(0, 7);
}

/** The months the picker offers, newest first. */
export function pickerMonths(today: string): string[] {
	const current = today.slice(0, 7);
	const months: string[] = [];
	for (let n = HORIZON_MONTHS; n >= -MONTHS_BACK; n -= 1) months.push(shiftMonth(current, n));
	return months;
}

/** The entries grouped by the month they start in, on the network's wall clock, in order. */
export function byMonth(entries: CalendarEntry[], timeZone: string): { month: string; entries: CalendarEntry[] }[] {
	const groups: { month: string; entries: CalendarEntry[] }[] = [];
	for (const entry of entries) {
		const month = utcToZoned(entry.startAt, timeZone).slice(0, 7);
		const last = groups.at(-1);
		if (last?.month === month) last.entries.push(entry);
		else groups.push({ month, entries: [entry] });
	}
	return groups;
}
