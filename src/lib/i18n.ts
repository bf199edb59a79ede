import { m } from '#lib/paraglide/messages.js';
import { deLocalizeUrl, localizeUrl, type Locale } from '#lib/paraglide/runtime.js';

/** Query parameter that marks an explicit language choice from the switcher. */
export const LANG_PARAM = 'lang';

/**
 * Path + query of a URL, without the trailing slash paraglide leaves on a bare prefix
 * (localizeUrl('/', {locale:'nb'}) is '/nb/', which SvelteKit would 308 to '/nb').
 */
export function pathOf(url: URL): string {
	const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
	return path + url.search + url.hash;
}

/** Localized link for internal navigation, e.g. href={localizedPath('/om')}. */
export function localizedPath(path: string, locale?: Locale): string {
	return pathOf(localizeUrl(new URL(path, 'http://x'), locale ? { locale } : undefined));
}

/** href for the no-JS language switcher: same page (de-localized) + ?lang=xx. */
export function switchLocaleHref(current: { href: string }, locale: Locale): string {
	const target = deLocalizeUrl(new URL(current.href));
	target.searchParams.set(LANG_PARAM, locale);
	return pathOf(target);
}

type MessageFunction = (params?: Record<string, unknown>) => string;

/**
 * Translates a message key that came from the server (form errors, service failures). Text that
 * is already translated passes through; an unknown key becomes the generic error, never raw.
 */
export function t(key: string | null | undefined, params: Record<string, unknown> = {}): string {
	if (!key) return '';
	const message = (m as unknown as Record<string, MessageFunction | undefined>)[key];
	if (typeof message === 'function') return message(params);
	return /^[a-z0-9_]+$/.test(key) ? m.error_generic() : key;
}
