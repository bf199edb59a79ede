import type { IncomingMessage } from 'node:http';
import { parseCookie } from 'cookie';
import { baseLocale, cookieName } from '#lib/paraglide/runtime.js';
import { app } from '../app.ts';
import { publicContextFor } from '../context.ts';
import { isCrossSiteFormPost } from '../csrf.ts';
import { registrationFormSchema } from '../events/forms.ts';
import { registeredLocation } from '../events/registration/links.ts';
import { registerForEvent } from '../events/registration/service.ts';
import { eventPageCache, pageVersion, RenderCache, servedCopy } from '../events/render-cache.ts';
import type { Locale } from '../platform/context.ts';
import { parseFormData } from '../platform/http.ts';
import { setupIsDone } from '../setup-gate.ts';
import { asRequest, type FastRoute, type Visit } from './front-door.ts';
import { preferredLocale } from './locale.ts';
import { EVENT_PAGE_ROUTE, hasAppCookie } from './render-cache-handle.ts';

/**
 * The event page and its registration form at the front door (front-door.ts): what a
 * registration rush consists of. Each serves only the plain case and passes everything else to
 * SvelteKit's route (src/routes/(public)/[network]/events/[event]), which stays the reference:
 *  - the page: a GET of the page itself from someone not signed in, answered from the render cache
 *    when it holds a valid copy (a miss renders in SvelteKit, which stores it);
 *  - the form: a plain form post (no JavaScript enhancement, no session) from our own origin that
 *    registers; a form with a mistake, a refusal (closed, members only) or an unknown event goes
 *    to SvelteKit, which shows it with what the person typed.
 */

interface EventPath {
	locale: Locale;
	slug: string;
	eventId: string;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const EVENT_PATH = new RegExp(`^(?:/(nb|en|fi))?/([a-z0-9]+(?:-[a-z0-9]+)*)/events/(${UUID})$`);

function eventPath(pathname: string): EventPath | null {
	const found = EVENT_PATH.exec(pathname);
	if (!found) return null;
	return { locale: (found[1] as Locale | undefined) ?? 'sv', slug: found[2], eventId: found[3] };
}

/**
 * The visitor's language cookie, read by the same parser SvelteKit reads cookies with (`cookie`), so
 * the front door and the app never disagree about it; a value that does not decode is no choice.
 */
function languageCookie(header: string | null): string | undefined {
	if (!header) return undefined;
	try {
		return parseCookie(header)[cookieName];
	} catch {
		return undefined;
	}
}

/** Whether SvelteKit would send this visitor of an unprefixed (Swedish) page to their own language. */
function prefersAnotherLanguage(visit: Visit): boolean {
	return preferredLocale(languageCookie(visit.header('cookie')), asRequest(visit)) !== baseLocale;
}

export const eventPageRoute: FastRoute<EventPath> = {
	route: EVENT_PAGE_ROUTE,
	match(req: IncomingMessage, pathname: string) {
		return req.method === 'GET' || req.method === 'HEAD' ? eventPath(pathname) : null;
	},
	async serve(visit, path) {
		if (
			visit.search ||
			!(visit.header('accept') ?? '').includes('text/html') ||
			hasAppCookie(visit.header('cookie')) ||
			(path.locale === baseLocale && prefersAnotherLanguage(visit)) ||
			!(await setupIsDone())
		)
			return visit.pass();
		const version = await pageVersion(app().database.db, path.slug, path.eventId);
		if (!version) return visit.pass();
		const key = RenderCache.key(path.slug, path.eventId, path.locale);
		const hit = eventPageCache.get(key, version);
		if (!hit) return visit.pass();
		const copy = servedCopy(hit);
		visit.send(hit.status, copy.headers, copy.body);
	}
};

/** The registration form is a few hundred bytes; anything much longer is not one. */
const FORM_LIMIT = 16 * 1024;

export const registrationRoute: FastRoute<EventPath> = {
	route: EVENT_PAGE_ROUTE,
	match(req: IncomingMessage, pathname: string) {
		return req.method === 'POST' ? eventPath(pathname) : null;
	},
	async serve(visit, path) {
		const type = (visit.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
		const length = Number(visit.header('content-length'));
		if (
			visit.search ||
			type !== 'application/x-www-form-urlencoded' ||
			!(length > 0 && length <= FORM_LIMIT) ||
			visit.header('x-sveltekit-action') !== null ||
			// SvelteKit answers an action in JSON when the client asks for it.
			(visit.header('accept') ?? '').includes('application/json') ||
			hasAppCookie(visit.header('cookie')) ||
			isCrossSiteFormPost(asRequest(visit), app().publicOrigin) ||
			!(await setupIsDone())
		)
			return visit.pass();
		visit.locale = path.locale;
		const body = await visit.readBody(FORM_LIMIT);
		if (!body) return; // the client went away, or sent more than it announced
		const pub = await publicContextFor(path.slug, {
			locale: path.locale,
			clientAddress: visit.clientAddress,
			requestId: visit.requestId
		});
		if (!pub) return visit.pass();
		const formData = new FormData();
		for (const [name, value] of new URLSearchParams(body.toString('utf8'))) formData.append(name, value);
		const form = parseFormData(formData, registrationFormSchema);
		if (!form.ok) return visit.pass();
		// From here on the registration may have been written: an error must not send the form to
		// SvelteKit, which would register again (a second mail, and the first link replaced).
		visit.committing = true;
		const result = await registerForEvent(pub, path.eventId, form.data, { memberUserId: null });
		// A refusal (a limit of decision 013 too) writes nothing, so SvelteKit may ask again and show
		// it with the form (with 429 and Retry-After for a limit).
		if (!result.ok) return visit.pass();
		visit.send(303, [['location', registeredLocation(pub.network.slug, path.eventId, pub.locale, result.value)]]);
	}
};
