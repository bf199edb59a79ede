import { requireContext } from '#lib/server/context.ts';
import { parsePeriod, periodQuery } from '#lib/server/consultations/periods.ts';
import { consultationStatistics, medianText } from '#lib/server/consultations/statistics.ts';
import type { PageServerLoad } from './$types';
import { chartSections, pickerChoices } from './sections.server.ts';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'member' });
	const period = parsePeriod(event.url.searchParams, ctx.network.timeZone, ctx.now);
	const stats = await consultationStatistics(ctx, period);
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		stats,
		median: medianText(stats, ctx.locale),
		sections: chartSections(stats, ctx.locale),
		choices: pickerChoices(ctx.network.timeZone, ctx.now, ctx.locale),
		query: periodQuery(period)
	};
};
