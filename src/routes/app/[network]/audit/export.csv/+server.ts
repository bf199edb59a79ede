import { requireContext } from '#lib/server/context.ts';
import { auditTargetNamer } from '#lib/server/audit-targets.ts';
import { exportAuditLog } from '#lib/server/networks/audit-log.ts';
import { csvFilename, csvResponse } from '#lib/server/platform/csv.ts';
import type { RequestHandler } from './$types';
import { readAuditQuery } from '../query.ts';

/** The filtered audit log as CSV for Excel; the export is itself written to the log. */
export const GET: RequestHandler = async (event) => {
	const ctx = await requireContext(event, { role: 'admin' });
	const { query } = readAuditQuery(event.url);
	const csv = await exportAuditLog(ctx, query, auditTargetNamer(ctx));
	return csvResponse(csv, csvFilename(`audit-${ctx.network.slug}`, ctx.now));
};
