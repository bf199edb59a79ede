import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { toBool } from '../platform/db/values.ts';
import type { ChoiceAnswers } from './model.ts';

/**
 * What was answered, kept apart from who was asked: random ids, a day, no client, no order
 * (docs/decisions/023-anonymous-surveys.md). Reads always order by the random id, never by
 * when a row was written.
 */

export interface StoredText {
	id: string;
	questionId: string;
	bodyEncrypted: string;
	quoteConsent: boolean;
	quotable: boolean;
}

export async function insertResponse(
	db: Kysely<Database>,
	response: { networkId: string; surveyId: string; day: string; via: 'invitation' | 'public'; answers: ChoiceAnswers }
): Promise<void> {
	await db
		.insertInto('survey_response')
		.values({
			id: randomUUID(),
			network_id: response.networkId,
			survey_id: response.surveyId,
			day: response.day,
			via: response.via,
			answers: JSON.stringify(response.answers)
		})
		.execute();
}

export async function insertTexts(
	db: Kysely<Database>,
	networkId: string,
	surveyId: string,
	texts: { id: string; questionId: string; bodyEncrypted: string; quoteConsent: boolean }[]
): Promise<void> {
	if (!texts.length) return;
	await db
		.insertInto('survey_text')
		.values(
			texts.map((t) => ({
				id: t.id,
				network_id: networkId,
				survey_id: surveyId,
				question_id: t.questionId,
				body_encrypted: t.bodyEncrypted,
				quote_consent: t.quoteConsent ? 1 : 0,
				quotable: 0
			}))
		)
		.execute();
}

/** Every response's answers, in the order of their random ids. */
export async function listAnswers(db: Kysely<Database>, networkId: string, surveyId: string): Promise<ChoiceAnswers[]> {
	const rows = await db
		.selectFrom('survey_response')
		.select('answers')
		.where('network_id', '=', networkId)
		.where('survey_id', '=', surveyId)
		.orderBy('id')
		.execute();
	return rows.map((row) => (typeof row.answers === 'string' ? JSON.parse(row.answers) : row.answers) as ChoiceAnswers);
}

export async function countResponses(db: Kysely<Database>, networkId: string, surveyId: string): Promise<number> {
	const row = await db
		.selectFrom('survey_response')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('network_id', '=', networkId)
		.where('survey_id', '=', surveyId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function listTexts(db: Kysely<Database>, networkId: string, surveyId: string): Promise<StoredText[]> {
	const rows = await db
		.selectFrom('survey_text')
		.select(['id', 'question_id', 'body_encrypted', 'quote_consent', 'quotable'])
		.where('network_id', '=', networkId)
		.where('survey_id', '=', surveyId)
		.orderBy('question_id')
		.orderBy('id')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		questionId: row.question_id,
		bodyEncrypted: row.body_encrypted,
		quoteConsent: toBool(row.quote_consent),
		quotable: toBool(row.quotable)
	}));
}

/** Marks a text quotable (or not); only a text whose writer consented can be. */
export async function setQuotable(
	db: Kysely<Database>,
	networkId: string,
	surveyId: string,
	textId: string,
	quotable: boolean
): Promise<boolean> {
	const result = await db
		.updateTable('survey_text')
		.set({ quotable: quotable ? 1 : 0 })
		.where('network_id', '=', networkId)
		.where('survey_id', '=', surveyId)
		.where('id', '=', textId)
		.where('quote_consent', '=', 1)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** The quotable texts of the network's surveys that opened in a period: what reports quote. */
export async function listQuotable(
	db: Kysely<Database>,
	networkId: string,
	from: string,
	to: string
): Promise<{ surveyId: string; surveyTitle: string; id: string; questionId: string; bodyEncrypted: string }[]> {
	const rows = await db
		.selectFrom('survey_text')
		.innerJoin('survey', 'survey.id', 'survey_text.survey_id')
		.select([
			'survey.id as survey_id',
			'survey.title',
			'survey_text.id',
			'survey_text.question_id',
			'survey_text.body_encrypted'
		])
		.where('survey_text.network_id', '=', networkId)
		.where('survey.network_id', '=', networkId)
		.where('survey_text.quotable', '=', 1)
		.where('survey.opened_on', '>=', from)
		.where('survey.opened_on', '<=', to)
		.orderBy('survey.opened_on')
		.orderBy('survey_text.id')
		.execute();
	return rows.map((row) => ({
		surveyId: row.survey_id,
		surveyTitle: row.title,
		id: row.id,
		questionId: row.question_id,
		bodyEncrypted: row.body_encrypted
	}));
}

/** Records that a browser answered a public survey; false if it already had. */
export async function claimPublicMark(db: Kysely<Database>, surveyId: string, markHash: string): Promise<boolean> {
	const inserted = await db
		.insertInto('survey_public_mark')
		.values({ survey_id: surveyId, mark_hash: markHash })
		.onConflict((oc) => oc.doNothing())
		.returning('survey_id')
		.executeTakeFirst();
	return inserted !== undefined;
}

export async function hasPublicMark(db: Kysely<Database>, surveyId: string, markHash: string): Promise<boolean> {
	const row = await db
		.selectFrom('survey_public_mark')
		.select('survey_id')
		.where('survey_id', '=', surveyId)
		.where('mark_hash', '=', markHash)
		.executeTakeFirst();
	return Boolean(row);
}

/**
 * Writes a survey's responses and texts again under new random ids, in one transaction, in the
 * order of those ids: afterwards nothing the database keeps about each row (its physical place,
 * PostgreSQL's transaction id) says when it was first written (decision 023).
 */
export async function reshuffle(db: Kysely<Database>, networkId: string, surveyId: string): Promise<void> {
	const responses = await db
		.selectFrom('survey_response')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('survey_id', '=', surveyId)
		.execute();
	const texts = await db
		.selectFrom('survey_text')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('survey_id', '=', surveyId)
		.execute();
	await db
		.deleteFrom('survey_response')
		.where('network_id', '=', networkId)
		.where('survey_id', '=', surveyId)
		.execute();
	await db.deleteFrom('survey_text').where('network_id', '=', networkId).where('survey_id', '=', surveyId).execute();
	const renewed = responses.map((row) => ({ ...row, id: randomUUID() })).sort((a, b) => a.id.localeCompare(b.id));
	for (let i = 0; i < renewed.length; i += 500)
		await db
			.insertInto('survey_response')
			.values(renewed.slice(i, i + 500))
			.execute();
	// A text's id is part of its encryption's associated data, so texts keep their ids and are only
	// written again, in id order.
	const sortedTexts = [...texts].sort((a, b) => a.id.localeCompare(b.id));
	for (let i = 0; i < sortedTexts.length; i += 500)
		await db
			.insertInto('survey_text')
			.values(sortedTexts.slice(i, i + 500))
			.execute();
}
