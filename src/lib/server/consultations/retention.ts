import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../platform/audit.ts';
import type { ServiceContext } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { daily, type ScheduledJob } from '../platform/jobs/scheduler.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { startOfDayIn } from '../platform/time.ts';
import { monthsBefore } from '../platform/time.ts';
import { todayIn } from '../platform/time.ts';
import { requireConsultationAbility } from './access.ts';
import { DEFAULT_RETENTION_MONTHS } from './model.ts';
import * as repo from './retention-repository.ts';

/**
 * Retention of consultation texts (docs/product.md#consultations-protected-texts): a network keeps the free texts and the anonymous
 * asker's contact data for a number of months after a consultation is closed; then the daily job
 * erases them. The structured fields (dates, channel, municipality, topics, …) stay, so statistics
 * of past years remain complete.
 */

export const MIN_RETENTION_MONTHS = 1;
/** Ten years: longer than any reason to keep a question about a case. */
export const MAX_RETENTION_MONTHS = 120;
/** Consultations erased per transaction: short write locks on SQLite, bounded work per round trip. */
export const ERASE_BATCH_SIZE = 200;

const RANGE_ERROR = 'error_consultation_jobs_retention_range';

/** The settings form: a whole number of months (what `<input type="number">` sends). */
export const retentionSettingsSchema = z.object({
	retentionMonths: z.coerce
		.number(RANGE_ERROR)
		.int(RANGE_ERROR)
		.min(MIN_RETENTION_MONTHS, RANGE_ERROR)
		.max(MAX_RETENTION_MONTHS, RANGE_ERROR)
});

export interface RetentionSettings {
	retentionMonths: number;
	/** True while the network has never chosen a period (the default applies). */
	isDefault: boolean;
	updatedAt: Date | null;
}

export async function getRetentionSettings(ctx: ServiceContext): Promise<RetentionSettings> {
	await requireConsultationAbility(ctx, 'settings');
	const row = await repo.findRetentionSettings(ctx.db, ctx.network.id);
	return row
		? { retentionMonths: row.retentionMonths, isDefault: false, updatedAt: row.updatedAt }
		: { retentionMonths: DEFAULT_RETENTION_MONTHS, isDefault: true, updatedAt: null };
}

/**
 * Changes the retention period. A shorter period takes effect at the next daily run: texts already
 * past it are erased then, not now, so an admin who mistypes can still correct it the same day.
 */
export async function updateRetentionSettings(
	ctx: ServiceContext,
	input: { retentionMonths: number }
): Promise<Result<RetentionSettings>> {
	await requireConsultationAbility(ctx, 'settings');
	const months = input.retentionMonths;
	if (!Number.isInteger(months) || months < MIN_RETENTION_MONTHS || months > MAX_RETENTION_MONTHS)
		return failure(RANGE_ERROR, 'retentionMonths');
	await ctx.db.transaction().execute(async (trx) => {
		await repo.saveRetentionSettings(trx, ctx.network.id, months, ctx.now);
		await ctx.audit.record(
			'consultations.retention_updated',
			{ type: 'consultation_settings', id: ctx.network.id },
			'success',
			trx
		);
	});
	return ok({ retentionMonths: months, isDefault: false, updatedAt: ctx.now });
}

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
