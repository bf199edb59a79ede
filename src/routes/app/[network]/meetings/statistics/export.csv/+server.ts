import { requireContext } from '#lib/server/context.ts';
import { exportMeetingStatisticsCsv } from '#lib/server/meetings/statistics-service.ts';
import { csvFilename, csvResponse } from '#lib/server/platform/csv.ts';
import { parsePeriod, periodToken } from '#lib/server/platform/periods.ts';
import type { RequestHandler } from './$types';

/** The attendance of a period as CSV; it names members, so the export is audited. */
export const GET: RequestHandler = async (event) => {
	const ctx = await requireContext(event, { role: 'coordinator' });
	const period = parsePeriod(event.url.searchParams, ctx.network.timeZone, ctx.now);
	const csv = await exportMeetingStatisticsCsv(ctx, period);
	const name = period.kind === 'custom' ? `${period.from}_${period.to}` : periodToken(period);
	return csvResponse(csv, csvFilename(`meeting-attendance-${ctx.network.slug}-${name}`, ctx.now));
};
