import type { ServiceContext } from '../platform/context.ts';
import { can, requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { findMemberByUser } from '../networks/index.ts';
import { todayIn, utcToZoned } from '../platform/time.ts';
import { moveDiscussed } from '../consultations/discussed-service.ts';
import { listLinkedConsultations } from './consultation-links-repository.ts';
import * as attendance from './attendance-repository.ts';
import { affiliationsOf } from './attendance-service.ts';
import { checkTexts } from './checked-texts.ts';
import type { OccurrenceForm } from './forms.ts';
import * as meetings from './meetings-repository.ts';
import type { AttendanceStatus } from './model.ts';
import { queueMeetingNotices } from './notices.ts';
import { occurrenceTimes, wallClockExists } from './recurrence.ts';

/**
 * One meeting of a series (docs/product.md#team-meetings): the calendar every member sees, the
 * meeting's page, moving or changing one occurrence, cancelling it, and a member's "I can't come".
 *
 * What a reader sees depends on them (docs/decisions/021-team-meetings.md): coordinators and admins
 * everything; an invited member the place, video link, agenda and approved minutes of their
 * meetings; anyone else in the network (communicators, members not invited) the title and time only.
 */

/** How much of a meeting the context's person may see. */
export type MeetingAccess = 'manage' | 'invited' | 'calendar';

async function membershipOf(ctx: ServiceContext): Promise<string | null> {
	return (await findMemberByUser(ctx.db, ctx.network.id, ctx.actor.userId))?.membershipId ?? null;
}

/** How much of the meeting the context's person may see, and their own answer or mark. */
export async function meetingAccess(
	ctx: ServiceContext,
	meetingId: string
): Promise<{ access: MeetingAccess; membershipId: string | null; own: AttendanceStatus | null }> {
	const membershipId = await membershipOf(ctx);
	const own = membershipId
		? await attendance.findAttendance(ctx.db, ctx.network.id, meetingId, membershipId)
		: undefined;
	const access: MeetingAccess = can(ctx, 'meetings.manage') ? 'manage' : own ? 'invited' : 'calendar';
	return { access, membershipId, own: own?.status ?? null };
}

export interface CalendarEntry {
	id: string;
	seriesId: string;
	title: string;
	startAt: Date;
	endAt: Date;
	status: meetings.MeetingRecord['status'];
	/** Moved or changed by hand, away from its series' rule. */
	edited: boolean;
	/** Null unless the reader may see it. */
	place: string | null;
	invited: boolean;
	/** The reader's own answer or mark, when invited. */
	own: AttendanceStatus | null;
}

/**
 * The network's meetings from `from` to `to` as the reader may see them: the place only for the
 * invited and coordinators, never the video link (that is on the meeting's page and in the
 * invited's calendars).
 */
export async function meetingCalendar(ctx: ServiceContext, from: Date, to: Date): Promise<CalendarEntry[]> {
	await requirePermission(ctx, 'meetings.read');
	const all = await meetings.listMeetingsBetween(ctx.db, ctx.network.id, from, to);
	const membershipId = await membershipOf(ctx);
	const invited = membershipId
		? await attendance.invitedAmong(
				ctx.db,
				ctx.network.id,
				membershipId,
				all.map((m) => m.id)
			)
		: new Map<string, AttendanceStatus | null>();
	const manages = can(ctx, 'meetings.manage');
	return all.map((m) => ({
		id: m.id,
		seriesId: m.seriesId,
		title: m.title,
		startAt: m.startAt,
		endAt: m.endAt,
		status: m.status,
		edited: m.edited,
		place: manages || invited.has(m.id) ? m.place : null,
		invited: invited.has(m.id),
		own: invited.get(m.id) ?? null
	}));
}

/** A meeting as its page shows it to the reader; the sections beyond the basics only where allowed. */
export async function meetingPage(ctx: ServiceContext, id: string) {
	await requirePermission(ctx, 'meetings.read');
	const meeting = await meetings.findMeeting(ctx.db, ctx.network.id, id);
	if (!meeting) return failure('error_not_found');
	const { access, membershipId, own } = await meetingAccess(ctx, id);
	const details = access !== 'calendar';
	return ok({
		access,
		membershipId,
		own,
		meeting: {
			id: meeting.id,
			seriesId: meeting.seriesId,
			seriesDay: meeting.seriesDay,
			title: meeting.title,
			startAt: meeting.startAt,
			endAt: meeting.endAt,
			status: meeting.status,
			edited: meeting.edited,
			sequence: meeting.sequence,
			place: details ? meeting.place : null,
			videoLink: details ? meeting.videoLink : null,
			minutesApprovedRevision: details ? meeting.minutesApprovedRevision : null,
			minutesApprovedAt: details ? meeting.minutesApprovedAt : null
		},
		/** Whether a member may still say they can't come (or take it back): before the start. */
		canAnnounce: access === 'invited' && meeting.status === 'scheduled' && meeting.startAt > ctx.now
	});
}

/** The occurrence's edit form values, in the network's wall clock. */
export async function occurrenceFormValues(ctx: ServiceContext, id: string) {
	await requirePermission(ctx, 'meetings.manage');
	const meeting = await meetings.findMeeting(ctx.db, ctx.network.id, id);
	if (!meeting) return failure('error_not_found');
	const start = utcToZoned(meeting.startAt, ctx.network.timeZone);
	const end = utcToZoned(meeting.endAt, ctx.network.timeZone);
	return ok({
		meeting,
		values: {
			title: meeting.title,
			day: start.slice(0, 10),
			startTime: start.slice(11, 16),
			endTime: end.slice(11, 16),
			place: meeting.place ?? '',
			videoLink: meeting.videoLink ?? '',
			sequence: String(meeting.sequence)
		}
	});
}

/**
 * Moves or changes one occurrence. It keeps its place in the series (its `series_day`) but no
 * longer follows the series' later changes. Refused when it would overlap another meeting, when
 * the time does not exist that day, or when someone changed it since the form was loaded.
 */
export async function editMeeting(ctx: ServiceContext, id: string, form: OccurrenceForm): Promise<Result<void>> {
	await requirePermission(ctx, 'meetings.manage');
	const meeting = await meetings.findMeeting(ctx.db, ctx.network.id, id);
	if (!meeting) return failure('error_not_found');
	if (meeting.sequence !== form.sequence) return failure('error_meetings_changed_meanwhile');
	if (!wallClockExists(form.day, form.startTime, ctx.network.timeZone))
		return failure('error_meetings_time_skipped', 'startTime');
	const times = occurrenceTimes(form.day, form.startTime, form.endTime, ctx.network.timeZone);
	if (meeting.status === 'scheduled' && (await meetings.findOverlap(ctx.db, ctx.network.id, [times], { ids: [id] })))
		return failure('error_meetings_overlap', 'startTime');
	const refused = await checkTexts(ctx, { title: form.title });
	if (refused) return failure(refused.error, refused.field);
	const change = { title: form.title, ...times, place: form.place, videoLink: form.videoLink };
	const result = await ctx.db.transaction().execute(async (trx) => {
		if (!(await meetings.updateMeeting(trx, ctx.network.id, id, meeting.sequence, change, { edited: true }, ctx.now)))
			return failure('error_meetings_changed_meanwhile');
		await ctx.audit.record('meetings.meeting_updated', { type: 'meeting', id }, 'success', trx);
		const [fromDay, toDay] = [meeting.startAt, times.startAt].map((at) => todayIn(ctx.network.timeZone, at));
		if (fromDay !== toDay) {
			const discussed = await listLinkedConsultations(trx, ctx.network.id, id);
			await moveDiscussed(trx, ctx, discussed, fromDay, toDay);
		}
		if (meeting.status === 'scheduled')
			await queueMeetingNotices(trx, ctx, { invited: [], changed: [id], cancelled: [] });
		return ok(undefined);
	});
	ctx.mail.flush();
	return result;
}

/** Cancels one occurrence (or takes the cancellation back); the invited are told. */
export async function setMeetingCancelled(
	ctx: ServiceContext,
	id: string,
	sequence: number,
	cancelled: boolean
): Promise<Result<void>> {
	await requirePermission(ctx, 'meetings.manage');
	const meeting = await meetings.findMeeting(ctx.db, ctx.network.id, id);
	if (!meeting) return failure('error_not_found');
	if (meeting.sequence !== sequence) return failure('error_meetings_changed_meanwhile');
	if ((meeting.status === 'cancelled') === cancelled) return ok(undefined);
	if (!cancelled && (await meetings.findOverlap(ctx.db, ctx.network.id, [meeting], { ids: [id] })))
		return failure('error_meetings_overlap');
	const result = await ctx.db.transaction().execute(async (trx) => {
		const status = cancelled ? 'cancelled' : 'scheduled';
		if (!(await meetings.setMeetingStatus(trx, ctx.network.id, id, sequence, status, ctx.now)))
			return failure('error_meetings_changed_meanwhile');
		const action = cancelled ? 'meetings.meeting_cancelled' : 'meetings.meeting_reinstated';
		await ctx.audit.record(action, { type: 'meeting', id }, 'success', trx);
		await queueMeetingNotices(
			trx,
			ctx,
			cancelled ? { invited: [], changed: [], cancelled: [id] } : { invited: [id], changed: [], cancelled: [] }
		);
		return ok(undefined);
	});
	ctx.mail.flush();
	return result;
}

/**
 * An invited member says beforehand that they can't come (marked excused, with an optional
 * reason), or takes it back. Only before the meeting starts, and never over a mark the
 * coordinator made.
 */
export async function announceAbsence(
	ctx: ServiceContext,
	id: string,
	absent: boolean,
	reason: string | null
): Promise<Result<void>> {
	await requirePermission(ctx, 'meetings.read');
	const meeting = await meetings.findMeeting(ctx.db, ctx.network.id, id);
	if (!meeting) return failure('error_not_found');
	const membershipId = await membershipOf(ctx);
	const current = membershipId ? await attendance.findAttendance(ctx.db, ctx.network.id, id, membershipId) : undefined;
	if (!membershipId || !current) return failure('error_meetings_not_invited');
	if (meeting.status !== 'scheduled' || meeting.startAt <= ctx.now) return failure('error_meetings_announce_too_late');
	if (current.status && !current.selfAnnounced) return failure('error_meetings_already_marked');
	if (absent && reason) {
		const refused = await checkTexts(ctx, { reason });
		if (refused) return failure(refused.error, 'reason');
	}
	const where = (await affiliationsOf(ctx.db, ctx.network.id)).get(membershipId);
	await ctx.db.transaction().execute(async (trx) => {
		await attendance.markAttendance(
			trx,
			ctx.network.id,
			id,
			{
				membershipId,
				status: absent ? 'excused' : null,
				reason: absent ? reason : null,
				selfAnnounced: absent,
				organisationTypeId: where?.organisationTypeId ?? null,
				municipalityId: where?.municipalityId ?? null
			},
			ctx.actor.userId,
			ctx.now
		);
		const action = absent ? 'meetings.absence_announced' : 'meetings.absence_withdrawn';
		await ctx.audit.record(action, { type: 'meeting', id }, 'success', trx);
	});
	return ok(undefined);
}
