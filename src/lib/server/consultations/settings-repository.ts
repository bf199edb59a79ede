import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toBool, toDate } from '../platform/db/values.ts';
import { defaultTopicKeys } from './model.ts';

/**
 * SQL of the consultation settings admins own: the topics the forms offer, and how long the texts
 * of closed consultations are kept. Every function takes the network id and filters by it.
 */

// ---------------------------------------------------------------- topics

export interface TopicRow {
	id: string;
	key: string | null;
	name: string | null;
	hidden: boolean;
	sortOrder: number;
}

/** Creates the default topics the network lacks; idempotent, also under concurrent first reads. */
export async function ensureDefaultTopics(db: Kysely<Database>, networkId: string): Promise<void> {
	const existing = await db
		.selectFrom('consultation_topic')
		.select('key')
		.where('network_id', '=', networkId)
		.where('key', 'is not', null)
		.execute();
	const present = new Set(existing.map((row) => row.key));
	const missing = defaultTopicKeys.filter((key) => !present.has(key));
	if (!missing.length) return;
	await db
		.insertInto('consultation_topic')
		.values(
			missing.map((key) => ({
				id: randomUUID(),
				network_id: networkId,
				key,
				name: null,
				hidden: 0,
				sort_order: defaultTopicKeys.indexOf(key) + 1,
				created_at: timestamp(new Date())
			}))
		)
		.onConflict((oc) => oc.columns(['network_id', 'key']).doNothing())
		.execute();
}

export async function listTopics(db: Kysely<Database>, networkId: string): Promise<TopicRow[]> {
	const rows = await db
		.selectFrom('consultation_topic')
		.select(['id', 'key', 'name', 'hidden', 'sort_order'])
		.where('network_id', '=', networkId)
		.orderBy('sort_order')
		.orderBy('id')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		key: row.key,
		name: row.name,
		hidden: toBool(row.hidden),
		sortOrder: row.sort_order
	}));
}

export async function insertTopic(db: Kysely<Database>, networkId: string, name: string, now: Date): Promise<string> {
	const id = randomUUID();
	const last = await db
		.selectFrom('consultation_topic')
		.select(sql<number>`coalesce(max(sort_order), 0)`.as('max'))
		.where('network_id', '=', networkId)
		.executeTakeFirst();
	await db
		.insertInto('consultation_topic')
		.values({
			id,
			network_id: networkId,
			key: null,
			name,
			hidden: 0,
			sort_order: Number(last?.max ?? 0) + 1,
			created_at: timestamp(now)
		})
		.execute();
	return id;
}

export async function updateTopic(
	db: Kysely<Database>,
	networkId: string,
	topicId: string,
	values: { name?: string; hidden?: boolean }
): Promise<boolean> {
	const set: { name?: string; hidden?: number } = {};
	if (values.name !== undefined) set.name = values.name;
	if (values.hidden !== undefined) set.hidden = values.hidden ? 1 : 0;
	const result = await db
		.updateTable('consultation_topic')
		.set(set)
		.where('network_id', '=', networkId)
		.where('id', '=', topicId)
		.executeTakeFirst();
	return result.numUpdatedRows > 0n;
}

/** Of the given ids, those that are visible topics of the network (or hidden ones in `keep`). */
export async function existingTopicIds(
	db: Kysely<Database>,
	networkId: string,
	ids: string[],
	keep: string[] = []
): Promise<Set<string>> {
	if (!ids.length) return new Set();
	const rows = await db
		.selectFrom('consultation_topic')
		.select(['id', 'hidden'])
		.where('network_id', '=', networkId)
		.where('id', 'in', ids)
		.execute();
	return new Set(rows.filter((row) => !toBool(row.hidden) || keep.includes(row.id)).map((row) => row.id));
}

// ---------------------------------------------------------------- retention period

export interface RetentionSettingsRow {
	retentionMonths: number;
	updatedAt: Date;
}

export async function findRetentionSettings(
	db: Kysely<Database>,
	networkId: string
): Promise<RetentionSettingsRow | undefined> {
	const row = await db
		.selectFrom('consultation_settings')
		.select(['retention_months', 'updated_at'])
		.where('network_id', '=', networkId)
		.executeTakeFirst();
	return row ? { retentionMonths: Number(row.retention_months), updatedAt: toDate(row.updated_at) } : undefined;
}

export async function saveRetentionSettings(
	db: Kysely<Database>,
	networkId: string,
	retentionMonths: number,
	now: Date
): Promise<void> {
	await db
		.insertInto('consultation_settings')
		.values({ network_id: networkId, retention_months: retentionMonths, updated_at: timestamp(now) })
		.onConflict((oc) =>
			oc.column('network_id').doUpdateSet({ retention_months: retentionMonths, updated_at: timestamp(now) })
		)
		.execute();
}
