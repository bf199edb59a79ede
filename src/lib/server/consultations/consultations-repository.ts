import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toBool, toDate, toDateOrNull } from '../platform/db/values.ts';
import type {
	AgeGroup,
	CaseType,
	Channel,
	ConsultationSource,
	ConsultationStatus,
	Gender,
	Perpetrator,
	Urgency
} from './model.ts';

/**
 * SQL of the consultation record: numbering, inserting, correcting and reading one consultation.
 * Every function takes the network id and filters by it; texts go in and come out encrypted — the
 * services encrypt and decrypt them.
 */

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

export async function findByIds(db: Kysely<Database>, networkId: string, ids: string[]): Promise<ConsultationRow[]> {
	if (!ids.length) return [];
	const rows = await consultationQuery(db, networkId).where('c.id', 'in', ids).orderBy('c.reference').execute();
	const topics = await topicIdsOf(
		db,
		networkId,
		rows.map((row) => row.id)
	);
	return rows.map((row) => toConsultation(row, topics.get(row.id) ?? []));
}
