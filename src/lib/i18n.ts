import { m } from '#lib/paraglide/messages.js';
import { deLocalizeUrl, localizeUrl, type Locale } from '#lib/paraglide/runtime.js';
import { TEXTS_PARAM } from '#lib/public-languages.ts';
import { splitParams } from '#lib/message-keys.ts';

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
	target.searchParams.delete(TEXTS_PARAM);
	target.searchParams.set(LANG_PARAM, locale);
	return pathOf(target);
}

/**
 * href for a network's texts in a language without an interface (Meänkieli, Northern Sami): the same
 * page in the interface of the network's country, with ?texts=xx (docs/decisions/019-public-languages.md).
 */
export function switchTextLanguageHref(current: { href: string }, language: string, interfaceLocale: Locale): string {
	const target = deLocalizeUrl(new URL(current.href));
	target.searchParams.set(LANG_PARAM, interfaceLocale);
	target.searchParams.set(TEXTS_PARAM, language);
	return pathOf(target);
}

type MessageFunction = (params?: Record<string, unknown>) => string;

/**
 * Translates a message key that came from the server (form errors, service failures). Text that
 * is already translated passes through; an unknown key becomes the generic error, never raw.
 */
export function t(value: string | null | undefined, params: Record<string, unknown> = {}): string {
	if (!value) return '';
	// `error_too_long_max|max=120`: a key with the values its message needs (message-keys.ts)
	const { key, params: carried } = /^[a-z0-9_]+\|/.test(value) ? splitParams(value) : { key: value, params: {} };
	const message = (m as unknown as Record<string, MessageFunction | undefined>)[key];
	if (typeof message === 'function') return message({ ...carried, ...params });
	return /^[a-z0-9_]+$/.test(key) ? m.error_generic() : value;
}
