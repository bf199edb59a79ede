import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toBool, toDate, toDateOrNull } from '../platform/db/values.ts';
import type { MeetingStatus } from './model.ts';

/** One occurrence of a series: a real meeting on a day, with its own times, place and status. */
export interface MeetingRecord {
	id: string;
	networkId: string;
	seriesId: string;
	seriesDay: string;
	title: string;
	startAt: Date;
	endAt: Date;
	place: string | null;
	videoLink: string | null;
	status: MeetingStatus;
	edited: boolean;
	sequence: number;
	minutesApprovedRevision: number | null;
	minutesApprovedBy: string | null;
	minutesApprovedAt: Date | null;
	updatedAt: Date;
}

type Row = Database['meeting'];

function toMeeting(row: Row): MeetingRecord {
	return {
		id: row.id,
		networkId: row.network_id,
		seriesId: row.series_id,
		seriesDay: row.series_day,
		title: row.title,
		startAt: toDate(row.start_at),
		endAt: toDate(row.end_at),
		place: row.place,
		videoLink: row.video_link,
		status: row.status,
		edited: toBool(row.edited),
		sequence: row.sequence,
		minutesApprovedRevision: row.minutes_approved_revision,
		minutesApprovedBy: row.minutes_approved_by,
		minutesApprovedAt: toDateOrNull(row.minutes_approved_at),
		updatedAt: toDate(row.updated_at)
	};
}

export interface NewMeeting {
	id: string;
	seriesId: string;
	seriesDay: string;
	title: string;
	startAt: Date;
	endAt: Date;
	place: string | null;
	videoLink: string | null;
}

export async function insertMeetings(
	db: Kysely<Database>,
	networkId: string,
	meetings: NewMeeting[],
	now: Date
): Promise<void> {
	// Batches keep the statement within both databases' limits on bound parameters.
	for (let i = 0; i < meetings.length; i += 200)
		await db
			.insertInto('meeting')
			.values(
				meetings.slice(i, i + 200).map((m) => ({
					id: m.id,
					network_id: networkId,
					series_id: m.seriesId,
					series_day: m.seriesDay,
					title: m.title,
					start_at: timestamp(m.startAt),
					end_at: timestamp(m.endAt),
					place: m.place,
					video_link: m.videoLink,
					status: 'scheduled' as const,
					edited: 0,
					sequence: 0,
					created_at: timestamp(now),
					updated_at: timestamp(now)
				}))
			)
			.execute();
}

export async function findMeeting(
	db: Kysely<Database>,
	networkId: string,
	id: string
): Promise<MeetingRecord | undefined> {
	const row = await db
		.selectFrom('meeting')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return row ? toMeeting(row) : undefined;
}

/** The series' occurrences, in order; from a day on when given. */
export async function listMeetingsOfSeries(
	db: Kysely<Database>,
	networkId: string,
	seriesId: string,
	fromDay?: string
): Promise<MeetingRecord[]> {
	let query = db
		.selectFrom('meeting')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('series_id', '=', seriesId);
	if (fromDay) query = query.where('series_day', '>=', fromDay);
	const rows = await query.orderBy('start_at').execute();
	return rows.map(toMeeting);
}

/** The network's meetings that start in [from, to), in order. */
export async function listMeetingsBetween(
	db: Kysely<Database>,
	networkId: string,
	from: Date,
	to: Date
): Promise<MeetingRecord[]> {
	const rows = await db
		.selectFrom('meeting')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('start_at', '>=', timestamp(from))
		.where('start_at', '<', timestamp(to))
		.orderBy('start_at')
		.execute();
	return rows.map(toMeeting);
}

/**
 * The first scheduled meeting of the network, outside the given series and ids, that overlaps one of
 * the spans; undefined when none does. One query over the spans' whole range, then compared here.
 */
export async function findOverlap(
	db: Kysely<Database>,
	networkId: string,
	spans: { startAt: Date; endAt: Date }[],
	except: { seriesId?: string; ids?: string[] } = {}
): Promise<{ span: { startAt: Date; endAt: Date }; meeting: MeetingRecord } | undefined> {
	if (!spans.length) return undefined;
	const from = new Date(Math.min(...spans.map((s) => s.startAt.getTime())));
	const to = new Date(Math.max(...spans.map((s) => s.endAt.getTime())));
	let query = db
		.selectFrom('meeting')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('status', '=', 'scheduled')
		.where('start_at', '<', timestamp(to))
		.where('end_at', '>', timestamp(from));
	if (except.seriesId) query = query.where('series_id', '!=', except.seriesId);
	if (except.ids?.length) query = query.where('id', 'not in', except.ids);
	const others = (await query.orderBy('start_at').execute()).map(toMeeting);
	for (const span of [...spans].sort((a, b) => a.startAt.getTime() - b.startAt.getTime()))
		for (const meeting of others)
			if (meeting.startAt < span.endAt && meeting.endAt > span.startAt) return { span, meeting };
	return undefined;
}

export interface MeetingChange {
	title: string;
	startAt: Date;
	endAt: Date;
	place: string | null;
	videoLink: string | null;
}

/**
 * Changes an occurrence if it is still at `sequence`, raising the sequence (the calendar files'
 * SEQUENCE); `edited` marks a change by hand, which later changes of the series leave alone.
 * False when someone changed it meanwhile.
 */
export async function updateMeeting(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	sequence: number,
	change: MeetingChange,
	options: { edited: boolean },
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('meeting')
		.set({
			title: change.title,
			start_at: timestamp(change.startAt),
			end_at: timestamp(change.endAt),
			place: change.place,
			video_link: change.videoLink,
			...(options.edited ? { edited: 1 } : {}),
			sequence: sequence + 1,
			updated_at: timestamp(now)
		})
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.where('sequence', '=', sequence)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

export async function setMeetingStatus(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	sequence: number,
	status: MeetingStatus,
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('meeting')
		.set({ status, edited: 1, sequence: sequence + 1, updated_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.where('sequence', '=', sequence)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** Removes occurrences the series no longer has (only those nobody has written anything on). */
export async function deleteMeetings(db: Kysely<Database>, networkId: string, ids: string[]): Promise<void> {
	for (let i = 0; i < ids.length; i += 200)
		await db
			.deleteFrom('meeting')
			.where('network_id', '=', networkId)
			.where('id', 'in', ids.slice(i, i + 200))
			.execute();
}

/** Occurrences among `ids` that carry something of their own: attendance marked, agenda, minutes or consultations. */
export async function meetingsWithContent(
	db: Kysely<Database>,
	networkId: string,
	ids: string[]
): Promise<Set<string>> {
	if (!ids.length) return new Set();
	const found = new Set<string>();
	for (let i = 0; i < ids.length; i += 200) {
		const chunk = ids.slice(i, i + 200);
		const marked = await db
			.selectFrom('meeting_attendance')
			.select('meeting_id')
			.where('network_id', '=', networkId)
			.where('meeting_id', 'in', chunk)
			.where('status', 'is not', null)
			.union((qb) =>
				qb
					.selectFrom('meeting_minutes_revision')
					.select('meeting_id')
					.where('network_id', '=', networkId)
					.where('meeting_id', 'in', chunk)
			)
			.union((qb) =>
				qb
					.selectFrom('meeting_consultation')
					.select('meeting_id')
					.where('network_id', '=', networkId)
					.where('meeting_id', 'in', chunk)
			)
			.union((qb) =>
				qb
					.selectFrom('meeting_guest')
					.select('meeting_id')
					.where('network_id', '=', networkId)
					.where('meeting_id', 'in', chunk)
			)
			.execute();
		for (const row of marked) found.add(row.meeting_id);
	}
	return found;
}

export async function approveMinutes(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	revision: number,
	userId: string,
	now: Date
): Promise<void> {
	await db
		.updateTable('meeting')
		.set({ minutes_approved_revision: revision, minutes_approved_by: userId, minutes_approved_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.execute();
}
