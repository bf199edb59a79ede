import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toBool, toDateOrNull } from '../platform/db/values.ts';
import type { AttendanceStatus } from './model.ts';

/** One invited member's row for one meeting. */
export interface AttendanceRecord {
	membershipId: string;
	userId: string;
	name: string;
	status: AttendanceStatus | null;
	reason: string | null;
	selfAnnounced: boolean;
	markedAt: Date | null;
}

/** Invites members to meetings: one row each, unmarked. Rows that exist stay as they are. */
export async function insertInvitees(
	db: Kysely<Database>,
	networkId: string,
	rows: { meetingId: string; membershipId: string }[]
): Promise<void> {
	for (let i = 0; i < rows.length; i += 300)
		await db
			.insertInto('meeting_attendance')
			.values(
				rows.slice(i, i + 300).map((row) => ({
					network_id: networkId,
					meeting_id: row.meetingId,
					membership_id: row.membershipId,
					status: null,
					self_announced: 0
				}))
			)
			.onConflict((oc) => oc.columns(['meeting_id', 'membership_id']).doNothing())
			.execute();
}

/**
 * Takes back the invitations of members no longer invited to the given meetings, where nothing was
 * marked yet (a mark is history and stays).
 */
export async function removeUnmarkedInvitees(
	db: Kysely<Database>,
	networkId: string,
	meetingId: string,
	keep: string[]
): Promise<void> {
	let query = db
		.deleteFrom('meeting_attendance')
		.where('network_id', '=', networkId)
		.where('meeting_id', '=', meetingId)
		.where('status', 'is', null);
	if (keep.length) query = query.where('membership_id', 'not in', keep);
	await query.execute();
}

export async function listAttendance(
	db: Kysely<Database>,
	networkId: string,
	meetingId: string
): Promise<AttendanceRecord[]> {
	const rows = await db
		.selectFrom('meeting_attendance as a')
		.innerJoin('membership', 'membership.id', 'a.membership_id')
		.innerJoin('user', 'user.id', 'membership.user_id')
		.select([
			'a.membership_id',
			'membership.user_id',
			'user.name',
			'a.status',
			'a.reason',
			'a.self_announced',
			'a.marked_at'
		])
		.where('a.network_id', '=', networkId)
		.where('a.meeting_id', '=', meetingId)
		.orderBy('user.name')
		.orderBy('a.membership_id')
		.execute();
	return rows.map((row) => ({
		membershipId: row.membership_id,
		userId: row.user_id,
		name: row.name,
		status: row.status,
		reason: row.reason,
		selfAnnounced: toBool(row.self_announced),
		markedAt: toDateOrNull(row.marked_at)
	}));
}

export async function findAttendance(
	db: Kysely<Database>,
	networkId: string,
	meetingId: string,
	membershipId: string
): Promise<{ status: AttendanceStatus | null; selfAnnounced: boolean } | undefined> {
	const row = await db
		.selectFrom('meeting_attendance')
		.select(['status', 'self_announced'])
		.where('network_id', '=', networkId)
		.where('meeting_id', '=', meetingId)
		.where('membership_id', '=', membershipId)
		.executeTakeFirst();
	return row ? { status: row.status, selfAnnounced: toBool(row.self_announced) } : undefined;
}

export interface AttendanceMark {
	membershipId: string;
	status: AttendanceStatus | null;
	reason: string | null;
	selfAnnounced: boolean;
	organisationTypeId: string | null;
	municipalityId: string | null;
}

/** Marks an invited member; false when they are not invited to this meeting. */
export async function markAttendance(
	db: Kysely<Database>,
	networkId: string,
	meetingId: string,
	mark: AttendanceMark,
	markedBy: string,
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('meeting_attendance')
		.set({
			status: mark.status,
			reason: mark.status === 'present' ? null : mark.reason,
			self_announced: mark.selfAnnounced ? 1 : 0,
			marked_by: mark.status ? markedBy : null,
			marked_at: mark.status ? timestamp(now) : null,
			organisation_type_id: mark.organisationTypeId,
			municipality_id: mark.municipalityId
		})
		.where('network_id', '=', networkId)
		.where('meeting_id', '=', meetingId)
		.where('membership_id', '=', mark.membershipId)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

// ---------------------------------------------------------------- guests

export interface GuestRecord {
	id: string;
	organisationTypeId: string | null;
	municipalityId: string | null;
	count: number;
}

export async function listGuests(db: Kysely<Database>, networkId: string, meetingId: string): Promise<GuestRecord[]> {
	const rows = await db
		.selectFrom('meeting_guest')
		.select(['id', 'organisation_type_id', 'municipality_id', 'count'])
		.where('network_id', '=', networkId)
		.where('meeting_id', '=', meetingId)
		.orderBy('id')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		organisationTypeId: row.organisation_type_id,
		municipalityId: row.municipality_id,
		count: row.count
	}));
}

export async function insertGuests(
	db: Kysely<Database>,
	networkId: string,
	meetingId: string,
	guest: GuestRecord
): Promise<void> {
	await db
		.insertInto('meeting_guest')
		.values({
			id: guest.id,
			network_id: networkId,
			meeting_id: meetingId,
			organisation_type_id: guest.organisationTypeId,
			municipality_id: guest.municipalityId,
			count: guest.count
		})
		.execute();
}

export async function deleteGuests(
	db: Kysely<Database>,
	networkId: string,
	meetingId: string,
	id: string
): Promise<boolean> {
	const result = await db
		.deleteFrom('meeting_guest')
		.where('network_id', '=', networkId)
		.where('meeting_id', '=', meetingId)
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}

/** The meetings among `meetingIds` a member is invited to. */
export async function invitedAmong(
	db: Kysely<Database>,
	networkId: string,
	membershipId: string,
	meetingIds: string[]
): Promise<Map<string, AttendanceStatus | null>> {
	const invited = new Map<string, AttendanceStatus | null>();
	for (let i = 0; i < meetingIds.length; i += 300) {
		const rows = await db
			.selectFrom('meeting_attendance')
			.select(['meeting_id', 'status'])
			.where('network_id', '=', networkId)
			.where('membership_id', '=', membershipId)
			.where('meeting_id', 'in', meetingIds.slice(i, i + 300))
			.execute();
		for (const row of rows) invited.set(row.meeting_id, row.status);
	}
	return invited;
}
