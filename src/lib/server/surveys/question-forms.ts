import { z } from 'zod';
import { whenParsed } from '../platform/http.ts';
import type { OptionInput, QuestionInput, SectionInput } from './definition.ts';
import { choiceKinds, isTextKind, questionKinds, surveyLocales, type LocalText, type Question } from './model.ts';

/**
 * The forms of the survey editor; messages are catalogue keys. A text is written once per survey
 * language (`text_sv`, `text_nb`, `text_en`, …) and at least one language is needed; choices are
 * one textarea per language with one choice per line, matched across the languages by line.
 */

export const MAX_QUESTION_TEXT = 500;
export const MAX_HELP_TEXT = 1000;
export const MAX_OPTION_TEXT = 300;
export const MAX_SECTION_TITLE = 200;
export const MAX_SECTION_INTRO = 2000;

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, 'error_too_long')
		.optional()
		.transform((v) => (v ? v : null));

const checkbox = z
	.union([z.string(), z.boolean()])
	.optional()
	.transform((v) => v === true || v === 'on' || v === 'true');

/** One choice per line; the lines keep their places (an empty line is a choice not written in this language). */
const optionLines = z
	.string()
	.optional()
	.transform((v) => lines(v ?? ''))
	.refine((all) => all.length <= 100, 'error_surveys_options_count')
	.refine((all) => all.every((line) => line.length <= MAX_OPTION_TEXT), 'error_surveys_option_too_long');

function lines(text: string): string[] {
	const all = text.split(/\r?\n/).map((line) => line.trim());
	while (all.length && !all[all.length - 1]) all.pop();
	return all;
}

const anyOf = (...values: (string | null)[]) => values.some(Boolean);

export const questionFormSchema = z
	.object({
		kind: z.enum(questionKinds, 'error_surveys_kind_invalid'),
		text_sv: optionalText(MAX_QUESTION_TEXT),
		text_nb: optionalText(MAX_QUESTION_TEXT),
		text_en: optionalText(MAX_QUESTION_TEXT),
		help_sv: optionalText(MAX_HELP_TEXT),
		help_nb: optionalText(MAX_HELP_TEXT),
		help_en: optionalText(MAX_HELP_TEXT),
		required: checkbox,
		not_applicable: checkbox,
		options_sv: optionLines,
		options_nb: optionLines,
		options_en: optionLines,
		ask_quote_consent: checkbox
	})
	.refine((f) => anyOf(f.text_sv, f.text_nb, f.text_en), {
		path: ['text_sv'],
		message: 'error_surveys_question_text_required',
		when: whenParsed('text_sv', 'text_nb', 'text_en')
	});
export type QuestionForm = z.infer<typeof questionFormSchema>;

export const sectionFormSchema = z
	.object({
		title_sv: optionalText(MAX_SECTION_TITLE),
		title_nb: optionalText(MAX_SECTION_TITLE),
		title_en: optionalText(MAX_SECTION_TITLE),
		intro_sv: optionalText(MAX_SECTION_INTRO),
		intro_nb: optionalText(MAX_SECTION_INTRO),
		intro_en: optionalText(MAX_SECTION_INTRO)
	})
	.refine((f) => anyOf(f.title_sv, f.title_nb, f.title_en), {
		path: ['title_sv'],
		message: 'error_surveys_section_title_required',
		when: whenParsed('title_sv', 'title_nb', 'title_en')
	});
export type SectionForm = z.infer<typeof sectionFormSchema>;

function localText(values: object, prefix: string): LocalText {
	const text: LocalText = {};
	for (const locale of surveyLocales) {
		const value = (values as Record<string, unknown>)[`${prefix}_${locale}`];
		if (typeof value === 'string' && value) text[locale] = value;
	}
	return text;
}

/**
 * The choices of the form: line i of every language is choice i. A line left empty in every
 * language is no choice (a removed line), so the rows after it move up. On an update the choices
 * keep the ids of the question's choices at the same places, so answers stay with their choice when
 * only the wording of a line changes.
 */
export function optionsFromLines(
	byLocale: Partial<Record<(typeof surveyLocales)[number], string[]>>,
	previous?: Question
): OptionInput[] {
	const count = Math.max(0, ...surveyLocales.map((locale) => byLocale[locale]?.length ?? 0));
	const rows: LocalText[] = [];
	for (let i = 0; i < count; i++) {
		const text: LocalText = {};
		for (const locale of surveyLocales) {
			const line = byLocale[locale]?.[i];
			if (line) text[locale] = line;
		}
		if (Object.keys(text).length) rows.push(text);
	}
	return rows.map((text, i) => {
		const id = previous?.options?.[i]?.id;
		return id ? { id, text } : { text };
	});
}

/**
 * The input of addQuestion / updateQuestion. Choices count only for choice kinds and quote consent
 * only for free text, so lines left in a field the editor hid after a change of kind are no error;
 * "not applicable" means nothing for free text, which can simply be left empty.
 */
export function questionInputFromForm(form: QuestionForm, previous?: Question): QuestionInput {
	const input: QuestionInput = {
		kind: form.kind,
		text: localText(form, 'text'),
		required: form.required,
		notApplicable: form.not_applicable && !isTextKind(form.kind)
	};
	const help = localText(form, 'help');
	if (Object.keys(help).length) input.help = help;
	if ((choiceKinds as readonly string[]).includes(form.kind))
		input.options = optionsFromLines({ sv: form.options_sv, nb: form.options_nb, en: form.options_en }, previous);
	if (isTextKind(form.kind) && form.ask_quote_consent) input.askQuoteConsent = true;
	return input;
}

export function sectionInputFromForm(form: SectionForm): SectionInput {
	const intro = localText(form, 'intro');
	return Object.keys(intro).length ? { title: localText(form, 'title'), intro } : { title: localText(form, 'title') };
}

/** The editor's fields for an existing question, to fill the form with. */
export function questionFormValues(question: Question): Record<string, string> {
	const values: Record<string, string> = { kind: question.kind };
	for (const locale of surveyLocales) {
		values[`text_${locale}`] = question.text[locale] ?? '';
		values[`help_${locale}`] = question.help?.[locale] ?? '';
		values[`options_${locale}`] = (question.options ?? []).map((option) => option.text[locale] ?? '').join('\n');
	}
	if (question.required) values.required = 'on';
	if (question.notApplicable) values.not_applicable = 'on';
	if (question.askQuoteConsent) values.ask_quote_consent = 'on';
	return values;
}
