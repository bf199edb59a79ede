import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toDate } from '../platform/db/values.ts';
import type { MeetingStatus } from './model.ts';

/**
 * The reads and writes of meeting mails and calendars: who is invited to which meetings with their
 * address and language, a member's invited meetings for their feed, and the feeds' hashed tokens.
 */

/** An occurrence as the calendar files and mails need it. */
export interface CalendarMeetingRow {
	id: string;
	seriesId: string;
	title: string;
	startAt: Date;
	endAt: Date;
	place: string | null;
	videoLink: string | null;
	status: MeetingStatus;
	sequence: number;
	updatedAt: Date;
}

const meetingColumns = [
	'meeting.id',
	'meeting.series_id',
	'meeting.title',
	'meeting.start_at',
	'meeting.end_at',
	'meeting.place',
	'meeting.video_link',
	'meeting.status',
	'meeting.sequence',
	'meeting.updated_at'
] as const;

function toRow(row: {
	id: string;
	series_id: string;
	title: string;
	start_at: Database['meeting']['start_at'];
	end_at: Database['meeting']['end_at'];
	place: string | null;
	video_link: string | null;
	status: MeetingStatus;
	sequence: number;
	updated_at: Database['meeting']['updated_at'];
}): CalendarMeetingRow {
	return {
		id: row.id,
		seriesId: row.series_id,
		title: row.title,
		startAt: toDate(row.start_at),
		endAt: toDate(row.end_at),
		place: row.place,
		videoLink: row.video_link,
		status: row.status,
		sequence: Number(row.sequence),
		updatedAt: toDate(row.updated_at)
	};
}

/** The meetings among `ids`, in order of their start. */
export async function meetingsByIds(
	db: Kysely<Database>,
	networkId: string,
	ids: string[]
): Promise<CalendarMeetingRow[]> {
	const found: CalendarMeetingRow[] = [];
	for (let i = 0; i < ids.length; i += 200) {
		const rows = await db
			.selectFrom('meeting')
			.select(meetingColumns)
			.where('meeting.network_id', '=', networkId)
			.where('meeting.id', 'in', ids.slice(i, i + 200))
			.execute();
		found.push(...rows.map(toRow));
	}
	return found.sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
}

/** A person a meeting mail goes to. */
export interface Recipient {
	membershipId: string;
	name: string;
	email: string;
	/** Their own choice of language, if any. */
	locale: string | null;
}

/** Who is invited to each of the meetings (active members only), by meeting. */
export async function invitedTo(
	db: Kysely<Database>,
	networkId: string,
	meetingIds: string[]
): Promise<Map<string, string[]>> {
	const byMeeting = new Map<string, string[]>();
	for (let i = 0; i < meetingIds.length; i += 200) {
		const rows = await db
			.selectFrom('meeting_attendance as a')
			.innerJoin('membership', 'membership.id', 'a.membership_id')
			.select(['a.meeting_id', 'a.membership_id'])
			.where('a.network_id', '=', networkId)
			.where('a.meeting_id', 'in', meetingIds.slice(i, i + 200))
			.where('membership.network_id', '=', networkId)
			.where('membership.active', '=', 1)
			.execute();
		for (const row of rows) {
			const list = byMeeting.get(row.meeting_id) ?? [];
			list.push(row.membership_id);
			byMeeting.set(row.meeting_id, list);
		}
	}
	return byMeeting;
}

/** The active members among `membershipIds`, with their address and language. */
export async function recipients(
	db: Kysely<Database>,
	networkId: string,
	membershipIds: string[]
): Promise<Map<string, Recipient>> {
	const found = new Map<string, Recipient>();
	const unique = [...new Set(membershipIds)];
	for (let i = 0; i < unique.length; i += 200) {
		const rows = await db
			.selectFrom('membership')
			.innerJoin('user', 'user.id', 'membership.user_id')
			.select(['membership.id', 'user.name', 'user.email', 'user.locale'])
			.where('membership.network_id', '=', networkId)
			.where('membership.id', 'in', unique.slice(i, i + 200))
			.where('membership.active', '=', 1)
			.execute();
		for (const row of rows)
			found.set(row.id, { membershipId: row.id, name: row.name, email: row.email, locale: row.locale });
	}
	return found;
}

/**
 * The meetings a member is invited to that start in [from, to), cancelled ones included, in order:
 * the personal feed. Through the attendance rows of the member (indexed by network and member).
 */
export async function invitedMeetingsOf(
	db: Kysely<Database>,
	networkId: string,
	membershipId: string,
	from: Date,
	to: Date
): Promise<CalendarMeetingRow[]> {
	const rows = await db
		.selectFrom('meeting_attendance as a')
		.innerJoin('meeting', 'meeting.id', 'a.meeting_id')
		.select(meetingColumns)
		.where('a.network_id', '=', networkId)
		.where('a.membership_id', '=', membershipId)
		.where('meeting.network_id', '=', networkId)
		.where('meeting.start_at', '>=', timestamp(from))
		.where('meeting.start_at', '<', timestamp(to))
		.orderBy('meeting.start_at')
		.execute();
	return rows.map(toRow);
}

/** Whether the member is invited to the meeting (has an attendance row). */
export async function isInvited(
	db: Kysely<Database>,
	networkId: string,
	meetingId: string,
	membershipId: string
): Promise<boolean> {
	const row = await db
		.selectFrom('meeting_attendance')
		.select('membership_id')
		.where('network_id', '=', networkId)
		.where('meeting_id', '=', meetingId)
		.where('membership_id', '=', membershipId)
		.executeTakeFirst();
	return row !== undefined;
}

// ---------------------------------------------------------------- personal feeds

/** The member whose feed has this token hash, if the feed exists and the member is active. */
export async function findFeedByHash(
	db: Kysely<Database>,
	networkId: string,
	tokenHash: string
): Promise<{ membershipId: string; userId: string; locale: string | null } | undefined> {
	const row = await db
		.selectFrom('meeting_feed as f')
		.innerJoin('membership', 'membership.id', 'f.membership_id')
		.innerJoin('user', 'user.id', 'membership.user_id')
		.select(['f.membership_id', 'membership.user_id', 'user.locale'])
		.where('f.network_id', '=', networkId)
		.where('f.token_hash', '=', tokenHash)
		.where('membership.network_id', '=', networkId)
		.where('membership.active', '=', 1)
		.executeTakeFirst();
	return row ? { membershipId: row.membership_id, userId: row.user_id, locale: row.locale } : undefined;
}

/** When the member's feed was made, if they have one. */
export async function findFeed(
	db: Kysely<Database>,
	networkId: string,
	membershipId: string
): Promise<{ createdAt: Date } | undefined> {
	const row = await db
		.selectFrom('meeting_feed')
		.select('created_at')
		.where('network_id', '=', networkId)
		.where('membership_id', '=', membershipId)
		.executeTakeFirst();
	return row ? { createdAt: toDate(row.created_at) } : undefined;
}

/** Makes the member's feed, or gives it a new token (the old one stops working at once). */
export async function saveFeed(
	db: Kysely<Database>,
	networkId: string,
	membershipId: string,
	tokenHash: string,
	now: Date
): Promise<void> {
	await db
		.deleteFrom('meeting_feed')
		.where('network_id', '=', networkId)
		.where('membership_id', '=', membershipId)
		.execute();
	await db
		.insertInto('meeting_feed')
		.values({ membership_id: membershipId, network_id: networkId, token_hash: tokenHash, created_at: timestamp(now) })
		.execute();
}

export async function deleteFeed(db: Kysely<Database>, networkId: string, membershipId: string): Promise<boolean> {
	const result = await db
		.deleteFrom('meeting_feed')
		.where('network_id', '=', networkId)
		.where('membership_id', '=', membershipId)
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}
