import { randomUUID } from 'node:crypto';
import { listNetworkMunicipalitiesByName, listTypes, typeLabel } from '../directory/index.ts';
import { allowPublished, maskAll, PiiScanError, publicContacts, scan, type Finding } from '../pii/index.ts';
import type { PublicContext } from '../platform/context.ts';
import { transactionBatcher } from '../platform/db/batch.ts';
import { encryptColumn } from '../platform/encrypted-fields.ts';
import { todayIn } from '../platform/time.ts';
import { readAnswers } from './answers.ts';
import { surveyTextColumns } from './encrypted-columns.ts';
import * as invitations from './invitations-repository.ts';
import { hashToken, looksLikeToken } from './links.ts';
import { allQuestions, type SurveyDefinition, type TextAnswer, type ValidAnswers } from './model.ts';
import * as responses from './responses-repository.ts';
import * as surveys from './surveys-repository.ts';

/**
 * Answering a survey (docs/product.md#evaluations), by a personal one-time link or a survey's public
 * link, without signing in. One transaction marks the invitation answered and stores the answers
 * with random ids and the day only; nothing about the request (address, browser, time) is kept or
 * logged with them (docs/decisions/023-anonymous-surveys.md). Free texts pass the anonymity guard
 * first; the respondent sees what it found and may mask it.
 */

/** What a link leads to. 'invalid' covers unknown, tampered and other networks' links alike. */
export type LinkState = 'open' | 'answered' | 'closed' | 'invalid';

export interface Choice {
	id: string;
	name: string;
}

export interface AnswerForm {
	state: LinkState;
	survey: {
		id: string;
		title: string;
		description: string | null;
		closesOn: string | null;
		definition: SurveyDefinition;
	} | null;
	organisationTypes: Choice[];
	municipalities: Choice[];
}

type Opened = { survey: surveys.SurveyRow; invitationId: string | null; state: LinkState };

function surveyState(ctx: PublicContext, survey: surveys.SurveyRow): LinkState {
	if (survey.status === 'draft') return 'invalid';
	if (survey.status === 'closed') return 'closed';
	if (survey.closesOn && survey.closesOn < todayIn(ctx.network.timeZone, ctx.now)) return 'closed';
	return 'open';
}

async function openByToken(ctx: PublicContext, token: string): Promise<Opened | null> {
	if (!looksLikeToken(token)) return null;
	const found = await surveys.findSurveyByLink(ctx.db, ctx.network.id, hashToken(token));
	if (!found) return null;
	const state = surveyState(ctx, found.survey);
	return {
		survey: found.survey,
		invitationId: found.invitation.id,
		state: state === 'open' && found.invitation.answered ? 'answered' : state
	};
}

async function openPublic(ctx: PublicContext, publicToken: string, mark: string | null): Promise<Opened | null> {
	if (!/^[A-Za-z0-9_-]{32}$/.test(publicToken)) return null;
	const survey = await surveys.findSurveyByPublicToken(ctx.db, ctx.network.id, publicToken);
	if (!survey) return null;
	const state = surveyState(ctx, survey);
	const answered =
		state === 'open' && mark !== null && (await responses.hasPublicMark(ctx.db, survey.id, hashToken(mark)));
	return { survey, invitationId: null, state: answered ? 'answered' : state };
}

async function formOf(ctx: PublicContext, opened: Opened | null): Promise<AnswerForm> {
	if (!opened) return { state: 'invalid', survey: null, organisationTypes: [], municipalities: [] };
	const { survey, state } = opened;
	const asks = (kind: string) => state === 'open' && allQuestions(survey.definition).some((q) => q.kind === kind);
	const [types, municipalities] = await Promise.all([
		asks('organisation_type') ? listTypes(ctx.db, ctx.network.id) : [],
		asks('municipality') ? listNetworkMunicipalitiesByName(ctx.db, ctx.network.id) : []
	]);
	return {
		state,
		survey: {
			id: survey.id,
			title: survey.title,
			description: survey.description,
			closesOn: survey.closesOn,
			definition: survey.definition
		},
		organisationTypes: types.filter((t) => !t.hidden).map((t) => ({ id: t.id, name: typeLabel(t, ctx.locale) })),
		municipalities: municipalities.map((mu) => ({ id: mu.id, name: mu.name }))
	};
}

export async function answerForm(ctx: PublicContext, token: string): Promise<AnswerForm> {
	return formOf(ctx, await openByToken(ctx, token));
}

export async function publicAnswerForm(
	ctx: PublicContext,
	publicToken: string,
	mark: string | null
): Promise<AnswerForm> {
	return formOf(ctx, await openPublic(ctx, publicToken, mark));
}

export type SubmitResult =
	| { ok: true }
	| { ok: false; state: Exclude<LinkState, 'open'> }
	| { ok: false; state: 'open'; error: string; errors: Record<string, string>; findings?: Record<string, Finding[]> };

/** The guard over the free texts: findings per answer field; fails closed. */
async function guardTexts(ctx: PublicContext, texts: TextAnswer[]): Promise<Record<string, Finding[]> | 'failed'> {
	const allowed = allowPublished(publicContacts([ctx.network.contactPhone, ctx.network.contactEmail]));
	const found: Record<string, Finding[]> = {};
	try {
		for (const answer of texts) {
			const { findings } = await scan(answer.text);
			const left = allowed.allow ? findings.filter((f) => !allowed.allow!(f)) : findings;
			if (left.length) found[`q-${answer.questionId}`] = left;
		}
	} catch (error) {
		if (error instanceof PiiScanError) return 'failed';
		throw error;
	}
	return found;
}

/**
 * "Mask all" on an answer form: the free texts with what the guard found replaced by labels, for
 * the respondent to check and send. Nothing is stored.
 */
export async function maskAnswerTexts(
	ctx: PublicContext,
	fields: Record<string, string[]>
): Promise<Record<string, string[]>> {
	const allowed = allowPublished(publicContacts([ctx.network.contactPhone, ctx.network.contactEmail]));
	const out: Record<string, string[]> = { ...fields };
	for (const [name, values] of Object.entries(fields)) {
		if (!name.startsWith('q-') || values.length !== 1 || !values[0].trim()) continue;
		try {
			const { findings } = await scan(values[0]);
			const left = allowed.allow ? findings.filter((f) => !allowed.allow!(f)) : findings;
			if (left.length) out[name] = [maskAll(values[0], left, ctx.locale)];
		} catch (error) {
			if (!(error instanceof PiiScanError)) throw error;
		}
	}
	return out;
}

async function checked(
	ctx: PublicContext,
	opened: Opened,
	fields: Record<string, string[]>
): Promise<{ ok: true; answers: ValidAnswers } | Extract<SubmitResult, { ok: false }>> {
	const form = await formOf(ctx, opened);
	const read = readAnswers(opened.survey.definition, fields, {
		organisationTypeIds: new Set(form.organisationTypes.map((t) => t.id)),
		municipalityIds: new Set(form.municipalities.map((mu) => mu.id))
	});
	if (!read.ok) return { ok: false, state: 'open', error: read.message, errors: read.errors };
	const findings = await guardTexts(ctx, read.value.texts);
	if (findings === 'failed') return { ok: false, state: 'open', error: 'error_surveys_pii_check_failed', errors: {} };
	if (Object.keys(findings).length)
		return {
			ok: false,
			state: 'open',
			error: 'error_surveys_pii_found',
			errors: Object.fromEntries(Object.keys(findings).map((field) => [field, 'error_surveys_pii_found_field'])),
			findings
		};
	return { ok: true, answers: read.value };
}

async function store(
	ctx: PublicContext,
	trx: PublicContext['db'],
	survey: surveys.SurveyRow,
	answers: ValidAnswers,
	via: 'invitation' | 'public'
): Promise<void> {
	await responses.insertResponse(trx, {
		networkId: ctx.network.id,
		surveyId: survey.id,
		day: todayIn(ctx.network.timeZone, ctx.now),
		via,
		answers: answers.choices
	});
	await responses.insertTexts(
		trx,
		ctx.network.id,
		survey.id,
		answers.texts.map((answer) => {
			const id = randomUUID();
			return {
				id,
				questionId: answer.questionId,
				quoteConsent: answer.quoteConsent,
				bodyEncrypted: encryptColumn(
					ctx.keyring,
					surveyTextColumns,
					'body_encrypted',
					{ networkId: ctx.network.id, recordId: id },
					answer.text
				)
			};
		})
	);
}

/**
 * The answers to one survey that arrive together commit together (group commit, platform/db/
 * batch.ts): when a survey goes out, hundreds answer within minutes, and on SQLite each commit is a
 * flush to disk. Each answer is still its own savepoint, claimed and written alone. One commit for
 * several answers also gives them one transaction id on PostgreSQL, which tells their order less.
 */
function answerTransaction<T>(ctx: PublicContext, surveyId: string, work: (trx: PublicContext['db']) => Promise<T>) {
	return transactionBatcher(ctx.db).run(`survey:${surveyId}`, work);
}

/**
 * Stores one answer for a personal link. Of two submissions at the same moment (two tabs), exactly
 * one is stored; the other is told the survey was already answered. Nothing is stored on a refusal.
 */
export async function submitAnswer(
	ctx: PublicContext,
	token: string,
	fields: Record<string, string[]>
): Promise<SubmitResult> {
	return oneAtATime(token, () => submitByToken(ctx, token, fields));
}

/**
 * The submissions of one link in this process, one after the other: a second tab's submission then
 * finds the link answered before it checks and guards its answers again. Only a saving of work —
 * the claim in the database is what keeps it to one answer, across instances too.
 */
const inFlight = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
	const before = inFlight.get(key);
	const run = (before ?? Promise.resolve()).then(work, work);
	inFlight.set(key, run);
	try {
		return await run;
	} finally {
		if (inFlight.get(key) === run) inFlight.delete(key);
	}
}

async function submitByToken(
	ctx: PublicContext,
	token: string,
	fields: Record<string, string[]>
): Promise<SubmitResult> {
	const opened = await openByToken(ctx, token);
	if (!opened) return { ok: false, state: 'invalid' };
	if (opened.state !== 'open') return { ok: false, state: opened.state };
	const result = await checked(ctx, opened, fields);
	if (!result.ok) return result;
	const stored = await answerTransaction(ctx, opened.survey.id, async (trx) => {
		if (!(await invitations.claimInvitation(trx, ctx.network.id, opened.invitationId!))) return false;
		await store(ctx, trx, opened.survey, result.answers, 'invitation');
		return true;
	});
	return stored ? { ok: true } : { ok: false, state: 'answered' };
}

/**
 * Stores one answer through a survey's public link. `mark` is the browser's random value (from a
 * cookie set when the form was shown): one answer per browser is the most a public link can hold
 * to, and the results say so.
 */
export async function submitPublicAnswer(
	ctx: PublicContext,
	publicToken: string,
	mark: string,
	fields: Record<string, string[]>
): Promise<SubmitResult> {
	return oneAtATime(`${publicToken}:${mark}`, () => submitByMark(ctx, publicToken, mark, fields));
}

async function submitByMark(
	ctx: PublicContext,
	publicToken: string,
	mark: string,
	fields: Record<string, string[]>
): Promise<SubmitResult> {
	const opened = await openPublic(ctx, publicToken, mark);
	if (!opened) return { ok: false, state: 'invalid' };
	if (opened.state !== 'open') return { ok: false, state: opened.state };
	const result = await checked(ctx, opened, fields);
	if (!result.ok) return result;
	const stored = await answerTransaction(ctx, opened.survey.id, async (trx) => {
		if (!(await responses.claimPublicMark(trx, opened.survey.id, hashToken(mark)))) return false;
		await store(ctx, trx, opened.survey, result.answers, 'public');
		return true;
	});
	return stored ? { ok: true } : { ok: false, state: 'answered' };
}
