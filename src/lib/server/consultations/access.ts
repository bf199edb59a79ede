import type { ServiceContext } from '../platform/context.ts';
import { PermissionDenied } from '../platform/permissions.ts';
import { findByReference } from './consultations-repository.ts';
import { isHandler as isFlaggedHandler } from './handlers-repository.ts';

/**
 * Who may do what with consultations (docs/product.md#roles). Not a plain role ladder, because least
 * privilege cuts across it:
 * - coordinators handle every consultation of the network, texts included;
 * - admins manage the settings and see the statistics, but read no texts unless the network also
 *   made them handlers (`consultation_handler`);
 * - members (and admins, coordinators) submit consultations in the app and follow their own;
 * - communicators see none.
 */
export type ConsultationAbility = 'handle' | 'submit' | 'statistics' | 'settings';

const handlerFlags = new WeakMap<ServiceContext, Promise<boolean>>();

/** Whether the actor handles the network's consultations (reads texts, answers, assigns). */
export function isHandler(ctx: ServiceContext): Promise<boolean> {
	if (ctx.role === 'coordinator') return Promise.resolve(true);
	if (ctx.role !== 'admin') return Promise.resolve(false);
	let flag = handlerFlags.get(ctx);
	if (!flag) {
		flag = isFlaggedHandler(ctx.db, ctx.network.id, ctx.actor.userId);
		handlerFlags.set(ctx, flag);
	}
	return flag;
}

export async function hasConsultationAbility(ctx: ServiceContext, ability: ConsultationAbility): Promise<boolean> {
	switch (ability) {
		case 'handle':
			return isHandler(ctx);
		case 'submit':
			return ctx.role !== 'communicator';
		case 'statistics':
			return ctx.role === 'admin' || (await isHandler(ctx));
		case 'settings':
			return ctx.role === 'admin';
	}
}

/** First line of every consultation service: refuses (and audits the refusal) without the ability. */
export async function requireConsultationAbility(ctx: ServiceContext, ability: ConsultationAbility): Promise<void> {
	if (await hasConsultationAbility(ctx, ability)) return;
	await ctx.audit.record(`permission.consultations.${ability}`, null, 'denied');
	throw new PermissionDenied(`consultations.${ability}`);
}

/** First line of a handler's service on one consultation: the ability, then the network's row. */
export async function handledRow(ctx: ServiceContext, reference: string) {
	await requireConsultationAbility(ctx, 'handle');
	return findByReference(ctx.db, ctx.network.id, reference);
}
