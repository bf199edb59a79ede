import type { ServiceContext } from '../platform/context.ts';
import { encryptColumn } from '../platform/encrypted-fields.ts';
import { failure, ok } from '../platform/result.ts';
import { todayIn } from '../platform/time.ts';
import { handledRow, isHandler, requireConsultationAbility } from './access.ts';
import * as repo from './consultations-repository.ts';
import { daysSinceReceived, recordDateProblems } from './dates.ts';
import { consultationColumns, consultationLogColumns, decryptOrNull } from './encrypted-columns.ts';
import type { MemberForm, RecordForm, StaffForm } from './forms.ts';
import { guardTexts, publishedContacts } from './guard.ts';
import { firstLogDay, listLogEntries, listReaders } from './log-repository.ts';
import { nextStatuses } from './model.ts';
import {
	activeOrganisations,
	assigneeOptions,
	formOptionsFor,
	organisationTypeOptions,
	topicLabels
} from './options.ts';
import {
	creation,
	dateFailure,
	guardFailure,
	insertNew,
	notifyHandlers,
	validateAbout,
	type SaveResult
} from './recording.ts';
import { listTransitions } from './workflow-repository.ts';

/**
 * The consultation record (docs/product.md#consultations-the-record): what the staff and member forms
 * offer, recording a consultation (staff register, members ask in the app), reading one with its
 * texts (an audited read) and correcting its record. The work flow is in `workflow-service.ts`, the
 * log and the answer in `log-service.ts`, the list in `list-service.ts`, the anonymous form in
 * `anonymous-service.ts`.
 */

export async function staffFormOptions(ctx: ServiceContext) {
	await requireConsultationAbility(ctx, 'handle');
	const [options, assignees, organisations] = await Promise.all([
		formOptionsFor(ctx.db, ctx.network.id, ctx.locale),
		assigneeOptions(ctx),
		activeOrganisations(ctx)
	]);
	return { ...options, assignees, organisations, today: todayIn(ctx.network.timeZone, ctx.now) };
}

export async function memberFormOptions(ctx: ServiceContext) {
	await requireConsultationAbility(ctx, 'submit');
	return formOptionsFor(ctx.db, ctx.network.id, ctx.locale);
}

// ---------------------------------------------------------------- recording

/** Staff register what came by phone, mail or at a meeting. */
export async function createConsultation(ctx: ServiceContext, input: StaffForm): Promise<SaveResult<string>> {
	await requireConsultationAbility(ctx, 'handle');
	const dates = dateFailure(ctx, recordDateProblems(input, todayIn(ctx.network.timeZone, ctx.now)));
	if (dates) return dates;
	const about = await validateAbout(ctx.db, ctx.network.id, input, { municipalityRequired: true });
	if (!about.ok) return about;
	if (input.assigneeUserId && !(await assigneeOptions(ctx)).some((a) => a.id === input.assigneeUserId))
		return failure('error_consultations_assignee_invalid', 'assigneeUserId');
	const guard = await guardTexts({ question: input.question, askerFunction: input.askerFunction }, 'question', () =>
		publishedContacts(ctx.db, ctx.network)
	);
	if (!guard.ok) return guardFailure(guard);
	const created = await insertNew(
		creation(ctx),
		{ ...about.value, receivedOn: input.receivedOn, channel: input.channel, followUpOn: input.followUpOn },
		{ source: 'staff', question: input.question, topicIds: input.topicIds, assigneeUserId: input.assigneeUserId }
	);
	return ok(created.reference);
}

/** A member asks in the app and follows the consultation there. */
export async function submitConsultation(ctx: ServiceContext, input: MemberForm): Promise<SaveResult<string>> {
	await requireConsultationAbility(ctx, 'submit');
	const about = await validateAbout(ctx.db, ctx.network.id, input, { municipalityRequired: true });
	if (!about.ok) return about;
	const guard = await guardTexts({ question: input.question, askerFunction: input.askerFunction }, 'question', () =>
		publishedContacts(ctx.db, ctx.network)
	);
	if (!guard.ok) return guardFailure(guard);
	const created = await insertNew(
		creation(ctx),
		{ ...about.value, receivedOn: todayIn(ctx.network.timeZone, ctx.now), channel: 'web_form', followUpOn: null },
		{
			source: 'member',
			question: input.question,
			topicIds: input.topicIds,
			askerUserId: ctx.actor.userId,
			afterInsert: notifyHandlers(ctx, 'member', input.urgency)
		}
	);
	ctx.mail.flush();
	return ok(created.reference);
}

// ---------------------------------------------------------------- reading

async function findVisible(ctx: ServiceContext, reference: string) {
	const row = await repo.findByReference(ctx.db, ctx.network.id, reference);
	if (!row) return { row: undefined, handler: false };
	const handler = await isHandler(ctx);
	// A member's own question is theirs to follow; anything else is "not found", like another network's.
	if (!handler && row.askerUserId !== ctx.actor.userId) return { row: undefined, handler };
	return { row, handler };
}

/** One consultation with its texts: every call is an audited read. */
export async function getConsultation(ctx: ServiceContext, reference: string) {
	const handler = await isHandler(ctx);
	if (!handler) await requireConsultationAbility(ctx, 'submit');
	const { row } = await findVisible(ctx, reference);
	if (!row) return failure('error_not_found');
	const at = { networkId: ctx.network.id, recordId: row.id };
	const question = decryptOrNull(ctx.keyring, consultationColumns, 'question_encrypted', at, row.questionEncrypted);
	const answer = decryptOrNull(ctx.keyring, consultationColumns, 'answer_encrypted', at, row.answerEncrypted);
	const [topics, types, logRows, transitions, readers] = await Promise.all([
		topicLabels(ctx.db, ctx.network.id, ctx.locale),
		organisationTypeOptions(ctx.db, ctx.network.id, ctx.locale),
		handler ? listLogEntries(ctx.db, ctx.network.id, row.id) : Promise.resolve([]),
		handler ? listTransitions(ctx.db, ctx.network.id, row.id) : Promise.resolve([]),
		handler ? listReaders(ctx.db, ctx.network.id, row.id) : Promise.resolve([])
	]);
	await ctx.audit.read({ type: 'consultation', id: row.id });
	const typeName = (id: string | null) => (id ? (types.find((t) => t.id === id)?.label ?? '') : null);
	const contact = handler
		? decryptOrNull(ctx.keyring, consultationColumns, 'contact_encrypted', at, row.contactEncrypted)
		: { text: null, unreadable: false };
	return ok({
		id: row.id,
		reference: row.reference,
		source: row.source,
		status: row.status,
		receivedOn: row.receivedOn,
		channel: row.channel,
		municipalityId: row.municipalityId,
		municipalityName: row.municipalityName,
		organisationTypeId: row.organisationTypeId,
		organisationTypeName: typeName(row.organisationTypeId),
		askerFunction: row.askerFunction,
		caseType: row.caseType,
		ageGroup: row.ageGroup,
		gender: row.gender,
		vulnerabilities: [
			...(row.vulnerableDisability ? ['disability' as const] : []),
			...(row.vulnerableLgbtq ? ['lgbtq' as const] : []),
			...(row.vulnerableNewlyArrived ? ['newly_arrived' as const] : [])
		],
		perpetrator: row.perpetrator,
		urgency: row.urgency,
		topicIds: row.topicIds,
		topics: row.topicIds.map((id) => topics.find((t) => t.id === id)?.label ?? ''),
		question: question.text,
		// An answer being written is the team's draft until it is marked answered.
		answer: handler || row.status === 'answered' || row.status === 'closed' ? answer.text : null,
		contact: contact.text,
		textUnreadable: question.unreadable || answer.unreadable || contact.unreadable,
		textErasedAt: row.textErasedAt,
		followUpOn: row.followUpOn,
		assigneeUserId: row.assigneeUserId,
		assigneeName: row.assigneeName,
		askedByMe: row.askerUserId === ctx.actor.userId,
		answeredAt: row.answeredAt,
		closedAt: row.closedAt,
		createdAt: row.createdAt,
		handler,
		nextStatuses: handler ? nextStatuses(row.status) : [],
		log: logRows.map((entry) => ({
			id: entry.id,
			kind: entry.kind,
			occurredOn: entry.occurredOn,
			minutesSpent: entry.minutesSpent,
			text: decryptOrNull(
				ctx.keyring,
				consultationLogColumns,
				'text_encrypted',
				{ networkId: ctx.network.id, recordId: entry.id },
				entry.textEncrypted
			).text,
			referralTypeName: typeName(entry.referralTypeId),
			referralOrganisationName: entry.referralOrganisationName,
			authorName: entry.authorName
		})),
		totalMinutes: logRows.reduce((sum, entry) => sum + (entry.minutesSpent ?? 0), 0),
		transitions,
		readers
	});
}

// ---------------------------------------------------------------- correcting

export async function updateConsultationRecord(
	ctx: ServiceContext,
	reference: string,
	input: RecordForm
): Promise<SaveResult<void>> {
	const row = await handledRow(ctx, reference);
	if (!row) return failure('error_not_found');
	// Received cannot move past what was done about the question: its first log entry, its answer.
	const answered = [row.firstAnsweredAt, row.closedAt].filter((at): at is Date => at !== null);
	const dates = dateFailure(
		ctx,
		recordDateProblems(input, todayIn(ctx.network.timeZone, ctx.now), {
			firstLogOn: await firstLogDay(ctx.db, ctx.network.id, row.id),
			answeredOn: answered.length
				? todayIn(ctx.network.timeZone, new Date(Math.min(...answered.map((at) => at.getTime()))))
				: null
		})
	);
	if (dates) return dates;
	const about = await validateAbout(ctx.db, ctx.network.id, input, {
		municipalityRequired: true,
		keepTopicIds: row.topicIds
	});
	if (!about.ok) return about;
	// Once the retention job has erased the texts, only the structured fields can be corrected.
	const question = row.textErasedAt ? null : input.question;
	if (question !== null && question.length < 10) return failure('error_consultations_question_required', 'question');
	const guard = await guardTexts({ question, askerFunction: input.askerFunction }, 'changes', () =>
		publishedContacts(ctx.db, ctx.network)
	);
	if (!guard.ok) return guardFailure(guard);
	const at = { networkId: ctx.network.id, recordId: row.id };
	return ctx.db.transaction().execute(async (trx) => {
		const updated = await repo.updateRecord(
			trx,
			ctx.network.id,
			row.id,
			{
				...about.value,
				receivedOn: input.receivedOn,
				channel: input.channel,
				followUpOn: input.followUpOn,
				askerFunction: row.textErasedAt ? null : about.value.askerFunction,
				// A corrected received date moves the days to the first answer with it.
				firstAnswerDays: row.firstAnsweredAt
					? daysSinceReceived(ctx.network, input.receivedOn, row.firstAnsweredAt)
					: null,
				questionEncrypted:
					question === null ? null : encryptColumn(ctx.keyring, consultationColumns, 'question_encrypted', at, question)
			},
			ctx.now
		);
		if (!updated) return failure('error_not_found');
		await repo.setTopics(trx, ctx.network.id, row.id, input.topicIds, input.receivedOn);
		await ctx.audit.record('consultations.updated', { type: 'consultation', id: row.id }, 'success', trx);
		return ok(undefined);
	});
}
