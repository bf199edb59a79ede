import { requireContext } from '#lib/server/context.ts';
import { filterDateErrors } from '#lib/server/consultations/dates.ts';
import { readListQuery } from '#lib/server/consultations/forms.ts';
import { consultationDashboard, listConsultations, listFilterOptions } from '#lib/server/consultations/list-service.ts';
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
	// What was typed into the date filters, kept when it is refused.
	const typed = {
		from: event.url.searchParams.get('from')?.trim() ?? '',
		to: event.url.searchParams.get('to')?.trim() ?? ''
	};
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		query,
		typed,
		filterErrors: filterDateErrors(typed.from, typed.to, ctx.locale),
		list,
		options,
		dashboard,
		me: ctx.actor.userId
	};
};
