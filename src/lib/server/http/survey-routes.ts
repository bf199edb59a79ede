import type { IncomingMessage } from 'node:http';
import { localizedPath } from '#lib/i18n.ts';
import { app } from '../app.ts';
import { publicContextFor } from '../context.ts';
import { isCrossSiteFormPost } from '../csrf.ts';
import type { Locale } from '../platform/context.ts';
import { setupIsDone } from '../setup-gate.ts';
import { submitAnswer } from '../surveys/answer-service.ts';
import { asRequest, type FastRoute } from './front-door.ts';
import { hasAppCookie } from './render-cache-handle.ts';

/**
 * A survey's answer form at the front door (front-door.ts), for the moment a survey goes out and
 * most of its recipients answer within the hour. It serves only the plain case — a form post
 * without JavaScript enhancement from our own origin — and only its outcomes that need no page: the
 * answer stored (to the thank-you page), or the link already used or closed (back to the link,
 * whose page says so). Everything else — a refusal to show with what was typed, "mask all", an
 * unknown link — goes to SvelteKit's route (src/routes/(public)/[network]/survey/[token]), which
 * stays the reference and writes nothing for it.
 */

interface AnswerPath {
	locale: Locale;
	slug: string;
	token: string;
}

export const SURVEY_ANSWER_ROUTE = '/(public)/[network]/survey/[token]';
const ANSWER_PATH = /^(?:\/(nb|en|fi))?\/([a-z0-9]+(?:-[a-z0-9]+)*)\/survey\/([A-Za-z0-9_-]{43})$/;

/** A survey of 80 questions with long free texts fits; anything much longer is not an answer. */
const FORM_LIMIT = 64 * 1024;

export const surveyAnswerRoute: FastRoute<AnswerPath> = {
	route: SURVEY_ANSWER_ROUTE,
	match(req: IncomingMessage, pathname: string) {
		if (req.method !== 'POST') return null;
		const found = ANSWER_PATH.exec(pathname);
		return found ? { locale: (found[1] as Locale | undefined) ?? 'sv', slug: found[2], token: found[3] } : null;
	},
	async serve(visit, path) {
		const type = (visit.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
		const length = Number(visit.header('content-length'));
		if (
			visit.search ||
			type !== 'application/x-www-form-urlencoded' ||
			!(length > 0 && length <= FORM_LIMIT) ||
			visit.header('x-sveltekit-action') !== null ||
			(visit.header('accept') ?? '').includes('application/json') ||
			hasAppCookie(visit.header('cookie')) ||
			isCrossSiteFormPost(asRequest(visit), app().publicOrigin) ||
			!(await setupIsDone())
		)
			return visit.pass();
		visit.locale = path.locale;
		const body = await visit.readBody(FORM_LIMIT);
		if (!body) return;
		const fields: Record<string, string[]> = {};
		for (const [name, value] of new URLSearchParams(body.toString('utf8'))) (fields[name] ??= []).push(value);
		if (fields.intent?.[0] === 'mask') return visit.pass();
		delete fields.intent;
		const pub = await publicContextFor(path.slug, {
			locale: path.locale,
			clientAddress: visit.clientAddress,
			requestId: visit.requestId
		});
		if (!pub) return visit.pass();
		// From here on the answer may have been stored: an error must not send the form on to
		// SvelteKit, which would find the link used and say so as if the person had answered before.
		visit.committing = true;
		const result = await submitAnswer(pub, path.token, fields);
		if (result.ok) return visit.send(303, [['location', localizedPath(`/${path.slug}/survey/thanks`, path.locale)]]);
		if (result.state === 'answered' || result.state === 'closed')
			return visit.send(303, [['location', localizedPath(`/${path.slug}/survey/${path.token}`, path.locale)]]);
		// Refused answers and unknown links store nothing: SvelteKit shows them with the form.
		visit.committing = false;
		return visit.pass();
	}
};
