import { formatDate } from '#lib/format.ts';
import type { PageServerLoad } from './$types';
import { loadReport } from '../report.server.ts';

/** The same results laid out for paper or a PDF, for the half-year report. */
export const load: PageServerLoad = async (event) => {
	const { ctx, data } = await loadReport(event);
	return { ...data, made: formatDate(ctx.now, ctx.locale, ctx.network.timeZone) };
};
