import { requireContext } from '#lib/server/context.ts';
import { checklistOverview } from '#lib/server/directory/checklist-service.ts';
import { can } from '#lib/server/platform/permissions.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		overview: await checklistOverview(ctx),
		canManageItems: can(ctx, 'directory.settings')
	};
};
