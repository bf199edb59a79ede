import { sql, type Kysely } from 'kysely';
import type { AuditOutcome } from './audit.ts';
import type { Database } from './db/schema.ts';
import { timestamp, toDate } from './db/values.ts';

/**
 * Reading the audit log of one network. Every query names the network: an admin sees the events
 * of their own network and nothing else (instance-level events have no network and are not shown).
 *
 * Account events (sign-ins, lockouts, password and two-factor changes) are recorded once, without a
 * network: they belong to the person, who may be a member of several networks. Each of those
 * networks sees them, but without the client address and the request id (which joins the request
 * log, with the address and the path of the network worked in): otherwise one network's admin would
 * learn from where, and in which other network, the person worked. The address stays in the row for
 * the instance's operators (docs/operations.md, "Sign-ins in the audit log").
 */
export interface AuditFilter {
	/** Action code or its beginning: 'member.' matches every member event. */
	actionPrefix?: string;
	actorUserId?: string;
	outcome?: AuditOutcome;
	/** Inclusive lower bound. */
	from?: Date;
	/** Exclusive upper bound. */
	to?: Date;
}

export interface AuditEventRow {
	id: number;
	occurredAt: Date;
	actorUserId: string | null;
	/** The actor's current name; null for anonymous events or a deleted user. */
	actorName: string | null;
	action: string;
	entityType: string | null;
	entityId: string | null;
	outcome: AuditOutcome;
	clientAddress: string | null;
	requestId: string | null;
}

/** Escapes LIKE wildcards, so a filter for 'member_x' does not match 'memberAx'. */
function likePrefix(prefix: string): string {
	return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filtered(db: Kysely<Database>, networkId: string, filter: AuditFilter) {
	return db
		.selectFrom('audit_event')
		.where((eb) =>
			eb.or([
				eb('audit_event.network_id', '=', networkId),
				// Sign-ins, lockouts and password changes belong to a person, not a network: they appear in
				// the log of every network the person is a member of.
				eb.and([
					eb('audit_event.network_id', 'is', null),
					eb('audit_event.entity_type', '=', 'user'),
					eb(
						'audit_event.entity_id',
						'in',
						eb.selectFrom('membership').select('membership.user_id').where('membership.network_id', '=', networkId)
					)
				])
			])
		)
		.$if(filter.actionPrefix !== undefined, (q) =>
			q.where(sql<boolean>`${sql.ref('audit_event.action')} like ${likePrefix(filter.actionPrefix!)} escape '\\'`)
		)
		.$if(filter.actorUserId !== undefined, (q) => q.where('audit_event.actor_user_id', '=', filter.actorUserId!))
		.$if(filter.outcome !== undefined, (q) => q.where('audit_event.outcome', '=', filter.outcome!))
		.$if(filter.from !== undefined, (q) => q.where('audit_event.occurred_at', '>=', timestamp(filter.from!)))
		.$if(filter.to !== undefined, (q) => q.where('audit_event.occurred_at', '<', timestamp(filter.to!)));
}

/** The column, or null on an account event (one without a network: see the top of this file). */
function accountEventHidden(column: 'audit_event.client_address' | 'audit_event.request_id') {
	return sql<
		string | null
	>`case when ${sql.ref('audit_event.network_id')} is null then null else ${sql.ref(column)} end`;
}

function rowsQuery(db: Kysely<Database>, networkId: string, filter: AuditFilter) {
	return filtered(db, networkId, filter)
		.leftJoin('user', 'user.id', 'audit_event.actor_user_id')
		.select([
			'audit_event.id as id',
			'audit_event.occurred_at as occurredAt',
			'audit_event.actor_user_id as actorUserId',
			'user.name as actorName',
			'audit_event.action as action',
			'audit_event.entity_type as entityType',
			'audit_event.entity_id as entityId',
			'audit_event.outcome as outcome',
			accountEventHidden('audit_event.client_address').as('clientAddress'),
			accountEventHidden('audit_event.request_id').as('requestId')
		])
		.orderBy('audit_event.occurred_at', 'desc')
		.orderBy('audit_event.id', 'desc');
}

type Selected = Awaited<ReturnType<ReturnType<typeof rowsQuery>['executeTakeFirstOrThrow']>>;

function toRow(row: Selected): AuditEventRow {
	return { ...row, id: Number(row.id), occurredAt: toDate(row.occurredAt), actorName: row.actorName ?? null };
}

/** One page of events, newest first, and how many match in all. */
export async function listAuditEvents(
	db: Kysely<Database>,
	networkId: string,
	filter: AuditFilter,
	page: { limit: number; offset: number }
): Promise<{ rows: AuditEventRow[]; total: number }> {
	const [rows, count] = await Promise.all([
		rowsQuery(db, networkId, filter).limit(page.limit).offset(page.offset).execute(),
		filtered(db, networkId, filter)
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow()
	]);
	return { rows: rows.map(toRow), total: Number(count.n) };
}

/** Every matching event, newest first, up to `limit` (the CSV export). */
export async function exportAuditEvents(
	db: Kysely<Database>,
	networkId: string,
	filter: AuditFilter,
	limit: number
): Promise<AuditEventRow[]> {
	const rows = await rowsQuery(db, networkId, filter).limit(limit).execute();
	return rows.map(toRow);
}

/** The people who appear as actors in a network's log, for the actor filter. */
export async function listAuditActors(
	db: Kysely<Database>,
	networkId: string
): Promise<{ userId: string; name: string }[]> {
	const rows = await db
		.selectFrom('audit_event')
		.innerJoin('user', 'user.id', 'audit_event.actor_user_id')
		.select(['user.id as userId', 'user.name as name'])
		.where('audit_event.network_id', '=', networkId)
		.distinct()
		.orderBy('user.name')
		.execute();
	return rows;
}
