import { failure, ok, type Result } from '../platform/result.ts';
import {
	allQuestions,
	breakdownKinds,
	isBreakdownKind,
	choiceKinds,
	isTextKind,
	MAX_QUESTIONS,
	questionKinds,
	surveyLocales,
	type ChoiceOption,
	type LocalText,
	type Question,
	type QuestionKind,
	type Section,
	type SurveyDefinition
} from './model.ts';
import { withParams } from '#lib/message-keys.ts';

/**
 * Edits of a survey's definition, as pure functions: each returns a new definition (the input is
 * never changed) or a refusal with a message key and the editor's field it belongs to.
 *
 * Once a survey has answers (`answered`), the answers given must keep meaning what they meant: an
 * existing question or choice cannot be removed, change kind, or be reworded, and a section holding
 * questions cannot be removed. New questions and sections can still be added, and anything can be
 * reordered, since order changes no answer. A question's help text, whether it is required and
 * whether it offers "not applicable" may change: they guide the next respondent without changing
 * what an earlier answer says.
 */

export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 20;

export interface SectionInput {
	title: LocalText;
	intro?: LocalText;
}

/** An option without an id is new and gets one. */
export interface OptionInput {
	id?: string;
	text: LocalText;
}

export interface QuestionInput {
	kind: QuestionKind;
	text: LocalText;
	help?: LocalText;
	required: boolean;
	notApplicable: boolean;
	options?: OptionInput[];
	askQuoteConsent?: boolean;
}

export type Direction = 'up' | 'down';

/** The languages that have a text, trimmed; empty ones are left out so "at least one" means something. */
export function cleanText(text: LocalText | undefined): LocalText {
	const out: LocalText = {};
	for (const locale of surveyLocales) {
		const value = text?.[locale]?.trim();
		if (value) out[locale] = value;
	}
	return out;
}

export const hasText = (text: LocalText | undefined): boolean => Object.keys(cleanText(text)).length > 0;

export function sameText(a: LocalText | undefined, b: LocalText | undefined): boolean {
	const x = cleanText(a);
	const y = cleanText(b);
	return surveyLocales.every((locale) => x[locale] === y[locale]);
}

const isChoiceKind = (kind: QuestionKind) => (choiceKinds as readonly string[]).includes(kind);

/** Every id in use: sections, questions and options share one space, so no new id can be confused with an old one. */
function idsOf(definition: SurveyDefinition): Set<string> {
	const ids = new Set<string>();
	for (const section of definition.sections) {
		ids.add(section.id);
		for (const question of section.questions) {
			ids.add(question.id);
			for (const option of question.options ?? []) ids.add(option.id);
		}
	}
	return ids;
}

export function newId(taken: Set<string>): string {
	for (;;) {
		const id = crypto.randomUUID().slice(0, 8);
		if (!taken.has(id)) {
			taken.add(id);
			return id;
		}
	}
}

const copy = (definition: SurveyDefinition): SurveyDefinition => structuredClone(definition);

/** A question on its own: kind, text, options for choices only, consent to quote for free text only. */
export function validateQuestion(question: Question): Result<Question> {
	if (!questionKinds.includes(question.kind)) return failure('error_surveys_kind_invalid', 'kind');
	if (!hasText(question.text)) return failure('error_surveys_question_text_required', 'text_sv');
	const options = question.options ?? [];
	if (isChoiceKind(question.kind)) {
		if (options.length < MIN_OPTIONS || options.length > MAX_OPTIONS)
			return failure('error_surveys_options_count', 'options_sv');
		if (options.some((option) => !hasText(option.text)))
			return failure('error_surveys_option_text_required', 'options_sv');
		if (new Set(options.map((option) => option.id)).size !== options.length || options.some((option) => !option.id))
			return failure('error_surveys_ids_duplicate', 'options_sv');
	} else if (options.length > 0) return failure('error_surveys_options_not_allowed', 'options_sv');
	if (question.askQuoteConsent && !isTextKind(question.kind))
		return failure('error_surveys_quote_consent_text_only', 'ask_quote_consent');
	// Saying where one works can point to oneself in a small network: never required (decision 023).
	if (isBreakdownKind(question.kind) && question.required)
		return failure('error_surveys_about_you_optional', 'required');
	return ok(question);
}

/** A whole definition, as loaded from a form, a template or a stored survey. */
export function validateDefinition(definition: SurveyDefinition): Result<SurveyDefinition> {
	const ids = new Set<string>();
	const taken = (id: string) => !id || ids.has(id) || !ids.add(id);
	for (const section of definition.sections) {
		if (taken(section.id)) return failure('error_surveys_ids_duplicate');
		if (!hasText(section.title)) return failure('error_surveys_section_title_required', 'title_sv');
		for (const question of section.questions) {
			if (taken(question.id)) return failure('error_surveys_ids_duplicate');
			const valid = validateQuestion(question);
			if (!valid.ok) return valid;
		}
	}
	const questions = allQuestions(definition);
	if (questions.length > MAX_QUESTIONS)
		return failure(withParams('error_surveys_too_many_questions', { max: MAX_QUESTIONS }));
	// Two municipality questions would give two contradicting breakdowns of the same answers.
	for (const kind of breakdownKinds)
		if (questions.filter((question) => question.kind === kind).length > 1)
			return failure('error_surveys_breakdown_twice', 'kind');
	return ok(definition);
}

function sectionInput(input: SectionInput): Result<Pick<Section, 'title' | 'intro'>> {
	const title = cleanText(input.title);
	if (!hasText(title)) return failure('error_surveys_section_title_required', 'title_sv');
	const intro = cleanText(input.intro);
	return ok(hasText(intro) ? { title, intro } : { title });
}

export function addSection(definition: SurveyDefinition, input: SectionInput): Result<SurveyDefinition> {
	const fields = sectionInput(input);
	if (!fields.ok) return fields;
	const next = copy(definition);
	next.sections.push({ id: newId(idsOf(definition)), ...fields.value, questions: [] });
	return ok(next);
}

/** Titles and intros may change after answers: they frame the questions without changing what was answered. */
export function updateSection(
	definition: SurveyDefinition,
	sectionId: string,
	input: SectionInput
): Result<SurveyDefinition> {
	const fields = sectionInput(input);
	if (!fields.ok) return fields;
	const next = copy(definition);
	const section = next.sections.find((s) => s.id === sectionId);
	if (!section) return failure('error_surveys_section_not_found');
	section.title = fields.value.title;
	if (fields.value.intro) section.intro = fields.value.intro;
	else delete section.intro;
	return ok(next);
}

/** An empty section may go even after answers: no answer refers to it. */
export function removeSection(
	definition: SurveyDefinition,
	sectionId: string,
	answered: boolean
): Result<SurveyDefinition> {
	const section = definition.sections.find((s) => s.id === sectionId);
	if (!section) return failure('error_surveys_section_not_found');
	if (answered && section.questions.length > 0) return failure('error_surveys_answered_section_frozen');
	const next = copy(definition);
	next.sections = next.sections.filter((s) => s.id !== sectionId);
	return ok(next);
}

function swap<T>(items: T[], index: number, direction: Direction): boolean {
	const other = direction === 'up' ? index - 1 : index + 1;
	if (index < 0 || other < 0 || other >= items.length) return false;
	[items[index], items[other]] = [items[other], items[index]];
	return true;
}

/** Moving the first section up (or the last down) leaves the order as it is. */
export function moveSection(
	definition: SurveyDefinition,
	sectionId: string,
	direction: Direction
): Result<SurveyDefinition> {
	const next = copy(definition);
	const index = next.sections.findIndex((s) => s.id === sectionId);
	if (index < 0) return failure('error_surveys_section_not_found');
	swap(next.sections, index, direction);
	return ok(next);
}

/** The question an input describes, with options matched to `previous` ones by the ids they carry. */
function buildQuestion(id: string, input: QuestionInput, taken: Set<string>): Question {
	const question: Question = {
		id,
		kind: input.kind,
		text: cleanText(input.text),
		required: input.required,
		notApplicable: input.notApplicable
	};
	const help = cleanText(input.help);
	if (hasText(help)) question.help = help;
	if (input.options?.length)
		question.options = input.options.map((option): ChoiceOption => ({
			id: option.id || newId(taken),
			text: cleanText(option.text)
		}));
	if (input.askQuoteConsent) question.askQuoteConsent = true;
	return question;
}

export function addQuestion(
	definition: SurveyDefinition,
	sectionId: string,
	input: QuestionInput
): Result<SurveyDefinition> {
	if (allQuestions(definition).length >= MAX_QUESTIONS)
		return failure(withParams('error_surveys_too_many_questions', { max: MAX_QUESTIONS }));
	const taken = idsOf(definition);
	const question = validateQuestion(buildQuestion(newId(taken), input, taken));
	if (!question.ok) return question;
	const next = copy(definition);
	const section = next.sections.find((s) => s.id === sectionId);
	if (!section) return failure('error_surveys_section_not_found');
	section.questions.push(question.value);
	const valid = validateDefinition(next);
	return valid.ok ? ok(next) : valid;
}

function sameOptions(a: ChoiceOption[] | undefined, b: ChoiceOption[] | undefined): boolean {
	const x = a ?? [];
	const y = b ?? [];
	return x.length === y.length && x.every((option, i) => option.id === y[i].id && sameText(option.text, y[i].text));
}

/** With answers, what a given answer means stays: kind, text and choices are kept as they were. */
export function updateQuestion(
	definition: SurveyDefinition,
	questionId: string,
	input: QuestionInput,
	answered: boolean
): Result<SurveyDefinition> {
	const next = copy(definition);
	const section = next.sections.find((s) => s.questions.some((q) => q.id === questionId));
	if (!section) return failure('error_surveys_question_not_found');
	const index = section.questions.findIndex((q) => q.id === questionId);
	const previous = section.questions[index];
	const taken = idsOf(definition);
	// An option id from the form that this question never had would let one question claim another's id.
	const own = new Set((previous.options ?? []).map((option) => option.id));
	const options = input.options?.map((option) => (option.id && own.has(option.id) ? option : { text: option.text }));
	const question = validateQuestion(buildQuestion(questionId, { ...input, options }, taken));
	if (!question.ok) return question;
	if (answered) {
		if (question.value.kind !== previous.kind) return failure('error_surveys_answered_frozen', 'kind');
		if (!sameText(question.value.text, previous.text)) return failure('error_surveys_answered_frozen', 'text_sv');
		if (!sameOptions(question.value.options, previous.options))
			return failure('error_surveys_answered_frozen', 'options_sv');
	}
	section.questions[index] = question.value;
	const valid = validateDefinition(next);
	return valid.ok ? ok(next) : valid;
}

export function removeQuestion(
	definition: SurveyDefinition,
	questionId: string,
	answered: boolean
): Result<SurveyDefinition> {
	if (!allQuestions(definition).some((q) => q.id === questionId)) return failure('error_surveys_question_not_found');
	if (answered) return failure('error_surveys_answered_frozen');
	const next = copy(definition);
	for (const section of next.sections) section.questions = section.questions.filter((q) => q.id !== questionId);
	return ok(next);
}

/**
 * One step up or down; from the top of a section up it goes to the end of the section before, from
 * the bottom down to the start of the next, so a question can reach any place with these steps alone.
 */
export function moveQuestion(
	definition: SurveyDefinition,
	questionId: string,
	direction: Direction
): Result<SurveyDefinition> {
	const next = copy(definition);
	const sectionIndex = next.sections.findIndex((s) => s.questions.some((q) => q.id === questionId));
	if (sectionIndex < 0) return failure('error_surveys_question_not_found');
	const questions = next.sections[sectionIndex].questions;
	const index = questions.findIndex((q) => q.id === questionId);
	if (swap(questions, index, direction)) return ok(next);
	const neighbour = next.sections[direction === 'up' ? sectionIndex - 1 : sectionIndex + 1];
	if (!neighbour) return ok(next);
	const [question] = questions.splice(index, 1);
	if (direction === 'up') neighbour.questions.push(question);
	else neighbour.questions.unshift(question);
	return ok(next);
}
