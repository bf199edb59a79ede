import type { ServiceContext } from '../platform/context.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { hasConsultationAbility, requireConsultationAbility } from './access.ts';
import * as repo from './handlers-repository.ts';

/**
 * Who handles the network's consultations (docs/product.md#roles): the coordinators, and the admins
 * the network also made handlers, who then read the texts. Admins grant it to each other; the first
 * admin of a network may take it alone while nobody else handles (decision 015).
 */

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
