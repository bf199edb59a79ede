import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { toDate } from '../platform/db/values.ts';

/**
 * The participants of a team meeting, or of a series' meetings in a period, as other modules may ask
 * for them (an evaluation's invitations): the invited, or those marked present. Each active member
 * once, however many meetings they were at; cancelled meetings count for nothing.
 */

export interface MeetingParticipant {
	email: string;
	name: string;
	locale: string | null;
	userId: string;
}

export async function listMeetingParticipants(
	db: Kysely<Database>,
	networkId: string,
	of: { meetingId: string } | { seriesId: string; from: Date; to: Date },
	scope: 'invited' | 'present'
): Promise<MeetingParticipant[]> {
	let query = db
		.selectFrom('meeting_attendance as a')
		.innerJoin('meeting', 'meeting.id', 'a.meeting_id')
		.innerJoin('membership', 'membership.id', 'a.membership_id')
		.innerJoin('user', 'user.id', 'membership.user_id')
		.select(['user.id as user_id', 'user.email', 'user.name', 'user.locale'])
		.distinct()
		.where('a.network_id', '=', networkId)
		.where('meeting.network_id', '=', networkId)
		.where('membership.network_id', '=', networkId)
		.where('membership.active', '=', 1)
		.where('meeting.status', '=', 'scheduled');
	query =
		'meetingId' in of
			? query.where('meeting.id', '=', of.meetingId)
			: query
					.where('meeting.series_id', '=', of.seriesId)
					.where('meeting.start_at', '>=', of.from.toISOString())
					.where('meeting.start_at', '<', of.to.toISOString());
	if (scope === 'present') query = query.where('a.status', '=', 'present');
	const rows = await query.orderBy('user.email').execute();
	return rows.map((row) => ({ email: row.email, name: row.name, locale: row.locale, userId: row.user_id }));
}

export interface MeetingChoice {
	id: string;
	title: string;
	startAt: Date;
}

/** The network's meetings that have begun, latest first, and its series: what can be evaluated. */
export async function listMeetingsToEvaluate(
	db: Kysely<Database>,
	networkId: string,
	now: Date
): Promise<{ meetings: MeetingChoice[]; series: { id: string; title: string }[] }> {
	const [meetings, series] = await Promise.all([
		db
			.selectFrom('meeting')
			.select(['id', 'title', 'start_at'])
			.where('network_id', '=', networkId)
			.where('status', '=', 'scheduled')
			.where('start_at', '<=', now.toISOString())
			.orderBy('start_at', 'desc')
			.limit(100)
			.execute(),
		db
			.selectFrom('meeting_series')
			.select(['id', 'title'])
			.where('network_id', '=', networkId)
			.orderBy('title')
			.execute()
	]);
	return {
		meetings: meetings.map((row) => ({ id: row.id, title: row.title, startAt: toDate(row.start_at) })),
		series
	};
}
