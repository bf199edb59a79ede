import { requireContext } from '#lib/server/context.ts';
import { readListQuery } from '#lib/server/consultations/forms.ts';
import { consultationDashboard, listConsultations, listFilterOptions } from '#lib/server/consultations/service.ts';
import type { PageServerLoad } from './$types';

/** The consultation list: all of the network's for handlers (with filters), a member's own otherwise. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const query = readListQuery(event.url);
	const [list, options, dashboard] = await Promise.all([
		listConsultations(ctx, query),
		listFilterOptions(ctx),
		consultationDashboard(ctx)
	]);
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		query,
		list,
		options,
		dashboard,
		me: ctx.actor.userId
	};
};
