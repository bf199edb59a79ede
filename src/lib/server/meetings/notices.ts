import type { Kysely } from 'kysely';
import type { ServiceContext } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import type { MailAttachment } from '../platform/mail/outbox.ts';
import * as calendar from './calendar-repository.ts';
import { meetingCancel, meetingInvite, type CalendarFile, type CalendarMeeting } from './ics.ts';
import { meetingLink, meetingMailLocale, renderNoticeMail, type NoticeEntry, type NoticeKind } from './mail.ts';

/**
 * What a change of meetings tells the invited: new meetings (an invitation), changed ones (the
 * calendar entry updated) and cancelled ones, each by mail in the invitee's language with the
 * calendar file. `deleting`: the series is about to be deleted, so read everything now.
 *
 * `joined` and `left` are people whose invitation to a meeting that did not otherwise change came
 * or went (the series' audience changed); `removed` are meetings read before their rows were
 * deleted, with who was invited to them.
 */
export interface MeetingNotices {
	invited: string[];
	changed: string[];
	cancelled: string[];
	deleting?: boolean;
	joined?: Invitation[];
	left?: Invitation[];
	removed?: RemovedMeeting[];
}

export interface Invitation {
	meetingId: string;
	membershipId: string;
}

/** A meeting as it was just before its row was deleted, and who was invited to it. */
export interface RemovedMeeting {
	meeting: calendar.CalendarMeetingRow;
	invited: string[];
}

function toAttachment(file: CalendarFile): MailAttachment {
	return {
		filename: file.filename,
		contentType: file.contentType,
		contentBase64: Buffer.from(file.content, 'utf8').toString('base64')
	};
}

/** Which kind wins when one meeting comes up twice for one person: taking it away beats telling of it. */
const rank: Record<NoticeKind, number> = { invited: 1, changed: 0, cancelled: 3, uninvited: 2 };

/**
 * Queues the mails of a change, in the caller's transaction (so they exist exactly when the change
 * does): one mail per person touched, in their language, with one calendar file per meeting —
 * a REQUEST with the meeting's SEQUENCE for a new or changed meeting, a CANCEL for one cancelled,
 * removed, or no longer theirs. Only the invited get the video link; a cancellation carries none.
 * Meetings already over are left out: a calendar needs no news of the past.
 */
export async function queueMeetingNotices(
	trx: Kysely<Database>,
	ctx: Pick<ServiceContext, 'network' | 'mail' | 'now' | 'publicOrigin' | 'actor'>,
	notices: MeetingNotices
): Promise<void> {
	const networkId = ctx.network.id;
	const joined = notices.joined ?? [];
	const left = notices.left ?? [];
	const removed = notices.removed ?? [];
	const everyone = [...notices.invited, ...notices.changed, ...notices.cancelled];
	const ids = [...new Set([...everyone, ...joined.map((j) => j.meetingId), ...left.map((l) => l.meetingId)])];
	if (!ids.length && !removed.length) return;

	const meetings = new Map((await calendar.meetingsByIds(trx, networkId, ids)).map((row) => [row.id, row]));
	for (const gone of removed) meetings.set(gone.meeting.id, gone.meeting);
	const invited = await calendar.invitedTo(trx, networkId, [...new Set(everyone)]);

	/** Per person: meeting id → what it is to them. */
	const touched = new Map<string, Map<string, NoticeKind>>();
	const add = (membershipId: string, meetingId: string, kind: NoticeKind) => {
		const meeting = meetings.get(meetingId);
		if (!meeting || meeting.endAt <= ctx.now) return;
		const own = touched.get(membershipId) ?? new Map<string, NoticeKind>();
		const before = own.get(meetingId);
		if (!before || rank[kind] > rank[before]) own.set(meetingId, kind);
		touched.set(membershipId, own);
	};
	for (const id of notices.invited) for (const person of invited.get(id) ?? []) add(person, id, 'invited');
	for (const id of notices.changed) for (const person of invited.get(id) ?? []) add(person, id, 'changed');
	for (const id of notices.cancelled) for (const person of invited.get(id) ?? []) add(person, id, 'cancelled');
	for (const j of joined) add(j.membershipId, j.meetingId, 'invited');
	for (const l of left) add(l.membershipId, l.meetingId, 'uninvited');
	for (const gone of removed) for (const person of gone.invited) add(person, gone.meeting.id, 'cancelled');
	if (!touched.size) return;

	const people = await calendar.recipients(trx, networkId, [...touched.keys()]);
	const network = { slug: ctx.network.slug, name: ctx.network.name, contactEmail: ctx.network.contactEmail };
	for (const [membershipId, own] of touched) {
		const person = people.get(membershipId);
		if (!person) continue;
		const locale = meetingMailLocale(person.locale, ctx.network.defaultLocale);
		const entries: NoticeEntry[] = [];
		const attachments: MailAttachment[] = [];
		const ordered = [...own].sort(
			([a], [b]) => meetings.get(a)!.startAt.getTime() - meetings.get(b)!.startAt.getTime()
		);
		for (const [meetingId, kind] of ordered) {
			const row = meetings.get(meetingId)!;
			const away = kind === 'cancelled' || kind === 'uninvited';
			const url = meetingLink(ctx.publicOrigin, ctx.network.slug, row.id, locale);
			const meeting: CalendarMeeting = { ...row, videoLink: away ? null : row.videoLink, url };
			const attendee = { name: person.name, email: person.email };
			entries.push({ kind, ...meeting });
			attachments.push(
				toAttachment(
					away
						? meetingCancel(network, meeting, attendee, locale, ctx.now)
						: meetingInvite(network, meeting, attendee, locale, ctx.now)
				)
			);
		}
		const mail = renderNoticeMail(locale, {
			networkName: ctx.network.name,
			networkSlug: ctx.network.slug,
			timeZone: ctx.network.timeZone,
			publicOrigin: ctx.publicOrigin,
			recipientName: person.name,
			entries
		});
		await ctx.mail.enqueue(trx, {
			networkId,
			kind: 'meeting-notice',
			to: person.email,
			fromName: ctx.network.name,
			...mail,
			attachments
		});
	}
}
