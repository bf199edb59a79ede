import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { daily, type ScheduledJob } from '../platform/jobs/scheduler.ts';
import { startOfDayIn } from '../platform/time.ts';
import { monthsBefore } from '../platform/time.ts';
import { todayIn } from '../platform/time.ts';
import * as repo from './retention-repository.ts';

/**
 * Retention of consultation texts (docs/product.md#consultations-protected-texts): a network keeps the free texts and the anonymous
 * asker's contact data for a number of months after a consultation is closed; then the daily job
 * erases them. The structured fields (dates, channel, municipality, topics, …) stay, so statistics
 * of past years remain complete.
 */

/** Consultations erased per transaction: short write locks on SQLite, bounded work per round trip. */
export const ERASE_BATCH_SIZE = 200;

/**
 * The first instant whose closings are still kept: the start of the day `months` calendar months
 * before today, in the network's time zone. A consultation closed on 15 March with 12 months is
 * erased on the following 16 March, the first day it has been closed for longer than a year.
 */
export function retentionCutoff(now: Date, timeZone: string, months: number): Date {
	return startOfDayIn(monthsBefore(todayIn(timeZone, now), months), timeZone);
}

export interface ErasureCounts {
	/** Networks with at least one consultation erased. */
	networks: number;
	consultations: number;
	logEntries: number;
}

/**
 * The daily job: erases the texts of every consultation closed for longer than its network's
 * retention period. Each batch is one transaction with its audit rows (actor: none, the system),
 * so an erasure and its record exist together. Safe to run twice or concurrently: the UPDATE
 * re-checks that a row is still unerased and closed.
 */
export async function eraseExpiredTexts(
	db: Kysely<Database>,
	now: Date,
	options: { batchSize?: number } = {}
): Promise<ErasureCounts> {
	const batchSize = options.batchSize ?? ERASE_BATCH_SIZE;
	const counts: ErasureCounts = { networks: 0, consultations: 0, logEntries: 0 };
	for (const policy of await repo.listRetentionPolicies(db)) {
		const cutoff = retentionCutoff(now, policy.timeZone, policy.retentionMonths);
		let erasedHere = 0;
		for (;;) {
			const ids = await repo.findExpiredConsultationIds(db, policy.networkId, cutoff, batchSize);
			if (ids.length === 0) break;
			const batch = await db.transaction().execute(async (trx) => {
				const result = await repo.eraseConsultationTexts(trx, policy.networkId, ids, cutoff, now);
				for (const id of result.erasedIds) {
					await recordAudit(trx, {
						action: 'consultations.text_erased',
						networkId: policy.networkId,
						actorUserId: null,
						entityType: 'consultation',
						entityId: id,
						at: now
					});
				}
				return result;
			});
			erasedHere += batch.erasedIds.length;
			counts.logEntries += batch.logEntries;
			// Nothing erased: another instance is working through this network right now; it does the rest.
			if (batch.erasedIds.length === 0 || ids.length < batchSize) break;
		}
		if (erasedHere > 0) counts.networks += 1;
		counts.consultations += erasedHere;
	}
	return counts;
}

/** The job for the scheduler: once a day, in every network. */
export function retentionJob(db: Kysely<Database>): ScheduledJob {
	return { name: 'consultations.retention', period: daily, run: (now) => eraseExpiredTexts(db, now) };
}
