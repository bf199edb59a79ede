import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toDate } from '../platform/db/values.ts';
import type { EventFormat, EventType, RegistrationStatus } from './model.ts';

/**
 * SQL of the events' statistics per period (for the half-year report too). An event belongs to the period in which it
 * starts; the caller turns the period's days into instants in the network's time zone. Drafts are
 * never counted. Only columns that survive the erasure of registrants' personal data are read
 * (status, organisation type, municipality), so the figures stay the same after it.
 */

/** The statuses of an event that the period statistics show: held (published) or cancelled. */
export const countedEventStatuses = ['published', 'cancelled'] as const;
export type CountedEventStatus = (typeof countedEventStatuses)[number];

export interface PeriodEvent {
	id: string;
	title: string;
	type: EventType;
	format: EventFormat;
	status: CountedEventStatus;
	startAt: Date;
	endAt: Date;
}

/** The network's published and cancelled events starting at or after `from` and before `until`. */
function eventsStarting(db: Kysely<Database>, networkId: string, from: Date, until: Date) {
	return db
		.selectFrom('event')
		.where('network_id', '=', networkId)
		.where('status', 'in', countedEventStatuses)
		.where('start_at', '>=', timestamp(from))
		.where('start_at', '<', timestamp(until));
}

export async function listEventsStarting(
	db: Kysely<Database>,
	networkId: string,
	from: Date,
	until: Date
): Promise<PeriodEvent[]> {
	const rows = await eventsStarting(db, networkId, from, until)
		.select(['id', 'title', 'type', 'format', 'status', 'start_at', 'end_at'])
		.orderBy('start_at')
		.orderBy('id')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		type: r.type,
		format: r.format,
		status: r.status as CountedEventStatus,
		startAt: toDate(r.start_at),
		endAt: toDate(r.end_at)
	}));
}

export interface RegistrationCount {
	eventId: string;
	organisationTypeId: string | null;
	municipalityId: string | null;
	status: RegistrationStatus;
	count: number;
}

/**
 * The registrations of the same events, counted per event, organisation type, municipality and
 * status. Both the registrations and their events are filtered by the network, so a registration
 * can only count for an event of its own network.
 */
export async function countRegistrationsOfEventsStarting(
	db: Kysely<Database>,
	networkId: string,
	from: Date,
	until: Date
): Promise<RegistrationCount[]> {
	const rows = await db
		.selectFrom('event_registration')
		.select([
			'event_id',
			'organisation_type_id',
			'municipality_id',
			'status',
			(eb) => eb.fn.countAll<number | string>().as('n')
		])
		.where('network_id', '=', networkId)
		.where('event_id', 'in', eventsStarting(db, networkId, from, until).select('id'))
		.groupBy(['event_id', 'organisation_type_id', 'municipality_id', 'status'])
		.execute();
	return rows.map((r) => ({
		eventId: r.event_id,
		organisationTypeId: r.organisation_type_id,
		municipalityId: r.municipality_id,
		status: r.status,
		count: Number(r.n)
	}));
}
