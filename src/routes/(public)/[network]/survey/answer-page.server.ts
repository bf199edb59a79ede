import { randomBytes } from 'node:crypto';
import { error, fail, redirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { locales } from '#lib/paraglide/runtime.js';
import type { Finding } from '#lib/server/pii/index.ts';
import type { PublicContext } from '#lib/server/platform/context.ts';
import { answerFieldsFrom } from '#lib/server/surveys/answers.ts';
import { maskAnswerTexts, type AnswerForm, type SubmitResult } from '#lib/server/surveys/answer-service.ts';
import { isTextKind, localText, surveyLocales, type LocalText } from '#lib/server/surveys/model.ts';

/**
 * What the two answer pages (a personal link, a survey's public link) share: the survey as the
 * page shows it, in the page's language; the form's refusals, with what was typed and where the
 * anonymity guard found personal details; "mask all"; and the thank-you redirect, which leaves the
 * token out of the address the respondent ends on.
 */

/** A text in the page's language and, when it fell back to another, that language for `lang`. */
export interface ShownText {
	text: string;
	lang?: string;
}

function shown(text: LocalText | undefined, locale: string): ShownText {
	const value = localText(text, locale);
	if (!text || !value) return { text: value };
	const own = surveyLocales.includes(locale as never) ? text[locale as keyof LocalText] : undefined;
	if (own) return { text: value };
	const used = (['sv', 'nb', 'en'] as const).find((l) => text[l] === value);
	return used && used !== locale ? { text: value, lang: used } : { text: value };
}

export interface QuestionView {
	id: string;
	kind: string;
	text: ShownText;
	help: ShownText | null;
	required: boolean;
	notApplicable: boolean;
	options: { id: string; text: ShownText }[];
	askQuoteConsent: boolean;
}

export interface AnswerView {
	state: AnswerForm['state'];
	title: string;
	description: string | null;
	closesOn: string | null;
	sections: { id: string; title: ShownText; intro: ShownText | null; questions: QuestionView[] }[];
	organisationTypes: { id: string; name: string }[];
	municipalities: { id: string; name: string }[];
}

export function answerView(form: AnswerForm, locale: string): AnswerView {
	const survey = form.survey!;
	const open = form.state === 'open';
	return {
		state: form.state,
		title: survey.title,
		description: survey.description,
		closesOn: survey.closesOn,
		// A closed or answered survey shows its title and the state only.
		sections: open
			? survey.definition.sections.map((section) => ({
					id: section.id,
					title: shown(section.title, locale),
					intro: section.intro ? shown(section.intro, locale) : null,
					questions: section.questions.map((question) => ({
						id: question.id,
						kind: question.kind,
						text: shown(question.text, locale),
						help: question.help && localText(question.help, locale) ? shown(question.help, locale) : null,
						required: question.required,
						notApplicable: question.notApplicable,
						options: (question.options ?? []).map((option) => ({ id: option.id, text: shown(option.text, locale) })),
						askQuoteConsent: isTextKind(question.kind) && question.askQuoteConsent === true
					}))
				}))
			: [],
		organisationTypes: form.organisationTypes,
		municipalities: form.municipalities
	};
}

/** A refused answer as the page shows it again. */
export interface AnswerFailure {
	values: Record<string, string[]>;
	errors: Record<string, string>;
	message?: string;
	/** Per answer field: its text cut where the guard found something, each finding with its kind. */
	findings?: Record<string, { text: string; type: string | null }[]>;
	/** After "mask all": how many answers were masked, for the respondent to read before sending. */
	masked?: number;
	state?: 'answered' | 'closed';
}

const answered = new WeakSet<Request>();

/**
 * The form, what was typed into it and the token in the address are nobody else's: no shared cache
 * may keep the page. Set once per request (SvelteKit refuses a header set twice, and a refused
 * post runs the action and then the load).
 */
export function keepPrivate(event: RequestEvent): void {
	if (answered.has(event.request)) return;
	answered.add(event.request);
	event.setHeaders({ 'cache-control': 'private, no-store' });
}

/** A link that leads nowhere: the same 404 for unknown, tampered and other networks' links. */
export function invalidLink(): never {
	error(404, { message: 'surveys_answer_invalid' });
}

function segmentsOf(text: string, findings: readonly Finding[]): { text: string; type: string | null }[] {
	const segments: { text: string; type: string | null }[] = [];
	let position = 0;
	for (const finding of [...findings].sort((a, b) => a.start - b.start)) {
		if (finding.start < position) continue;
		if (finding.start > position) segments.push({ text: text.slice(position, finding.start), type: null });
		segments.push({ text: text.slice(finding.start, finding.end), type: finding.type });
		position = finding.end;
	}
	if (position < text.length) segments.push({ text: text.slice(position), type: null });
	return segments;
}

/** The posted answers, without the button that sent them. */
export function postedAnswers(formData: FormData): { fields: Record<string, string[]>; mask: boolean } {
	const fields = answerFieldsFrom(formData);
	const mask = fields.intent?.[0] === 'mask';
	delete fields.intent;
	return { fields, mask };
}

/** "Mask all": the free texts masked and shown again to be read and sent; nothing is stored. */
export async function maskedAgain(pub: PublicContext, form: AnswerForm, fields: Record<string, string[]>) {
	const texts = new Set(
		(form.survey?.definition.sections ?? [])
			.flatMap((section) => section.questions)
			.filter((question) => isTextKind(question.kind))
			.map((question) => `q-${question.id}`)
	);
	const only = Object.fromEntries(Object.entries(fields).filter(([name]) => texts.has(name)));
	const masked = await maskAnswerTexts(pub, only);
	const changed = Object.keys(only).filter((name) => masked[name]?.[0] !== only[name]?.[0]).length;
	return fail(422, { values: { ...fields, ...masked }, errors: {}, masked: changed } satisfies AnswerFailure);
}

/** What the page does with a submission's outcome: thank, show the form's problems, or the link's state. */
export function afterSubmit(pub: PublicContext, result: SubmitResult, fields: Record<string, string[]>) {
	if (result.ok) redirect(303, localizedPath(`/${pub.network.slug}/survey/thanks`, pub.locale));
	if (result.state !== 'open') {
		if (result.state === 'invalid') invalidLink();
		const state = result.state;
		return fail(state === 'closed' ? 410 : 409, { values: {}, errors: {}, state } satisfies AnswerFailure);
	}
	const failure: AnswerFailure = { values: fields, errors: result.errors, message: result.error };
	if (result.findings) {
		failure.findings = {};
		for (const [field, findings] of Object.entries(result.findings))
			failure.findings[field] = segmentsOf(fields[field]?.[0]?.trim() ?? '', findings);
	}
	return fail(result.error === 'error_surveys_pii_check_failed' ? 503 : 422, failure);
}

/** The random mark that tells a browser which has answered a public link from one which has not. */
const MARK_COOKIE = 'survey_mark';
const MARK_SHAPE = /^[A-Za-z0-9_-]{43}$/;
/** About as long as browsers keep a cookie (400 days): a survey rarely stays open longer. */
const MARK_MAX_AGE = 400 * 24 * 60 * 60;

export function markOf(cookies: Cookies): string | null {
	const mark = cookies.get(MARK_COOKIE);
	return mark && MARK_SHAPE.test(mark) ? mark : null;
}

/**
 * Gives the browser a mark for this survey, kept for its address only, under every language's
 * prefix: the same page in another language must not hand out a second mark, and no other page
 * needs to see it.
 */
export function giveMark(event: RequestEvent, slug: string, publicToken: string): string {
	const mark = randomBytes(32).toString('base64url');
	for (const locale of locales)
		event.cookies.set(MARK_COOKIE, mark, {
			path: localizedPath(`/${slug}/survey/open/${publicToken}`, locale),
			httpOnly: true,
			sameSite: 'lax',
			secure: event.url.protocol === 'https:',
			maxAge: MARK_MAX_AGE
		});
	return mark;
}
