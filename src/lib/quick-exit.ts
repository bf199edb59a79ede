/**
 * Where "Leave this page quickly" goes: a neutral, everyday site in the visitor's language — the
 * national weather service of that language's country — that says nothing about what the visitor
 * was reading and looks like something anyone opens many times a day (docs/decisions/019-public-languages.md).
 * An installation may send every exit elsewhere with QUICK_EXIT_URL (tests point it at a local stub),
 * and a network may choose its own site in its public page settings, which wins over both.
 */
export const QUICK_EXIT_URLS = {
	sv: 'https://www.smhi.se/',
	nb: 'https://www.yr.no/',
	en: 'https://www.bbc.com/weather',
	fi: 'https://www.ilmatieteenlaitos.fi/'
} as const satisfies Record<string, string>;

export type QuickExitLanguage = keyof typeof QUICK_EXIT_URLS;

/** The neutral site of a language; Swedish for a language without its own. */
export function defaultQuickExitUrl(locale: string | null | undefined): string {
	return QUICK_EXIT_URLS[(locale ?? 'sv') as QuickExitLanguage] ?? QUICK_EXIT_URLS.sv;
}

/** Swedish, for the component's default when no page data reached it (an error page). */
export const QUICK_EXIT_URL = QUICK_EXIT_URLS.sv;

/** Two presses of Esc within this many milliseconds leave the page. */
export const QUICK_EXIT_ESC_WINDOW_MS = 1000;

/** A network's own exit must be an https address with a host: a visitor leaves for a real site, securely. */
export function isNetworkQuickExitUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'https:' && url.hostname !== '' && !url.username && !url.password;
	} catch {
		return false;
	}
}

/**
 * The exit of a page: the network's own choice, else the installation's QUICK_EXIT_URL (absolute
 * http(s) only), else the neutral site of the page's language.
 */
export function resolveQuickExitUrl(
	override: string | undefined | null,
	locale?: string | null,
	networkChoice?: string | null
): string {
	if (networkChoice && isNetworkQuickExitUrl(networkChoice)) return new URL(networkChoice).href;
	const fallback = defaultQuickExitUrl(locale);
	if (!override) return fallback;
	try {
		const url = new URL(override);
		return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : fallback;
	} catch {
		return fallback;
	}
}
