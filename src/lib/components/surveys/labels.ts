import { m } from '#lib/paraglide/messages.js';

/**
 * The words of a survey's fixed answers and kinds of question, in the page's language, for every
 * page that shows a survey: the editor, the respondent's form and the results. Stored answers are
 * the scale keys of `model.ts`; this file stays on the shared floor, so it names them itself.
 */

export type ScaleKind = 'frequency' | 'agreement';

const scaleWords: Record<ScaleKind, Record<string, () => string>> = {
	frequency: {
		always: m.surveys_label_always,
		often: m.surveys_label_often,
		sometimes: m.surveys_label_sometimes,
		rarely: m.surveys_label_rarely,
		never: m.surveys_label_never
	},
	agreement: {
		agree_strongly: m.surveys_label_agree_strongly,
		agree: m.surveys_label_agree,
		neutral: m.surveys_label_neutral,
		disagree: m.surveys_label_disagree,
		disagree_strongly: m.surveys_label_disagree_strongly
	}
};

/** The answers of a scale, best first, with their words: `[{ key: 'always', label: 'Alltid' }, …]`. */
export function scaleLabels(kind: ScaleKind): { key: string; label: string }[] {
	return Object.entries(scaleWords[kind]).map(([key, label]) => ({ key, label: label() }));
}

/** One answer of a scale ("often" → "Ofta"); "na" is "not applicable"; an unknown key is shown as is. */
export function scaleLabel(kind: ScaleKind, key: string): string {
	if (key === 'na') return notApplicableLabel();
	return scaleWords[kind][key]?.() ?? key;
}

export function notApplicableLabel(): string {
	return m.surveys_label_not_applicable();
}

/** The "top two" answers of a scale as one phrase: "alltid eller ofta", "instämmer helt eller delvis". */
export function topTwoLabel(kind: ScaleKind): string {
	return kind === 'frequency' ? m.surveys_label_top_two_frequency() : m.surveys_label_top_two_agreement();
}

const kindWords: Record<string, { name: () => string; about: () => string }> = {
	frequency: { name: m.surveys_label_kind_frequency, about: m.surveys_label_kind_frequency_about },
	agreement: { name: m.surveys_label_kind_agreement, about: m.surveys_label_kind_agreement_about },
	single: { name: m.surveys_label_kind_single, about: m.surveys_label_kind_single_about },
	multiple: { name: m.surveys_label_kind_multiple, about: m.surveys_label_kind_multiple_about },
	rating5: { name: m.surveys_label_kind_rating5, about: m.surveys_label_kind_rating5_about },
	rating10: { name: m.surveys_label_kind_rating10, about: m.surveys_label_kind_rating10_about },
	short_text: { name: m.surveys_label_kind_short_text, about: m.surveys_label_kind_short_text_about },
	long_text: { name: m.surveys_label_kind_long_text, about: m.surveys_label_kind_long_text_about },
	organisation_type: {
		name: m.surveys_label_kind_organisation_type,
		about: m.surveys_label_kind_organisation_type_about
	},
	municipality: { name: m.surveys_label_kind_municipality, about: m.surveys_label_kind_municipality_about }
};

/** A kind of question's name ("Hur ofta"); an unknown kind is shown as is. */
export function kindLabel(kind: string): string {
	return kindWords[kind]?.name() ?? kind;
}

/** One sentence on what a kind of question asks and how it is answered. */
export function kindExplanation(kind: string): string {
	return kindWords[kind]?.about() ?? '';
}

/** The lowest and highest answer of a rating question: 5 or 10. */
export function ratingMax(kind: string): number | null {
	return kind === 'rating5' ? 5 : kind === 'rating10' ? 10 : null;
}

/** A survey's status in words. */
export function statusLabel(status: string): string {
	return (
		{ draft: m.surveys_label_status_draft, open: m.surveys_label_status_open, closed: m.surveys_label_status_closed }[
			status
		] ?? m.surveys_label_status_draft
	)();
}

/** Whom a survey asks, in words. */
export function audienceLabel(kind: string): string {
	return (
		{
			event: m.surveys_label_audience_event,
			meeting: m.surveys_label_audience_meeting,
			series: m.surveys_label_audience_series,
			roles: m.surveys_label_audience_roles,
			public: m.surveys_label_audience_public
		}[kind] ?? m.surveys_label_audience_roles
	)();
}

/** The language names the editor labels its fields with. */
export function languageName(locale: string): string {
	return (
		{ sv: m.surveys_label_language_sv, nb: m.surveys_label_language_nb, en: m.surveys_label_language_en }[locale] ??
		m.surveys_label_language_sv
	)();
}

/**
 * A survey's text in the page's language, falling back to the others (the same order as the
 * server's `localText`, which the browser cannot import).
 */
export function textIn(text: Partial<Record<string, string>> | undefined, locale: string): string {
	if (!text) return '';
	return text[locale] || text.sv || text.nb || text.en || '';
}
