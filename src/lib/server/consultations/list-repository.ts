import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { Channel, ConsultationSource, ConsultationStatus, Urgency } from './model.ts';

/**
 * SQL of the consultation list, its filters and counts, and the start page's blocks. Every
 * function takes the network id and filters by it; the list carries no text.
 */

export interface ConsultationFilter {
	status?: ConsultationStatus | 'open';
	assigneeUserId?: string | 'none';
	topicId?: string;
	/** A municipality id, or 'outside' for consultations from outside the network. */
	municipalityId?: string;
	from?: string;
	to?: string;
	/** Members see only what they asked. */
	askerUserId?: string;
	/** Follow-up date before this day (and not closed): overdue follow-ups. */
	followUpBefore?: string;
}

/** Sort expressions that migration 0006 indexes exactly as written (SQLite matches them literally). */
const FOLLOW_UP_ORDER = sql`coalesce(c.follow_up_on, '9999-12-31')`;
const URGENCY_ORDER = sql`(case c.urgency when 'acute' then 0 when 'high' then 1 else 2 end)`;

export type ConsultationSort = 'received' | '-received' | 'reference' | '-reference' | 'follow_up' | 'urgency';

const OPEN_STATUSES: ConsultationStatus[] = ['new', 'in_progress', 'answered'];

function applyFilter<QB extends { where: (...args: never[]) => QB }>(query: QB, filter: ConsultationFilter): QB {
	// Typed loosely on purpose: the same conditions serve the count and the page.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let q = query as any;
	// "Not closed" as the list of open statuses: an inequality cannot use an index, a list can
	// (consultation_network_status_received_idx), and open consultations are a small share of all.
	if (filter.status === 'open') q = q.where('c.status', 'in', OPEN_STATUSES);
	else if (filter.status) q = q.where('c.status', '=', filter.status);
	if (filter.assigneeUserId === 'none') q = q.where('c.assignee_user_id', 'is', null);
	else if (filter.assigneeUserId) q = q.where('c.assignee_user_id', '=', filter.assigneeUserId);
	if (filter.municipalityId === 'outside') q = q.where('c.municipality_id', 'is', null);
	else if (filter.municipalityId) q = q.where('c.municipality_id', '=', filter.municipalityId);
	if (filter.from) q = q.where('c.received_on', '>=', filter.from);
	if (filter.to) q = q.where('c.received_on', '<=', filter.to);
	if (filter.askerUserId) q = q.where('c.asker_user_id', '=', filter.askerUserId);
	if (filter.followUpBefore)
		q = q.where('c.follow_up_on', '<', filter.followUpBefore).where('c.status', 'in', OPEN_STATUSES);
	if (filter.topicId) {
		const topicId = filter.topicId;
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		q = q.where((eb: any) =>
			eb.exists(
				eb
					.selectFrom('consultation_topic_link as tl')
					.select('tl.topic_id')
					.whereRef('tl.consultation_id', '=', 'c.id')
					.where('tl.topic_id', '=', topicId)
			)
		);
	}
	return q as QB;
}

/**
 * How many consultations match, counted up to `cap` + 1: a list over a million rows needs no exact
 * figure ("more than 10 000"), and counting them all would cost more than the page itself.
 */
export async function countConsultations(
	db: Kysely<Database>,
	networkId: string,
	filter: ConsultationFilter,
	cap = Number.MAX_SAFE_INTEGER - 1
): Promise<number> {
	const set = (Object.keys(filter) as (keyof ConsultationFilter)[]).filter((key) => filter[key] !== undefined);
	// Either source of matching rows; the outer count only needs their number.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let matching: SelectQueryBuilder<any, any, { one: number }>;
	if (filter.topicId && set.every((key) => key === 'topicId' || key === 'from' || key === 'to')) {
		// A topic (in a period) alone: one link per consultation and topic, with the received date
		// copied, so the count is a range of consultation_topic_link_network_idx, never the table.
		let links = db
			.selectFrom('consultation_topic_link')
			.select(sql<number>`1`.as('one'))
			.where('network_id', '=', networkId)
			.where('topic_id', '=', filter.topicId);
		if (filter.from) links = links.where('received_on', '>=', filter.from);
		if (filter.to) links = links.where('received_on', '<=', filter.to);
		matching = links;
	} else {
		matching = applyFilter(
			db
				.selectFrom('consultation as c')
				.select(sql<number>`1`.as('one'))
				.where('c.network_id', '=', networkId),
			filter
		);
	}
	const row = await db
		.selectFrom(matching.limit(cap + 1).as('matching'))
		.select(sql<number>`count(*)`.as('n'))
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

export interface ConsultationListRow {
	id: string;
	reference: string;
	source: ConsultationSource;
	receivedOn: string;
	channel: Channel;
	municipalityName: string | null;
	organisationTypeId: string | null;
	urgency: Urgency;
	status: ConsultationStatus;
	assigneeName: string | null;
	followUpOn: string | null;
	topicIds: string[];
}

export async function listConsultations(
	db: Kysely<Database>,
	networkId: string,
	filter: ConsultationFilter,
	options: { sort: ConsultationSort; limit: number; offset: number }
): Promise<ConsultationListRow[]> {
	let query = applyFilter(
		db
			.selectFrom('consultation as c')
			.leftJoin('user as assignee', 'assignee.id', 'c.assignee_user_id')
			.leftJoin('municipality as mu', 'mu.id', 'c.municipality_id')
			.select([
				'c.id',
				'c.reference',
				'c.source',
				'c.received_on',
				'c.channel',
				'mu.name as municipality_name',
				'c.organisation_type_id',
				'c.urgency',
				'c.status',
				'assignee.name as assignee_name',
				'c.follow_up_on'
			])
			.where('c.network_id', '=', networkId),
		filter
	);
	switch (options.sort) {
		case 'received':
			query = query.orderBy('c.received_on', 'asc').orderBy('c.id', 'asc');
			break;
		case 'reference':
			query = query.orderBy('c.reference', 'asc');
			break;
		case '-reference':
			query = query.orderBy('c.reference', 'desc');
			break;
		case 'follow_up':
			// Without a follow-up date last, on both databases (they sort nulls differently); the
			// expression is the one indexed by consultation_network_follow_up_idx (migration 0006).
			query = query.orderBy(FOLLOW_UP_ORDER).orderBy('c.id');
			break;
		case 'urgency':
			// Acute first; the expression is the one indexed by consultation_network_urgency_idx.
			query = query.orderBy(URGENCY_ORDER).orderBy('c.received_on', 'desc').orderBy('c.id', 'desc');
			break;
		default:
			query = query.orderBy('c.received_on', 'desc').orderBy('c.id', 'desc');
	}
	const rows = await query.limit(options.limit).offset(options.offset).execute();
	// The page's topics by consultation id alone: the ids come from this network's page, and naming
	// the network here makes SQLite (without statistics) walk all of the network's topic links
	// through consultation_topic_link_period_idx instead of looking up 25 keys of the primary key.
	const topics = new Map<string, string[]>();
	if (rows.length) {
		const links = await db
			.selectFrom('consultation_topic_link')
			.select(['consultation_id', 'topic_id'])
			.where(
				'consultation_id',
				'in',
				rows.map((row) => row.id)
			)
			.execute();
		for (const link of links)
			topics.set(link.consultation_id, [...(topics.get(link.consultation_id) ?? []), link.topic_id]);
	}
	return rows.map((row) => ({
		id: row.id,
		reference: row.reference,
		source: row.source,
		receivedOn: row.received_on,
		channel: row.channel,
		municipalityName: row.municipality_name,
		organisationTypeId: row.organisation_type_id,
		urgency: row.urgency,
		status: row.status,
		assigneeName: row.assignee_name,
		followUpOn: row.follow_up_on,
		topicIds: topics.get(row.id) ?? []
	}));
}

// ---------------------------------------------------------------- the dashboard

export interface DashboardCounts {
	new: number;
	overdue: number;
	mine: number;
}

export async function dashboardCounts(
	db: Kysely<Database>,
	networkId: string,
	userId: string,
	today: string
): Promise<DashboardCounts> {
	const row = await db
		.selectFrom('consultation')
		.select([
			sql<number>`sum(case when status = 'new' then 1 else 0 end)`.as('new_count'),
			sql<number>`sum(case when status != 'closed' and follow_up_on < ${today} then 1 else 0 end)`.as('overdue'),
			sql<number>`sum(case when status != 'closed' and assignee_user_id = ${userId} then 1 else 0 end)`.as('mine')
		])
		.where('network_id', '=', networkId)
		.where((eb) =>
			eb.or([
				eb('status', '=', 'new'),
				eb.and([
					eb('status', '!=', 'closed'),
					eb.or([eb('follow_up_on', '<', today), eb('assignee_user_id', '=', userId)])
				])
			])
		)
		.executeTakeFirst();
	return { new: Number(row?.new_count ?? 0), overdue: Number(row?.overdue ?? 0), mine: Number(row?.mine ?? 0) };
}

/** A member's own questions (asked in the app) that are not closed, and how many of them are answered. */
export async function countOwnOpen(
	db: Kysely<Database>,
	networkId: string,
	userId: string
): Promise<{ open: number; answered: number }> {
	const row = await db
		.selectFrom('consultation')
		.select([
			sql<number>`count(*)`.as('open_count'),
			sql<number>`sum(case when status = 'answered' then 1 else 0 end)`.as('answered')
		])
		.where('network_id', '=', networkId)
		.where('asker_user_id', '=', userId)
		.where('status', '!=', 'closed')
		.executeTakeFirst();
	return { open: Number(row?.open_count ?? 0), answered: Number(row?.answered ?? 0) };
}
