import { withParams } from '#lib/message-keys.ts';
import {
	agreementScale,
	allQuestions,
	frequencyScale,
	isTextKind,
	MAX_TEXT_ANSWER,
	NOT_APPLICABLE,
	type ChoiceAnswers,
	type Question,
	type SurveyDefinition,
	type TextAnswer,
	type ValidAnswers
} from './model.ts';

/**
 * A respondent's posted form, checked against the survey's definition. The form has a field
 * `q-<questionId>` per question and `consent-<questionId>` (value `on`) where a free text asks for
 * consent to be quoted. Every problem is reported at once, per field, as a message key.
 */

export const QUESTION_FIELD = 'q-';
export const CONSENT_FIELD = 'consent-';

export const questionField = (questionId: string) => `${QUESTION_FIELD}${questionId}`;
export const consentField = (questionId: string) => `${CONSENT_FIELD}${questionId}`;

export interface AnswerLists {
	organisationTypeIds: ReadonlySet<string>;
	municipalityIds: ReadonlySet<string>;
}

export type ReadAnswers =
	{ ok: true; value: ValidAnswers } | { ok: false; errors: Record<string, string>; message: string };

/** The posted fields by name, with every value of a repeated field (the boxes of a multiple choice). */
export function answerFieldsFrom(formData: FormData): Record<string, string[]> {
	const fields: Record<string, string[]> = {};
	for (const [name, value] of formData) {
		if (typeof value !== 'string') continue;
		(fields[name] ??= []).push(value);
	}
	return fields;
}

type One = { value: string | number } | { error: string } | null;

function ratingOf(value: string, min: number, max: number): number | null {
	if (!/^\d{1,2}$/.test(value)) return null;
	const n = Number(value);
	return n >= min && n <= max ? n : null;
}

/** The single value of a question that takes one, or null when the value is none of its answers. */
function singleValue(question: Question, value: string, lists: AnswerLists): string | number | null {
	if (value === NOT_APPLICABLE) return question.notApplicable ? NOT_APPLICABLE : null;
	switch (question.kind) {
		case 'frequency':
			return (frequencyScale as readonly string[]).includes(value) ? value : null;
		case 'agreement':
			return (agreementScale as readonly string[]).includes(value) ? value : null;
		case 'single':
			return question.options?.some((option) => option.id === value) ? value : null;
		case 'rating5':
			return ratingOf(value, 1, 5);
		case 'rating10':
			return ratingOf(value, 0, 10);
		case 'organisation_type':
			return lists.organisationTypeIds.has(value) ? value : null;
		case 'municipality':
			return lists.municipalityIds.has(value) ? value : null;
		default:
			return null;
	}
}

/**
 * The answer of one choice question. Empty values are what an untouched select or a cleared field
 * sends, so they count as no answer; a second value for a question that takes one can only come
 * from a changed form, and is refused rather than guessed at.
 */
function choiceAnswer(question: Question, raw: string[], lists: AnswerLists): One | { values: string[] } {
	const values = raw.filter((value) => value !== '');
	if (values.length === 0) return null;
	if (question.kind === 'multiple') {
		if (new Set(values).size !== values.length) return { error: 'error_surveys_answer_duplicate' };
		if (values.includes(NOT_APPLICABLE))
			return question.notApplicable && values.length === 1
				? { value: NOT_APPLICABLE }
				: { error: 'error_surveys_answer_invalid' };
		const known = new Set(question.options?.map((option) => option.id));
		return values.every((value) => known.has(value)) ? { values } : { error: 'error_surveys_answer_invalid' };
	}
	if (values.length > 1) return { error: 'error_surveys_answer_duplicate' };
	const value = singleValue(question, values[0], lists);
	return value === null ? { error: 'error_surveys_answer_invalid' } : { value };
}

/**
 * Free text is taken as typed (trimmed): "na" written in a text box is a text, since a free text
 * offers no "not applicable" (leaving it empty says the same).
 */
function textAnswer(question: Question, raw: string[], consent: string[]): { error: string } | TextAnswer | null {
	const nonEmpty = raw.map((value) => value.trim()).filter(Boolean);
	if (nonEmpty.length === 0) return null;
	if (nonEmpty.length > 1) return { error: 'error_surveys_answer_duplicate' };
	const text = nonEmpty[0];
	if (text.length > MAX_TEXT_ANSWER)
		return { error: withParams('error_surveys_answer_too_long', { max: MAX_TEXT_ANSWER }) };
	return { questionId: question.id, text, quoteConsent: question.askQuoteConsent === true && consent.includes('on') };
}

export function readAnswers(
	definition: SurveyDefinition,
	fields: Record<string, string[]>,
	lists: AnswerLists
): ReadAnswers {
	const questions = new Map(allQuestions(definition).map((question) => [question.id, question]));
	const errors: Record<string, string> = {};
	let outdated = false;
	// A field for a question the survey does not have means the form is not this survey's form.
	for (const name of Object.keys(fields)) {
		const id = name.startsWith(QUESTION_FIELD)
			? name.slice(QUESTION_FIELD.length)
			: name.startsWith(CONSENT_FIELD)
				? name.slice(CONSENT_FIELD.length)
				: null;
		if (id !== null && !questions.has(id)) {
			errors[name] = 'error_surveys_unknown_question';
			outdated = true;
		}
	}
	const choices: ChoiceAnswers = {};
	const texts: TextAnswer[] = [];
	for (const question of questions.values()) {
		const field = questionField(question.id);
		const raw = fields[field] ?? [];
		const answer = isTextKind(question.kind)
			? textAnswer(question, raw, fields[consentField(question.id)] ?? [])
			: choiceAnswer(question, raw, lists);
		if (answer === null) {
			if (question.required) errors[field] = 'error_surveys_answer_required';
		} else if ('error' in answer) errors[field] = answer.error;
		else if ('values' in answer) choices[question.id] = answer.values;
		else if ('value' in answer) choices[question.id] = answer.value;
		else texts.push(answer);
	}
	if (Object.keys(errors).length)
		return { ok: false, errors, message: outdated ? 'error_surveys_form_outdated' : 'error_surveys_answers_invalid' };
	return { ok: true, value: { choices, texts } };
}
