import { requireContext } from '#lib/server/context.ts';
import { customPeriodProblem, parsePeriod, periodQuery } from '#lib/server/platform/periods.ts';
import { consultationStatistics, medianText } from '#lib/server/consultations/statistics-service.ts';
import type { PageServerLoad } from './$types';
import { chartSections, pickerChoices } from './sections.server.ts';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'member' });
	const period = parsePeriod(event.url.searchParams, ctx.network.timeZone, ctx.now);
	const stats = await consultationStatistics(ctx, period);
	// A custom period that cannot be shown: the page says why and keeps the typed days.
	const from = event.url.searchParams.get('from')?.trim() ?? '';
	const to = event.url.searchParams.get('to')?.trim() ?? '';
	const problem = from || to ? customPeriodProblem(from, to, ctx.locale) : null;
	return {
		custom: problem ? { from, to, ...problem } : null,
		network: { slug: ctx.network.slug, name: ctx.network.name },
		stats,
		median: medianText(stats, ctx.locale),
		sections: chartSections(stats, ctx.locale),
		choices: pickerChoices(ctx.network.timeZone, ctx.now, ctx.locale),
		query: periodQuery(period)
	};
};
