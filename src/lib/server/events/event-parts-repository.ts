import type { Kysely } from 'kysely';
import { prepared } from '../platform/db/prepared.ts';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toDate } from '../platform/db/values.ts';

/** SQL of an event's parts: its sessions, speakers and audience (organisation types). */

export interface SessionValues {
	title: string | null;
	startAt: Date;
	endAt: Date;
}

export interface SpeakerValues {
	name: string;
	title: string | null;
	organisation: string | null;
	bio: string | null;
}

export async function replaceSessions(
	db: Kysely<Database>,
	networkId: string,
	eventId: string,
	sessions: (SessionValues & { id: string })[]
): Promise<void> {
	await db.deleteFrom('event_session').where('network_id', '=', networkId).where('event_id', '=', eventId).execute();
	if (!sessions.length) return;
	await db
		.insertInto('event_session')
		.values(
			sessions.map((s, i) => ({
				id: s.id,
				network_id: networkId,
				event_id: eventId,
				title: s.title,
				start_at: timestamp(s.startAt),
				end_at: timestamp(s.endAt),
				sort_order: i
			}))
		)
		.execute();
}

export async function replaceSpeakers(
	db: Kysely<Database>,
	networkId: string,
	eventId: string,
	speakers: (SpeakerValues & { id: string })[]
): Promise<void> {
	await db.deleteFrom('event_speaker').where('network_id', '=', networkId).where('event_id', '=', eventId).execute();
	if (!speakers.length) return;
	await db
		.insertInto('event_speaker')
		.values(
			speakers.map((s, i) => ({
				id: s.id,
				network_id: networkId,
				event_id: eventId,
				name: s.name,
				title: s.title,
				organisation: s.organisation,
				bio: s.bio,
				sort_order: i
			}))
		)
		.execute();
}

export async function replaceAudienceTypes(
	db: Kysely<Database>,
	networkId: string,
	eventId: string,
	typeIds: string[]
): Promise<void> {
	await db
		.deleteFrom('event_audience_type')
		.where('network_id', '=', networkId)
		.where('event_id', '=', eventId)
		.execute();
	if (!typeIds.length) return;
	await db
		.insertInto('event_audience_type')
		.values([...new Set(typeIds)].map((id) => ({ event_id: eventId, organisation_type_id: id, network_id: networkId })))
		.execute();
}

// Prepared: every confirmation's invite lists the sessions.
const sessionsQuery = prepared((db, v: { networkId: string; eventId: string }) =>
	db
		.selectFrom('event_session')
		.selectAll()
		.where('network_id', '=', v.networkId)
		.where('event_id', '=', v.eventId)
		.orderBy('sort_order')
);

export async function listSessions(db: Kysely<Database>, networkId: string, eventId: string) {
	const rows = await sessionsQuery.run(db, { networkId, eventId });
	return rows.map((r) => ({ id: r.id, title: r.title, startAt: toDate(r.start_at), endAt: toDate(r.end_at) }));
}

export async function listSpeakers(db: Kysely<Database>, networkId: string, eventId: string) {
	const rows = await db
		.selectFrom('event_speaker')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('event_id', '=', eventId)
		.orderBy('sort_order')
		.execute();
	return rows.map((r) => ({ id: r.id, name: r.name, title: r.title, organisation: r.organisation, bio: r.bio }));
}

export async function listAudienceTypeIds(db: Kysely<Database>, networkId: string, eventId: string) {
	const rows = await db
		.selectFrom('event_audience_type')
		.select('organisation_type_id')
		.where('network_id', '=', networkId)
		.where('event_id', '=', eventId)
		.execute();
	return rows.map((r) => r.organisation_type_id);
}
