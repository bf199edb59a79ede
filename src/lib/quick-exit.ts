/**
 * Where "Leave this page quickly" goes: a neutral page (a weather search) that says nothing about
 * what the visitor was reading. The server may override it with QUICK_EXIT_URL (tests point it at a
 * local stub); the page receives the effective URL in its data.
 */
export const QUICK_EXIT_URL = 'https://www.google.com/search?q=v%C3%A4der';

/** Two presses of Esc within this many milliseconds leave the page. */
export const QUICK_EXIT_ESC_WINDOW_MS = 1000;

/** Only absolute http(s) URLs are accepted as an override; anything else falls back to the default. */
export function resolveQuickExitUrl(override: string | undefined | null): string {
	if (!override) return QUICK_EXIT_URL;
	try {
		const url = new URL(override);
		return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : QUICK_EXIT_URL;
	} catch {
		return QUICK_EXIT_URL;
	}
}
