import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { timestamp } from '../platform/db/values.ts';

/** SQL of the consultations a meeting discussed (by id only; the texts stay in consultations). */

export async function listLinkedConsultations(
	db: Kysely<Database>,
	networkId: string,
	meetingId: string
): Promise<string[]> {
	const rows = await db
		.selectFrom('meeting_consultation')
		.select('consultation_id')
		.where('network_id', '=', networkId)
		.where('meeting_id', '=', meetingId)
		.orderBy('linked_at')
		.execute();
	return rows.map((row) => row.consultation_id);
}

export async function insertLink(
	db: Kysely<Database>,
	networkId: string,
	meetingId: string,
	consultationId: string,
	userId: string,
	now: Date
): Promise<void> {
	await db
		.insertInto('meeting_consultation')
		.values({
			network_id: networkId,
			meeting_id: meetingId,
			consultation_id: consultationId,
			linked_by: userId,
			linked_at: timestamp(now)
		})
		.execute();
}

export async function deleteLink(
	db: Kysely<Database>,
	networkId: string,
	meetingId: string,
	consultationId: string
): Promise<boolean> {
	const result = await db
		.deleteFrom('meeting_consultation')
		.where('network_id', '=', networkId)
		.where('meeting_id', '=', meetingId)
		.where('consultation_id', '=', consultationId)
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}
