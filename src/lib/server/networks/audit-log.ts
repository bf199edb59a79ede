import { m } from '#lib/paraglide/messages.js';
import { formatTimestamp } from '../../format.ts';
import type { AuditOutcome } from '../platform/audit.ts';
import {
	exportAuditEvents,
	listAuditActors,
	listAuditEvents,
	type AuditEventRow,
	type AuditFilter
} from '../platform/audit-repository.ts';
import type { Locale, ServiceContext } from '../platform/context.ts';
import { csvSeparator, toCsv } from '../platform/csv.ts';
import { requirePermission } from '../platform/permissions.ts';
import { endOfDayIn, startOfDayIn } from '../platform/time.ts';
import type { Role } from '../../roles.ts';

export const AUDIT_PAGE_SIZE = 50;
/** An export larger than this is cut; the admin narrows the filter instead. */
export const AUDIT_EXPORT_LIMIT = 50_000;

/** The filter as the page holds it: days as typed (YYYY-MM-DD, in the network's time zone). */
export interface AuditQuery {
	action?: string;
	actor?: string;
	outcome?: AuditOutcome;
	from?: string;
	to?: string;
}

function toFilter(query: AuditQuery, timeZone: string): AuditFilter {
	return {
		actionPrefix: query.action,
		actorUserId: query.actor,
		outcome: query.outcome,
		from: query.from ? startOfDayIn(query.from, timeZone) : undefined,
		to: query.to ? endOfDayIn(query.to, timeZone) : undefined
	};
}

/**
 * Names what entries are about ("Anna Andersson", "NBT-2026-0012"), given by the composition layer
 * (src/lib/server/audit-targets.ts), which knows every module; without it entries name no target.
 */
export type TargetNamer = (
	entries: { entityType: string | null; entityId: string | null }[]
) => Promise<(entityType: string | null, entityId: string | null) => string | null>;

const noNames: TargetNamer = async () => () => null;

/** A page of the network's audit log, newest first, with the actors to filter by. */
export async function browseAuditLog(ctx: ServiceContext, query: AuditQuery, page: number, names = noNames) {
	await requirePermission(ctx, 'audit.read');
	const filter = toFilter(query, ctx.network.timeZone);
	const [{ rows, total }, actors] = await Promise.all([
		listAuditEvents(ctx.db, ctx.network.id, filter, { limit: AUDIT_PAGE_SIZE, offset: (page - 1) * AUDIT_PAGE_SIZE }),
		listAuditActors(ctx.db, ctx.network.id)
	]);
	const nameOf = await names(rows);
	return {
		rows: rows.map((row) => ({ ...row, targetName: nameOf(row.entityType, row.entityId) })),
		total,
		actors,
		pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE))
	};
}

/** Every matching event as CSV; the export itself is written to the log. */
export async function exportAuditLog(ctx: ServiceContext, query: AuditQuery, names = noNames): Promise<string> {
	await requirePermission(ctx, 'audit.read');
	const rows = await exportAuditEvents(
		ctx.db,
		ctx.network.id,
		toFilter(query, ctx.network.timeZone),
		AUDIT_EXPORT_LIMIT
	);
	await ctx.audit.exported('audit_event');
	const nameOf = await names(rows);
	return auditCsv(
		rows.map((row) => ({ ...row, targetName: nameOf(row.entityType, row.entityId) })),
		ctx.locale,
		ctx.network.timeZone
	);
}

type MessageFunction = (params?: Record<string, unknown>, options?: { locale?: Locale }) => string;
const messages = m as unknown as Record<string, MessageFunction | undefined>;

const roleLabel = (role: string, locale: Locale) => {
	const message = messages[`role_${role}`];
	return message ? message({}, { locale }) : role;
};

/**
 * A readable name for an action code. Modules name an action `module.thing_done` and may add a
 * catalogue key `audit_action_module_thing_done`; codes without one are shown as they are.
 */
export function auditActionLabel(action: string, locale: Locale): string {
	if (action.startsWith('member.role_changed.')) {
		return m.audit_action_member_role_changed(
			{ role: roleLabel(action.slice('member.role_changed.'.length) as Role, locale) },
			{ locale }
		);
	}
	if (action.startsWith('permission.')) {
		// `permission.members.manage` → "manage members"; a permission without words keeps its code
		const permission = action.slice('permission.'.length);
		const words = messages[`audit_permission_${permission.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`];
		return m.audit_action_permission_denied({ permission: words ? words({}, { locale }) : permission }, { locale });
	}
	if (action.startsWith('route.')) return m.audit_action_route_denied({}, { locale });
	const message = messages[`audit_action_${action.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`];
	return message ? message({}, { locale }) : action;
}

/**
 * A readable name for the type of thing an event concerns (`membership`, `user`, …). Modules may add
 * a catalogue key `audit_entity_<type>`; other types are named as "Other (type)".
 */
export function auditEntityLabel(type: string, locale: Locale): string {
	const message = messages[`audit_entity_${type.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`];
	return message ? message({}, { locale }) : m.audit_entity_other({ type }, { locale });
}

export function auditOutcomeLabel(outcome: AuditOutcome, locale: Locale): string {
	return { success: m.audit_outcome_success, failure: m.audit_outcome_failure, denied: m.audit_outcome_denied }[
		outcome
	]({}, { locale });
}

/**
 * The log as CSV: the words a person reads (action, what it concerns) beside the codes and ids a
 * machine matches on, which stay in their own columns.
 */
export function auditCsv(
	rows: (AuditEventRow & { targetName?: string | null })[],
	locale: Locale,
	timeZone: string
): string {
	const header = [
		m.audit_col_time({}, { locale }),
		m.audit_col_actor({}, { locale }),
		m.audit_col_actor_id({}, { locale }),
		m.audit_col_action({}, { locale }),
		m.audit_col_action_code({}, { locale }),
		m.audit_col_entity({}, { locale }),
		m.audit_col_entity_name({}, { locale }),
		m.audit_col_entity_type({}, { locale }),
		m.audit_col_entity_id({}, { locale }),
		m.audit_col_outcome({}, { locale }),
		m.audit_col_client_address({}, { locale }),
		m.audit_col_request_id({}, { locale })
	];
	return toCsv(
		header,
		rows.map((row) => [
			formatTimestamp(row.occurredAt, timeZone),
			row.actorName,
			row.actorUserId,
			auditActionLabel(row.action, locale),
			row.action,
			row.entityType ? auditEntityLabel(row.entityType, locale) : '',
			row.targetName ?? '',
			row.entityType,
			row.entityId,
			auditOutcomeLabel(row.outcome, locale),
			row.clientAddress,
			row.requestId
		]),
		{ separator: csvSeparator(locale) }
	);
}

/** Action codes offered as suggestions in the filter (any prefix can still be typed). */
export const KNOWN_AUDIT_ACTIONS = [
	'member.',
	'member.invited',
	'member.invitation_accepted',
	'member.invitation_revoked',
	'member.role_changed.',
	'member.deactivated',
	'member.reactivated',
	'network.',
	'network.settings_changed',
	'network.public_text_changed',
	'consultations.',
	'consultations.created',
	'consultations.answered',
	'consultations.text_erased',
	'permission.',
	'route.',
	'read',
	'export'
];
