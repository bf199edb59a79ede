import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { requirePermission } from '../platform/permissions.ts';
import { isHandler } from './access.ts';
import { findByIds, findByReference } from './consultations-repository.ts';
import { consultationColumns, decryptOrNull } from './encrypted-columns.ts';
import { deleteMeetingLogEntry, insertLogEntry, moveMeetingLogEntries } from './log-repository.ts';
import type { ConsultationStatus } from './model.ts';
import { topicLabels } from './options.ts';

/**
 * Consultations as team meetings discuss them (docs/product.md#team-meetings). A meeting names a
 * consultation by its reference number only; the consultation's log records the day it was
 * discussed and never what was said. What a reader sees of a linked consultation depends on who
 * they are: handlers the question (an audited read), everyone else the reference and topics.
 */

export interface ConsultationToDiscuss {
	id: string;
	reference: string;
}

/**
 * The network's consultation with that reference number, or null. Another network's number answers
 * exactly like one that does not exist, so a meeting cannot be used to probe other networks.
 */
export async function findConsultationToDiscuss(
	ctx: ServiceContext,
	reference: string
): Promise<ConsultationToDiscuss | null> {
	await requirePermission(ctx, 'meetings.manage');
	const row = await findByReference(ctx.db, ctx.network.id, reference.trim().toUpperCase());
	return row ? { id: row.id, reference: row.reference } : null;
}

/** The log's "discussed at team meeting" entry, dated the meeting's day, in the caller's transaction. */
export async function recordDiscussed(
	trx: Kysely<Database>,
	ctx: ServiceContext,
	consultationId: string,
	day: string
): Promise<void> {
	await insertLogEntry(
		trx,
		ctx.network.id,
		consultationId,
		{
			id: randomUUID(),
			kind: 'team_meeting',
			occurredOn: day,
			minutesSpent: null,
			textEncrypted: null,
			referralTypeId: null,
			referralOrganisationId: null,
			authorUserId: ctx.actor.userId
		},
		ctx.now
	);
	await ctx.audit.record('consultations.discussed', { type: 'consultation', id: consultationId }, 'success', trx);
}

/** Takes the entry back when the link was a mistake. */
export async function withdrawDiscussed(
	trx: Kysely<Database>,
	ctx: ServiceContext,
	consultationId: string,
	day: string
): Promise<void> {
	await deleteMeetingLogEntry(trx, ctx.network.id, consultationId, day);
	await ctx.audit.record(
		'consultations.discussed_withdrawn',
		{ type: 'consultation', id: consultationId },
		'success',
		trx
	);
}

/** A meeting moved to another day: its consultations' log entries follow it. */
export async function moveDiscussed(
	trx: Kysely<Database>,
	ctx: ServiceContext,
	consultationIds: string[],
	fromDay: string,
	toDay: string
): Promise<void> {
	await moveMeetingLogEntries(trx, ctx.network.id, consultationIds, fromDay, toDay);
}

export interface DiscussedConsultation {
	id: string;
	reference: string;
	status: ConsultationStatus;
	topics: string[];
	/** Handlers only; null for everyone else and once the texts are erased. */
	question: string | null;
	/** Whether the reader may open the consultation itself. */
	readable: boolean;
}

/** The linked consultations as the reader may see them, in reference order. */
export async function discussedConsultations(ctx: ServiceContext, ids: string[]): Promise<DiscussedConsultation[]> {
	await requirePermission(ctx, 'meetings.read');
	const [rows, handler, topics] = await Promise.all([
		findByIds(ctx.db, ctx.network.id, ids),
		isHandler(ctx),
		topicLabels(ctx.db, ctx.network.id, ctx.locale)
	]);
	const shown: DiscussedConsultation[] = [];
	for (const row of rows) {
		const question = handler
			? decryptOrNull(
					ctx.keyring,
					consultationColumns,
					'question_encrypted',
					{ networkId: ctx.network.id, recordId: row.id },
					row.questionEncrypted
				).text
			: null;
		if (question !== null) await ctx.audit.read({ type: 'consultation', id: row.id });
		shown.push({
			id: row.id,
			reference: row.reference,
			status: row.status,
			topics: row.topicIds.map((id) => topics.find((t) => t.id === id)?.label ?? '').filter(Boolean),
			question,
			readable: handler || row.askerUserId === ctx.actor.userId
		});
	}
	return shown;
}
