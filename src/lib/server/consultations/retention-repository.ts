import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { timestamp } from '../platform/db/values.ts';
import { DEFAULT_RETENTION_MONTHS } from './model.ts';

/** SQL of the retention job: every network's period, and the erasure of consultation texts. */

export interface RetentionPolicy {
	networkId: string;
	timeZone: string;
	retentionMonths: number;
}

/**
 * Every network's retention, closed networks included: their texts are erased on time too. A
 * network without a settings row keeps texts for the default period.
 */
export async function listRetentionPolicies(db: Kysely<Database>): Promise<RetentionPolicy[]> {
	const rows = await db
		.selectFrom('network')
		.leftJoin('consultation_settings', 'consultation_settings.network_id', 'network.id')
		.select(['network.id as networkId', 'network.time_zone as timeZone', 'consultation_settings.retention_months'])
		.orderBy('network.id')
		.execute();
	return rows.map((row) => ({
		networkId: row.networkId,
		timeZone: row.timeZone,
		retentionMonths: Number(row.retention_months ?? DEFAULT_RETENTION_MONTHS)
	}));
}

/** Closed, not yet erased, and closed before `closedBefore`. A reopened consultation has no closed_at. */
function expired(db: Kysely<Database>, networkId: string, closedBefore: Date) {
	return db
		.updateTable('consultation')
		.where('network_id', '=', networkId)
		.where('status', '=', 'closed')
		.where('closed_at', 'is not', null)
		.where('closed_at', '<', timestamp(closedBefore))
		.where('text_erased_at', 'is', null);
}

/** Ids of up to `limit` consultations whose texts are due for erasure. */
export async function findExpiredConsultationIds(
	db: Kysely<Database>,
	networkId: string,
	closedBefore: Date,
	limit: number
): Promise<string[]> {
	const rows = await db
		.selectFrom('consultation')
		.select('id')
		.where('network_id', '=', networkId)
		.where('status', '=', 'closed')
		.where('closed_at', 'is not', null)
		.where('closed_at', '<', timestamp(closedBefore))
		.where('text_erased_at', 'is', null)
		.orderBy('closed_at')
		.orderBy('id')
		.limit(limit)
		.execute();
	return rows.map((row) => row.id);
}

/**
 * Erases the free texts and contact data of the given consultations and of their log entries; the
 * structured fields stay for statistics. The expiry condition is checked again in the UPDATE, so a
 * consultation reopened (or erased by another instance) since it was found is left alone. Returns
 * the ids actually erased and how many log texts went with them.
 */
export async function eraseConsultationTexts(
	db: Kysely<Database>,
	networkId: string,
	ids: string[],
	closedBefore: Date,
	now: Date
): Promise<{ erasedIds: string[]; logEntries: number }> {
	if (ids.length === 0) return { erasedIds: [], logEntries: 0 };
	const erased = await expired(db, networkId, closedBefore)
		.where('id', 'in', ids)
		.set({
			question_encrypted: null,
			answer_encrypted: null,
			contact_encrypted: null,
			// The code's hash stays (it says nothing about anyone): the anonymous asker can still open
			// the status page and read that the texts were erased, instead of "not found".
			// The asker's function is free text and can point at a person as well as a question can.
			asker_function: null,
			text_erased_at: timestamp(now)
		})
		.returning('id')
		.execute();
	const erasedIds = erased.map((row) => row.id);
	if (erasedIds.length === 0) return { erasedIds, logEntries: 0 };
	const logs = await db
		.updateTable('consultation_log')
		.set({ text_encrypted: null })
		.where('network_id', '=', networkId)
		.where('consultation_id', 'in', erasedIds)
		.where('text_encrypted', 'is not', null)
		.executeTakeFirst();
	return { erasedIds, logEntries: Number(logs.numUpdatedRows) };
}
