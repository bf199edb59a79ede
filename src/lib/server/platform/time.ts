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
