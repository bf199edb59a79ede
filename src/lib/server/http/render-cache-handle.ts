import type { Handle } from '@sveltejs/kit/hooks';
import { app } from '../app.ts';
import { eventPageCache, nonceOf, pageVersion, RenderCache, responseOf } from '../events/render-cache.ts';

/**
 * Serves the public event page from the render cache (events/render-cache.ts). Installed in
 * hooks.server.ts after the locale handles (the locale is known and the Accept-Language redirect
 * has happened) and before the session handle, so a hit costs one primary-key read and no session
 * lookup; the outer handles still add the request id and the security headers to every response.
 *
 * Only what is the same for every visitor is cached: GET/HEAD of the page itself (no `__data.json`,
 * no query string), without any of the app's cookies (a signed-in member sees a prefilled form),
 * a 200 that sets no cookie.
 */

export const EVENT_PAGE_ROUTE = '/(public)/[network]/events/[event]';

/** Whether a request carries one of the app's cookies (a session): such visitors get their own page. */
export function hasAppCookie(cookieHeader: string | null): boolean {
	if (!cookieHeader) return false;
	return cookieHeader
		.split(';')
		.some((part) => /^\s*(__Host-|__Secure-)?samverkan[._-]/i.test(part) || /^\s*[^=]*session/i.test(part));
}

export function cacheable(event: Parameters<Handle>[0]['event']): boolean {
	const { request, url } = event;
	return (
		(request.method === 'GET' || request.method === 'HEAD') &&
		event.route.id === EVENT_PAGE_ROUTE &&
		!event.isDataRequest &&
		url.search === '' &&
		!hasAppCookie(request.headers.get('cookie'))
	);
}

export function renderCacheHandle(cache: RenderCache = eventPageCache): Handle {
	return async ({ event, resolve }) => {
		if (!cacheable(event)) return resolve(event);
		const slug = (event.params.network ?? '').toLowerCase();
		const eventId = event.params.event ?? '';
		const version = await pageVersion(app().database.db, slug, eventId);
		// Unknown events and other networks' render their 404 as usual, uncached.
		if (!version) return resolve(event);
		const key = RenderCache.key(slug, eventId, event.locals.locale ?? 'sv');
		const hit = cache.get(key, version);
		if (hit) return responseOf(hit, event.request.method);

		const response = await resolve(event);
		if (response.status !== 200 || response.headers.has('set-cookie') || event.request.method !== 'GET')
			return response;
		if (!(response.headers.get('content-type') ?? '').includes('text/html')) return response;
		const body = await response.text();
		const headers = [...response.headers.entries()].filter(([name]) => name !== 'content-length');
		cache.set(key, {
			status: response.status,
			headers,
			body,
			nonce: nonceOf(response.headers.get('content-security-policy')),
			...version
		});
		const out = new Headers(response.headers);
		out.set('x-render-cache', 'miss');
		return new Response(body, { status: response.status, headers: out });
	};
}

/** The handle to install in hooks.server.ts. */
export const handleEventRenderCache: Handle = renderCacheHandle();
