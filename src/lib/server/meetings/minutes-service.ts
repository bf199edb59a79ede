import { randomUUID } from 'node:crypto';
import type { ServiceContext } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/errors.ts';
import { decryptColumn, encryptColumn } from '../platform/encrypted-fields.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import * as attendance from './attendance-repository.ts';
import { checkTexts } from './checked-texts.ts';
import { minutesRevisionColumns } from './encrypted-columns.ts';
import type { MinutesForm } from './forms.ts';
import * as meetings from './meetings-repository.ts';
import * as minutes from './minutes-repository.ts';
import { lineDiff, minutesHtml } from './minutes-text.ts';
import { findMemberByUser } from '../networks/index.ts';
import { can } from '../platform/permissions.ts';
import type { Finding } from '../pii/index.ts';

/**
 * A meeting's minutes (docs/product.md#team-meetings, docs/decisions/021-team-meetings.md): one
 * document per meeting, written in the app by coordinators and admins. Every save is a revision
 * (who, when, how many lines changed), encrypted at rest and checked by the anonymity guard;
 * approving names the revision approved. Members read the approved revision of meetings they were
 * invited to; the drafts and the history are for coordinators and admins.
 */

function bodyOf(ctx: ServiceContext, row: minutes.RevisionRow): string {
	return decryptColumn(
		ctx.keyring,
		minutesRevisionColumns,
		'body_encrypted',
		{ networkId: ctx.network.id, recordId: row.id },
		row.bodyEncrypted
	)!;
}

function summaryOf(row: minutes.RevisionRow) {
	return {
		number: row.number,
		authorName: row.authorName,
		createdAt: row.createdAt,
		linesAdded: row.linesAdded,
		linesRemoved: row.linesRemoved
	};
}

/** The editor's view: the latest text, the revisions and which one is approved. */
export async function minutesEditor(ctx: ServiceContext, meetingId: string) {
	await requirePermission(ctx, 'meetings.manage');
	const meeting = await meetings.findMeeting(ctx.db, ctx.network.id, meetingId);
	if (!meeting) return failure('error_not_found');
	const revisions = await minutes.listRevisions(ctx.db, ctx.network.id, meetingId);
	const latest = revisions[0];
	return ok({
		meeting,
		body: latest ? bodyOf(ctx, latest) : '',
		latestRevision: latest?.number ?? 0,
		approvedRevision: meeting.minutesApprovedRevision,
		revisions: revisions.map(summaryOf)
	});
}

/** A save the anonymity guard refused, with what it found in the text. */
export type MinutesRefusal = { ok: false; error: string; field?: string; findings: Finding[] };

/**
 * Saves the text as a new revision if the editor started from the latest one; a save over someone
 * else's newer revision is refused with the text kept. An unchanged text makes no revision.
 */
export async function saveMinutes(
	ctx: ServiceContext,
	meetingId: string,
	form: MinutesForm
): Promise<Result<number> | MinutesRefusal> {
	await requirePermission(ctx, 'meetings.manage');
	const meeting = await meetings.findMeeting(ctx.db, ctx.network.id, meetingId);
	if (!meeting) return failure('error_not_found');
	const refused = await checkTexts(ctx, { body: form.body });
	// What the guard found goes back with the refusal, so the editor can mark the passage.
	if (refused) return { ...failure(refused.error, 'body'), findings: refused.findings ?? [] };
	try {
		const result = await ctx.db.transaction().execute(async (trx) => {
			const latest = await minutes.latestRevision(trx, ctx.network.id, meetingId);
			if ((latest?.number ?? 0) !== form.baseRevision) return failure('error_meetings_changed_meanwhile', 'body');
			const before = latest ? bodyOf(ctx, latest) : '';
			if (before === form.body) return ok(latest?.number ?? 0);
			const diff = lineDiff(before, form.body);
			const id = randomUUID();
			const number = form.baseRevision + 1;
			const bodyEncrypted = encryptColumn(
				ctx.keyring,
				minutesRevisionColumns,
				'body_encrypted',
				{ networkId: ctx.network.id, recordId: id },
				form.body
			);
			await minutes.insertRevision(
				trx,
				ctx.network.id,
				meetingId,
				{
					id,
					number,
					bodyEncrypted,
					linesAdded: diff.filter((l) => l.kind === 'added').length,
					linesRemoved: diff.filter((l) => l.kind === 'removed').length
				},
				ctx.actor.userId,
				ctx.now
			);
			await ctx.audit.record('meetings.minutes_saved', { type: 'meeting', id: meetingId }, 'success', trx);
			return ok(number);
		});
		return result;
	} catch (error) {
		// Two saves from the same revision at once: the second finds the number taken.
		if (isUniqueViolation(error)) return failure('error_meetings_changed_meanwhile', 'body');
		throw error;
	}
}

/** Approves a revision: members see that one from now on. */
export async function approveMinutes(ctx: ServiceContext, meetingId: string, revision: number): Promise<Result<void>> {
	await requirePermission(ctx, 'meetings.manage');
	if (!(await minutes.findRevision(ctx.db, ctx.network.id, meetingId, revision))) return failure('error_not_found');
	await ctx.db.transaction().execute(async (trx) => {
		await meetings.approveMinutes(trx, ctx.network.id, meetingId, revision, ctx.actor.userId, ctx.now);
		await ctx.audit.record('meetings.minutes_approved', { type: 'meeting', id: meetingId }, 'success', trx);
	});
	return ok(undefined);
}

/** One revision with its changes from the one before, for coordinators and admins. */
export async function minutesRevision(ctx: ServiceContext, meetingId: string, number: number) {
	await requirePermission(ctx, 'meetings.manage');
	const row = await minutes.findRevision(ctx.db, ctx.network.id, meetingId, number);
	if (!row) return failure('error_not_found');
	const previous = number > 1 ? await minutes.findRevision(ctx.db, ctx.network.id, meetingId, number - 1) : undefined;
	const body = bodyOf(ctx, row);
	await ctx.audit.record('meetings.minutes_read', { type: 'meeting', id: meetingId }, 'success');
	return ok({
		...summaryOf(row),
		body,
		html: minutesHtml(body),
		changes: lineDiff(previous ? bodyOf(ctx, previous) : '', body)
	});
}

/**
 * The approved minutes as HTML, for the meeting's page: to coordinators and admins, and to the
 * members invited to the meeting; null when none is approved or the reader may not see them.
 */
export async function approvedMinutes(ctx: ServiceContext, meetingId: string) {
	await requirePermission(ctx, 'meetings.read');
	const meeting = await meetings.findMeeting(ctx.db, ctx.network.id, meetingId);
	if (!meeting?.minutesApprovedRevision) return null;
	if (!can(ctx, 'meetings.manage')) {
		const membershipId = (await findMemberByUser(ctx.db, ctx.network.id, ctx.actor.userId))?.membershipId;
		if (!membershipId || !(await attendance.findAttendance(ctx.db, ctx.network.id, meetingId, membershipId)))
			return null;
	}
	const row = await minutes.findRevision(ctx.db, ctx.network.id, meetingId, meeting.minutesApprovedRevision);
	if (!row) return null;
	return { revision: row.number, approvedAt: meeting.minutesApprovedAt, html: minutesHtml(bodyOf(ctx, row)) };
}
