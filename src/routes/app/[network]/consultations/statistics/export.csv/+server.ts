import { requireContext } from '#lib/server/context.ts';
import { parsePeriod, periodToken } from '#lib/server/platform/periods.ts';
import { exportStatisticsCsv } from '#lib/server/consultations/statistics-service.ts';
import { csvFilename, csvResponse } from '#lib/server/platform/csv.ts';
import type { RequestHandler } from './$types';

/** The statistics of a period as CSV (`shareable=1`: small counts hidden); the export is audited. */
export const GET: RequestHandler = async (event) => {
	const ctx = await requireContext(event, { role: 'member' });
	const period = parsePeriod(event.url.searchParams, ctx.network.timeZone, ctx.now);
	const shareable = event.url.searchParams.get('shareable') === '1';
	const csv = await exportStatisticsCsv(ctx, period, { shareable });
	const name = period.kind === 'custom' ? `${period.from}_${period.to}` : periodToken(period);
	return csvResponse(
		csv,
		csvFilename(`statistics-${ctx.network.slug}-${name}${shareable ? '-shareable' : ''}`, ctx.now)
	);
};
