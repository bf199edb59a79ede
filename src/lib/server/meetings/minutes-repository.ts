import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toDate } from '../platform/db/values.ts';

/** A stored revision of a meeting's minutes; the body is still encrypted. */
export interface RevisionRow {
	id: string;
	number: number;
	bodyEncrypted: string;
	linesAdded: number;
	linesRemoved: number;
	authorUserId: string | null;
	authorName: string | null;
	createdAt: Date;
}

function revisionQuery(db: Kysely<Database>, networkId: string, meetingId: string) {
	return db
		.selectFrom('meeting_minutes_revision as r')
		.leftJoin('user', 'user.id', 'r.author_user_id')
		.select([
			'r.id',
			'r.number',
			'r.body_encrypted',
			'r.lines_added',
			'r.lines_removed',
			'r.author_user_id',
			'user.name as author_name',
			'r.created_at'
		])
		.where('r.network_id', '=', networkId)
		.where('r.meeting_id', '=', meetingId);
}

type Row = Awaited<ReturnType<ReturnType<typeof revisionQuery>['execute']>>[number];

function toRevision(row: Row): RevisionRow {
	return {
		id: row.id,
		number: row.number,
		bodyEncrypted: row.body_encrypted,
		linesAdded: row.lines_added,
		linesRemoved: row.lines_removed,
		authorUserId: row.author_user_id,
		authorName: row.author_name ?? null,
		createdAt: toDate(row.created_at)
	};
}

/** Every revision, newest first. */
export async function listRevisions(
	db: Kysely<Database>,
	networkId: string,
	meetingId: string
): Promise<RevisionRow[]> {
	const rows = await revisionQuery(db, networkId, meetingId).orderBy('r.number', 'desc').execute();
	return rows.map(toRevision);
}

export async function findRevision(
	db: Kysely<Database>,
	networkId: string,
	meetingId: string,
	number: number
): Promise<RevisionRow | undefined> {
	const row = await revisionQuery(db, networkId, meetingId).where('r.number', '=', number).executeTakeFirst();
	return row ? toRevision(row) : undefined;
}

export async function latestRevision(
	db: Kysely<Database>,
	networkId: string,
	meetingId: string
): Promise<RevisionRow | undefined> {
	const row = await revisionQuery(db, networkId, meetingId).orderBy('r.number', 'desc').executeTakeFirst();
	return row ? toRevision(row) : undefined;
}

export async function insertRevision(
	db: Kysely<Database>,
	networkId: string,
	meetingId: string,
	revision: { id: string; number: number; bodyEncrypted: string; linesAdded: number; linesRemoved: number },
	authorUserId: string,
	now: Date
): Promise<void> {
	await db
		.insertInto('meeting_minutes_revision')
		.values({
			id: revision.id,
			network_id: networkId,
			meeting_id: meetingId,
			number: revision.number,
			body_encrypted: revision.bodyEncrypted,
			lines_added: revision.linesAdded,
			lines_removed: revision.linesRemoved,
			author_user_id: authorUserId,
			created_at: timestamp(now)
		})
		.execute();
}
