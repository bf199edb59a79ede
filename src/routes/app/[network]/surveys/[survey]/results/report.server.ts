import { error, type RequestEvent } from '@sveltejs/kit';
import { requireContext } from '#lib/server/context.ts';
import { surveyResults } from '#lib/server/surveys/results-service.ts';
import { barChartSvg, NARROW_CHART_WIDTH } from '#lib/components/charts/echarts.server.ts';
import { notApplicableLabel, questionKindLabel, scaleLabel } from '#lib/components/surveys/answer-labels.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Locale } from '#lib/server/platform/context.ts';
import { allQuestions, localText, type Question, type SurveyDefinition } from '#lib/server/surveys/model.ts';
import {
	OTHER_GROUPS,
	type BreakdownCell,
	type ResultRow,
	type SurveyResults,
	type TextItem,
	type TopTwoChange
} from '#lib/server/surveys/results.ts';

/**
 * A survey's results laid out for the results page, its print view and its CSV: every question
 * with its words in the reader's language, the rows named, the bars drawn on the server, and what
 * was held back marked as such.
 */

export interface RowView {
	key: string;
	label: string;
	count: number;
	share: number;
}

export interface QuestionView {
	id: string;
	section: string;
	text: string;
	kind: string;
	kindLabel: string;
	type: 'choice' | 'text';
	suppressed: boolean;
	/** Choice questions: who answered other than "not applicable"; text questions: who wrote. */
	answered: number;
	notApplicable: number | null;
	mean: number | null;
	topTwo: { kind: 'frequency' | 'agreement'; share: number } | null;
	change: TopTwoChange | null;
	rows: RowView[];
	chart: { wide: string; narrow: string } | null;
	texts: TextItem[];
}

export interface BreakdownView {
	questionId: string;
	kind: 'organisation_type' | 'municipality';
	hasGroups: boolean;
	/** Some answered from groups too small to name. */
	heldBack: boolean;
	questions: {
		questionId: string;
		text: string;
		columns: { key: string; label: string }[];
		summary: 'frequency' | 'agreement' | 'mean' | null;
		cells: (
			| { group: string; suppressed: true }
			| {
					group: string;
					suppressed: false;
					answered: number;
					counts: number[];
					shares: number[];
					mean: number | null;
					topTwo: number | null;
			  }
		)[];
	}[];
}

function rowLabel(question: Question, key: string, names: Record<string, string>, locale: Locale): string {
	if (question.kind === 'single' || question.kind === 'multiple')
		return localText(question.options?.find((option) => option.id === key)?.text, locale) || key;
	if (question.kind === 'organisation_type' || question.kind === 'municipality')
		return key === OTHER_GROUPS ? m.surveys_results_other_groups({}, { locale }) : (names[key] ?? key);
	return scaleLabel(key, locale);
}

export function reportOf(
	definition: SurveyDefinition,
	results: SurveyResults,
	names: Record<string, string>,
	comparison: TopTwoChange[],
	locale: Locale,
	options: { charts: boolean }
): { questions: QuestionView[]; breakdowns: BreakdownView[] } {
	const sectionOf = new Map(
		definition.sections.flatMap((section) => section.questions.map((q) => [q.id, localText(section.title, locale)]))
	);
	const byId = new Map(allQuestions(definition).map((q) => [q.id, q]));
	const changes = new Map(comparison.map((c) => [c.questionId, c]));
	const questions = results.questions.flatMap((result): QuestionView[] => {
		const question = byId.get(result.questionId);
		if (!question) return [];
		const base = {
			id: question.id,
			section: sectionOf.get(question.id) ?? '',
			text: localText(question.text, locale),
			kind: question.kind,
			kindLabel: questionKindLabel(question.kind, locale),
			suppressed: result.suppressed
		};
		if (result.type === 'text')
			return [
				{
					...base,
					type: 'text',
					answered: result.count,
					notApplicable: null,
					mean: null,
					topTwo: null,
					change: null,
					rows: [],
					chart: null,
					texts: result.texts
				}
			];
		const rows = result.rows.map((row: ResultRow) => ({ ...row, label: rowLabel(question, row.key, names, locale) }));
		const data = rows.map((row) => ({ label: row.label, value: row.count }));
		return [
			{
				...base,
				type: 'choice',
				answered: result.answered,
				notApplicable: result.suppressed ? null : (result.notApplicable ?? 0),
				mean: result.mean ?? null,
				topTwo:
					result.topTwoShare !== undefined && (question.kind === 'frequency' || question.kind === 'agreement')
						? { kind: question.kind, share: result.topTwoShare }
						: null,
				change: changes.get(question.id) ?? null,
				rows,
				chart:
					options.charts && !result.suppressed && rows.length
						? { wide: barChartSvg(data), narrow: barChartSvg(data, { width: NARROW_CHART_WIDTH }) }
						: null,
				texts: []
			}
		];
	});
	const breakdowns = results.breakdowns.map((breakdown): BreakdownView => ({
		questionId: breakdown.questionId,
		kind: breakdown.kind,
		hasGroups: breakdown.groups.length > 0,
		heldBack: breakdown.heldBack,
		questions: breakdown.questions.flatMap((broken) => {
			const question = byId.get(broken.questionId);
			if (!question) return [];
			const summary =
				question.kind === 'frequency' || question.kind === 'agreement'
					? question.kind
					: question.kind === 'rating5' || question.kind === 'rating10'
						? ('mean' as const)
						: null;
			// Ratings are summed up by their mean; the other questions by the share of each answer.
			const keys =
				summary === 'mean'
					? []
					: (broken.cells
							.find((cell): cell is Extract<BreakdownCell, { suppressed: false }> => !cell.suppressed)
							?.rows.map((row) => row.key) ?? []);
			return [
				{
					questionId: question.id,
					text: localText(question.text, locale),
					columns: keys.map((key) => ({ key, label: rowLabel(question, key, names, locale) })),
					summary,
					cells: broken.cells.map((cell) =>
						cell.suppressed
							? { group: names[cell.group] ?? cell.group, suppressed: true as const }
							: {
									group: names[cell.group] ?? cell.group,
									suppressed: false as const,
									answered: cell.answered,
									counts: keys.map((key) => cell.rows.find((row) => row.key === key)?.count ?? 0),
									shares: keys.map((key) => cell.rows.find((row) => row.key === key)?.share ?? 0),
									mean: cell.mean ?? null,
									topTwo: cell.topTwoShare ?? null
								}
					)
				}
			];
		})
	}));
	return { questions, breakdowns };
}

/** "Not applicable" in the reader's language, for the CSV. */
export function notApplicableText(locale: Locale): string {
	return notApplicableLabel(locale);
}

/** The heading of a breakdown. */
export function breakdownTitle(kind: BreakdownView['kind'], locale: Locale): string {
	return kind === 'organisation_type'
		? m.surveys_results_breakdown_organisation_type({}, { locale })
		: m.surveys_results_breakdown_municipality({}, { locale });
}

/** What the results page and its print view load (`data`): the survey, its counts and its report. */
export async function loadReport(event: RequestEvent<{ network: string; survey: string }>) {
	const ctx = await requireContext(event, { role: 'communicator' });
	const found = await surveyResults(ctx, event.params.survey);
	if (!found.ok) error(404, { message: found.error });
	const { survey, results, answeredNow, invited, groupNames, previous, comparison } = found.value;
	const data = {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		survey: {
			id: survey.id,
			title: survey.title,
			status: survey.status,
			viaPublicLink: survey.audience.kind === 'public'
		},
		answered: answeredNow,
		// While a survey runs, the results shown may be from fewer answers than have come in.
		resultsFrom: results.answered,
		invited,
		shown: results.shown,
		minAnswers: results.minAnswers,
		previous,
		...reportOf(survey.definition, results, groupNames, comparison, ctx.locale, { charts: true })
	};
	return { ctx, data };
}
