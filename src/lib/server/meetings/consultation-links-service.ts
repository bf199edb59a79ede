import {
	discussedConsultations,
	findConsultationToDiscuss,
	recordDiscussed,
	withdrawDiscussed
} from '../consultations/discussed-service.ts';
import type { ServiceContext } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/errors.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { todayIn } from '../platform/time.ts';
import * as links from './consultation-links-repository.ts';
import type { ConsultationLinkForm } from './forms.ts';
import { findMeeting } from './meetings-repository.ts';
import { meetingAccess } from './meetings-service.ts';

/**
 * The consultations a meeting discussed (docs/product.md#team-meetings): linked by reference number
 * only, so no text of a case is copied into the meeting; each link writes the consultation's log a
 * "discussed at team meeting" entry with the meeting's day. What readers see of a linked
 * consultation is decided by the consultations module (`discussed-service.ts`).
 */

/** The meeting's linked consultations, for coordinators and the invited; others get "not found". */
export async function discussedAt(ctx: ServiceContext, meetingId: string) {
	await requirePermission(ctx, 'meetings.read');
	const meeting = await findMeeting(ctx.db, ctx.network.id, meetingId);
	if (!meeting) return failure('error_not_found');
	const { access } = await meetingAccess(ctx, meetingId);
	if (access === 'calendar') return failure('error_not_found');
	const ids = await links.listLinkedConsultations(ctx.db, ctx.network.id, meetingId);
	return ok({
		meeting: { id: meeting.id, title: meeting.title, startAt: meeting.startAt, status: meeting.status },
		canManage: access === 'manage',
		consultations: await discussedConsultations(ctx, ids)
	});
}

/** The meeting's day in the network's calendar: the date its log entries carry. */
const meetingDay = (ctx: ServiceContext, startAt: Date) => todayIn(ctx.network.timeZone, startAt);

export async function linkConsultation(
	ctx: ServiceContext,
	meetingId: string,
	form: ConsultationLinkForm
): Promise<Result<void>> {
	await requirePermission(ctx, 'meetings.manage');
	const meeting = await findMeeting(ctx.db, ctx.network.id, meetingId);
	if (!meeting) return failure('error_not_found');
	if (meeting.status === 'cancelled') return failure('error_meetings_cancelled', 'reference');
	const consultation = await findConsultationToDiscuss(ctx, form.reference);
	if (!consultation) return failure('error_meetings_reference_unknown', 'reference');
	try {
		await ctx.db.transaction().execute(async (trx) => {
			await links.insertLink(trx, ctx.network.id, meetingId, consultation.id, ctx.actor.userId, ctx.now);
			await recordDiscussed(trx, ctx, consultation.id, meetingDay(ctx, meeting.startAt));
			await ctx.audit.record('meetings.consultation_linked', { type: 'meeting', id: meetingId }, 'success', trx);
		});
	} catch (error) {
		if (isUniqueViolation(error)) return failure('error_meetings_consultation_already_linked', 'reference');
		throw error;
	}
	return ok(undefined);
}

/** Removes a link made by mistake, and the log entry it wrote. */
export async function unlinkConsultation(
	ctx: ServiceContext,
	meetingId: string,
	consultationId: string
): Promise<Result<void>> {
	await requirePermission(ctx, 'meetings.manage');
	const meeting = await findMeeting(ctx.db, ctx.network.id, meetingId);
	if (!meeting) return failure('error_not_found');
	return ctx.db.transaction().execute(async (trx) => {
		if (!(await links.deleteLink(trx, ctx.network.id, meetingId, consultationId))) return failure('error_not_found');
		await withdrawDiscussed(trx, ctx, consultationId, meetingDay(ctx, meeting.startAt));
		await ctx.audit.record('meetings.consultation_unlinked', { type: 'meeting', id: meetingId }, 'success', trx);
		return ok(undefined);
	});
}
