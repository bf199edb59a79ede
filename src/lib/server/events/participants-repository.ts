import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { toDate } from '../platform/db/values.ts';

/**
 * An event's participants as other modules may ask for them (an evaluation's invitations): those
 * checked in, or everyone who has a seat. Erased registrations are never among them.
 */

export interface EventParticipant {
	email: string;
	name: string;
	locale: string;
	userId: string | null;
}

export async function listEventParticipants(
	db: Kysely<Database>,
	networkId: string,
	eventId: string,
	scope: 'checked_in' | 'seated'
): Promise<EventParticipant[]> {
	let query = db
		.selectFrom('event_registration')
		.select(['email', 'name', 'locale', 'user_id'])
		.where('network_id', '=', networkId)
		.where('event_id', '=', eventId)
		.where('erased_at', 'is', null);
	query =
		scope === 'checked_in'
			? query.where((eb) => eb.or([eb('checked_in_at', 'is not', null), eb('status', '=', 'attended')]))
			: query.where('status', 'in', ['registered', 'offered', 'attended', 'no_show']);
	const rows = await query.orderBy('email').execute();
	return rows.map((row) => ({ email: row.email, name: row.name, locale: row.locale, userId: row.user_id }));
}

export interface EventChoice {
	id: string;
	title: string;
	startAt: Date;
}

/** The network's events that have begun, latest first: what an evaluation can be sent after. */
export async function listEventsToEvaluate(db: Kysely<Database>, networkId: string, now: Date): Promise<EventChoice[]> {
	const rows = await db
		.selectFrom('event')
		.select(['id', 'title', 'start_at'])
		.where('network_id', '=', networkId)
		.where('status', '!=', 'draft')
		.orderBy('start_at', 'desc')
		.limit(200)
		.execute();
	return rows
		.map((row) => ({ id: row.id, title: row.title, startAt: toDate(row.start_at) }))
		.filter((row) => row.startAt.getTime() <= now.getTime() + 86_400_000);
}

export async function findEventTitle(db: Kysely<Database>, networkId: string, eventId: string): Promise<string | null> {
	const row = await db
		.selectFrom('event')
		.select('title')
		.where('network_id', '=', networkId)
		.where('id', '=', eventId)
		.executeTakeFirst();
	return row?.title ?? null;
}
