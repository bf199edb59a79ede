/** The vocabulary of events (docs/product.md#events); labels live in the catalogues (messages/events). */

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
