import {
	agreementScale,
	allQuestions,
	frequencyScale,
	isBreakdownKind,
	isTextKind,
	NOT_APPLICABLE,
	topTwo,
	type BreakdownKind,
	type ChoiceAnswers,
	type Question,
	type QuestionKind,
	type SurveyDefinition
} from './model.ts';

/**
 * A survey's results, counted from its anonymous answers and shown only where enough people stand
 * behind a number: the survey as a whole, a question, and a group of a breakdown each need at least
 * `minAnswers` answers, or they show no counts at all. Shares are numbers from 0 to 1; formatting
 * is the page's business.
 */

export interface ResultRow {
	/** A scale key, an option id, a rating ("1"…"10") or a directory id. */
	key: string;
	count: number;
	share: number;
}

/** What a question's answers add up to, for all who answered or for one group. */
export interface Tally {
	/** Those who gave an answer other than "not applicable". */
	answered: number;
	rows: ResultRow[];
	/** Ratings only. */
	mean?: number;
	/** Frequency and agreement only: always or often, agree or strongly agree, of those who answered. */
	topTwoShare?: number;
}

export interface ChoiceQuestionResult extends Tally {
	type: 'choice';
	questionId: string;
	kind: QuestionKind;
	/** Fewer than minAnswers answered: only `answered` is given, rows are empty. */
	suppressed: boolean;
	/** Absent when suppressed. */
	notApplicable?: number;
	/** Never set: lets `result.texts?.…` be written over any question's result. */
	texts?: never;
}

export interface TextItem {
	id: string;
	text: string;
	quoteConsent: boolean;
	quotable: boolean;
}

export interface TextQuestionResult {
	type: 'text';
	questionId: string;
	kind: QuestionKind;
	/** How many wrote something; the texts are listed only when this reaches minAnswers. */
	count: number;
	suppressed: boolean;
	texts: TextItem[];
}

export type QuestionResult = ChoiceQuestionResult | TextQuestionResult;

/** One group's answers to one question; a hidden cell says nothing but that it is hidden. */
export type BreakdownCell = ({ suppressed: false } & Tally & { group: string }) | { group: string; suppressed: true };

export interface BreakdownQuestion {
	questionId: string;
	cells: BreakdownCell[];
}

/**
 * The choice questions per group of a breakdown question: a group is a directory id (organisation
 * type or municipality) as answered to that question; who did not answer it is in no group.
 */
export interface Breakdown {
	questionId: string;
	kind: BreakdownKind;
	/** The groups with at least minAnswers respondents; smaller ones are not named. */
	groups: string[];
	/** Some respondents are in groups too small to name. */
	heldBack: boolean;
	questions: BreakdownQuestion[];
}

export interface SurveyResults {
	/** Everyone who answered the survey. */
	answered: number;
	/** Whether anything beyond `answered` may be shown; when not, questions and breakdowns are empty. */
	shown: boolean;
	minAnswers: number;
	questions: QuestionResult[];
	breakdowns: Breakdown[];
}

export interface TopTwoChange {
	questionId: string;
	current: number;
	previous: number;
	change: number;
}

export type Answer = ChoiceAnswers[string];

/** The row keys of a question in the order it is shown; null for directory ids, which come as seen. */
function rowKeys(question: Question): string[] | null {
	switch (question.kind) {
		case 'frequency':
			return [...frequencyScale];
		case 'agreement':
			return [...agreementScale];
		case 'single':
		case 'multiple':
			return (question.options ?? []).map((option) => option.id);
		case 'rating5':
			return ['1', '2', '3', '4', '5'];
		case 'rating10':
			return Array.from({ length: 11 }, (_, i) => String(i));
		default:
			return null;
	}
}

/**
 * Counts the answers to one question. A value that is none of the question's answers (which
 * readAnswers never stores) is left out, so the rows always add up to those who answered.
 */
export function tally(question: Question, answers: readonly (Answer | undefined)[]): Tally & { notApplicable: number } {
	const keys = rowKeys(question);
	const counts = new Map<string, number>((keys ?? []).map((key) => [key, 0]));
	let answered = 0;
	let notApplicable = 0;
	let sum = 0;
	for (const answer of answers) {
		if (answer === undefined) continue;
		if (answer === NOT_APPLICABLE) {
			notApplicable++;
			continue;
		}
		const values = (Array.isArray(answer) ? answer : [answer]).map(String);
		const known = keys ? values.filter((value) => counts.has(value)) : values;
		if (known.length === 0) continue;
		answered++;
		for (const value of known) counts.set(value, (counts.get(value) ?? 0) + 1);
		if (typeof answer === 'number') sum += answer;
	}
	const share = (count: number) => (answered ? count / answered : 0);
	let rows = [...counts].map(([key, count]) => ({ key, count, share: share(count) }));
	// Directory ids: the largest groups first, then by id so the order does not depend on who answered first.
	if (!keys) rows = rows.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	const result: Tally & { notApplicable: number } = { answered, notApplicable, rows };
	if ((question.kind === 'rating5' || question.kind === 'rating10') && answered) result.mean = sum / answered;
	if ((question.kind === 'frequency' || question.kind === 'agreement') && answered) {
		const top = topTwo[question.kind];
		result.topTwoShare = share(rows.filter((row) => top.includes(row.key)).reduce((n, row) => n + row.count, 0));
	}
	return result;
}

function questionResult(question: Question, answers: (Answer | undefined)[], minAnswers: number): ChoiceQuestionResult {
	const counted = tally(question, answers);
	const base = { type: 'choice' as const, questionId: question.id, kind: question.kind };
	if (counted.answered < minAnswers) return { ...base, suppressed: true, answered: counted.answered, rows: [] };
	if (isBreakdownKind(question.kind))
		return { ...base, suppressed: false, ...counted, rows: namedGroups(counted, minAnswers) };
	return { ...base, suppressed: false, ...counted };
}

/** The key of the row that gathers the organisation types or municipalities too small to name. */
export const OTHER_GROUPS = 'other';

/**
 * The rows of an organisation type or municipality question: a group is named only with at least
 * minAnswers respondents, as in the breakdowns; the rest are counted together under OTHER_GROUPS,
 * which itself must hold at least minAnswers (else the smallest named group joins it), so no
 * subtraction gives a small group away.
 */
function namedGroups(counted: Tally, minAnswers: number): ResultRow[] {
	const named = counted.rows.filter((row) => row.count >= minAnswers);
	let rest = counted.answered - named.reduce((n, row) => n + row.count, 0);
	if (rest > 0 && rest < minAnswers && named.length) {
		const smallest = named.reduce((a, b) => (b.count < a.count ? b : a));
		named.splice(named.indexOf(smallest), 1);
		rest += smallest.count;
	}
	const share = (count: number) => (counted.answered ? count / counted.answered : 0);
	return rest > 0 ? [...named, { key: OTHER_GROUPS, count: rest, share: share(rest) }] : named;
}

/**
 * The cells of one question broken down by one breakdown question. A cell is shown from minAnswers
 * answers. Hiding a cell is not enough on its own: the question's total is shown, so the total
 * minus the shown cells gives the hidden cells away (together with those in no group). Whenever a
 * cell is hidden and that remainder is under minAnswers, the smallest shown cell is hidden too;
 * since a shown cell holds at least minAnswers answers, hiding one is always enough to bring the
 * remainder up to minAnswers. The number of "not applicable" per group is not given for the same
 * reason: the question's total of them minus the shown groups' would tell the hidden group's.
 */
function breakdownCells(
	question: Question,
	total: number,
	groups: string[],
	byGroup: Map<string, Answer[]>,
	minAnswers: number
): BreakdownCell[] {
	const tallies = groups.map((group) => ({ group, tally: tally(question, byGroup.get(group) ?? []) }));
	const hidden = new Set(tallies.filter((t) => t.tally.answered < minAnswers).map((t) => t.group));
	const shown = tallies.filter((t) => !hidden.has(t.group));
	const remainder = total - shown.reduce((n, t) => n + t.tally.answered, 0);
	if ((hidden.size > 0 || remainder > 0) && remainder < minAnswers && shown.length > 0) {
		const smallest = shown.reduce((a, b) => (b.tally.answered < a.tally.answered ? b : a));
		hidden.add(smallest.group);
	}
	return tallies.map(({ group, tally: counted }): BreakdownCell => {
		if (hidden.has(group)) return { group, suppressed: true };
		const cell: BreakdownCell = { group, suppressed: false, answered: counted.answered, rows: counted.rows };
		if (counted.mean !== undefined) cell.mean = counted.mean;
		if (counted.topTwoShare !== undefined) cell.topTwoShare = counted.topTwoShare;
		return cell;
	});
}

/**
 * A breakdown per breakdown question in the survey, over the choice questions whose own result is
 * shown. Breakdown questions are not broken down by each other: crossing two small groups is the
 * quickest way to point at one person.
 */
function breakdowns(
	questions: Question[],
	responses: ChoiceAnswers[],
	shownQuestions: Map<string, ChoiceQuestionResult>,
	minAnswers: number
): Breakdown[] {
	const out: Breakdown[] = [];
	for (const by of questions) {
		if (!isBreakdownKind(by.kind)) continue;
		const byGroup = new Map<string, ChoiceAnswers[]>();
		for (const response of responses) {
			const group = response[by.id];
			if (typeof group !== 'string' || group === NOT_APPLICABLE) continue;
			if (!byGroup.has(group)) byGroup.set(group, []);
			byGroup.get(group)!.push(response);
		}
		// A group with fewer respondents than minAnswers is not named at all: that someone from a
		// small municipality answered is already more than the results may say.
		const groups = [...byGroup.keys()].filter((g) => byGroup.get(g)!.length >= minAnswers).sort();
		const heldBack = groups.length < byGroup.size;
		const broken: BreakdownQuestion[] = [];
		for (const question of questions) {
			const result = shownQuestions.get(question.id);
			if (!result || result.suppressed || isBreakdownKind(question.kind)) continue;
			const answers = new Map(groups.map((g) => [g, byGroup.get(g)!.map((r) => r[question.id])]));
			broken.push({
				questionId: question.id,
				cells: breakdownCells(question, result.answered, groups, answers, minAnswers)
			});
		}
		out.push({ questionId: by.id, kind: by.kind, groups, heldBack, questions: broken });
	}
	return out;
}

export function computeResults(
	definition: SurveyDefinition,
	responses: ChoiceAnswers[],
	texts: (TextItem & { questionId: string })[],
	minAnswers: number
): SurveyResults {
	const answered = responses.length;
	const shown = answered >= minAnswers;
	if (!shown) return { answered, shown, minAnswers, questions: [], breakdowns: [] };
	const questions = allQuestions(definition);
	const choiceResults = new Map<string, ChoiceQuestionResult>();
	const results: QuestionResult[] = questions.map((question) => {
		if (isTextKind(question.kind)) {
			const own = texts.filter((text) => text.questionId === question.id);
			const suppressed = own.length < minAnswers;
			return {
				type: 'text',
				questionId: question.id,
				kind: question.kind,
				count: own.length,
				suppressed,
				texts: suppressed
					? []
					: own.map(({ id, text, quoteConsent, quotable }) => ({ id, text, quoteConsent, quotable }))
			};
		}
		const result = questionResult(
			question,
			responses.map((response) => response[question.id]),
			minAnswers
		);
		choiceResults.set(question.id, result);
		return result;
	});
	return {
		answered,
		shown,
		minAnswers,
		questions: results,
		breakdowns: breakdowns(questions, responses, choiceResults, minAnswers)
	};
}

/** The change of "always or often" / "agree" between two rounds, for the questions both show it for. */
export function compareTopTwo(current: SurveyResults, previous: SurveyResults): TopTwoChange[] {
	const before = new Map<string, number>();
	for (const result of previous.questions)
		if (result.type === 'choice' && result.topTwoShare !== undefined) before.set(result.questionId, result.topTwoShare);
	const out: TopTwoChange[] = [];
	for (const result of current.questions) {
		if (result.type !== 'choice' || result.topTwoShare === undefined) continue;
		const old = before.get(result.questionId);
		if (old === undefined) continue;
		out.push({
			questionId: result.questionId,
			current: result.topTwoShare,
			previous: old,
			change: result.topTwoShare - old
		});
	}
	return out;
}
