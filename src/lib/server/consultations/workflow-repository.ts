import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toDate } from '../platform/db/values.ts';
import type { ConsultationStatus } from './model.ts';

/**
 * SQL of the work flow: status changes (compare-and-set) and their history, the assignee and the
 * follow-up date. Every function takes the network id and filters by it.
 */

export async function setStatus(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	from: ConsultationStatus,
	to: ConsultationStatus,
	now: Date,
	/** Calendar days from receipt to this answer in the network's time zone; kept from the first answer. */
	answerDays: number | null = null
): Promise<boolean> {
	const at = timestamp(now);
	const result = await db
		.updateTable('consultation')
		.set({
			status: to,
			updated_at: at,
			// Closing starts the retention clock; reopening stops it.
			closed_at: to === 'closed' ? at : null,
			...(to === 'answered' ? { answered_at: at } : {}),
			...(to === 'answered' ? { first_answered_at: sql`coalesce(first_answered_at, ${at})` } : {}),
			...(to === 'answered' ? { first_answer_days: sql`coalesce(first_answer_days, ${answerDays})` } : {})
		})
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		// Compare-and-set: two coordinators clicking at once make one transition, not two.
		.where('status', '=', from)
		.executeTakeFirst();
	return result.numUpdatedRows > 0n;
}

export async function insertTransition(
	db: Kysely<Database>,
	networkId: string,
	consultationId: string,
	from: ConsultationStatus | null,
	to: ConsultationStatus,
	actorUserId: string | null,
	now: Date
): Promise<void> {
	await db
		.insertInto('consultation_transition')
		.values({
			network_id: networkId,
			consultation_id: consultationId,
			from_status: from,
			to_status: to,
			actor_user_id: actorUserId,
			at: timestamp(now)
		})
		.execute();
}

export interface TransitionRow {
	from: ConsultationStatus | null;
	to: ConsultationStatus;
	actorName: string | null;
	at: Date;
}

export async function listTransitions(
	db: Kysely<Database>,
	networkId: string,
	consultationId: string
): Promise<TransitionRow[]> {
	const rows = await db
		.selectFrom('consultation_transition as t')
		.leftJoin('user as u', 'u.id', 't.actor_user_id')
		.select(['t.from_status', 't.to_status', 'u.name', 't.at'])
		.where('t.network_id', '=', networkId)
		.where('t.consultation_id', '=', consultationId)
		.orderBy('t.id')
		.execute();
	return rows.map((row) => ({ from: row.from_status, to: row.to_status, actorName: row.name, at: toDate(row.at) }));
}

export async function setAssignee(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	assigneeUserId: string | null,
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('consultation')
		.set({ assignee_user_id: assigneeUserId, updated_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return result.numUpdatedRows > 0n;
}

/** Sets the follow-up date alone (from the log form's follow-up entry). */
export async function setFollowUp(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	followUpOn: string | null,
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('consultation')
		.set({ follow_up_on: followUpOn, updated_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return result.numUpdatedRows > 0n;
}
