import { listNetworkMunicipalitiesByName, listTypes, typeLabel } from '../directory/index.ts';
import type { ServiceContext } from '../platform/context.ts';
import { decryptColumn } from '../platform/encrypted-fields.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { surveyTextColumns } from './encrypted-columns.ts';
import * as responses from './responses-repository.ts';
import { compareTopTwo, computeResults, type SurveyResults } from './results.ts';
import * as surveys from './surveys-repository.ts';

/**
 * A survey's results (docs/product.md#evaluations): counts and shares per question, shown only where
 * at least the survey's number of answers exists (per question and per breakdown cell); free texts
 * only from that number; the "always or often" share compared with the previous survey from the
 * same template. Reading them is recorded in the audit log, since free texts are there.
 */

async function decryptedTexts(ctx: ServiceContext, surveyId: string, only?: ReadonlySet<string>) {
	const stored = await responses.listTexts(ctx.db, ctx.network.id, surveyId);
	return stored
		.filter((text) => !only || only.has(text.id))
		.map((text) => ({
			id: text.id,
			questionId: text.questionId,
			quoteConsent: text.quoteConsent,
			quotable: text.quotable,
			text:
				decryptColumn(
					ctx.keyring,
					surveyTextColumns,
					'body_encrypted',
					{ networkId: ctx.network.id, recordId: text.id },
					text.bodyEncrypted
				) ?? ''
		}));
}

async function resultsOf(ctx: ServiceContext, survey: surveys.SurveyRow): Promise<SurveyResults> {
	const [answers, texts] = await Promise.all([
		responses.listAnswers(ctx.db, ctx.network.id, survey.id),
		decryptedTexts(ctx, survey.id)
	]);
	return computeResults(survey.definition, answers, texts, survey.minAnswers);
}

/**
 * The results as staff may see them now. While a survey runs they are refreshed only once at least
 * its minimum of new answers came in since they were last shown, so two readings never differ by
 * one person's answer (decision 023); the last shown are kept on the survey as counts, with free
 * texts by id. A closed survey shows all its answers.
 */
async function shownResults(ctx: ServiceContext, survey: surveys.SurveyRow): Promise<SurveyResults> {
	if (survey.status !== 'open') return resultsOf(ctx, survey);
	const snapshot = survey.resultsSnapshot ? (JSON.parse(survey.resultsSnapshot) as SurveyResults) : null;
	const answered = await responses.countResponses(ctx.db, ctx.network.id, survey.id);
	if (snapshot && answered - snapshot.answered < survey.minAnswers) {
		const ids = new Set(snapshot.questions.flatMap((q) => (q.type === 'text' ? q.texts.map((t) => t.id) : [])));
		const texts = new Map((await decryptedTexts(ctx, survey.id, ids)).map((t) => [t.id, t]));
		return {
			...snapshot,
			questions: snapshot.questions.map((q) =>
				q.type === 'text' ? { ...q, texts: q.texts.flatMap((t) => (texts.has(t.id) ? [texts.get(t.id)!] : [])) } : q
			)
		};
	}
	const fresh = await resultsOf(ctx, survey);
	if (fresh.shown) {
		const kept: SurveyResults = {
			...fresh,
			questions: fresh.questions.map((q) =>
				q.type === 'text' ? { ...q, texts: q.texts.map((t) => ({ ...t, text: '' })) } : q
			)
		};
		await surveys.updateSurvey(ctx.db, ctx.network.id, survey.id, { resultsSnapshot: JSON.stringify(kept) }, ctx.now);
	}
	return fresh;
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
	const [results, previous, names, answeredNow] = await Promise.all([
		shownResults(ctx, survey),
		surveys.findPreviousOfTemplate(ctx.db, ctx.network.id, survey),
		groupNames(ctx),
		responses.countResponses(ctx.db, ctx.network.id, survey.id)
	]);
	const previousResults = previous ? await resultsOf(ctx, previous) : null;
	await ctx.audit.record('surveys.results_read', { type: 'survey', id: survey.id });
	return ok({
		survey,
		results,
		/** All answers so far; the results may be from fewer while the survey runs. */
		answeredNow,
		groupNames: names,
		previous:
			previous && previousResults ? { id: previous.id, title: previous.title, openedOn: previous.openedOn } : null,
		comparison: previousResults ? compareTopTwo(results, previousResults) : []
	});
}

/** The results as rows for a spreadsheet, with what was held back marked as such; audited. */
export async function resultsForExport(ctx: ServiceContext, surveyId: string) {
	await requirePermission(ctx, 'surveys.manage');
	const survey = await surveys.findSurvey(ctx.db, ctx.network.id, surveyId);
	if (!survey) return failure('error_not_found');
	const results = await shownResults(ctx, survey);
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
	const results = await shownResults(ctx, survey);
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
