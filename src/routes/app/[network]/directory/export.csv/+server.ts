import { requireContext } from '#lib/server/context.ts';
import { readContactQuery } from '#lib/server/directory/contact-forms.ts';
import { exportContactsCsv } from '#lib/server/directory/contacts-service.ts';
import { csvFilename, csvResponse } from '#lib/server/platform/csv.ts';
import type { RequestHandler } from './$types';

/** The filtered contact list as CSV for Excel; the export is written to the audit log. */
export const GET: RequestHandler = async (event) => {
	const ctx = await requireContext(event);
	const csv = await exportContactsCsv(ctx, readContactQuery(event.url));
	return csvResponse(csv, csvFilename(`contacts-${ctx.network.slug}`, ctx.now));
};
