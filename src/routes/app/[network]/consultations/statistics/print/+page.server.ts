import { requireContext } from '#lib/server/context.ts';
import { formatDate } from '#lib/format.ts';
import { parsePeriod, periodQuery } from '#lib/server/platform/periods.ts';
import { consultationStatistics, medianText } from '#lib/server/consultations/statistics-service.ts';
import { suppressSmallCounts } from '#lib/server/consultations/statistics-shareable.ts';
import type { PageServerLoad } from './$types';
import { chartSections } from '../sections.server.ts';

/** The shareable version: counts of 1–2 shown as "<3" (and a lone one protected by a "–"), to print or save as PDF. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'member' });
	const period = parsePeriod(event.url.searchParams, ctx.network.timeZone, ctx.now);
	const stats = suppressSmallCounts(await consultationStatistics(ctx, period));
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		stats,
		median: medianText(stats, ctx.locale),
		sections: chartSections(stats, ctx.locale),
		made: formatDate(ctx.now, ctx.locale, ctx.network.timeZone),
		query: periodQuery(period)
	};
};
