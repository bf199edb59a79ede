import { listNetworkMunicipalitiesByName, listTypes, typeLabel } from '../directory/index.ts';
import type { ServiceContext } from '../platform/context.ts';
import { decryptColumn } from '../platform/encrypted-fields.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { surveyTextColumns } from './encrypted-columns.ts';
import * as invitations from './invitations-repository.ts';
import * as responses from './responses-repository.ts';
import type { ChoiceAnswers } from './model.ts';
import { compareTopTwo, computeResults, type SurveyResults } from './results.ts';
import * as surveys from './surveys-repository.ts';

/**
 * A survey's results (docs/product.md#evaluations): counts and shares per question, shown only where
 * at least the survey's number of answers exists (per question and per breakdown cell); free texts
 * only from that number; the "always or often" share compared with the previous survey from the
 * same template. Reading them is recorded in the audit log, since free texts are there.
 */

/** Free texts listed per question on the results page; the rest are a page of their own away. */
export const TEXTS_PER_PAGE = 50;

type StoredText = Awaited<ReturnType<typeof responses.listTexts>>[number];

function decrypted(ctx: ServiceContext, text: StoredText): string {
	return (
		decryptColumn(
			ctx.keyring,
			surveyTextColumns,
			'body_encrypted',
			{ networkId: ctx.network.id, recordId: text.id },
			text.bodyEncrypted
		) ?? ''
	);
}

/**
 * The results with every free text by id and flags but without its words: counting and choosing
 * needs no decryption, which is what costs (about 30 µs a text).
 */
function resultsOf(survey: surveys.SurveyRow, answers: ChoiceAnswers[], stored: StoredText[]): SurveyResults {
	const texts = stored.map((t) => ({
		id: t.id,
		questionId: t.questionId,
		quoteConsent: t.quoteConsent,
		quotable: t.quotable,
		text: ''
	}));
	return computeResults(survey.definition, answers, texts, survey.minAnswers);
}

/**
 * The results as staff may see them now, free texts without their words. While a survey runs they
 * are refreshed only once at least its minimum of new answers came in since they were last shown,
 * so two readings never differ by one person's answer (decision 023); the last shown are kept on
 * the survey as counts, with free texts by id. A closed survey shows all its answers.
 */
async function shownResults(
	ctx: ServiceContext,
	survey: surveys.SurveyRow
): Promise<{ results: SurveyResults; stored: StoredText[] }> {
	const stored = await responses.listTexts(ctx.db, ctx.network.id, survey.id);
	if (survey.status === 'open' && survey.resultsSnapshot) {
		const snapshot = JSON.parse(survey.resultsSnapshot) as SurveyResults;
		const answered = await responses.countResponses(ctx.db, ctx.network.id, survey.id);
		if (answered - snapshot.answered < survey.minAnswers) {
			// Quotable marks change after the snapshot; they are read as they are now.
			const now = new Map(stored.map((t) => [t.id, t]));
			const questions = snapshot.questions.map((q) =>
				q.type === 'text'
					? {
							...q,
							texts: q.texts.flatMap((t) => (now.has(t.id) ? [{ ...t, quotable: now.get(t.id)!.quotable }] : []))
						}
					: q
			);
			return { results: { ...snapshot, questions }, stored };
		}
	}
	const results = resultsOf(survey, await responses.listAnswers(ctx.db, ctx.network.id, survey.id), stored);
	if (survey.status === 'open' && results.shown)
		await surveys.updateSurvey(
			ctx.db,
			ctx.network.id,
			survey.id,
			{ resultsSnapshot: JSON.stringify(results) },
			ctx.now
		);
	return { results, stored };
}

/** Each shown text question's first page of texts, with their words. */
function withFirstTexts(ctx: ServiceContext, results: SurveyResults, stored: StoredText[]): SurveyResults {
	const byId = new Map(stored.map((t) => [t.id, t]));
	return {
		...results,
		questions: results.questions.map((q) =>
			q.type === 'text'
				? {
						...q,
						texts: q.texts.slice(0, TEXTS_PER_PAGE).map((t) => ({ ...t, text: decrypted(ctx, byId.get(t.id)!) }))
					}
				: q
		)
	};
}

/** The names the breakdowns' groups are shown by: organisation types and municipalities. */
async function groupNames(ctx: ServiceContext): Promise<Record<string, string>> {
	const [types, municipalities] = await Promise.all([
		listTypes(ctx.db, ctx.network.id),
		listNetworkMunicipalitiesByName(ctx.db, ctx.network.id)
	]);
	return Object.fromEntries([
		...types.map((t) => [t.id, typeLabel(t, ctx.locale)] as const),
		...municipalities.map((mu) => [mu.id, mu.name] as const)
	]);
}

export async function surveyResults(ctx: ServiceContext, surveyId: string) {
	await requirePermission(ctx, 'surveys.manage');
	const survey = await surveys.findSurvey(ctx.db, ctx.network.id, surveyId);
	if (!survey) return failure('error_not_found');
	const [shown, previous, names, answeredNow, counts] = await Promise.all([
		shownResults(ctx, survey),
		surveys.findPreviousOfTemplate(ctx.db, ctx.network.id, survey),
		groupNames(ctx),
		responses.countResponses(ctx.db, ctx.network.id, survey.id),
		invitations.invitationCounts(ctx.db, ctx.network.id, survey.id)
	]);
	const previousResults = previous
		? resultsOf(
				previous,
				await responses.listAnswers(ctx.db, ctx.network.id, previous.id),
				await responses.listTexts(ctx.db, ctx.network.id, previous.id)
			)
		: null;
	const results = withFirstTexts(ctx, shown.results, shown.stored);
	await ctx.audit.record('surveys.results_read', { type: 'survey', id: survey.id });
	return ok({
		survey,
		results,
		/** All answers so far; the results may be from fewer while the survey runs. */
		answeredNow,
		// How many were asked by personal links; a public link asks no one in particular.
		invited: counts.invited,
		groupNames: names,
		previous:
			previous && previousResults ? { id: previous.id, title: previous.title, openedOn: previous.openedOn } : null,
		comparison: previousResults ? compareTopTwo(results, previousResults) : []
	});
}

/**
 * One free-text question's texts, a page at a time, as the results show them (the same minimum, and
 * while the survey runs the same texts as its last shown results); audited like the results.
 */
export async function questionTexts(ctx: ServiceContext, surveyId: string, questionId: string, page: number) {
	await requirePermission(ctx, 'surveys.manage');
	const survey = await surveys.findSurvey(ctx.db, ctx.network.id, surveyId);
	if (!survey) return failure('error_not_found');
	const { results, stored } = await shownResults(ctx, survey);
	const question = results.questions.find((q) => q.questionId === questionId);
	if (!question || question.type !== 'text') return failure('error_not_found');
	const pages = Math.max(1, Math.ceil(question.texts.length / TEXTS_PER_PAGE));
	const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
	const byId = new Map(stored.map((t) => [t.id, t]));
	const texts = question.texts
		.slice((current - 1) * TEXTS_PER_PAGE, current * TEXTS_PER_PAGE)
		.map((t) => ({ ...t, text: decrypted(ctx, byId.get(t.id)!) }));
	await ctx.audit.record('surveys.results_read', { type: 'survey', id: survey.id });
	return ok({ survey, question: { ...question, texts }, total: question.texts.length, page: current, pages });
}

/** The results as rows for a spreadsheet, with what was held back marked as such; audited. */
export async function resultsForExport(ctx: ServiceContext, surveyId: string) {
	await requirePermission(ctx, 'surveys.manage');
	const survey = await surveys.findSurvey(ctx.db, ctx.network.id, surveyId);
	if (!survey) return failure('error_not_found');
	const { results } = await shownResults(ctx, survey);
	await ctx.audit.exported('survey', survey.id);
	return ok({ survey, results, groupNames: await groupNames(ctx) });
}

/**
 * Marks a free-text answer quotable in reports, or takes the mark back. Only an answer whose writer
 * ticked "may be quoted" can be marked, and only once the question's texts may be shown at all.
 */
export async function markQuotable(
	ctx: ServiceContext,
	surveyId: string,
	textId: string,
	quotable: boolean
): Promise<Result<void>> {
	await requirePermission(ctx, 'surveys.manage');
	const survey = await surveys.findSurvey(ctx.db, ctx.network.id, surveyId);
	if (!survey) return failure('error_not_found');
	const { results } = await shownResults(ctx, survey);
	const shown = results.questions.some((q) => q.texts?.some((t) => t.id === textId));
	if (!shown) return failure('error_surveys_quote_not_allowed');
	const changed = await ctx.db.transaction().execute(async (trx) => {
		const done = await responses.setQuotable(trx, ctx.network.id, survey.id, textId, quotable);
		if (done)
			await ctx.audit.record(
				quotable ? 'surveys.quote_marked' : 'surveys.quote_unmarked',
				{ type: 'survey', id: survey.id },
				'success',
				trx
			);
		return done;
	});
	return changed ? ok(undefined) : failure('error_surveys_quote_not_allowed');
}

/**
 * The quotable answers of the network's surveys that opened in a period, for the half-year report:
 * the words only, with the survey's title.
 */
export async function quotableAnswers(ctx: ServiceContext, from: string, to: string) {
	await requirePermission(ctx, 'surveys.manage');
	const rows = await responses.listQuotable(ctx.db, ctx.network.id, from, to);
	return rows.map((row) => ({
		surveyId: row.surveyId,
		surveyTitle: row.surveyTitle,
		questionId: row.questionId,
		text:
			decryptColumn(
				ctx.keyring,
				surveyTextColumns,
				'body_encrypted',
				{ networkId: ctx.network.id, recordId: row.id },
				row.bodyEncrypted
			) ?? ''
	}));
}
