import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toDate } from '../platform/db/values.ts';
import type { AgendaState } from './model.ts';

export interface AgendaItemRecord {
	id: string;
	meetingId: string;
	position: number;
	title: string;
	ownerMembershipId: string | null;
	ownerName: string | null;
	minutes: number | null;
	notes: string | null;
	state: AgendaState;
	carriedFrom: string | null;
	createdAt: Date;
}

export interface NewAgendaItem {
	id: string;
	meetingId: string;
	position: number;
	title: string;
	ownerMembershipId: string | null;
	minutes: number | null;
	notes: string | null;
	carriedFrom: string | null;
}

function itemQuery(db: Kysely<Database>, networkId: string) {
	return db
		.selectFrom('meeting_agenda_item as i')
		.leftJoin('membership', 'membership.id', 'i.owner_membership_id')
		.leftJoin('user', 'user.id', 'membership.user_id')
		.select([
			'i.id',
			'i.meeting_id',
			'i.position',
			'i.title',
			'i.owner_membership_id',
			'user.name as owner_name',
			'i.minutes',
			'i.notes',
			'i.state',
			'i.carried_from',
			'i.created_at'
		])
		.where('i.network_id', '=', networkId);
}

type ItemRow = Awaited<ReturnType<ReturnType<typeof itemQuery>['execute']>>[number];

function toItem(row: ItemRow): AgendaItemRecord {
	return {
		id: row.id,
		meetingId: row.meeting_id,
		position: row.position,
		title: row.title,
		ownerMembershipId: row.owner_membership_id,
		ownerName: row.owner_name ?? null,
		minutes: row.minutes,
		notes: row.notes,
		state: row.state,
		carriedFrom: row.carried_from,
		createdAt: toDate(row.created_at)
	};
}

export async function listAgenda(
	db: Kysely<Database>,
	networkId: string,
	meetingId: string
): Promise<AgendaItemRecord[]> {
	const rows = await itemQuery(db, networkId).where('i.meeting_id', '=', meetingId).orderBy('i.position').execute();
	return rows.map(toItem);
}

export async function findAgendaItem(
	db: Kysely<Database>,
	networkId: string,
	id: string
): Promise<AgendaItemRecord | undefined> {
	const row = await itemQuery(db, networkId).where('i.id', '=', id).executeTakeFirst();
	return row ? toItem(row) : undefined;
}

/** The items of several meetings (a series' backlog), in meeting and position order. */
export async function listAgendaOf(
	db: Kysely<Database>,
	networkId: string,
	meetingIds: string[]
): Promise<AgendaItemRecord[]> {
	if (!meetingIds.length) return [];
	const rows = await itemQuery(db, networkId).where('i.meeting_id', 'in', meetingIds).orderBy('i.position').execute();
	return rows.map(toItem);
}

export async function insertAgendaItems(
	db: Kysely<Database>,
	networkId: string,
	items: NewAgendaItem[],
	now: Date
): Promise<void> {
	for (let i = 0; i < items.length; i += 200)
		await db
			.insertInto('meeting_agenda_item')
			.values(
				items.slice(i, i + 200).map((item) => ({
					id: item.id,
					network_id: networkId,
					meeting_id: item.meetingId,
					position: item.position,
					title: item.title,
					owner_membership_id: item.ownerMembershipId,
					minutes: item.minutes,
					notes: item.notes,
					state: 'open' as const,
					carried_from: item.carriedFrom,
					created_at: timestamp(now)
				}))
			)
			.execute();
}

export async function updateAgendaItem(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	values: { title: string; ownerMembershipId: string | null; minutes: number | null; notes: string | null }
): Promise<boolean> {
	const result = await db
		.updateTable('meeting_agenda_item')
		.set({
			title: values.title,
			owner_membership_id: values.ownerMembershipId,
			minutes: values.minutes,
			notes: values.notes
		})
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

export async function setAgendaItemState(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	state: AgendaState
): Promise<void> {
	await db
		.updateTable('meeting_agenda_item')
		.set({ state })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.execute();
}

export async function setAgendaItemPosition(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	position: number
): Promise<void> {
	await db
		.updateTable('meeting_agenda_item')
		.set({ position })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.execute();
}

export async function deleteAgendaItem(db: Kysely<Database>, networkId: string, id: string): Promise<boolean> {
	const result = await db
		.deleteFrom('meeting_agenda_item')
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}
