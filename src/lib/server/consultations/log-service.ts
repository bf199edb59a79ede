import { randomUUID } from 'node:crypto';
import { findType, organisationExists } from '../directory/index.ts';
import type { ServiceContext } from '../platform/context.ts';
import { encryptColumn } from '../platform/encrypted-fields.ts';
import { failure, ok } from '../platform/result.ts';
import { todayIn } from '../platform/time.ts';
import { handledRow } from './access.ts';
import { daysSinceReceived, logDateProblems } from './dates.ts';
import { consultationColumns, consultationLogColumns } from './encrypted-columns.ts';
import type { AnswerForm, LogForm } from './forms.ts';
import { guardTexts, publishedContacts } from './guard.ts';
import { consultationLink } from './links.ts';
import * as repo from './log-repository.ts';
import { answeredMail, mailLocale } from './mail.ts';
import { canTransition } from './model.ts';
import { dateFailure, guardFailure, type SaveResult } from './recording.ts';
import { insertTransition, setFollowUp, setStatus } from './workflow-repository.ts';

/**
 * What handlers write about a consultation (docs/product.md#consultations-work-flow): the dated log
 * of advice, referrals, notes and time spent, and the answer the asker reads. Every text passes the
 * anonymity guard and is stored encrypted (decision 009); who read the texts is shown from the audit
 * log (`log-repository.ts`, `listReaders`).
 */

export async function addLogEntry(ctx: ServiceContext, reference: string, input: LogForm): Promise<SaveResult<string>> {
	const row = await handledRow(ctx, reference);
	if (!row) return failure('error_not_found');
	const dates = dateFailure(ctx, logDateProblems(input, row.receivedOn, todayIn(ctx.network.timeZone, ctx.now)));
	if (dates) return dates;
	if ((input.kind === 'advice' || input.kind === 'note') && !input.text)
		return failure('error_consultations_log_text_required', 'text');
	if (input.kind === 'referral' && !input.referralTypeId && !input.referralOrganisationId)
		return failure('error_consultations_referral_required', 'referralTypeId');
	if (input.kind === 'follow_up' && !input.followUpOn && !input.text)
		return failure('error_consultations_follow_up_required', 'followUpOn');
	if (input.referralTypeId && !(await findType(ctx.db, ctx.network.id, input.referralTypeId)))
		return failure('error_consultations_organisation_type_invalid', 'referralTypeId');
	if (input.referralOrganisationId && !(await organisationExists(ctx.db, ctx.network.id, input.referralOrganisationId)))
		return failure('error_consultations_organisation_invalid', 'referralOrganisationId');
	if (row.textErasedAt && input.text) return failure('error_consultations_text_erased', 'text');
	const guard = await guardTexts({ text: input.text }, 'log', () => publishedContacts(ctx.db, ctx.network));
	if (!guard.ok) return guardFailure(guard, 'text');
	const id = randomUUID();
	await ctx.db.transaction().execute(async (trx) => {
		await repo.insertLogEntry(
			trx,
			ctx.network.id,
			row.id,
			{
				id,
				kind: input.kind,
				occurredOn: input.occurredOn,
				minutesSpent: input.minutesSpent,
				textEncrypted: encryptColumn(
					ctx.keyring,
					consultationLogColumns,
					'text_encrypted',
					{ networkId: ctx.network.id, recordId: id },
					input.text
				),
				referralTypeId: input.referralTypeId,
				referralOrganisationId: input.referralOrganisationId,
				authorUserId: ctx.actor.userId
			},
			ctx.now
		);
		if (input.followUpOn) await setFollowUp(trx, ctx.network.id, row.id, input.followUpOn, ctx.now);
		await ctx.audit.record('consultations.log_added', { type: 'consultation', id: row.id }, 'success', trx);
	});
	return ok(id);
}

/**
 * The answer the asker sees (a member in the app, an anonymous asker with reference and code).
 * Marking it answered moves the work flow on and tells an asking member by mail — the mail says
 * only that there is an answer, never what it is.
 */
export async function answerConsultation(
	ctx: ServiceContext,
	reference: string,
	input: AnswerForm
): Promise<SaveResult<void>> {
	const row = await handledRow(ctx, reference);
	if (!row) return failure('error_not_found');
	if (row.textErasedAt) return failure('error_consultations_text_erased', 'answer');
	const guard = await guardTexts({ answer: input.answer }, 'answer', () => publishedContacts(ctx.db, ctx.network));
	if (!guard.ok) return guardFailure(guard, 'answer');
	const markAnswered = input.markAnswered && row.status !== 'answered' && canTransition(row.status, 'answered');
	const at = { networkId: ctx.network.id, recordId: row.id };
	const asker = row.askerUserId && markAnswered ? await repo.findUserContact(ctx.db, row.askerUserId) : undefined;
	const result = await ctx.db.transaction().execute(async (trx) => {
		const encrypted = encryptColumn(ctx.keyring, consultationColumns, 'answer_encrypted', at, input.answer);
		if (!(await repo.setAnswer(trx, ctx.network.id, row.id, encrypted, ctx.now))) return failure('error_not_found');
		if (markAnswered) {
			const answerDays = daysSinceReceived(ctx.network, row.receivedOn, ctx.now);
			if (!(await setStatus(trx, ctx.network.id, row.id, row.status, 'answered', ctx.now, answerDays)))
				return failure('error_consultations_changed_meanwhile');
			await insertTransition(trx, ctx.network.id, row.id, row.status, 'answered', ctx.actor.userId, ctx.now);
		}
		await ctx.audit.record('consultations.answered', { type: 'consultation', id: row.id }, 'success', trx);
		if (asker) {
			const locale = mailLocale(asker.locale, ctx.network.defaultLocale);
			const link = consultationLink(ctx.publicOrigin, ctx.network.slug, row.reference, locale);
			const mail = answeredMail(locale, {
				networkName: ctx.network.name,
				reference: row.reference,
				link
			});
			await ctx.mail.enqueue(trx, {
				networkId: ctx.network.id,
				kind: 'consultation-answered',
				to: asker.email,
				fromName: ctx.network.name,
				...mail
			});
		}
		return ok(undefined);
	});
	if (result.ok && asker) ctx.mail.flush();
	return result;
}
