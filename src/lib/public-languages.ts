/**
 * The languages of the public pages (docs/decisions/019-public-languages.md).
 *
 * - Interface languages: the words of the pages themselves. The signed-in app has Swedish,
 *   Norwegian bokmål and English; the public pages also Finnish, a national minority language in
 *   Sweden with administrative areas across Norrbotten.
 * - Text languages: what a network may write its own public texts (description, contact,
 *   accessibility statement, privacy notice) in: the interface languages and Meänkieli and Northern
 *   Sami, which have no interface of their own. A page showing them keeps the interface of the
 *   network's country (Swedish, or Norwegian for a Norwegian network) and marks each text with its
 *   `lang`.
 */

/** Languages of the signed-in app; Swedish first, as Paraglide's base locale. */
export const APP_LOCALES = ['sv', 'nb', 'en'] as const;
export type AppLocale = (typeof APP_LOCALES)[number];

/** Interface languages of the public pages. */
export const PUBLIC_LOCALES = ['sv', 'nb', 'en', 'fi'] as const;
export type PublicLocale = (typeof PUBLIC_LOCALES)[number];

/** Languages a network may write its public texts in, besides the interface languages. */
export const TEXT_ONLY_LANGUAGES = ['fit', 'se'] as const;
export type TextOnlyLanguage = (typeof TEXT_ONLY_LANGUAGES)[number];

export const TEXT_LANGUAGES = [...PUBLIC_LOCALES, ...TEXT_ONLY_LANGUAGES] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

/** The query parameter that shows a network's texts in a text-only language: /kiruna?texts=fit. */
export const TEXTS_PARAM = 'texts';

export type Country = 'SE' | 'NO';

export function isAppLocale(value: unknown): value is AppLocale {
	return (APP_LOCALES as readonly unknown[]).includes(value);
}

export function isTextOnlyLanguage(value: unknown): value is TextOnlyLanguage {
	return (TEXT_ONLY_LANGUAGES as readonly unknown[]).includes(value);
}

export function isTextLanguage(value: unknown): value is TextLanguage {
	return (TEXT_LANGUAGES as readonly unknown[]).includes(value);
}

/**
 * Whether a SvelteKit route is one of the public pages, where Finnish is offered: the (public)
 * group, and an address that matched no route (its error page is a public one).
 */
export function isPublicRoute(routeId: string | null): boolean {
	return routeId === null || routeId.startsWith('/(public)');
}

/** The interface shown with texts in a language without one: the network country's language. */
export function interfaceLocaleOf(country: Country): 'sv' | 'nb' {
	return country === 'NO' ? 'nb' : 'sv';
}

/**
 * The text languages a network may write in. Meänkieli is a minority language of Sweden only;
 * Northern Sami is one of both countries.
 */
export function textLanguagesOf(country: Country): TextLanguage[] {
	return country === 'NO' ? ['nb', 'sv', 'en', 'fi', 'se'] : ['sv', 'nb', 'en', 'fi', 'fit', 'se'];
}

/**
 * What the language switcher of a public page offers: the app's languages, Finnish where it is a
 * minority language (Swedish networks and the instance's own pages), and the text-only languages the
 * network has written texts in (without texts there would be nothing in them to read).
 */
export function switcherLanguagesOf(
	country: Country | null,
	written: readonly string[]
): { interface: PublicLocale[]; texts: TextOnlyLanguage[] } {
	const interfaces: PublicLocale[] = country === 'NO' ? ['sv', 'nb', 'en'] : ['sv', 'nb', 'en', 'fi'];
	const texts = country
		? TEXT_ONLY_LANGUAGES.filter(
				(language) => written.includes(language) && textLanguagesOf(country).includes(language)
			)
		: [];
	return { interface: interfaces, texts };
}
