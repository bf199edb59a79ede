import { z } from 'zod';
import { consultationLabel } from '#lib/consultation-labels.ts';
import type { Locale, ServiceContext } from '../platform/context.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { requireConsultationAbility } from './access.ts';
import { DEFAULT_RETENTION_MONTHS } from './model.ts';
import * as repo from './settings-repository.ts';

/**
 * The network's consultation settings that admins own: the topics offered on the forms, and how long
 * the texts of closed consultations are kept (docs/product.md#consultations-protected-texts; the
 * daily job that erases them is `retention.ts`). Which admins also handle consultations is
 * `handlers-service.ts`.
 */

// ---------------------------------------------------------------- topics

export function topicLabel(topic: { key: string | null; name: string | null }, locale: Locale): string {
	if (topic.name) return topic.name;
	return topic.key ? consultationLabel('topic', topic.key, locale) : '';
}

export async function topicSettings(ctx: ServiceContext) {
	await requireConsultationAbility(ctx, 'settings');
	await repo.ensureDefaultTopics(ctx.db, ctx.network.id);
	const topics = await repo.listTopics(ctx.db, ctx.network.id);
	return topics.map((topic) => ({
		id: topic.id,
		label: topicLabel(topic, ctx.locale),
		isDefault: topic.key !== null,
		renamed: topic.key !== null && topic.name !== null,
		hidden: topic.hidden
	}));
}

async function nameTaken(ctx: ServiceContext, name: string, exceptId?: string): Promise<boolean> {
	const topics = await repo.listTopics(ctx.db, ctx.network.id);
	const wanted = name.toLocaleLowerCase(ctx.locale);
	// A name counts as taken in any of the three languages, so "Other" cannot sit beside "Annat".
	return topics.some(
		(topic) =>
			topic.id !== exceptId &&
			(['sv', 'nb', 'en'] as const).some((locale) => topicLabel(topic, locale).toLocaleLowerCase(ctx.locale) === wanted)
	);
}

export async function addTopic(ctx: ServiceContext, name: string): Promise<Result<string>> {
	await requireConsultationAbility(ctx, 'settings');
	if (await nameTaken(ctx, name)) return failure('error_consultations_topic_exists', 'name');
	return ctx.db.transaction().execute(async (trx) => {
		const id = await repo.insertTopic(trx, ctx.network.id, name, ctx.now);
		await ctx.audit.record('consultations.topic_created', { type: 'consultation_topic', id }, 'success', trx);
		return ok(id);
	});
}

export async function renameTopic(ctx: ServiceContext, topicId: string, name: string): Promise<Result<void>> {
	await requireConsultationAbility(ctx, 'settings');
	if (await nameTaken(ctx, name, topicId)) return failure('error_consultations_topic_exists', 'name');
	return ctx.db.transaction().execute(async (trx) => {
		if (!(await repo.updateTopic(trx, ctx.network.id, topicId, { name }))) return failure('error_not_found');
		await ctx.audit.record('consultations.topic_renamed', { type: 'consultation_topic', id: topicId }, 'success', trx);
		return ok(undefined);
	});
}

/** Hidden topics leave the forms; consultations that have them keep them, and statistics count them. */
export async function setTopicHidden(ctx: ServiceContext, topicId: string, hidden: boolean): Promise<Result<void>> {
	await requireConsultationAbility(ctx, 'settings');
	return ctx.db.transaction().execute(async (trx) => {
		if (!(await repo.updateTopic(trx, ctx.network.id, topicId, { hidden }))) return failure('error_not_found');
		await ctx.audit.record(
			hidden ? 'consultations.topic_hidden' : 'consultations.topic_shown',
			{ type: 'consultation_topic', id: topicId },
			'success',
			trx
		);
		return ok(undefined);
	});
}

// ---------------------------------------------------------------- retention period

export const MIN_RETENTION_MONTHS = 1;
/** Ten years: longer than any reason to keep a question about a case. */
export const MAX_RETENTION_MONTHS = 120;

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
