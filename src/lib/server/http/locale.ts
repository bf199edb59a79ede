import { baseLocale, extractLocaleFromHeader, isLocale, type Locale } from '#lib/paraglide/runtime.js';

/**
 * The language a visitor of an unprefixed (Swedish) page is sent to: the one remembered in the
 * language cookie, else the best of Accept-Language, else Swedish — each only if the page offers
 * it. The locale hook (hooks.server.ts) redirects to it; the front door (event-routes.ts) passes
 * such a visitor to SvelteKit instead of serving the Swedish page.
 */
export function preferredLocale(
	remembered: string | undefined,
	request: Pick<Request, 'headers'>,
	offered: (locale: string | null | undefined) => locale is Locale = isLocale
): Locale {
	if (offered(remembered)) return remembered;
	const fromHeader = extractLocaleFromHeader(request as Request);
	return offered(fromHeader) ? fromHeader : baseLocale;
}
