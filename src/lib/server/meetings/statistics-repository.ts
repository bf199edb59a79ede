import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toDate, toDateOrNull } from '../platform/db/values.ts';
import type { AttendanceStatus, MeetingStatus } from './model.ts';

/**
 * SQL of the attendance statistics (docs/product.md#team-meetings). A meeting belongs to the period
 * in which it starts; the caller turns the period's days into instants in the network's time zone.
 * Every query names the network on both the meeting and the attendance or guest row, and counts in
 * the database (GROUP BY), so a period reads a few dozen rows however long the history is. The
 * queries walk `meeting_network_start_idx` to the period's meetings and reach their attendance
 * through `meeting_attendance_meeting_idx` (migration 0016: network and meeting, which PostgreSQL
 * needs) and their guests through `meeting_guest_meeting_idx`.
 */

const present = sql<number>`sum(case when a.status = 'present' then 1 else 0 end)`;
const excused = sql<number>`sum(case when a.status = 'excused' then 1 else 0 end)`;
const absent = sql<number>`sum(case when a.status = 'absent' then 1 else 0 end)`;

export interface MeetingCountRow {
	id: string;
	title: string;
	startAt: Date;
	status: MeetingStatus;
	invited: number;
	present: number;
	excused: number;
	absent: number;
}

/** Every meeting starting in [from, until), cancelled ones too, with its invitations counted by mark. */
export async function listMeetingsWithCounts(
	db: Kysely<Database>,
	networkId: string,
	from: Date,
	until: Date
): Promise<MeetingCountRow[]> {
	const rows = await db
		.selectFrom('meeting as m')
		.leftJoin('meeting_attendance as a', (join) =>
			join.onRef('a.meeting_id', '=', 'm.id').onRef('a.network_id', '=', 'm.network_id')
		)
		.select([
			'm.id',
			'm.title',
			'm.start_at',
			'm.status',
			(eb) => eb.fn.count<number | string>('a.membership_id').as('invited'),
			present.as('present'),
			excused.as('excused'),
			absent.as('absent')
		])
		.where('m.network_id', '=', networkId)
		.where('m.start_at', '>=', timestamp(from))
		.where('m.start_at', '<', timestamp(until))
		.groupBy(['m.id', 'm.title', 'm.start_at', 'm.status'])
		.orderBy('m.start_at')
		.orderBy('m.id')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		startAt: toDate(r.start_at),
		status: r.status,
		invited: Number(r.invited),
		present: Number(r.present ?? 0),
		excused: Number(r.excused ?? 0),
		absent: Number(r.absent ?? 0)
	}));
}

/** The scheduled meetings of the network that started in [from, until): the meetings held. */
function heldMeetings(db: Kysely<Database>, networkId: string, from: Date, until: Date) {
	return db
		.selectFrom('meeting as m')
		.where('m.network_id', '=', networkId)
		.where('m.status', '=', 'scheduled')
		.where('m.start_at', '>=', timestamp(from))
		.where('m.start_at', '<', timestamp(until));
}

export interface MemberCountRow {
	membershipId: string;
	/** Invitations to meetings held. */
	invited: number;
	present: number;
	excused: number;
	absent: number;
}

/** Each invited member's marks over the meetings held in [from, until). */
export async function countAttendanceByMember(
	db: Kysely<Database>,
	networkId: string,
	from: Date,
	until: Date
): Promise<MemberCountRow[]> {
	const rows = await heldMeetings(db, networkId, from, until)
		.innerJoin('meeting_attendance as a', 'a.meeting_id', 'm.id')
		.where('a.network_id', '=', networkId)
		.select([
			'a.membership_id',
			(eb) => eb.fn.countAll<number | string>().as('invited'),
			present.as('present'),
			excused.as('excused'),
			absent.as('absent')
		])
		.groupBy('a.membership_id')
		.execute();
	return rows.map((r) => ({
		membershipId: r.membership_id,
		invited: Number(r.invited),
		present: Number(r.present ?? 0),
		excused: Number(r.excused ?? 0),
		absent: Number(r.absent ?? 0)
	}));
}

export interface AffiliationCountRow {
	organisationTypeId: string | null;
	municipalityId: string | null;
	status: AttendanceStatus;
	count: number;
}

/**
 * The marks of the meetings held in [from, until), counted per organisation type, municipality and
 * mark, from the affiliation copied into each mark when it was made. Unmarked invitations have no
 * affiliation yet and are left out.
 */
export async function countMarksByAffiliation(
	db: Kysely<Database>,
	networkId: string,
	from: Date,
	until: Date
): Promise<AffiliationCountRow[]> {
	const rows = await heldMeetings(db, networkId, from, until)
		.innerJoin('meeting_attendance as a', 'a.meeting_id', 'm.id')
		.where('a.network_id', '=', networkId)
		.where('a.status', 'is not', null)
		.select([
			'a.organisation_type_id',
			'a.municipality_id',
			'a.status',
			(eb) => eb.fn.countAll<number | string>().as('n')
		])
		.groupBy(['a.organisation_type_id', 'a.municipality_id', 'a.status'])
		.execute();
	return rows.map((r) => ({
		organisationTypeId: r.organisation_type_id,
		municipalityId: r.municipality_id,
		status: r.status as AttendanceStatus,
		count: Number(r.n)
	}));
}

export interface GuestCountRow {
	meetingId: string;
	organisationTypeId: string | null;
	municipalityId: string | null;
	count: number;
}

/** The guests of the meetings held in [from, until), summed per meeting, organisation type and municipality. */
export async function countGuests(
	db: Kysely<Database>,
	networkId: string,
	from: Date,
	until: Date
): Promise<GuestCountRow[]> {
	const rows = await heldMeetings(db, networkId, from, until)
		.innerJoin('meeting_guest as g', 'g.meeting_id', 'm.id')
		.where('g.network_id', '=', networkId)
		.select([
			'g.meeting_id',
			'g.organisation_type_id',
			'g.municipality_id',
			(eb) => eb.fn.sum<number | string>('g.count').as('n')
		])
		.groupBy(['g.meeting_id', 'g.organisation_type_id', 'g.municipality_id'])
		.execute();
	return rows.map((r) => ({
		meetingId: r.meeting_id,
		organisationTypeId: r.organisation_type_id,
		municipalityId: r.municipality_id,
		count: Number(r.n)
	}));
}

// ---------------------------------------------------------------- settings

export async function findRegularPercent(
	db: Kysely<Database>,
	networkId: string
): Promise<{ regularPercent: number; updatedAt: Date | null } | undefined> {
	const row = await db
		.selectFrom('meeting_settings')
		.select(['regular_percent', 'updated_at'])
		.where('network_id', '=', networkId)
		.executeTakeFirst();
	return row ? { regularPercent: Number(row.regular_percent), updatedAt: toDateOrNull(row.updated_at) } : undefined;
}

export async function saveRegularPercent(
	db: Kysely<Database>,
	networkId: string,
	regularPercent: number,
	now: Date
): Promise<void> {
	await db
		.insertInto('meeting_settings')
		.values({ network_id: networkId, regular_percent: regularPercent, updated_at: timestamp(now) })
		.onConflict((oc) =>
			oc.column('network_id').doUpdateSet({ regular_percent: regularPercent, updated_at: timestamp(now) })
		)
		.execute();
}
