import { requireContext } from '#lib/server/context.ts';
import { coverage } from '#lib/server/directory/contacts-service.ts';
import { can } from '#lib/server/platform/permissions.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const withoutRepresentative = event.url.searchParams.get('without') === '1';
	const { rows } = await coverage(ctx, { withoutRepresentative });
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		rows,
		withoutRepresentative,
		canChooseTypes: can(ctx, 'directory.settings')
	};
};
