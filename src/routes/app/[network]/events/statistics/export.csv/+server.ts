import { requireContext } from '#lib/server/context.ts';
import { parsePeriod, periodToken } from '#lib/server/platform/periods.ts';
import { exportPeriodStatisticsCsv } from '#lib/server/events/period-statistics.ts';
import { csvFilename, csvResponse } from '#lib/server/platform/csv.ts';
import type { RequestHandler } from './$types';

/** The events' figures of a period as CSV; the export is audited. */
export const GET: RequestHandler = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const period = parsePeriod(event.url.searchParams, ctx.network.timeZone, ctx.now);
	const csv = await exportPeriodStatisticsCsv(ctx, period);
	const name = period.kind === 'custom' ? `${period.from}_${period.to}` : periodToken(period);
	return csvResponse(csv, csvFilename(`event-statistics-${ctx.network.slug}-${name}`, ctx.now));
};
