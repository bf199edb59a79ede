import type { Kysely, Selectable } from 'kysely';
import { forUpdate } from '../platform/db/dialect.ts';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toBool, toDate } from '../platform/db/values.ts';
import type { EventScope, MeetingScope, SurveyAudienceKind, SurveyDefinition, SurveyStatus } from './model.ts';

/** Surveys and the network's own templates. Every query names the network. */

export interface SurveyAudience {
	kind: SurveyAudienceKind;
	eventId: string | null;
	eventScope: EventScope | null;
	meetingId: string | null;
	seriesId: string | null;
	meetingScope: MeetingScope | null;
	periodFrom: string | null;
	periodTo: string | null;
	roles: string[];
}

export interface SurveyRow {
	id: string;
	networkId: string;
	title: string;
	description: string | null;
	templateKey: string | null;
	definition: SurveyDefinition;
	status: SurveyStatus;
	audience: SurveyAudience;
	publicToken: string | null;
	minAnswers: number;
	closesOn: string | null;
	reminderDays: string[];
	remindersSent: number;
	shuffledOn: string | null;
	/** The results last shown while the survey runs (JSON), or null. */
	resultsSnapshot: string | null;
	openedOn: string | null;
	closedOn: string | null;
	createdAt: Date;
	updatedAt: Date;
}

type Row = Selectable<Database['survey']>;

export function parseDefinition(text: string): SurveyDefinition {
	const parsed = typeof text === 'string' ? JSON.parse(text) : text;
	return { sections: Array.isArray(parsed?.sections) ? parsed.sections : [] };
}

/**
 * Parsed definitions by survey and version: every answer reads its survey, and parsing a
 * 40-question definition took a tenth of an answer's time. A definition is never changed in place
 * (definition.ts edits copies), so a cached one can be shared; the key changes with every update.
 */
const parsedDefinitions = new Map<string, SurveyDefinition>();
const PARSED_KEPT = 500;

/** Shared copies must stay as they are: a change would show in every later read. */
function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const inner of Object.values(value)) deepFreeze(inner);
	}
	return value;
}

function definitionOf(row: { id: string; definition: string; updated_at: unknown }): SurveyDefinition {
	const key = `${row.id}:${String(row.updated_at instanceof Date ? row.updated_at.toISOString() : row.updated_at)}:${row.definition.length}`;
	let definition = parsedDefinitions.get(key);
	if (!definition) {
		definition = deepFreeze(parseDefinition(row.definition));
		if (parsedDefinitions.size >= PARSED_KEPT) parsedDefinitions.delete(parsedDefinitions.keys().next().value!);
		parsedDefinitions.set(key, definition);
	}
	return definition;
}

function toSurvey(row: Row): SurveyRow {
	return {
		id: row.id,
		networkId: row.network_id,
		title: row.title,
		description: row.description,
		templateKey: row.template_key,
		definition: definitionOf(row),
		status: row.status,
		audience: {
			kind: row.audience,
			eventId: row.event_id,
			eventScope: row.event_scope,
			meetingId: row.meeting_id,
			seriesId: row.series_id,
			meetingScope: row.meeting_scope,
			periodFrom: row.period_from,
			periodTo: row.period_to,
			roles: row.roles ? row.roles.split(',') : []
		},
		publicToken: row.public_token,
		minAnswers: row.min_answers,
		closesOn: row.closes_on,
		reminderDays: row.reminder_days ? row.reminder_days.split(',') : [],
		remindersSent: row.reminders_sent,
		shuffledOn: row.shuffled_on,
		resultsSnapshot: row.results_snapshot,
		openedOn: row.opened_on,
		closedOn: row.closed_on,
		createdAt: toDate(row.created_at),
		updatedAt: toDate(row.updated_at)
	};
}

function audienceColumns(audience: SurveyAudience) {
	return {
		audience: audience.kind,
		event_id: audience.eventId,
		event_scope: audience.eventScope,
		meeting_id: audience.meetingId,
		series_id: audience.seriesId,
		meeting_scope: audience.meetingScope,
		period_from: audience.periodFrom,
		period_to: audience.periodTo,
		roles: audience.roles.length ? audience.roles.join(',') : null
	};
}

export interface NewSurvey {
	id: string;
	networkId: string;
	title: string;
	description: string | null;
	templateKey: string | null;
	definition: SurveyDefinition;
	audience: SurveyAudience;
	minAnswers: number;
	createdBy: string | null;
}

export async function insertSurvey(db: Kysely<Database>, survey: NewSurvey, now: Date): Promise<void> {
	await db
		.insertInto('survey')
		.values({
			id: survey.id,
			network_id: survey.networkId,
			title: survey.title,
			description: survey.description,
			template_key: survey.templateKey,
			definition: JSON.stringify(survey.definition),
			status: 'draft',
			...audienceColumns(survey.audience),
			min_answers: survey.minAnswers,
			reminders_sent: 0,
			created_by: survey.createdBy,
			created_at: timestamp(now),
			updated_at: timestamp(now)
		})
		.execute();
}

export async function findSurvey(db: Kysely<Database>, networkId: string, id: string): Promise<SurveyRow | undefined> {
	const row = await db
		.selectFrom('survey')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return row ? toSurvey(row) : undefined;
}

/** The survey behind a public link, in its network. */
export async function findSurveyByPublicToken(
	db: Kysely<Database>,
	networkId: string,
	token: string
): Promise<SurveyRow | undefined> {
	const row = await db
		.selectFrom('survey')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('public_token', '=', token)
		.where('audience', '=', 'public')
		.executeTakeFirst();
	return row ? toSurvey(row) : undefined;
}

export interface SurveyListRow {
	id: string;
	title: string;
	status: SurveyStatus;
	audience: SurveyAudienceKind;
	closesOn: string | null;
	openedOn: string | null;
	invited: number;
	answered: number;
	createdAt: Date;
}

/** The network's surveys, newest first, with how many were asked and how many answered. */
export async function listSurveys(db: Kysely<Database>, networkId: string): Promise<SurveyListRow[]> {
	const rows = await db
		.selectFrom('survey')
		.select((eb) => [
			'survey.id',
			'survey.title',
			'survey.status',
			'survey.audience',
			'survey.closes_on',
			'survey.opened_on',
			'survey.created_at',
			eb
				.selectFrom('survey_invitation')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('survey_invitation.survey_id', '=', 'survey.id')
				.as('invited'),
			eb
				.selectFrom('survey_response')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('survey_response.survey_id', '=', 'survey.id')
				.as('answered')
		])
		.where('survey.network_id', '=', networkId)
		.orderBy('survey.created_at', 'desc')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		title: row.title,
		status: row.status,
		audience: row.audience,
		closesOn: row.closes_on,
		openedOn: row.opened_on,
		invited: Number(row.invited ?? 0),
		answered: Number(row.answered ?? 0),
		createdAt: toDate(row.created_at)
	}));
}

export interface SurveyChanges {
	title?: string;
	description?: string | null;
	definition?: SurveyDefinition;
	audience?: SurveyAudience;
	minAnswers?: number;
	closesOn?: string | null;
	reminderDays?: string[];
	status?: SurveyStatus;
	publicToken?: string | null;
	openedOn?: string | null;
	closedOn?: string | null;
	remindersSent?: number;
	shuffledOn?: string | null;
	resultsSnapshot?: string | null;
}

export async function updateSurvey(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	changes: SurveyChanges,
	now: Date
): Promise<void> {
	await db
		.updateTable('survey')
		.set({
			...(changes.title !== undefined && { title: changes.title }),
			...(changes.description !== undefined && { description: changes.description }),
			...(changes.definition !== undefined && { definition: JSON.stringify(changes.definition) }),
			...(changes.audience !== undefined && audienceColumns(changes.audience)),
			...(changes.minAnswers !== undefined && { min_answers: changes.minAnswers }),
			...(changes.closesOn !== undefined && { closes_on: changes.closesOn }),
			...(changes.reminderDays !== undefined && {
				reminder_days: changes.reminderDays.length ? changes.reminderDays.join(',') : null
			}),
			...(changes.status !== undefined && { status: changes.status }),
			...(changes.publicToken !== undefined && { public_token: changes.publicToken }),
			...(changes.openedOn !== undefined && { opened_on: changes.openedOn }),
			...(changes.closedOn !== undefined && { closed_on: changes.closedOn }),
			...(changes.remindersSent !== undefined && { reminders_sent: changes.remindersSent }),
			...(changes.shuffledOn !== undefined && { shuffled_on: changes.shuffledOn }),
			...(changes.resultsSnapshot !== undefined && { results_snapshot: changes.resultsSnapshot }),
			updated_at: timestamp(now)
		})
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.execute();
}

export async function deleteSurvey(db: Kysely<Database>, networkId: string, id: string): Promise<void> {
	await db.deleteFrom('survey').where('network_id', '=', networkId).where('id', '=', id).execute();
}

/** Open surveys of every network (for the daily job). */
export async function listOpenSurveys(db: Kysely<Database>, networkId: string): Promise<SurveyRow[]> {
	const rows = await db
		.selectFrom('survey')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('status', '=', 'open')
		.execute();
	return rows.map(toSurvey);
}

/**
 * The survey this one's results are compared with: the latest other survey from the same template
 * that opened before it.
 */
export async function findPreviousOfTemplate(
	db: Kysely<Database>,
	networkId: string,
	survey: Pick<SurveyRow, 'id' | 'templateKey' | 'openedOn'>
): Promise<SurveyRow | undefined> {
	if (!survey.templateKey || !survey.openedOn) return undefined;
	const row = await db
		.selectFrom('survey')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('template_key', '=', survey.templateKey)
		.where('id', '!=', survey.id)
		.where('status', '!=', 'draft')
		.where('opened_on', '<', survey.openedOn)
		.orderBy('opened_on', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row ? toSurvey(row) : undefined;
}

// The network's own templates.

export interface TemplateRow {
	id: string;
	title: string;
	description: string | null;
	templateKey: string | null;
	definition: SurveyDefinition;
	updatedAt: Date;
}

export async function insertTemplate(
	db: Kysely<Database>,
	template: {
		id: string;
		networkId: string;
		title: string;
		description: string | null;
		templateKey: string | null;
		definition: SurveyDefinition;
		createdBy: string | null;
	},
	now: Date
): Promise<void> {
	await db
		.insertInto('survey_template')
		.values({
			id: template.id,
			network_id: template.networkId,
			title: template.title,
			description: template.description,
			template_key: template.templateKey,
			definition: JSON.stringify(template.definition),
			created_by: template.createdBy,
			created_at: timestamp(now),
			updated_at: timestamp(now)
		})
		.execute();
}

export async function listTemplates(db: Kysely<Database>, networkId: string): Promise<TemplateRow[]> {
	const rows = await db
		.selectFrom('survey_template')
		.selectAll()
		.where('network_id', '=', networkId)
		.orderBy('title')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		title: row.title,
		description: row.description,
		templateKey: row.template_key,
		definition: parseDefinition(row.definition),
		updatedAt: toDate(row.updated_at)
	}));
}

export async function findTemplate(
	db: Kysely<Database>,
	networkId: string,
	id: string
): Promise<TemplateRow | undefined> {
	return (await listTemplates(db, networkId)).find((t) => t.id === id);
}

export async function deleteTemplate(db: Kysely<Database>, networkId: string, id: string): Promise<number> {
	const result = await db
		.deleteFrom('survey_template')
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}

/** Reads a survey for a change, holding its row until the transaction ends (PostgreSQL). */
export async function lockSurvey(db: Kysely<Database>, networkId: string, id: string): Promise<SurveyRow | undefined> {
	const row = await forUpdate(
		db,
		db.selectFrom('survey').selectAll().where('network_id', '=', networkId).where('id', '=', id)
	).executeTakeFirst();
	return row ? toSurvey(row) : undefined;
}

/** The survey a personal link leads to, with its invitation, in one read (every answer starts here). */
export async function findSurveyByLink(
	db: Kysely<Database>,
	networkId: string,
	tokenHash: string
): Promise<{ survey: SurveyRow; invitation: { id: string; answered: boolean } } | undefined> {
	const row = await db
		.selectFrom('survey_link')
		.innerJoin('survey_invitation', 'survey_invitation.id', 'survey_link.invitation_id')
		.innerJoin('survey', 'survey.id', 'survey_invitation.survey_id')
		.selectAll('survey')
		.select(['survey_invitation.id as invitation_id', 'survey_invitation.answered as invitation_answered'])
		.where('survey_link.network_id', '=', networkId)
		.where('survey_invitation.network_id', '=', networkId)
		.where('survey.network_id', '=', networkId)
		.where('survey_link.token_hash', '=', tokenHash)
		.executeTakeFirst();
	if (!row) return undefined;
	const { invitation_id, invitation_answered, ...survey } = row;
	return { survey: toSurvey(survey), invitation: { id: invitation_id, answered: toBool(invitation_answered) } };
}
