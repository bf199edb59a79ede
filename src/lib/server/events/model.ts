/** The vocabulary of events (docs/product.md#events); labels live in the catalogues (messages/events). */
import { zoneOffsetMs } from '../networks/time.ts';

export const eventTypes = ['training', 'conference', 'network_meeting', 'theme_week_activity', 'other'] as const;
export type EventType = (typeof eventTypes)[number];

export const eventFormats = ['digital', 'on_site', 'hybrid'] as const;
export type EventFormat = (typeof eventFormats)[number];

export const eventVisibilities = ['public', 'members'] as const;
export type EventVisibility = (typeof eventVisibilities)[number];

export const eventStatuses = ['draft', 'published', 'cancelled'] as const;
export type EventStatus = (typeof eventStatuses)[number];

export const promotionModes = ['automatic', 'offer'] as const;
export type PromotionMode = (typeof promotionModes)[number];

export const participations = ['on_site', 'digital'] as const;
export type Participation = (typeof participations)[number];

export const registrationStatuses = ['registered', 'waiting', 'offered', 'cancelled', 'attended', 'no_show'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

/** Statuses that hold a seat (counted in the event's `seats_taken`). */
export const seatHoldingStatuses: readonly RegistrationStatus[] = ['registered', 'offered', 'attended', 'no_show'];

/** Statuses of someone still coming or still hoping to (mailed when the event is cancelled). */
export const activeStatuses: readonly RegistrationStatus[] = ['registered', 'waiting', 'offered'];

export const eventLanguages = ['sv', 'nb', 'en'] as const;
export type EventLanguage = (typeof eventLanguages)[number];

/** The seat pool a participation counts against: hybrid events count on-site and digital apart. */
export type SeatPool = 'all' | Participation;

export function seatPool(format: EventFormat, participation: Participation): SeatPool {
	return format === 'hybrid' ? participation : 'all';
}

/** What the event's format allows: on-site and digital events have one way to take part. */
export function participationFor(format: EventFormat, asked: Participation | null): Participation {
	if (format === 'hybrid') return asked ?? 'on_site';
	return format === 'digital' ? 'digital' : 'on_site';
}

export interface SeatCounters {
	format: EventFormat;
	capacity: number | null;
	capacityOnSite: number | null;
	capacityDigital: number | null;
	seatsTaken: number;
	seatsTakenOnSite: number;
	seatsTakenDigital: number;
}

/** Free seats in a pool; null when unlimited. */
export function freeSeats(event: SeatCounters, pool: SeatPool): number | null {
	const [capacity, taken] =
		pool === 'on_site'
			? [event.capacityOnSite, event.seatsTakenOnSite]
			: pool === 'digital'
				? [event.capacityDigital, event.seatsTakenDigital]
				: [event.capacity, event.seatsTaken];
	return capacity === null ? null : Math.max(0, capacity - taken);
}

/** The pools of an event, for filling freed seats. */
export function poolsOf(format: EventFormat): SeatPool[] {
	return format === 'hybrid' ? ['on_site', 'digital'] : ['all'];
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
