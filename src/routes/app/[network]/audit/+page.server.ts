import { requireContext } from '#lib/server/context.ts';
import { auditTargetNamer } from '#lib/server/audit-targets.ts';
import {
	auditActionLabel,
	auditEntityLabel,
	auditOutcomeLabel,
	browseAuditLog,
	KNOWN_AUDIT_ACTIONS
} from '#lib/server/networks/audit-log.ts';
import { m } from '#lib/paraglide/messages.js';
import { formatTimestamp } from '#lib/format.ts';
import type { PageServerLoad } from './$types';
import { readAuditQuery } from './query.ts';

/** UUIDs are told apart by their first 8 characters; other ids (e.g. `description:sv`) are short already. */
function shortId(id: string): string {
	return /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(id) ? id.slice(0, 8) : id;
}

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'admin' });
	const { query, page, values, errors } = readAuditQuery(event.url);
	const log = await browseAuditLog(ctx, query, page, auditTargetNamer(ctx));
	const tz = ctx.network.timeZone;
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name, timeZone: tz },
		values,
		errors,
		page: Math.min(page, log.pageCount),
		pageCount: log.pageCount,
		total: log.total,
		actors: log.actors,
		knownActions: KNOWN_AUDIT_ACTIONS,
		rows: log.rows.map((row) => ({
			id: row.id,
			time: formatTimestamp(row.occurredAt, tz),
			iso: row.occurredAt.toISOString(),
			actor: row.actorName ?? (row.actorUserId ? m.audit_actor_unknown() : m.audit_actor_none()),
			action: auditActionLabel(row.action, ctx.locale),
			actionCode: row.action,
			entityType: row.entityType ? auditEntityLabel(row.entityType, ctx.locale) : '',
			entityId: row.entityId ?? '',
			// what a person recognises; an id only where the thing has no name (an outbox row)
			target: row.targetName ?? (row.entityId && row.entityId !== 'list' ? shortId(row.entityId) : ''),
			targetIsId: row.targetName === null && Boolean(row.entityId) && row.entityId !== 'list',
			outcome: row.outcome,
			outcomeLabel: auditOutcomeLabel(row.outcome, ctx.locale),
			clientAddress: row.clientAddress ?? ''
		}))
	};
};
