import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { consultationLabel } from '#lib/consultation-labels.ts';
import { findType, networkMunicipalityExists } from '../directory/index.ts';
import type { Auditor } from '../platform/audit.ts';
import type { NetworkRef, PublicContext, ServiceContext } from '../platform/context.ts';
import type { Keyring } from '../platform/crypto.ts';
import type { Database } from '../platform/db/schema.ts';
import { encryptColumn } from '../platform/encrypted-fields.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { todayIn } from '../platform/time.ts';
import type { Finding } from '../pii/index.ts';
import { insertConsultation, nextReferenceNumber, type RecordValues, setTopics } from './consultations-repository.ts';
import { dateProblemMessage, type DateProblem } from './dates.ts';
import { consultationColumns } from './encrypted-columns.ts';
import type { MemberForm } from './forms.ts';
import type { GuardFailure } from './guard.ts';
import { listHandlerContacts } from './handlers-repository.ts';
import { consultationLink } from './links.ts';
import { mailLocale, newConsultationMail } from './mail.ts';
import { formatReference, type ConsultationSource, type Urgency } from './model.ts';
import { existingTopicIds } from './settings-repository.ts';
import { insertTransition } from './workflow-repository.ts';

/**
 * What the ways a consultation is saved share (docs/product.md#consultations-three-ways-in): the
 * check of the structured fields, the failures of the guard and the dates as a form shows them, and
 * the insert of a new consultation with its number, topics, first transition, audit entry and the
 * mail to the handlers. Callers check the permission first.
 */

/** A failure of a save: a message key, the field it belongs to, and where the guard found identifiers. */
export type SaveFailure = { ok: false; error: string; field?: string; findings?: Record<string, Finding[]> };
export type SaveResult<T> = { ok: true; value: T } | SaveFailure;

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

export async function validateAbout(
	db: Kysely<Database>,
	networkId: string,
	input: AboutInput,
	options: { municipalityRequired: boolean; keepTopicIds?: string[] }
): Promise<Result<Omit<RecordValues, 'receivedOn' | 'channel' | 'followUpOn'>>> {
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
	const topics = await existingTopicIds(db, networkId, input.topicIds, options.keepTopicIds ?? []);
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

export function guardFailure(guard: GuardFailure, field = 'question'): SaveFailure {
	const [first] = Object.keys(guard.findings);
	return { ok: false, error: guard.error, field: first ?? field, findings: guard.findings };
}

// ---------------------------------------------------------------- creating

export interface Creation {
	db: Kysely<Database>;
	network: NetworkRef;
	now: Date;
	keyring: Keyring;
	audit: Auditor;
	actorUserId: string | null;
}

export async function insertNew(
	c: Creation,
	values: RecordValues,
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
		const number = await nextReferenceNumber(trx, c.network.id, year);
		const reference = formatReference(c.network.referencePrefix, year, number);
		await insertConsultation(
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
		await setTopics(trx, c.network.id, id, extra.topicIds, values.receivedOn);
		await insertTransition(trx, c.network.id, id, null, 'new', c.actorUserId, c.now);
		await c.audit.record('consultations.created', { type: 'consultation', id }, 'success', trx);
		await extra.afterInsert?.(trx, reference);
		return { id, reference };
	});
}

export function creation(ctx: ServiceContext): Creation {
	return {
		db: ctx.db,
		network: ctx.network,
		now: ctx.now,
		keyring: ctx.keyring,
		audit: ctx.audit,
		actorUserId: ctx.actor.userId
	};
}

/**
 * Tells the network's handlers that a question came in through the app or the anonymous form (what
 * staff register themselves needs no mail). The mail holds the reference, the way in and the urgency,
 * never the question. Queued in the creating transaction; the caller flushes after commit.
 */
export function notifyHandlers(
	{ network, mail: mailer, publicOrigin }: Pick<PublicContext, 'network' | 'mail' | 'publicOrigin'>,
	source: ConsultationSource,
	urgency: Urgency
) {
	return async (trx: Kysely<Database>, reference: string) => {
		for (const handler of await listHandlerContacts(trx, network.id)) {
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
export function dateFailure(ctx: ServiceContext, problems: DateProblem[]): SaveFailure | null {
	const [first] = problems;
	return first ? { ok: false, error: dateProblemMessage(first, ctx.locale), field: first.field } : null;
}
