import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { isPostgres } from '../platform/db/dialect.ts';
import type { Timestamp } from '../platform/db/column-types.ts';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toBool, toDate, toDateOrNull } from '../platform/db/values.ts';
import {
	defaultTopicKeys,
	type AgeGroup,
	type CaseType,
	type Channel,
	type ConsultationSource,
	type ConsultationStatus,
	type Gender,
	type LogKind,
	type Perpetrator,
	type Urgency
} from './model.ts';

/**
 * The consultations module's SQL. Every function takes the network id and filters by it; texts go in
 * and come out encrypted — the service encrypts and decrypts them.
 */

// ---------------------------------------------------------------- handlers (admins who also handle)

export async function isHandler(db: Kysely<Database>, networkId: string, userId: string): Promise<boolean> {
	const row = await db
		.selectFrom('consultation_handler')
		.select('user_id')
		.where('network_id', '=', networkId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row !== undefined;
}

export async function setHandlerFlag(
	db: Kysely<Database>,
	networkId: string,
	userId: string,
	handler: boolean,
	now: Date,
	grantedBy: string | null = null
): Promise<void> {
	if (handler) {
		await db
			.insertInto('consultation_handler')
			.values({ network_id: networkId, user_id: userId, created_at: timestamp(now), granted_by: grantedBy })
			.onConflict((oc) => oc.columns(['network_id', 'user_id']).doNothing())
			.execute();
	} else {
		await db
			.deleteFrom('consultation_handler')
			.where('network_id', '=', networkId)
			.where('user_id', '=', userId)
			.execute();
	}
}

/**
 * Two admins taking the handler right for themselves at once must not both pass the "nobody else
 * handles" check: on PostgreSQL they queue on this lock until the transaction ends (on SQLite, write
 * transactions already run one at a time).
 */
export async function lockHandlerGrants(db: Kysely<Database>, networkId: string): Promise<void> {
	if (!isPostgres(db)) return;
	await sql`select pg_advisory_xact_lock(hashtext(${`consultation_handler:${networkId}`}))`.execute(db);
}

/**
 * How many active members other than `userId` handle the network's consultations: coordinators, and
 * admins marked as handlers. Zero means nobody would read a new question but this person.
 */
export async function countOtherActiveHandlers(
	db: Kysely<Database>,
	networkId: string,
	userId: string
): Promise<number> {
	const row = await db
		.selectFrom('membership')
		.leftJoin('consultation_handler as h', (join) =>
			join.onRef('h.user_id', '=', 'membership.user_id').onRef('h.network_id', '=', 'membership.network_id')
		)
		.select((eb) => eb.fn.countAll<number | string>().as('count'))
		.where('membership.network_id', '=', networkId)
		.where('membership.active', '=', 1)
		.where('membership.user_id', '!=', userId)
		.where((eb) =>
			eb.or([
				eb('membership.role', '=', 'coordinator'),
				eb.and([eb('membership.role', '=', 'admin'), eb('h.user_id', 'is not', null)])
			])
		)
		.executeTakeFirstOrThrow();
	return Number(row.count);
}

export interface HandlerOption {
	userId: string;
	name: string;
	role: 'coordinator' | 'admin';
	flagged: boolean;
	/** When an admin was made a handler, and by whom (null: unknown, or granted before this was kept). */
	grantedAt: Date | null;
	grantedBy: { userId: string; name: string } | null;
}

/** Active coordinators and admins, with whether an admin also handles consultations. */
export async function listHandlerCandidates(db: Kysely<Database>, networkId: string): Promise<HandlerOption[]> {
	const rows = await db
		.selectFrom('membership')
		.innerJoin('user', 'user.id', 'membership.user_id')
		.leftJoin('consultation_handler as h', (join) =>
			join.onRef('h.user_id', '=', 'membership.user_id').onRef('h.network_id', '=', 'membership.network_id')
		)
		.leftJoin('user as granter', 'granter.id', 'h.granted_by')
		.select([
			'user.id as userId',
			'user.name as name',
			'membership.role as role',
			'h.user_id as flag',
			'h.created_at as grantedAt',
			'granter.id as granterId',
			'granter.name as granterName'
		])
		.where('membership.network_id', '=', networkId)
		.where('membership.active', '=', 1)
		.where('membership.role', 'in', ['coordinator', 'admin'])
		.orderBy('user.name')
		.execute();
	return rows.map((row) => ({
		userId: row.userId,
		name: row.name,
		role: row.role as 'coordinator' | 'admin',
		flagged: row.flag !== null,
		grantedAt: row.flag !== null ? toDateOrNull(row.grantedAt) : null,
		grantedBy: row.granterId && row.granterName ? { userId: row.granterId, name: row.granterName } : null
	}));
}

/** Whom to tell that a question came in: the active coordinators and the admins who handle. */
export async function listHandlerContacts(db: Kysely<Database>, networkId: string) {
	return db
		.selectFrom('membership')
		.innerJoin('user', 'user.id', 'membership.user_id')
		.leftJoin('consultation_handler as h', (join) =>
			join.onRef('h.user_id', '=', 'membership.user_id').onRef('h.network_id', '=', 'membership.network_id')
		)
		.select(['user.email', 'user.locale'])
		.where('membership.network_id', '=', networkId)
		.where('membership.active', '=', 1)
		.where((eb) =>
			eb.or([
				eb('membership.role', '=', 'coordinator'),
				eb.and([eb('membership.role', '=', 'admin'), eb('h.user_id', 'is not', null)])
			])
		)
		.orderBy('user.email')
		.execute();
}

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

// ---------------------------------------------------------------- reference numbers

/**
 * The next number of the network's year, counted in the caller's transaction: the upsert takes the
 * row lock on PostgreSQL, and SQLite's writer transaction runs alone, so two consultations saved at
 * once never get the same number.
 */
export async function nextReferenceNumber(db: Kysely<Database>, networkId: string, year: number): Promise<number> {
	const row = await db
		.insertInto('consultation_counter')
		.values({ network_id: networkId, year, last_number: 1 })
		.onConflict((oc) =>
			oc.columns(['network_id', 'year']).doUpdateSet({ last_number: sql`consultation_counter.last_number + 1` })
		)
		.returning('last_number')
		.executeTakeFirstOrThrow();
	return Number(row.last_number);
}

// ---------------------------------------------------------------- consultations

/** The structured fields of the record, as the service validated them. */
export interface RecordValues {
	receivedOn: string;
	channel: Channel;
	municipalityId: string | null;
	organisationTypeId: string | null;
	askerFunction: string | null;
	caseType: CaseType | null;
	ageGroup: AgeGroup | null;
	gender: Gender | null;
	vulnerableDisability: boolean;
	vulnerableLgbtq: boolean;
	vulnerableNewlyArrived: boolean;
	perpetrator: Perpetrator | null;
	urgency: Urgency;
	followUpOn: string | null;
}

export interface NewConsultationRow extends RecordValues {
	id: string;
	reference: string;
	source: ConsultationSource;
	status: ConsultationStatus;
	assigneeUserId: string | null;
	askerUserId: string | null;
	createdByUserId: string | null;
	questionEncrypted: string;
	contactEncrypted: string | null;
	followUpCodeHash: string | null;
}

function recordColumns(values: RecordValues) {
	return {
		received_on: values.receivedOn,
		channel: values.channel,
		municipality_id: values.municipalityId,
		organisation_type_id: values.organisationTypeId,
		asker_function: values.askerFunction,
		case_type: values.caseType,
		age_group: values.ageGroup,
		gender: values.gender,
		vulnerable_disability: values.vulnerableDisability ? 1 : 0,
		vulnerable_lgbtq: values.vulnerableLgbtq ? 1 : 0,
		vulnerable_newly_arrived: values.vulnerableNewlyArrived ? 1 : 0,
		perpetrator: values.perpetrator,
		urgency: values.urgency,
		follow_up_on: values.followUpOn
	};
}

export async function insertConsultation(
	db: Kysely<Database>,
	networkId: string,
	row: NewConsultationRow,
	now: Date
): Promise<void> {
	await db
		.insertInto('consultation')
		.values({
			id: row.id,
			network_id: networkId,
			reference: row.reference,
			source: row.source,
			...recordColumns(row),
			status: row.status,
			assignee_user_id: row.assigneeUserId,
			asker_user_id: row.askerUserId,
			created_by_user_id: row.createdByUserId,
			question_encrypted: row.questionEncrypted,
			answer_encrypted: null,
			contact_encrypted: row.contactEncrypted,
			follow_up_code_hash: row.followUpCodeHash,
			follow_up_reminded_on: null,
			first_answered_at: null,
			answered_at: null,
			closed_at: null,
			text_erased_at: null,
			created_at: timestamp(now),
			updated_at: timestamp(now)
		})
		.execute();
}

export async function updateRecord(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	values: RecordValues & { questionEncrypted: string | null; firstAnswerDays: number | null },
	now: Date
): Promise<boolean> {
	const { questionEncrypted, firstAnswerDays, ...record } = values;
	const result = await db
		.updateTable('consultation')
		.set({
			...recordColumns(record),
			...(questionEncrypted !== null ? { question_encrypted: questionEncrypted } : {}),
			...(firstAnswerDays !== null ? { first_answer_days: firstAnswerDays } : {}),
			updated_at: timestamp(now)
		})
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return result.numUpdatedRows > 0n;
}

/** Replaces the consultation's topics (and keeps their copy of the received date current). */
export async function setTopics(
	db: Kysely<Database>,
	networkId: string,
	consultationId: string,
	topicIds: string[],
	receivedOn: string
): Promise<void> {
	await db
		.deleteFrom('consultation_topic_link')
		.where('network_id', '=', networkId)
		.where('consultation_id', '=', consultationId)
		.execute();
	if (!topicIds.length) return;
	await db
		.insertInto('consultation_topic_link')
		.values(
			[...new Set(topicIds)].map((topicId) => ({
				consultation_id: consultationId,
				topic_id: topicId,
				network_id: networkId,
				received_on: receivedOn
			}))
		)
		.execute();
}

const consultationSelect = [
	'c.id',
	'c.reference',
	'c.source',
	'c.received_on',
	'c.channel',
	'c.municipality_id',
	'c.organisation_type_id',
	'c.asker_function',
	'c.case_type',
	'c.age_group',
	'c.gender',
	'c.vulnerable_disability',
	'c.vulnerable_lgbtq',
	'c.vulnerable_newly_arrived',
	'c.perpetrator',
	'c.urgency',
	'c.status',
	'c.assignee_user_id',
	'c.asker_user_id',
	'c.created_by_user_id',
	'c.question_encrypted',
	'c.answer_encrypted',
	'c.contact_encrypted',
	'c.follow_up_code_hash',
	'c.follow_up_on',
	'c.first_answered_at',
	'c.answered_at',
	'c.closed_at',
	'c.text_erased_at',
	'c.created_at',
	'c.updated_at'
] as const;

export interface ConsultationRow extends RecordValues {
	id: string;
	reference: string;
	source: ConsultationSource;
	status: ConsultationStatus;
	assigneeUserId: string | null;
	assigneeName: string | null;
	askerUserId: string | null;
	createdByUserId: string | null;
	municipalityName: string | null;
	questionEncrypted: string | null;
	answerEncrypted: string | null;
	contactEncrypted: string | null;
	followUpCodeHash: string | null;
	firstAnsweredAt: Date | null;
	answeredAt: Date | null;
	closedAt: Date | null;
	textErasedAt: Date | null;
	createdAt: Date;
	updatedAt: Date;
	topicIds: string[];
}

function consultationQuery(db: Kysely<Database>, networkId: string) {
	return db
		.selectFrom('consultation as c')
		.leftJoin('user as assignee', 'assignee.id', 'c.assignee_user_id')
		.leftJoin('municipality as mu', 'mu.id', 'c.municipality_id')
		.select([...consultationSelect, 'assignee.name as assignee_name', 'mu.name as municipality_name'])
		.where('c.network_id', '=', networkId);
}

type ConsultationSelectRow = Awaited<ReturnType<ReturnType<typeof consultationQuery>['executeTakeFirstOrThrow']>>;

function toConsultation(row: ConsultationSelectRow, topicIds: string[]): ConsultationRow {
	return {
		id: row.id,
		reference: row.reference,
		source: row.source,
		receivedOn: row.received_on,
		channel: row.channel,
		municipalityId: row.municipality_id,
		municipalityName: row.municipality_name,
		organisationTypeId: row.organisation_type_id,
		askerFunction: row.asker_function,
		caseType: row.case_type,
		ageGroup: row.age_group,
		gender: row.gender,
		vulnerableDisability: toBool(row.vulnerable_disability),
		vulnerableLgbtq: toBool(row.vulnerable_lgbtq),
		vulnerableNewlyArrived: toBool(row.vulnerable_newly_arrived),
		perpetrator: row.perpetrator,
		urgency: row.urgency,
		status: row.status,
		assigneeUserId: row.assignee_user_id,
		assigneeName: row.assignee_name,
		askerUserId: row.asker_user_id,
		createdByUserId: row.created_by_user_id,
		questionEncrypted: row.question_encrypted,
		answerEncrypted: row.answer_encrypted,
		contactEncrypted: row.contact_encrypted,
		followUpCodeHash: row.follow_up_code_hash,
		followUpOn: row.follow_up_on,
		firstAnsweredAt: toDateOrNull(row.first_answered_at),
		answeredAt: toDateOrNull(row.answered_at),
		closedAt: toDateOrNull(row.closed_at),
		textErasedAt: toDateOrNull(row.text_erased_at),
		createdAt: toDate(row.created_at),
		updatedAt: toDate(row.updated_at),
		topicIds
	};
}

async function topicIdsOf(db: Kysely<Database>, networkId: string, ids: string[]): Promise<Map<string, string[]>> {
	const byConsultation = new Map<string, string[]>();
	if (!ids.length) return byConsultation;
	const rows = await db
		.selectFrom('consultation_topic_link')
		.select(['consultation_id', 'topic_id'])
		.where('network_id', '=', networkId)
		.where('consultation_id', 'in', ids)
		.execute();
	for (const row of rows) {
		const list = byConsultation.get(row.consultation_id) ?? [];
		list.push(row.topic_id);
		byConsultation.set(row.consultation_id, list);
	}
	return byConsultation;
}

export async function findByReference(
	db: Kysely<Database>,
	networkId: string,
	reference: string
): Promise<ConsultationRow | undefined> {
	const row = await consultationQuery(db, networkId).where('c.reference', '=', reference).executeTakeFirst();
	if (!row) return undefined;
	return toConsultation(row, (await topicIdsOf(db, networkId, [row.id])).get(row.id) ?? []);
}

export async function findById(
	db: Kysely<Database>,
	networkId: string,
	id: string
): Promise<ConsultationRow | undefined> {
	const row = await consultationQuery(db, networkId).where('c.id', '=', id).executeTakeFirst();
	if (!row) return undefined;
	return toConsultation(row, (await topicIdsOf(db, networkId, [row.id])).get(row.id) ?? []);
}

// ---------------------------------------------------------------- the list

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

// ---------------------------------------------------------------- work flow

export async function setStatus(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	from: ConsultationStatus,
	to: ConsultationStatus,
	now: Date,
	/** Calendar days from receipt to this answer in the network's time zone; kept from the first answer. */
	answerDays: number | null = null
): Promise<boolean> {
	const at = timestamp(now);
	const result = await db
		.updateTable('consultation')
		.set({
			status: to,
			updated_at: at,
			// Closing starts the retention clock; reopening stops it.
			closed_at: to === 'closed' ? at : null,
			...(to === 'answered' ? { answered_at: at } : {}),
			...(to === 'answered' ? { first_answered_at: sql`coalesce(first_answered_at, ${at})` } : {}),
			...(to === 'answered' ? { first_answer_days: sql`coalesce(first_answer_days, ${answerDays})` } : {})
		})
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		// Compare-and-set: two coordinators clicking at once make one transition, not two.
		.where('status', '=', from)
		.executeTakeFirst();
	return result.numUpdatedRows > 0n;
}

export async function insertTransition(
	db: Kysely<Database>,
	networkId: string,
	consultationId: string,
	from: ConsultationStatus | null,
	to: ConsultationStatus,
	actorUserId: string | null,
	now: Date
): Promise<void> {
	await db
		.insertInto('consultation_transition')
		.values({
			network_id: networkId,
			consultation_id: consultationId,
			from_status: from,
			to_status: to,
			actor_user_id: actorUserId,
			at: timestamp(now)
		})
		.execute();
}

export interface TransitionRow {
	from: ConsultationStatus | null;
	to: ConsultationStatus;
	actorName: string | null;
	at: Date;
}

export async function listTransitions(
	db: Kysely<Database>,
	networkId: string,
	consultationId: string
): Promise<TransitionRow[]> {
	const rows = await db
		.selectFrom('consultation_transition as t')
		.leftJoin('user as u', 'u.id', 't.actor_user_id')
		.select(['t.from_status', 't.to_status', 'u.name', 't.at'])
		.where('t.network_id', '=', networkId)
		.where('t.consultation_id', '=', consultationId)
		.orderBy('t.id')
		.execute();
	return rows.map((row) => ({ from: row.from_status, to: row.to_status, actorName: row.name, at: toDate(row.at) }));
}

export async function setAssignee(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	assigneeUserId: string | null,
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('consultation')
		.set({ assignee_user_id: assigneeUserId, updated_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return result.numUpdatedRows > 0n;
}

export async function setAnswer(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	answerEncrypted: string,
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('consultation')
		.set({ answer_encrypted: answerEncrypted, updated_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.where('text_erased_at', 'is', null)
		.executeTakeFirst();
	return result.numUpdatedRows > 0n;
}

/** Sets the follow-up date alone (from the log form's follow-up entry). */
export async function setFollowUp(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	followUpOn: string | null,
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('consultation')
		.set({ follow_up_on: followUpOn, updated_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return result.numUpdatedRows > 0n;
}

// ---------------------------------------------------------------- the log

export interface NewLogRow {
	id: string;
	kind: LogKind;
	occurredOn: string;
	minutesSpent: number | null;
	textEncrypted: string | null;
	referralTypeId: string | null;
	referralOrganisationId: string | null;
	authorUserId: string | null;
}

export async function insertLogEntry(
	db: Kysely<Database>,
	networkId: string,
	consultationId: string,
	entry: NewLogRow,
	now: Date
): Promise<void> {
	await db
		.insertInto('consultation_log')
		.values({
			id: entry.id,
			network_id: networkId,
			consultation_id: consultationId,
			kind: entry.kind,
			occurred_on: entry.occurredOn,
			minutes_spent: entry.minutesSpent,
			text_encrypted: entry.textEncrypted,
			referral_type_id: entry.referralTypeId,
			referral_organisation_id: entry.referralOrganisationId,
			author_user_id: entry.authorUserId,
			created_at: timestamp(now)
		})
		.execute();
}

export interface LogRow extends NewLogRow {
	authorName: string | null;
	referralOrganisationName: string | null;
	createdAt: Date;
}

export async function listLogEntries(
	db: Kysely<Database>,
	networkId: string,
	consultationId: string
): Promise<LogRow[]> {
	const rows = await db
		.selectFrom('consultation_log as l')
		.leftJoin('user as u', 'u.id', 'l.author_user_id')
		.leftJoin('organisation as o', 'o.id', 'l.referral_organisation_id')
		.select([
			'l.id',
			'l.kind',
			'l.occurred_on',
			'l.minutes_spent',
			'l.text_encrypted',
			'l.referral_type_id',
			'l.referral_organisation_id',
			'l.author_user_id',
			'l.created_at',
			'u.name as author_name',
			'o.name as organisation_name'
		])
		.where('l.network_id', '=', networkId)
		.where('l.consultation_id', '=', consultationId)
		.orderBy('l.occurred_on')
		.orderBy('l.created_at')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		kind: row.kind,
		occurredOn: row.occurred_on,
		minutesSpent: row.minutes_spent,
		textEncrypted: row.text_encrypted,
		referralTypeId: row.referral_type_id,
		referralOrganisationId: row.referral_organisation_id,
		authorUserId: row.author_user_id,
		authorName: row.author_name,
		referralOrganisationName: row.organisation_name,
		createdAt: toDate(row.created_at)
	}));
}

/**
 * What the network has published of its own contact details and its directory's: the contact texts
 * of its public page (every language) and its active organisations' switchboards and visiting
 * addresses. The anonymity guard lets these through (decision 016).
 */
export async function publishedContactTexts(db: Kysely<Database>, networkId: string): Promise<string[]> {
	const [texts, organisations] = await Promise.all([
		db
			.selectFrom('network_text')
			.select('body')
			.where('network_id', '=', networkId)
			.where('kind', '=', 'contact')
			.execute(),
		db
			.selectFrom('organisation')
			.select(['switchboard', 'visiting_address'])
			.where('network_id', '=', networkId)
			.where('active', '=', 1)
			.execute()
	]);
	return [
		...texts.map((row) => row.body),
		...organisations.flatMap((row) => [row.switchboard, row.visiting_address]).filter((v): v is string => Boolean(v))
	];
}

/** The day of the earliest log entry of a consultation, or null when it has none. */
export async function firstLogDay(db: Kysely<Database>, networkId: string, consultationId: string) {
	const row = await db
		.selectFrom('consultation_log')
		.select((eb) => eb.fn.min('occurred_on').as('first'))
		.where('network_id', '=', networkId)
		.where('consultation_id', '=', consultationId)
		.executeTakeFirst();
	return (row?.first as string | null | undefined) ?? null;
}

// ---------------------------------------------------------------- reads, members, references

export interface ReaderRow {
	userId: string | null;
	name: string | null;
	/** The last time this reader read (or exported) the texts. */
	at: Date;
	/** How many times; the audit log keeps every one. */
	count: number;
}

/**
 * Who read the texts (or exported them), one line per reader with how many times and the last
 * time, the latest reader first, from the audit log (which keeps every read).
 */
export async function listReaders(
	db: Kysely<Database>,
	networkId: string,
	consultationId: string,
	limit = 100
): Promise<ReaderRow[]> {
	const rows = await db
		.selectFrom('audit_event as a')
		.leftJoin('user as u', 'u.id', 'a.actor_user_id')
		.select((eb) => [
			'a.actor_user_id',
			'u.name',
			eb.fn.max('a.occurred_at').as('last_at'),
			eb.fn.max('a.id').as('last_id'),
			eb.fn.countAll().as('times')
		])
		.where('a.entity_type', '=', 'consultation')
		.where('a.entity_id', '=', consultationId)
		.where('a.network_id', '=', networkId)
		.where('a.action', 'in', ['read', 'export'])
		.groupBy(['a.actor_user_id', 'u.name'])
		.orderBy('last_id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((row) => ({
		userId: row.actor_user_id,
		name: row.name,
		at: toDate(row.last_at as Timestamp),
		count: Number(row.times)
	}));
}

export async function findUserContact(db: Kysely<Database>, userId: string) {
	return db.selectFrom('user').select(['email', 'locale', 'name']).where('id', '=', userId).executeTakeFirst();
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
