import type { Kysely } from 'kysely';
import { prepared } from './db/prepared.ts';
import type { Database } from './db/schema.ts';
import { timestamp } from './db/values.ts';

export type AuditOutcome = 'success' | 'failure' | 'denied';

/**
 * What happened, to what, by whom. Entity ids are opaque ids, never names or e-mail addresses, so
 * the audit log itself holds no personal data beyond the actor's user id and client address.
 */
export interface AuditEntry {
	action: string;
	networkId?: string | null;
	actorUserId?: string | null;
	entityType?: string | null;
	entityId?: string | null;
	outcome?: AuditOutcome;
	clientAddress?: string | null;
	requestId?: string | null;
	at?: Date;
}

type AuditColumns = {
	occurred_at: string;
	network_id: string | null;
	actor_user_id: string | null;
	action: string;
	entity_type: string | null;
	entity_id: string | null;
	outcome: AuditOutcome;
	client_address: string | null;
	request_id: string | null;
};

// Prepared (db/prepared.ts): most writes record one.
const recordQuery = prepared((db, v: AuditColumns) =>
	db.insertInto('audit_event').values({
		occurred_at: v.occurred_at,
		network_id: v.network_id,
		actor_user_id: v.actor_user_id,
		action: v.action,
		entity_type: v.entity_type,
		entity_id: v.entity_id,
		outcome: v.outcome,
		client_address: v.client_address,
		request_id: v.request_id
	})
);

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
	await recordQuery.run(db, {
		occurred_at: timestamp(entry.at ?? new Date()),
		network_id: entry.networkId ?? null,
		actor_user_id: entry.actorUserId ?? null,
		action: entry.action,
		entity_type: entry.entityType ?? null,
		entity_id: entry.entityId ?? null,
		outcome: entry.outcome ?? 'success',
		client_address: entry.clientAddress ?? null,
		request_id: entry.requestId ?? null
	});
}

/** The audit call a service gets in its context: actor, network and request are already known. */
export interface Auditor {
	record(
		action: string,
		entity?: { type: string; id: string } | null,
		outcome?: AuditOutcome,
		db?: Kysely<Database>
	): Promise<void>;
	/** Records that the actor read something sensitive (a consultation, a personal export). */
	read(entity: { type: string; id: string }): Promise<void>;
	/** Records an export of data out of the system. */
	exported(entityType: string, description?: string): Promise<void>;
}

export function createAuditor(
	db: Kysely<Database>,
	base: Omit<AuditEntry, 'action' | 'entityType' | 'entityId' | 'outcome'>
): Auditor {
	const record: Auditor['record'] = (action, entity, outcome = 'success', trx = db) =>
		recordAudit(trx, {
			...base,
			action,
			entityType: entity?.type ?? null,
			entityId: entity?.id ?? null,
			outcome
		});
	return {
		record,
		read: (entity) => record('read', entity),
		exported: (entityType, description) => record('export', { type: entityType, id: description ?? 'list' })
	};
}
