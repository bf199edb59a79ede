import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toBool } from '../platform/db/values.ts';
import type { ChecklistStatus } from './tables.ts';

/** SQL of the collaboration checklist. Every query is limited to one network. */

export interface ChecklistItemRow {
	id: string;
	key: string | null;
	label: string | null;
	hidden: boolean;
	sortOrder: number;
}

/** Creates the default items a network has not got yet; safe to call on every read. */
export async function ensureItems(db: Kysely<Database>, networkId: string, keys: readonly string[]): Promise<void> {
	const existing = await db
		.selectFrom('checklist_item')
		.select('key')
		.where('network_id', '=', networkId)
		.where('key', 'is not', null)
		.execute();
	const have = new Set(existing.map((r) => r.key));
	const missing = keys.map((key, index) => ({ key, index })).filter(({ key }) => !have.has(key));
	if (missing.length === 0) return;
	await db
		.insertInto('checklist_item')
		.values(
			missing.map(({ key, index }) => ({
				id: randomUUID(),
				network_id: networkId,
				key,
				label: null,
				hidden: 0,
				sort_order: (index + 1) * 10,
				created_at: timestamp(new Date())
			}))
		)
		// Two first readers at once: the second insert finds the key taken and does nothing.
		.onConflict((oc) => oc.columns(['network_id', 'key']).doNothing())
		.execute();
}

export async function listItems(db: Kysely<Database>, networkId: string): Promise<ChecklistItemRow[]> {
	const rows = await db
		.selectFrom('checklist_item')
		.select(['id', 'key', 'label', 'hidden', 'sort_order'])
		.where('network_id', '=', networkId)
		.orderBy('sort_order')
		.orderBy('created_at')
		.execute();
	return rows.map((r) => ({ id: r.id, key: r.key, label: r.label, hidden: toBool(r.hidden), sortOrder: r.sort_order }));
}

export async function findItem(db: Kysely<Database>, networkId: string, itemId: string) {
	return (await listItems(db, networkId)).find((item) => item.id === itemId);
}

export async function insertItem(db: Kysely<Database>, networkId: string, label: string): Promise<string> {
	const last = await db
		.selectFrom('checklist_item')
		.select((eb) => eb.fn.max('sort_order').as('max'))
		.where('network_id', '=', networkId)
		.executeTakeFirst();
	const id = randomUUID();
	await db
		.insertInto('checklist_item')
		.values({
			id,
			network_id: networkId,
			key: null,
			label,
			hidden: 0,
			sort_order: Number(last?.max ?? 0) + 10,
			created_at: timestamp(new Date())
		})
		.execute();
	return id;
}

export async function updateItem(
	db: Kysely<Database>,
	networkId: string,
	itemId: string,
	values: { label?: string | null; hidden?: boolean }
): Promise<boolean> {
	const set: { label?: string | null; hidden?: number } = {};
	if (values.label !== undefined) set.label = values.label;
	if (values.hidden !== undefined) set.hidden = values.hidden ? 1 : 0;
	const result = await db
		.updateTable('checklist_item')
		.set(set)
		.where('network_id', '=', networkId)
		.where('id', '=', itemId)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

export interface StatusRow {
	municipalityId: string;
	itemId: string;
	status: ChecklistStatus;
	ownerUserId: string | null;
	ownerName: string | null;
	checkedOn: string | null;
	note: string | null;
	link: string | null;
}

export async function listStatuses(
	db: Kysely<Database>,
	networkId: string,
	municipalityId?: string
): Promise<StatusRow[]> {
	let query = db
		.selectFrom('checklist_status')
		.leftJoin('user', 'user.id', 'checklist_status.owner_user_id')
		.select([
			'checklist_status.municipality_id',
			'checklist_status.item_id',
			'checklist_status.status',
			'checklist_status.owner_user_id',
			'user.name as owner_name',
			'checklist_status.checked_on',
			'checklist_status.note',
			'checklist_status.link'
		])
		.where('checklist_status.network_id', '=', networkId);
	if (municipalityId) query = query.where('checklist_status.municipality_id', '=', municipalityId);
	const rows = await query.execute();
	return rows.map((r) => ({
		municipalityId: r.municipality_id,
		itemId: r.item_id,
		status: r.status,
		ownerUserId: r.owner_user_id,
		ownerName: r.owner_name,
		checkedOn: r.checked_on,
		note: r.note,
		link: r.link
	}));
}

export async function upsertStatus(
	db: Kysely<Database>,
	networkId: string,
	municipalityId: string,
	itemId: string,
	values: {
		status: ChecklistStatus;
		ownerUserId: string | null;
		checkedOn: string | null;
		note: string | null;
		link: string | null;
	},
	actorUserId: string,
	now: Date
): Promise<void> {
	const set = {
		status: values.status,
		owner_user_id: values.ownerUserId,
		checked_on: values.checkedOn,
		note: values.note,
		link: values.link,
		updated_at: timestamp(now),
		updated_by: actorUserId
	};
	await db
		.insertInto('checklist_status')
		.values({ network_id: networkId, municipality_id: municipalityId, item_id: itemId, ...set })
		.onConflict((oc) => oc.columns(['network_id', 'municipality_id', 'item_id']).doUpdateSet(set))
		.execute();
}
