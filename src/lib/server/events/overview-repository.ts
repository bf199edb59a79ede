import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toDate } from '../platform/db/values.ts';
import type { RegistrationStatus } from './model.ts';

export interface OwnRegistration {
	eventId: string;
	title: string;
	startAt: Date;
	endAt: Date;
	status: RegistrationStatus;
	visibility: string;
}

/**
 * A person's own registrations to the network's events that have not ended: those made while signed
 * in (user id), and those made with the account's address. Only exact matches on the person's own
 * address: never anyone else's.
 */
export async function ownUpcomingRegistrations(
	db: Kysely<Database>,
	networkId: string,
	person: { userId: string; email: string },
	now: Date,
	limit: number
): Promise<OwnRegistration[]> {
	const rows = await db
		.selectFrom('event_registration as r')
		.innerJoin('event as e', (join) => join.onRef('e.id', '=', 'r.event_id').onRef('e.network_id', '=', 'r.network_id'))
		.select(['e.id as eventId', 'e.title', 'e.start_at', 'e.end_at', 'e.visibility', 'r.status'])
		.where('r.network_id', '=', networkId)
		.where((eb) => eb.or([eb('r.user_id', '=', person.userId), eb('r.email', '=', person.email)]))
		.where('r.status', 'in', ['registered', 'waiting', 'offered'])
		.where('e.status', '=', 'published')
		.where('e.end_at', '>=', timestamp(now))
		.orderBy('e.start_at')
		.orderBy('e.id')
		.limit(limit)
		.execute();
	return rows.map((row) => ({
		eventId: row.eventId,
		title: row.title,
		startAt: toDate(row.start_at),
		endAt: toDate(row.end_at),
		status: row.status as RegistrationStatus,
		visibility: row.visibility
	}));
}
