import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { listMembers } from '../networks/index.ts';
import type { NetworkRef } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { monthsBefore } from '../platform/time.ts';
import * as agenda from './agenda-repository.ts';
import * as attendance from './attendance-repository.ts';
import { invitedTo } from './calendar-repository.ts';
import { inviteesOf } from './invitees.ts';
import * as meetings from './meetings-repository.ts';
import { HORIZON_MONTHS } from './model.ts';
import type { Invitation, RemovedMeeting } from './notices.ts';
import { occurrenceTimes, seriesDays } from './recurrence.ts';
import * as seriesRepo from './series-repository.ts';

/**
 * Keeps a series' occurrences in step with its rule (docs/decisions/021-team-meetings.md): the
 * days the rule gives up to the horizon exist as meetings; a day the rule no longer gives is
 * removed, or cancelled if something was written on it; times and place follow the series. Days
 * before `fromDay` are history and never touched, nor are occurrences edited by hand. The invited
 * of every meeting still ahead follow the series' audience; marks already made stay.
 *
 * Runs inside the caller's transaction. What changed comes back so the caller can audit it and tell
 * the invited (new meetings, changed ones, cancelled ones).
 */
export interface SyncOutcome {
	created: string[];
	changed: string[];
	cancelled: string[];
	removed: number;
	/** Meetings deleted, as they were, with who was invited: they are told before the rows go. */
	removedMeetings: RemovedMeeting[];
	/** Invitations to meetings that were there before, given or taken back by the audience. */
	joined: Invitation[];
	left: Invitation[];
}

/** The last day the horizon reaches from `today`. */
export function horizonEnd(today: string): string {
	return monthsBefore(today, -HORIZON_MONTHS);
}

export interface SyncWindow {
	/** The first day that may change: the series' first day when it is new, else today. */
	fromDay: string;
	today: string;
	now: Date;
	/** Meetings ending after this get the series' invited: all of them when the series is new. */
	inviteSince: Date;
}

export async function syncSeries(
	trx: Kysely<Database>,
	network: NetworkRef,
	series: seriesRepo.SeriesRecord,
	{ fromDay, today, now, inviteSince }: SyncWindow
): Promise<SyncOutcome> {
	const outcome: SyncOutcome = {
		created: [],
		changed: [],
		cancelled: [],
		removed: 0,
		removedMeetings: [],
		joined: [],
		left: []
	};
	const wanted = new Set(seriesDays(series.rule, fromDay, horizonEnd(today)));
	const existing = await meetings.listMeetingsOfSeries(trx, network.id, series.id, fromDay);
	const byDay = new Map(existing.map((m) => [m.seriesDay, m]));

	const dropped = existing.filter((m) => !m.edited && m.status === 'scheduled' && !wanted.has(m.seriesDay));
	const withContent = await meetings.meetingsWithContent(
		trx,
		network.id,
		dropped.map((m) => m.id)
	);
	const removable = dropped.filter((m) => !withContent.has(m.id)).map((m) => m.id);
	const invitedToRemovable = await invitedTo(trx, network.id, removable);
	outcome.removedMeetings = dropped
		.filter((m) => !withContent.has(m.id))
		.map((m) => ({ meeting: m, invited: invitedToRemovable.get(m.id) ?? [] }));
	await meetings.deleteMeetings(trx, network.id, removable);
	outcome.removed = removable.length;
	for (const meeting of dropped.filter((m) => withContent.has(m.id)))
		if (await meetings.setMeetingStatus(trx, network.id, meeting.id, meeting.sequence, 'cancelled', now))
			outcome.cancelled.push(meeting.id);

	const fresh: meetings.NewMeeting[] = [];
	for (const day of wanted) {
		const times = occurrenceTimes(day, series.startTime, series.endTime, network.timeZone);
		const current = byDay.get(day);
		const values = { title: series.title, ...times, place: series.place, videoLink: series.videoLink };
		if (!current) {
			fresh.push({ id: randomUUID(), seriesId: series.id, seriesDay: day, ...values });
			continue;
		}
		if (current.edited || current.status !== 'scheduled') continue;
		const same =
			current.title === values.title &&
			current.startAt.getTime() === values.startAt.getTime() &&
			current.endAt.getTime() === values.endAt.getTime() &&
			current.place === values.place &&
			current.videoLink === values.videoLink;
		// A change by hand that commits first wins: its sequence moved on, so this update finds nothing.
		if (
			!same &&
			(await meetings.updateMeeting(trx, network.id, current.id, current.sequence, values, { edited: false }, now))
		)
			outcome.changed.push(current.id);
	}
	await meetings.insertMeetings(trx, network.id, fresh, now);
	outcome.created = fresh.map((m) => m.id);
	await copyTemplateInto(trx, network.id, series.id, outcome.created, now);

	const invitations = await inviteToComing(trx, network, series, fromDay, inviteSince);
	const created = new Set(outcome.created);
	outcome.joined = invitations.joined.filter((j) => !created.has(j.meetingId));
	outcome.left = invitations.left;
	return outcome;
}

/**
 * The invited of the series' meetings ending after `since` follow its audience; marks made stay.
 * Returns whose invitations came and went, so they can be told.
 */
export async function inviteToComing(
	trx: Kysely<Database>,
	network: NetworkRef,
	series: seriesRepo.SeriesRecord,
	fromDay: string,
	since: Date
): Promise<{ joined: Invitation[]; left: Invitation[] }> {
	const people = series.audience === 'people' ? await seriesRepo.listSeriesPeople(trx, network.id, series.id) : [];
	const invited = inviteesOf(series, people, await listMembers(trx, network.id));
	const coming = (await meetings.listMeetingsOfSeries(trx, network.id, series.id, fromDay)).filter(
		(m) => m.status === 'scheduled' && m.endAt > since
	);
	const ids = coming.map((m) => m.id);
	const before = await invitedTo(trx, network.id, ids);
	for (const meeting of coming) await attendance.removeUnmarkedInvitees(trx, network.id, meeting.id, invited);
	await attendance.insertInvitees(
		trx,
		network.id,
		coming.flatMap((meeting) => invited.map((membershipId) => ({ meetingId: meeting.id, membershipId })))
	);
	const after = await invitedTo(trx, network.id, ids);
	const joined: Invitation[] = [];
	const left: Invitation[] = [];
	for (const id of ids) {
		const was = new Set(before.get(id) ?? []);
		const is = new Set(after.get(id) ?? []);
		for (const membershipId of is) if (!was.has(membershipId)) joined.push({ meetingId: id, membershipId });
		for (const membershipId of was) if (!is.has(membershipId)) left.push({ meetingId: id, membershipId });
	}
	return { joined, left };
}

/** Each new meeting starts with its series' agenda template. */
async function copyTemplateInto(
	trx: Kysely<Database>,
	networkId: string,
	seriesId: string,
	meetingIds: string[],
	now: Date
): Promise<void> {
	if (!meetingIds.length) return;
	const template = await seriesRepo.listTemplate(trx, networkId, seriesId);
	if (!template.length) return;
	await agenda.insertAgendaItems(
		trx,
		networkId,
		meetingIds.flatMap((meetingId) =>
			template.map((item) => ({
				id: randomUUID(),
				meetingId,
				position: item.position,
				title: item.title,
				ownerMembershipId: item.ownerMembershipId,
				minutes: item.minutes,
				notes: item.notes,
				carriedFrom: null
			}))
		),
		now
	);
}
