import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
	findType,
	listNetworkMunicipalitiesByName,
	listOrganisationOptionRows,
	listTypes,
	networkMunicipalityExists,
	organisationExists,
	typeLabel
} from '../directory/index.ts';
import { todayIn } from '../platform/time.ts';
import type { Auditor } from '../platform/audit.ts';
import type { Locale, Mailer, NetworkRef, PublicContext, ServiceContext } from '../platform/context.ts';
import type { Keyring } from '../platform/crypto.ts';
import { FieldDecryptionError } from '../platform/crypto.ts';
import type { Database } from '../platform/db/schema.ts';
import { decryptColumn, encryptColumn } from '../platform/encrypted-fields.ts';
import { answeredMail, newConsultationMail } from './mail.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import type { Finding } from '../pii/index.ts';
import { hasConsultationAbility, isHandler, requireConsultationAbility } from './access.ts';
import { consultationColumns, consultationLogColumns } from './encrypted-columns.ts';
import type { AnonymousForm, AnswerForm, ListQuery, LogForm, MemberForm, RecordForm, StaffForm } from './forms.ts';
import { dateProblemMessage, logDateProblems, recordDateProblems, type DateProblem } from './dates.ts';
import { guardTexts, publishedContacts, type GuardFailure } from './guard.ts';
import {
	canTransition,
	formatReference,
	nextStatuses,
	type ConsultationSource,
	type ConsultationStatus,
	type Urgency
} from './model.ts';
import { consultationLink, mailLocale } from './reminders.ts';
import * as repo from './repository.ts';
import { consultationLabel } from '#lib/consultation-labels.ts';

export const PAGE_SIZE = 25;

/** A failure of a save: a message key, the field it belongs to, and where the guard found identifiers. */
export type SaveFailure = { ok: false; error: string; field?: string; findings?: Record<string, Finding[]> };
export type SaveResult<T> = { ok: true; value: T } | SaveFailure;

// ---------------------------------------------------------------- labels and options

export function topicLabel(topic: { key: string | null; name: string | null }, locale: Locale): string {
	if (topic.name) return topic.name;
	return topic.key ? consultationLabel('topic', topic.key, locale) : '';
}

async function topicLabels(db: Kysely<Database>, networkId: string, locale: Locale) {
	await repo.ensureDefaultTopics(db, networkId);
	const topics = await repo.listTopics(db, networkId);
	return topics.map((topic) => ({
		id: topic.id,
		label: topicLabel(topic, locale),
		hidden: topic.hidden,
		key: topic.key
	}));
}

async function organisationTypeOptions(db: Kysely<Database>, networkId: string, locale: Locale) {
	const types = await listTypes(db, networkId);
	return types.map((type) => ({ id: type.id, label: typeLabel(type, locale), hidden: type.hidden }));
}

/**
 * What the forms offer: topics, the network's municipalities, organisation types, and (for staff)
 * the people a consultation can be assigned to. Shared by the staff, member and anonymous forms.
 */
export async function formOptionsFor(db: Kysely<Database>, networkId: string, locale: Locale) {
	const [topics, municipalities, organisationTypes] = await Promise.all([
		topicLabels(db, networkId, locale),
		listNetworkMunicipalitiesByName(db, networkId),
		organisationTypeOptions(db, networkId, locale)
	]);
	return {
		topics: topics.filter((t) => !t.hidden),
		municipalities,
		organisationTypes: organisationTypes.filter((t) => !t.hidden)
	};
}

/** Organisations a consultation can be referred to: the directory's active ones. */
async function activeOrganisations(ctx: ServiceContext) {
	const rows = await listOrganisationOptionRows(ctx.db, ctx.network.id);
	return rows.filter((o) => o.active).map((o) => ({ id: o.id, name: o.name }));
}

async function assigneeOptions(ctx: ServiceContext) {
	const candidates = await repo.listHandlerCandidates(ctx.db, ctx.network.id);
	return candidates.filter((c) => c.role === 'coordinator' || c.flagged).map((c) => ({ id: c.userId, name: c.name }));
}

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

// ---------------------------------------------------------------- validation shared by the ways in

type AboutInput = Pick<
	MemberForm,
	| 'municipalityId'
	| 'organisationTypeId'
	| 'askerFunction'
	| 'topicIds'
	| 'caseType'
	| 'ageGroup'
	| 'gender'
	| 'vulnerabilities'
	| 'perpetrator'
	| 'urgency'
>;

async function validateAbout(
	db: Kysely<Database>,
	networkId: string,
	input: AboutInput,
	options: { municipalityRequired: boolean; keepTopicIds?: string[] }
): Promise<Result<Omit<repo.RecordValues, 'receivedOn' | 'channel' | 'followUpOn'>>> {
	let municipalityId: string | null = null;
	if (input.municipalityId === '' && options.municipalityRequired)
		return failure('error_consultations_municipality_required', 'municipalityId');
	if (input.municipalityId && input.municipalityId !== 'outside') {
		if (!(await networkMunicipalityExists(db, networkId, input.municipalityId)))
			return failure('error_consultations_municipality_required', 'municipalityId');
		municipalityId = input.municipalityId;
	}
	if (input.organisationTypeId && !(await findType(db, networkId, input.organisationTypeId)))
		return failure('error_consultations_organisation_type_invalid', 'organisationTypeId');
	// Hidden topics leave the forms; a record that already has one may keep it.
	const topics = await repo.existingTopicIds(db, networkId, input.topicIds, options.keepTopicIds ?? []);
	if (!input.topicIds.length || input.topicIds.some((id) => !topics.has(id)))
		return failure('error_consultations_topics_required', 'topicIds');
	return ok({
		municipalityId,
		organisationTypeId: input.organisationTypeId,
		askerFunction: input.askerFunction,
		caseType: input.caseType,
		ageGroup: input.ageGroup,
		gender: input.gender,
		vulnerableDisability: input.vulnerabilities.includes('disability'),
		vulnerableLgbtq: input.vulnerabilities.includes('lgbtq'),
		vulnerableNewlyArrived: input.vulnerabilities.includes('newly_arrived'),
		perpetrator: input.perpetrator,
		urgency: input.urgency
	});
}

function guardFailure(guard: GuardFailure, field = 'question'): SaveFailure {
	const [first] = Object.keys(guard.findings);
	return { ok: false, error: guard.error, field: first ?? field, findings: guard.findings };
}

// ---------------------------------------------------------------- creating

interface Creation {
	db: Kysely<Database>;
	network: NetworkRef;
	now: Date;
	keyring: Keyring;
	audit: Auditor;
	actorUserId: string | null;
}

async function insertNew(
	c: Creation,
	values: repo.RecordValues,
	extra: {
		source: ConsultationSource;
		question: string;
		topicIds: string[];
		assigneeUserId?: string | null;
		askerUserId?: string | null;
		contact?: string | null;
		followUpCodeHash?: (id: string) => string;
		/** Runs in the same transaction once the consultation is in (mail to queue). */
		afterInsert?: (trx: Kysely<Database>, reference: string) => Promise<void>;
	}
): Promise<{ id: string; reference: string }> {
	const id = randomUUID();
	const at = { networkId: c.network.id, recordId: id };
	const year = Number(todayIn(c.network.timeZone, c.now).slice(0, 4));
	return c.db.transaction().execute(async (trx) => {
		const number = await repo.nextReferenceNumber(trx, c.network.id, year);
		const reference = formatReference(c.network.referencePrefix, year, number);
		await repo.insertConsultation(
			trx,
			c.network.id,
			{
				...values,
				id,
				reference,
				source: extra.source,
				status: 'new',
				assigneeUserId: extra.assigneeUserId ?? null,
				askerUserId: extra.askerUserId ?? null,
				createdByUserId: c.actorUserId,
				questionEncrypted: encryptColumn(c.keyring, consultationColumns, 'question_encrypted', at, extra.question),
				contactEncrypted: encryptColumn(c.keyring, consultationColumns, 'contact_encrypted', at, extra.contact ?? null),
				followUpCodeHash: extra.followUpCodeHash ? extra.followUpCodeHash(id) : null
			},
			c.now
		);
		await repo.setTopics(trx, c.network.id, id, extra.topicIds, values.receivedOn);
		await repo.insertTransition(trx, c.network.id, id, null, 'new', c.actorUserId, c.now);
		await c.audit.record('consultations.created', { type: 'consultation', id }, 'success', trx);
		await extra.afterInsert?.(trx, reference);
		return { id, reference };
	});
}

function creation(ctx: ServiceContext): Creation {
	return {
		db: ctx.db,
		network: ctx.network,
		now: ctx.now,
		keyring: ctx.keyring,
		audit: ctx.audit,
		actorUserId: ctx.actor.userId
	};
}

/** Calendar days from the received date to today in the network's time zone (never negative). */
export function daysSinceReceived(network: NetworkRef, receivedOn: string, now: Date): number {
	const today = Date.parse(`${todayIn(network.timeZone, now)}T00:00:00Z`);
	return Math.max(0, Math.round((today - Date.parse(`${receivedOn}T00:00:00Z`)) / 86_400_000));
}

/**
 * Tells the network's handlers that a question came in through the app or the anonymous form (what
 * staff register themselves needs no mail). The mail holds the reference, the way in and the urgency,
 * never the question. Queued in the creating transaction; the caller flushes after commit.
 */
function notifyHandlers(
	network: NetworkRef,
	mailer: Mailer,
	publicOrigin: string,
	source: ConsultationSource,
	urgency: Urgency
) {
	return async (trx: Kysely<Database>, reference: string) => {
		for (const handler of await repo.listHandlerContacts(trx, network.id)) {
			const locale = mailLocale(handler.locale, network.defaultLocale);
			await mailer.enqueue(trx, {
				networkId: network.id,
				kind: 'consultation-new',
				to: handler.email,
				fromName: network.name,
				...newConsultationMail(locale, {
					networkName: network.name,
					reference,
					source: consultationLabel('source', source, locale),
					urgency: consultationLabel('urgency', urgency, locale),
					link: consultationLink(publicOrigin, network.slug, reference, locale)
				})
			});
		}
	};
}

/** The first date problem as a failure of its field, in the writer's language with its limit. */
function dateFailure(ctx: ServiceContext, problems: DateProblem[]): SaveFailure | null {
	const [first] = problems;
	return first ? { ok: false, error: dateProblemMessage(first, ctx.locale), field: first.field } : null;
}

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
export async function submitConsultation(
	ctx: ServiceContext,
	input: MemberForm,
	publicOrigin: string
): Promise<SaveResult<string>> {
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
			afterInsert: notifyHandlers(ctx.network, ctx.mail, publicOrigin, 'member', input.urgency)
		}
	);
	ctx.mail.flush();
	return ok(created.reference);
}

// Crockford-like alphabet without 0/O, 1/I/L: read aloud and typed back without mistakes.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A follow-up code of 12 characters (≈ 59 bits), shown as XXXX-XXXX-XXXX. */
export function newFollowUpCode(): string {
	let code = '';
	for (let i = 0; i < 12; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
	return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

export function normaliseFollowUpCode(code: string): string {
	return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function followUpCodeHash(consultationId: string, code: string): string {
	return createHash('sha256')
		.update(`${consultationId}:${normaliseFollowUpCode(code)}`)
		.digest('base64url');
}

/** Anyone asks through the network's anonymous form: a reference number and a secret code back. */
export async function submitAnonymous(
	pub: PublicContext,
	input: AnonymousForm
): Promise<SaveResult<{ reference: string; code: string }>> {
	const about = await validateAbout(pub.db, pub.network.id, input, { municipalityRequired: false });
	if (!about.ok) return about;
	const guard = await guardTexts({ question: input.question, askerFunction: input.askerFunction }, 'question', () =>
		publishedContacts(pub.db, pub.network)
	);
	if (!guard.ok) return guardFailure(guard);
	const code = newFollowUpCode();
	const created = await insertNew(
		{ db: pub.db, network: pub.network, now: pub.now, keyring: pub.keyring, audit: pub.audit, actorUserId: null },
		{ ...about.value, receivedOn: todayIn(pub.network.timeZone, pub.now), channel: 'web_form', followUpOn: null },
		{
			source: 'anonymous',
			question: input.question,
			topicIds: input.topicIds,
			contact: input.contact,
			followUpCodeHash: (id) => followUpCodeHash(id, code),
			afterInsert: notifyHandlers(pub.network, pub.mail, pub.publicOrigin, 'anonymous', input.urgency)
		}
	);
	pub.mail.flush();
	return ok({ reference: created.reference, code });
}

// ---------------------------------------------------------------- reading

function decryptOrNull(
	keyring: Keyring,
	spec: typeof consultationColumns | typeof consultationLogColumns,
	column: string,
	at: { networkId: string; recordId: string },
	stored: string | null
): { text: string | null; unreadable: boolean } {
	try {
		return { text: decryptColumn(keyring, spec, column, at, stored), unreadable: false };
	} catch (error) {
		// A value that fails to authenticate is shown as unreadable, never as some other text.
		if (error instanceof FieldDecryptionError) return { text: null, unreadable: true };
		throw error;
	}
}

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
		handler ? repo.listLogEntries(ctx.db, ctx.network.id, row.id) : Promise.resolve([]),
		handler ? repo.listTransitions(ctx.db, ctx.network.id, row.id) : Promise.resolve([]),
		handler ? repo.listReaders(ctx.db, ctx.network.id, row.id) : Promise.resolve([])
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

// ---------------------------------------------------------------- the work flow (handlers)

async function handledRow(ctx: ServiceContext, reference: string) {
	await requireConsultationAbility(ctx, 'handle');
	return repo.findByReference(ctx.db, ctx.network.id, reference);
}

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
			firstLogOn: await repo.firstLogDay(ctx.db, ctx.network.id, row.id),
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
	const row = await repo.findByReference(ctx.db, ctx.network.id, reference);
	if (row?.status === 'new') {
		const started = await changeStatus(ctx, reference, 'in_progress');
		if (!started.ok && started.error !== 'error_consultations_changed_meanwhile') return started;
	}
	return ok(undefined);
}

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
		if (input.followUpOn) await repo.setFollowUp(trx, ctx.network.id, row.id, input.followUpOn, ctx.now);
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
	input: AnswerForm,
	publicOrigin: string
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
			if (!(await repo.setStatus(trx, ctx.network.id, row.id, row.status, 'answered', ctx.now, answerDays)))
				return failure('error_consultations_changed_meanwhile');
			await repo.insertTransition(trx, ctx.network.id, row.id, row.status, 'answered', ctx.actor.userId, ctx.now);
		}
		await ctx.audit.record('consultations.answered', { type: 'consultation', id: row.id }, 'success', trx);
		if (asker) {
			const locale = mailLocale(asker.locale, ctx.network.defaultLocale);
			const link = consultationLink(publicOrigin, ctx.network.slug, row.reference, locale);
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

// ---------------------------------------------------------------- the list and the dashboard

function toFilter(ctx: ServiceContext, query: Partial<ListQuery>, handler: boolean): repo.ConsultationFilter {
	return {
		status: query.status || undefined,
		assigneeUserId: handler ? query.assignee || undefined : undefined,
		topicId: query.topic || undefined,
		municipalityId: query.municipality || undefined,
		from: query.from || undefined,
		to: query.to || undefined,
		followUpBefore: query.overdue ? todayIn(ctx.network.timeZone, ctx.now) : undefined,
		askerUserId: handler ? undefined : ctx.actor.userId
	};
}

/** Beyond this many matches the list says "more than 10 000" instead of counting them all. */
export const COUNT_CAP = 10_000;

/** The list with filters and sorting: all of the network's for handlers, their own for members. */
export async function listConsultations(ctx: ServiceContext, query: Partial<ListQuery>) {
	const handler = await isHandler(ctx);
	if (!handler) await requireConsultationAbility(ctx, 'submit');
	const filter = toFilter(ctx, query, handler);
	const counted = await repo.countConsultations(ctx.db, ctx.network.id, filter, COUNT_CAP);
	const capped = counted > COUNT_CAP;
	const pageCount = capped ? null : Math.max(1, Math.ceil(counted / PAGE_SIZE));
	const page = pageCount === null ? (query.page ?? 1) : Math.min(query.page ?? 1, pageCount);
	// One row more than a page tells whether there is a next page, also when the total is capped.
	const rows =
		counted === 0
			? []
			: await repo.listConsultations(ctx.db, ctx.network.id, filter, {
					sort: query.sort ?? '-received',
					limit: PAGE_SIZE + 1,
					offset: (page - 1) * PAGE_SIZE
				});
	return {
		consultations: rows.slice(0, PAGE_SIZE),
		total: capped ? COUNT_CAP : counted,
		capped,
		page,
		pageCount,
		hasNext: rows.length > PAGE_SIZE,
		handler
	};
}

/** What the list's filters offer. */
export async function listFilterOptions(ctx: ServiceContext) {
	const handler = await isHandler(ctx);
	if (!handler) await requireConsultationAbility(ctx, 'submit');
	const [topics, municipalities, types, assignees] = await Promise.all([
		topicLabels(ctx.db, ctx.network.id, ctx.locale),
		listNetworkMunicipalitiesByName(ctx.db, ctx.network.id),
		organisationTypeOptions(ctx.db, ctx.network.id, ctx.locale),
		handler ? assigneeOptions(ctx) : Promise.resolve([])
	]);
	return { topics, municipalities, types, assignees, handler };
}

/** The coordinator's dashboard block: new, overdue follow-ups, mine. Null for those who do not handle. */
export async function consultationDashboard(ctx: ServiceContext) {
	if (!(await hasConsultationAbility(ctx, 'handle'))) return null;
	return repo.dashboardCounts(ctx.db, ctx.network.id, ctx.actor.userId, todayIn(ctx.network.timeZone, ctx.now));
}

/**
 * The start page's block for someone who asks but does not handle: their own questions still open,
 * and how many of those have an answer to read. Null for handlers (they get the dashboard) and for
 * roles that do not ask.
 */
export async function ownQuestionsSummary(ctx: ServiceContext) {
	if (await hasConsultationAbility(ctx, 'handle')) return null;
	if (!(await hasConsultationAbility(ctx, 'submit'))) return null;
	return repo.countOwnOpen(ctx.db, ctx.network.id, ctx.actor.userId);
}

// ---------------------------------------------------------------- the anonymous asker's status page

export interface AnonymousStatus {
	reference: string;
	status: ConsultationStatus;
	receivedOn: string;
	answer: string | null;
	answeredAt: Date | null;
	textErasedAt: Date | null;
}

/**
 * Reference + code open the status and the answer. A wrong code and an unknown reference answer the
 * same way, so the page reveals nothing about which references exist; the route limits attempts.
 */
export async function anonymousStatus(
	pub: PublicContext,
	reference: string,
	code: string
): Promise<Result<AnonymousStatus>> {
	const row = await repo.findByReference(pub.db, pub.network.id, reference.trim().toUpperCase());
	const expected = row?.followUpCodeHash ? Buffer.from(row.followUpCodeHash) : null;
	const given = Buffer.from(followUpCodeHash(row?.id ?? 'none', code));
	if (!row || !expected || expected.length !== given.length || !timingSafeEqual(expected, given))
		return failure('error_ask_status_not_found');
	const answer = decryptOrNull(
		pub.keyring,
		consultationColumns,
		'answer_encrypted',
		{ networkId: pub.network.id, recordId: row.id },
		row.answerEncrypted
	);
	await pub.audit.record('consultations.status_viewed', { type: 'consultation', id: row.id });
	return ok({
		reference: row.reference,
		status: row.status,
		receivedOn: row.receivedOn,
		answer: row.status === 'answered' || row.status === 'closed' ? answer.text : null,
		answeredAt: row.answeredAt,
		textErasedAt: row.textErasedAt
	});
}
