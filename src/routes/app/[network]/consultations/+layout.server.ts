import { error } from '@sveltejs/kit';
import { requireContext } from '#lib/server/context.ts';
import { hasConsultationAbility } from '#lib/server/consultations/access.ts';
import { mayTakeHandlerRight } from '#lib/server/consultations/handlers-service.ts';
import type { LayoutServerLoad } from './$types';

/** What the actor may do with consultations, for the tabs; communicators have no part here. */
export const load: LayoutServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const [handle, submit, statistics, settings] = await Promise.all([
		hasConsultationAbility(ctx, 'handle'),
		hasConsultationAbility(ctx, 'submit'),
		hasConsultationAbility(ctx, 'statistics'),
		hasConsultationAbility(ctx, 'settings')
	]);
	if (!handle && !submit && !statistics) error(403, { message: 'error_forbidden' });
	// An admin whom nobody else can make a handler is offered the right here (decision 015).
	const mayTakeHandler = settings && !handle && (await mayTakeHandlerRight(ctx));
	return { abilities: { handle, submit, statistics, settings }, mayTakeHandler, me: ctx.actor.userId };
};
