import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toDate } from '../platform/db/values.ts';
import type { Audience, InvitableRole } from './model.ts';
import type { SeriesRule } from './recurrence.ts';

/** A series' rule, times, place and invitees, as the module reads them. */
export interface SeriesRecord {
	id: string;
	networkId: string;
	title: string;
	description: string | null;
	rule: SeriesRule;
	startTime: string;
	endTime: string;
	place: string | null;
	videoLink: string | null;
	audience: Audience;
	audienceRoles: InvitableRole[];
	version: number;
	createdAt: Date;
	updatedAt: Date;
}

export interface SeriesValues {
	title: string;
	description: string | null;
	rule: SeriesRule;
	startTime: string;
	endTime: string;
	place: string | null;
	videoLink: string | null;
	audience: Audience;
	audienceRoles: InvitableRole[];
}

type Row = Database['meeting_series'];

function toSeries(row: Row): SeriesRecord {
	return {
		id: row.id,
		networkId: row.network_id,
		title: row.title,
		description: row.description,
		rule: {
			recurrence: row.recurrence,
			intervalWeeks: row.interval_weeks,
			weekday: row.weekday,
			weekOfMonth: row.week_of_month,
			dates: row.dates ? row.dates.split(',') : [],
			firstDay: row.first_day,
			lastDay: row.last_day
		},
		startTime: row.start_time,
		endTime: row.end_time,
		place: row.place,
		videoLink: row.video_link,
		audience: row.audience,
		audienceRoles: row.audience_roles ? (row.audience_roles.split(',') as InvitableRole[]) : [],
		version: row.version,
		createdAt: toDate(row.created_at),
		updatedAt: toDate(row.updated_at)
	};
}

function columns(values: SeriesValues) {
	return {
		title: values.title,
		description: values.description,
		recurrence: values.rule.recurrence,
		interval_weeks: values.rule.recurrence === 'weekly' ? values.rule.intervalWeeks : null,
		weekday: values.rule.recurrence === 'weekly' || values.rule.recurrence === 'monthly' ? values.rule.weekday : null,
		week_of_month: values.rule.recurrence === 'monthly' ? values.rule.weekOfMonth : null,
		dates: values.rule.recurrence === 'dates' ? [...new Set(values.rule.dates)].sort().join(',') : null,
		first_day: values.rule.firstDay,
		last_day: values.rule.lastDay,
		start_time: values.startTime,
		end_time: values.endTime,
		place: values.place,
		video_link: values.videoLink,
		audience: values.audience,
		audience_roles: values.audience === 'roles' ? values.audienceRoles.join(',') : null
	};
}

export async function insertSeries(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	values: SeriesValues,
	createdBy: string | null,
	now: Date
): Promise<void> {
	await db
		.insertInto('meeting_series')
		.values({
			id,
			network_id: networkId,
			...columns(values),
			version: 1,
			created_by: createdBy,
			created_at: timestamp(now),
			updated_at: timestamp(now)
		})
		.execute();
}

/** Writes a series' new values if it is still at `version`; false when someone changed it meanwhile. */
export async function updateSeries(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	version: number,
	values: SeriesValues,
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('meeting_series')
		.set({ ...columns(values), version: version + 1, updated_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.where('version', '=', version)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

export async function findSeries(
	db: Kysely<Database>,
	networkId: string,
	id: string
): Promise<SeriesRecord | undefined> {
	const row = await db
		.selectFrom('meeting_series')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return row ? toSeries(row) : undefined;
}

export async function listSeries(db: Kysely<Database>, networkId: string): Promise<SeriesRecord[]> {
	const rows = await db
		.selectFrom('meeting_series')
		.selectAll()
		.where('network_id', '=', networkId)
		.orderBy('first_day', 'desc')
		.orderBy('title')
		.execute();
	return rows.map(toSeries);
}

/** Series that still have days ahead of `today`: the daily job moves their horizon on. */
export async function listRunningSeries(
	db: Kysely<Database>,
	networkId: string,
	today: string
): Promise<SeriesRecord[]> {
	const rows = await db
		.selectFrom('meeting_series')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('last_day', '>=', today)
		.where('recurrence', 'in', ['weekly', 'monthly', 'dates'])
		.execute();
	return rows.map(toSeries);
}

export async function deleteSeries(db: Kysely<Database>, networkId: string, id: string): Promise<boolean> {
	const result = await db
		.deleteFrom('meeting_series')
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}

// ---------------------------------------------------------------- chosen people

export async function listSeriesPeople(db: Kysely<Database>, networkId: string, seriesId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('meeting_series_person')
		.select('membership_id')
		.where('network_id', '=', networkId)
		.where('series_id', '=', seriesId)
		.execute();
	return rows.map((row) => row.membership_id);
}

export async function replaceSeriesPeople(
	db: Kysely<Database>,
	networkId: string,
	seriesId: string,
	membershipIds: string[]
): Promise<void> {
	await db
		.deleteFrom('meeting_series_person')
		.where('network_id', '=', networkId)
		.where('series_id', '=', seriesId)
		.execute();
	if (!membershipIds.length) return;
	await db
		.insertInto('meeting_series_person')
		.values(
			[...new Set(membershipIds)].map((id) => ({ series_id: seriesId, membership_id: id, network_id: networkId }))
		)
		.execute();
}

// ---------------------------------------------------------------- agenda template

export interface TemplateItem {
	id: string;
	position: number;
	title: string;
	ownerMembershipId: string | null;
	minutes: number | null;
	notes: string | null;
}

export async function listTemplate(db: Kysely<Database>, networkId: string, seriesId: string): Promise<TemplateItem[]> {
	const rows = await db
		.selectFrom('meeting_agenda_template')
		.select(['id', 'position', 'title', 'owner_membership_id', 'minutes', 'notes'])
		.where('network_id', '=', networkId)
		.where('series_id', '=', seriesId)
		.orderBy('position')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		position: row.position,
		title: row.title,
		ownerMembershipId: row.owner_membership_id,
		minutes: row.minutes,
		notes: row.notes
	}));
}

export async function insertTemplateItem(
	db: Kysely<Database>,
	networkId: string,
	seriesId: string,
	item: TemplateItem
): Promise<void> {
	await db
		.insertInto('meeting_agenda_template')
		.values({
			id: item.id,
			network_id: networkId,
			series_id: seriesId,
			position: item.position,
			title: item.title,
			owner_membership_id: item.ownerMembershipId,
			minutes: item.minutes,
			notes: item.notes
		})
		.execute();
}

export async function deleteTemplateItem(
	db: Kysely<Database>,
	networkId: string,
	seriesId: string,
	id: string
): Promise<boolean> {
	const result = await db
		.deleteFrom('meeting_agenda_template')
		.where('network_id', '=', networkId)
		.where('series_id', '=', seriesId)
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}
