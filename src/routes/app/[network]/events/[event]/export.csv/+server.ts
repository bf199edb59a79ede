import { error } from '@sveltejs/kit';
import { requireContext } from '#lib/server/context.ts';
import { exportRegistrationsCsv } from '#lib/server/events/staff/lists-service.ts';
import { csvFilename, csvResponse } from '#lib/server/platform/csv.ts';
import type { RequestHandler } from './$types';

/** The participant list as CSV for Excel; the export is written to the audit log. */
export const GET: RequestHandler = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const result = await exportRegistrationsCsv(ctx, event.params.event);
	if (!result.ok) error(404, { message: 'error_not_found' });
	return csvResponse(result.value.csv, csvFilename(`participants-${ctx.network.slug}`, ctx.now));
};
