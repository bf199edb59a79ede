import { m } from '#lib/paraglide/messages.js';
import type { Locale } from '#lib/paraglide/runtime.js';

/**
 * The words of a survey's fixed answers and kinds of question, in the page's language: the scale
 * steps, "not applicable" and the kinds. Shared by the answer form (a public page, so every word is
 * in Finnish too) and the results; the server, drawing charts and CSV, names the locale.
 */

type Label = (inputs?: Record<string, never>, options?: { locale?: Locale }) => string;

const scale: Record<string, Label> = {
	always: m.surveys_answer_scale_always,
	often: m.surveys_answer_scale_often,
	sometimes: m.surveys_answer_scale_sometimes,
	rarely: m.surveys_answer_scale_rarely,
	never: m.surveys_answer_scale_never,
	agree_strongly: m.surveys_answer_scale_agree_strongly,
	agree: m.surveys_answer_scale_agree,
	neutral: m.surveys_answer_scale_neutral,
	disagree: m.surveys_answer_scale_disagree,
	disagree_strongly: m.surveys_answer_scale_disagree_strongly
};

const kinds: Record<string, Label> = {
	frequency: m.surveys_answer_kind_frequency,
	agreement: m.surveys_answer_kind_agreement,
	single: m.surveys_answer_kind_single,
	multiple: m.surveys_answer_kind_multiple,
	rating5: m.surveys_answer_kind_rating5,
	rating10: m.surveys_answer_kind_rating10,
	short_text: m.surveys_answer_kind_short_text,
	long_text: m.surveys_answer_kind_long_text,
	organisation_type: m.surveys_answer_kind_organisation_type,
	municipality: m.surveys_answer_kind_municipality
};

/** A scale step's words ("Often", "Strongly agree"); any other key as it is (a rating's number). */
export function scaleLabel(key: string, locale?: Locale): string {
	return scale[key]?.({}, { locale }) ?? key;
}

export function notApplicableLabel(locale?: Locale): string {
	return m.surveys_answer_not_applicable({}, { locale });
}

export function questionKindLabel(kind: string, locale?: Locale): string {
	return kinds[kind]?.({}, { locale }) ?? kind;
}
