import type { ServiceContext } from '../platform/context.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { handledRow } from './access.ts';
import { findByReference } from './consultations-repository.ts';
import { daysSinceReceived } from './dates.ts';
import { canTransition, type ConsultationStatus } from './model.ts';
import { assigneeOptions } from './options.ts';
import * as repo from './workflow-repository.ts';

/**
 * The work flow of a consultation (docs/product.md#consultations-work-flow): its status, from new to
 * closed and back when needed, and who has it. For handlers only; every change is audited.
 */

export async function changeStatus(
	ctx: ServiceContext,
	reference: string,
	to: ConsultationStatus
): Promise<Result<ConsultationStatus>> {
	const row = await handledRow(ctx, reference);
	if (!row) return failure('error_not_found');
	if (!canTransition(row.status, to)) return failure('error_consultations_transition_invalid', 'status');
	// A member or an anonymous asker reads the answer: "answered" without one would tell them nothing.
	if (to === 'answered' && row.source !== 'staff' && !row.answerEncrypted && !row.textErasedAt)
		return failure('error_consultations_answer_missing', 'status');
	return ctx.db.transaction().execute(async (trx) => {
		const answerDays = daysSinceReceived(ctx.network, row.receivedOn, ctx.now);
		if (!(await repo.setStatus(trx, ctx.network.id, row.id, row.status, to, ctx.now, answerDays)))
			return failure('error_consultations_changed_meanwhile');
		await repo.insertTransition(trx, ctx.network.id, row.id, row.status, to, ctx.actor.userId, ctx.now);
		await ctx.audit.record(`consultations.status_${to}`, { type: 'consultation', id: row.id }, 'success', trx);
		return ok(to);
	});
}

export async function assignConsultation(
	ctx: ServiceContext,
	reference: string,
	assigneeUserId: string | null
): Promise<Result<void>> {
	const row = await handledRow(ctx, reference);
	if (!row) return failure('error_not_found');
	if (assigneeUserId && !(await assigneeOptions(ctx)).some((a) => a.id === assigneeUserId))
		return failure('error_consultations_assignee_invalid', 'assigneeUserId');
	return ctx.db.transaction().execute(async (trx) => {
		await repo.setAssignee(trx, ctx.network.id, row.id, assigneeUserId, ctx.now);
		await ctx.audit.record('consultations.assigned', { type: 'consultation', id: row.id }, 'success', trx);
		return ok(undefined);
	});
}

/** Takes a consultation: assigns it to the actor and starts work on a new one. */
export async function takeConsultation(ctx: ServiceContext, reference: string): Promise<Result<void>> {
	const assigned = await assignConsultation(ctx, reference, ctx.actor.userId);
	if (!assigned.ok) return assigned;
	const row = await findByReference(ctx.db, ctx.network.id, reference);
	if (row?.status === 'new') {
		const started = await changeStatus(ctx, reference, 'in_progress');
		if (!started.ok && started.error !== 'error_consultations_changed_meanwhile') return started;
	}
	return ok(undefined);
}
