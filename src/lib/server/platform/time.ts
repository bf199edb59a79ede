/**
 * Dates typed by people mean days in the network's time zone: "from 2026-03-29" in Stockholm
 * starts at 23:00 UTC the day before. These helpers turn such days into instants.
 */

// One formatter per zone: building one costs far more than using it.
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();
function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
	let format = wallClockFormats.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		wallClockFormats.set(timeZone, format);
	}
	return format;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
	const parts = wallClockFormat(timeZone).formatToParts(instant);
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant a calendar day (YYYY-MM-DD) begins in a time zone. */
export function startOfDayIn(day: string, timeZone: string): Date {
	const [year, month, date] = day.split('-').map(Number);
	const wallMidnight = Date.UTC(year, month - 1, date);
	// Two rounds settle days on which the offset changes (daylight saving time).
	let instant = wallMidnight - zoneOffsetMs(new Date(wallMidnight), timeZone);
	instant = wallMidnight - zoneOffsetMs(new Date(instant), timeZone);
	return new Date(instant);
}

/** The instant the day after `day` begins: the exclusive end of a range that includes `day`. */
export function endOfDayIn(day: string, timeZone: string): Date {
	const [year, month, date] = day.split('-').map(Number);
	const next = new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
	return startOfDayIn(next, timeZone);
}

// Making a formatter costs far more than using one (a tenth of a survey answer's time).
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now: Date): string {
	let format = dayFormats.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
		dayFormats.set(timeZone, format);
	}
	return format.format(now);
}

/**
 * A wall-clock time in a time zone ("2026-10-27T09:00" in Europe/Stockholm) as the instant it names.
 * A time that does not exist (skipped by a daylight-saving change) moves forward by the gap; an
 * ambiguous one (repeated) takes the first of the two.
 */
export function zonedToUtc(local: string, timeZone: string): Date {
	const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
	if (!match) throw new RangeError(`not a local date-time: ${local}`);
	const [y, mo, d, h, mi, s] = match.slice(1).map((v) => Number(v ?? 0));
	const wanted = Date.UTC(y, mo - 1, d, h, mi, s);
	// The offsets half a day either side cover any change on that day.
	const before = wanted - offsetMs(new Date(wanted - 43_200_000), timeZone);
	const after = wanted - offsetMs(new Date(wanted + 43_200_000), timeZone);
	const names = (t: number) => wanted === t + offsetMs(new Date(t), timeZone);
	const valid = [before, after].filter(names);
	// In a gap neither names it: the offset from before the change moves it forward by the gap.
	return new Date(valid.length ? Math.min(...valid) : before);
}

/** The zone's offset from UTC at an instant, in milliseconds. */
const offsetMs = zoneOffsetMs;

/** An instant as the wall-clock time of a zone, "YYYY-MM-DDTHH:mm" (for forms). */
export function utcToZoned(at: Date, timeZone: string): string {
	return new Date(at.getTime() + offsetMs(at, timeZone)).toISOString().slice(0, 16);
}

/** The day `months` months before `day`, clamped to the month's end (2024-02-29 − 12 → 2023-02-28). */
export function monthsBefore(day: string, months: number): string {
	const [year, month, date] = day.split('-').map(Number);
	const total = year * 12 + (month - 1) - months;
	const y = Math.floor(total / 12);
	const mo = (total % 12) + 1;
	const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
	const d = Math.min(date, lastDay);
	return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
