import type { ServiceContext } from '../platform/context.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { hasConsultationAbility, requireConsultationAbility } from './access.ts';
import * as repo from './repository.ts';
import { topicLabel } from './service.ts';

/**
 * The network's consultation settings that admins own: the topics offered on the forms,
 * and which admins also handle consultations (and so read their texts).
 */
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

export async function handlerSettings(ctx: ServiceContext) {
	await requireConsultationAbility(ctx, 'settings');
	return repo.listHandlerCandidates(ctx.db, ctx.network.id);
}

/**
 * For the getting-started list: whether anyone handles the network's consultations, and whether the
 * acting admin may take that on themselves (decision 015).
 */
export async function handlingStatus(ctx: ServiceContext): Promise<{ someoneHandles: boolean; mayTake: boolean }> {
	await requireConsultationAbility(ctx, 'settings');
	const [self, others] = await Promise.all([
		repo.isHandler(ctx.db, ctx.network.id, ctx.actor.userId),
		repo.countOtherActiveHandlers(ctx.db, ctx.network.id, ctx.actor.userId)
	]);
	return { someoneHandles: self || others > 0, mayTake: !self && others === 0 };
}

/**
 * Whether the acting admin may make themselves a handler now: only while nobody else handles the
 * network's consultations (no active coordinator, no other admin handler), so a network's first or
 * last admin is never locked out of its questions (decision 015).
 */
export async function mayTakeHandlerRight(ctx: ServiceContext): Promise<boolean> {
	if (!(await hasConsultationAbility(ctx, 'settings'))) return false;
	if (await repo.isHandler(ctx.db, ctx.network.id, ctx.actor.userId)) return false;
	return (await repo.countOtherActiveHandlers(ctx.db, ctx.network.id, ctx.actor.userId)) === 0;
}

/**
 * Lets an admin of the network read and handle consultations, or takes that away again. Another admin
 * grants it; an admin grants it to themselves only while nobody else handles (decision 015), and that
 * is audited as its own action and shown to later admins. Giving up one's own right is always allowed.
 */
export async function setAdminHandler(ctx: ServiceContext, userId: string, handler: boolean): Promise<Result<void>> {
	await requireConsultationAbility(ctx, 'settings');
	const self = userId === ctx.actor.userId;
	return ctx.db.transaction().execute(async (trx) => {
		if (self && handler) await repo.lockHandlerGrants(trx, ctx.network.id);
		const candidate = (await repo.listHandlerCandidates(trx, ctx.network.id)).find((c) => c.userId === userId);
		if (!candidate || candidate.role !== 'admin') return failure('error_not_found');
		if (candidate.flagged === handler) return ok(undefined);
		if (self && handler && (await repo.countOtherActiveHandlers(trx, ctx.network.id, userId)) > 0) {
			await ctx.audit.record('consultations.handler_self_granted', { type: 'user', id: userId }, 'denied', trx);
			return failure('error_consultations_handler_self');
		}
		await repo.setHandlerFlag(trx, ctx.network.id, userId, handler, ctx.now, ctx.actor.userId);
		const action = !handler
			? 'consultations.handler_removed'
			: self
				? 'consultations.handler_self_granted'
				: 'consultations.handler_added';
		await ctx.audit.record(action, { type: 'user', id: userId }, 'success', trx);
		return ok(undefined);
	});
}
