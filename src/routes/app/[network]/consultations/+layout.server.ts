import { error } from '@sveltejs/kit';
import { requireContext } from '#lib/server/context.ts';
import { hasConsultationAbility } from '#lib/server/consultations/access.ts';
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
	return { abilities: { handle, submit, statistics, settings } };
};
