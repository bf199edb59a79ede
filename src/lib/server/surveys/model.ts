import type { Role } from '../../roles.ts';

/**
 * The words of the evaluations module (docs/product.md#evaluations): what a survey asks, whom it
 * asks, and what an answer can hold. A survey's questions are kept as one definition (JSON) on the
 * survey row, so a survey is read and copied whole; docs/decisions/023-anonymous-surveys.md says why
 * and how answers stay untraceable.
 */

export const surveyLocales = ['sv', 'nb', 'en'] as const;
export type SurveyLocale = (typeof surveyLocales)[number];

/** A text written in up to three languages; at least one is set. */
export type LocalText = Partial<Record<SurveyLocale, string>>;

export const questionKinds = [
	// always / often / sometimes / rarely / never
	'frequency',
	// strongly agree … strongly disagree
	'agreement',
	'single',
	'multiple',
	'rating5',
	'rating10',
	'short_text',
	'long_text',
	// "About you", optional: what the results may be broken down by (the directory's lists).
	'organisation_type',
	'municipality'
] as const;
export type QuestionKind = (typeof questionKinds)[number];

export const textKinds = ['short_text', 'long_text'] as const satisfies readonly QuestionKind[];
export const choiceKinds = ['single', 'multiple'] as const satisfies readonly QuestionKind[];
export const breakdownKinds = ['organisation_type', 'municipality'] as const satisfies readonly QuestionKind[];
export type BreakdownKind = (typeof breakdownKinds)[number];

/** The fixed scales, best first; stored answers are these keys. */
export const frequencyScale = ['always', 'often', 'sometimes', 'rarely', 'never'] as const;
export const agreementScale = ['agree_strongly', 'agree', 'neutral', 'disagree', 'disagree_strongly'] as const;

/** The share the half-year report quotes: "always or often", "agree or strongly agree". */
export const topTwo: Record<'frequency' | 'agreement', readonly string[]> = {
	frequency: ['always', 'often'],
	agreement: ['agree_strongly', 'agree']
};

/** The value stored when a respondent ticks "not applicable". */
export const NOT_APPLICABLE = 'na';

export interface ChoiceOption {
	/** Stable key, never reused within a question. */
	id: string;
	text: LocalText;
}

export interface Question {
	/** Stable key within the survey, never reused: answers refer to it. */
	id: string;
	kind: QuestionKind;
	text: LocalText;
	help?: LocalText;
	required: boolean;
	/** Offers "not applicable" beside the answers. */
	notApplicable: boolean;
	/** For single and multiple choice. */
	options?: ChoiceOption[];
	/** For free text: asks "May we quote this anonymously in our reports?". */
	askQuoteConsent?: boolean;
}

export interface Section {
	id: string;
	title: LocalText;
	intro?: LocalText;
	questions: Question[];
}

export interface SurveyDefinition {
	sections: Section[];
}

/**
 * One respondent's answers to everything but free text, by question id: a scale key, an option id,
 * option ids, a number, a directory id, or NOT_APPLICABLE. Free texts are stored apart, unlinked
 * from these (decision 023).
 */
export type ChoiceAnswers = Record<string, string | string[] | number>;

export interface TextAnswer {
	questionId: string;
	text: string;
	quoteConsent: boolean;
}

/** A respondent's answers, validated against the definition. */
export interface ValidAnswers {
	choices: ChoiceAnswers;
	texts: TextAnswer[];
}

export const audienceKinds = ['event', 'meeting', 'series', 'roles', 'public'] as const;
export type SurveyAudienceKind = (typeof audienceKinds)[number];

/** Of an event: those checked in, or everyone with a seat. */
export const eventScopes = ['checked_in', 'seated'] as const;
export type EventScope = (typeof eventScopes)[number];

/** Of a meeting or a series: the invited, or those marked present. */
export const meetingScopes = ['invited', 'present'] as const;
export type MeetingScope = (typeof meetingScopes)[number];

export const surveyRoles = ['admin', 'coordinator', 'communicator', 'member'] as const satisfies readonly Role[];

export const surveyStatuses = ['draft', 'open', 'closed'] as const;
export type SurveyStatus = (typeof surveyStatuses)[number];

/** Results are shown from this many answers; a network may raise it, never lower it below the floor. */
export const DEFAULT_MIN_ANSWERS = 5;
export const MIN_ANSWERS_FLOOR = 3;
export const MAX_REMINDERS = 2;
export const MAX_TEXT_ANSWER = 4000;
export const MAX_QUESTIONS = 80;

export const shippedTemplateKeys = ['meeting_usefulness', 'training', 'digital_training'] as const;
export type ShippedTemplateKey = (typeof shippedTemplateKeys)[number];

/** The text of a local text in a language, falling back to the other languages. */
export function localText(text: LocalText | undefined, locale: string): string {
	if (!text) return '';
	const preferred = surveyLocales.includes(locale as SurveyLocale) ? (locale as SurveyLocale) : 'sv';
	return text[preferred] ?? text.sv ?? text.nb ?? text.en ?? '';
}

export function allQuestions(definition: SurveyDefinition): Question[] {
	return definition.sections.flatMap((section) => section.questions);
}

export function isTextKind(kind: QuestionKind): kind is (typeof textKinds)[number] {
	return (textKinds as readonly string[]).includes(kind);
}

export function isBreakdownKind(kind: QuestionKind): kind is BreakdownKind {
	return (breakdownKinds as readonly string[]).includes(kind);
}
