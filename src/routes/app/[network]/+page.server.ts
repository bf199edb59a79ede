import { requireContext } from '#lib/server/context.ts';
import { consultationDashboard } from '#lib/server/consultations/service.ts';
import { can } from '#lib/server/platform/permissions.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		role: ctx.role,
		canManageMembers: can(ctx, 'members.manage'),
		canManageSettings: can(ctx, 'settings.manage'),
		canEditPublicPages: can(ctx, 'public_pages.manage'),
		consultations: await consultationDashboard(ctx),
		me: ctx.actor.userId
	};
};
