import { randomUUID } from 'node:crypto';
import { error, redirect } from '@sveltejs/kit';
import { sequence, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit/hooks';
import { LANG_PARAM, pathOf, localizedPath } from '#lib/i18n.ts';
import { paraglideMiddleware } from '#lib/paraglide/server.js';
import {
	baseLocale,
	cookieMaxAge,
	cookieName,
	extractLocaleFromUrl,
	deLocalizeUrl,
	isLocale,
	localizeUrl,
	type Locale
} from '#lib/paraglide/runtime.js';
import { isAppLocale, isPublicRoute } from '#lib/public-languages.ts';
import { app, startApp } from '#lib/server/app.ts';
import { clientAddress } from '#lib/server/client-address.ts';
import { isCrossSiteFormPost } from '#lib/server/csrf.ts';
import { sessionCookieName, sessionOutlived } from '#lib/server/platform/auth/better-auth.ts';
import { refuseUnreadableForm } from '#lib/server/platform/http.ts';
import { logger } from '#lib/server/platform/logger.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import { InstanceAdminRequired } from '#lib/server/networks/service.ts';
import { handleEventRenderCache } from '#lib/server/http/render-cache-handle.ts';
import { eventPageRoute, registrationRoute } from '#lib/server/http/event-routes.ts';
import { installFrontDoor } from '#lib/server/http/front-door.ts';
import { surveyAnswerRoute } from '#lib/server/http/survey-routes.ts';
import { preferredLocale } from '#lib/server/http/locale.ts';
import { logRequest } from '#lib/server/http/request-log.ts';
import { isPrivatePath, securityHeaders } from '#lib/server/security-headers.ts';
import { setupIsDone } from '#lib/server/setup-gate.ts';

export const init: ServerInit = async () => {
	try {
		await startApp();
		installFrontDoor([eventPageRoute, registrationRoute, surveyAnswerRoute]);
	} catch (error) {
		// A bad configuration or an unreachable database: say so plainly and stop.
		logger.fatal({ err: error instanceof Error ? { message: error.message } : error }, 'samverkan could not start');
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	}
};

/** Refuses cross-site form posts (see csrf.ts for why this is not SvelteKit's own check). */
const handleCsrf: Handle = ({ event, resolve }) => {
	// The refusal is SvelteKit's static error page (src/error.html), in all three languages.
	if (isCrossSiteFormPost(event.request, event.url.origin)) error(403, { message: 'error_forbidden' });
	return resolve(event);
};

/** A form body that cannot be read is answered with 400, whichever action reads it (see http.ts). */
const handleUnreadableForm: Handle = ({ event, resolve }) => {
	if (event.request.method !== 'GET' && event.request.method !== 'HEAD') refuseUnreadableForm(event.request);
	return resolve(event);
};

/** Every request gets an id that appears in the logs and on error pages. */
const handleRequestId: Handle = async ({ event, resolve }) => {
	event.locals.requestId = randomUUID();
	event.locals.clientAddress = clientAddress(
		event,
		app().config.TRUSTED_PROXY_HEADER,
		app().config.TRUSTED_PROXY_COUNT
	);
	const started = performance.now();
	const response = await resolve(event);
	response.headers.set('x-request-id', event.locals.requestId);
	logRequest(event.locals.requestId, event.request.method, event.route.id ?? 'unmatched', response.status, started);
	return response;
};

function isPageRequest(event: Parameters<Handle>[0]['event']): boolean {
	const { request } = event;
	return (
		(request.method === 'GET' || request.method === 'HEAD') &&
		!event.isDataRequest &&
		(request.headers.get('accept') ?? '').includes('text/html')
	);
}

/**
 * Language: the URL decides what is rendered (/nb/…, /en/…, Swedish without prefix). The switcher
 * links carry ?lang=xx, which is remembered in a cookie; on an unprefixed page the remembered choice,
 * or on a first visit Accept-Language, redirects to the right prefix.
 */
const handleLocaleChoice: Handle = ({ event, resolve }) => {
	if (!isPageRequest(event)) return resolve(event);
	const { url, cookies, request } = event;
	// Finnish is a language of the public pages only (docs/decisions/019-public-languages.md).
	const publicPage = isPublicRoute(event.route.id);
	const offered = (locale: string | null | undefined): locale is Locale =>
		isLocale(locale) && (publicPage || isAppLocale(locale));
	const chosen = url.searchParams.get(LANG_PARAM);
	if (chosen !== null) {
		const clean = new URL(url);
		clean.searchParams.delete(LANG_PARAM);
		// '//host/…' would read as another site in a Location header.
		clean.pathname = clean.pathname.replace(/^\/{2,}/, '/');
		if (!offered(chosen)) redirect(303, pathOf(clean));
		cookies.set(cookieName, chosen, { path: '/', maxAge: cookieMaxAge, httpOnly: false, sameSite: 'lax' });
		redirect(303, pathOf(localizeUrl(clean, { locale: chosen })));
	}
	const inUrl = extractLocaleFromUrl(url);
	if (inUrl !== undefined && !offered(inUrl)) {
		// /fi/app/…: the same page without the prefix, which then goes to the visitor's app language.
		return new Response(null, {
			status: 307,
			headers: { location: pathOf(deLocalizeUrl(url)), 'cache-control': 'private, no-store' }
		});
	}
	if (inUrl === baseLocale && !url.pathname.startsWith('/api/')) {
		const preferred = preferredLocale(cookies.get(cookieName), request, offered);
		if (preferred !== baseLocale) {
			return new Response(null, {
				status: 307,
				headers: {
					location: pathOf(localizeUrl(url, { locale: preferred })),
					vary: 'Cookie, Accept-Language',
					'cache-control': 'private, no-store'
				}
			});
		}
	}
	return resolve(event);
};

const handleParaglide: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ locale }) => {
		event.locals.locale = locale;
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
	});

/** Until the first user exists, every page leads to /setup. */
const handleSetupGate: Handle = async ({ event, resolve }) => {
	const path = event.route.id ?? '';
	if (
		!(await setupIsDone()) &&
		isPageRequest(event) &&
		!path.startsWith('/setup') &&
		!path.startsWith('/healthz') &&
		!path.startsWith('/readyz')
	) {
		redirect(303, localizedPath('/setup', event.locals.locale));
	}
	return resolve(event);
};

/**
 * Identifies the signed-in user from the server-side session (never authorises: that is
 * requireContext's job). Sessions end after 30 idle minutes (better-auth's sliding expiry) and
 * after 12 hours whatever happens (checked here).
 */
const handleSession: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.sessionId = null;
	const { auth, database } = app();
	const headers = new Headers(event.request.headers);
	headers.delete('x-samverkan-client-address');
	if (event.locals.clientAddress) headers.set('x-samverkan-client-address', event.locals.clientAddress);
	const session = await auth.api.getSession({ headers });
	if (session) {
		if (sessionOutlived(new Date(session.session.createdAt), new Date())) {
			await database.db.deleteFrom('session').where('id', '=', session.session.id).execute();
			event.cookies.delete(sessionCookieName(app().publicOrigin), { path: '/' });
		} else {
			event.locals.sessionId = session.session.id;
			event.locals.user = {
				userId: session.user.id,
				email: session.user.email,
				name: session.user.name,
				isInstanceAdmin: session.user.isInstanceAdmin === true || (session.user.isInstanceAdmin as unknown) === 1,
				twoFactorEnabled: session.user.twoFactorEnabled === true,
				sessionId: session.session.id,
				locale: (session.user.locale as string | null | undefined) ?? null
			};
		}
	}
	return resolve(event);
};

const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const privatePage = Boolean(event.locals.user) || isPrivatePath(event.url.pathname);
	for (const [name, value] of securityHeaders({ https: event.url.protocol === 'https:', privatePage })) {
		response.headers.set(name, value);
	}
	return response;
};

export const handle: Handle = sequence(
	handleRequestId,
	handleSecurityHeaders,
	handleCsrf,
	handleUnreadableForm,
	handleLocaleChoice,
	handleParaglide,
	handleSetupGate,
	// After the locale (the cached page is per language), before the session (a hit needs none).
	handleEventRenderCache,
	handleSession
);

/**
 * Unknown errors are logged with the request id and shown as a translated page with that id; never a
 * stack trace. Errors raised on purpose (`error(404, …)`) keep their message key; SvelteKit's own
 * (an unknown route) get a translated message.
 */
export const handleError: HandleServerError = (caught) => {
	const { event } = caught;
	const requestId = event.locals.requestId ?? randomUUID();
	if (caught.kind === 'app') return { ...caught.error, requestId };
	if (caught.kind === 'framework' || caught.kind === 'validation') {
		return { message: caught.error.status === 404 ? 'error_not_found' : 'error_generic', requestId };
	}
	const error = caught.error;
	// A service refused the actor: a route forgot its own role check, the service did not.
	if (error instanceof PermissionDenied || error instanceof InstanceAdminRequired) {
		return { message: 'error_forbidden', status: 403, requestId };
	}
	logger.error(
		{
			requestId,
			route: event.route.id,
			err: error instanceof Error ? { type: error.name, message: error.message, stack: error.stack } : String(error)
		},
		'request failed'
	);
	return { message: 'error_generic', requestId };
};
