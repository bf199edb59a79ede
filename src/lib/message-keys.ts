/**
 * A message key travels from the server to the page as a string (form errors, service failures).
 * When the message needs values — the limit of "at most 120 characters" — they ride along after
 * a bar: `error_too_long_max|max=120`, which `t()` in i18n.ts turns back into the key and its
 * inputs. Whole numbers come back as numbers, so the message picks its plural by them.
 */
export function withParams(key: string, params: Record<string, string | number>): string {
	const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
	return query ? `${key}|${query}` : key;
}

export function splitParams(value: string): { key: string; params: Record<string, string | number> } {
	const bar = value.indexOf('|');
	if (bar < 0) return { key: value, params: {} };
	const params: Record<string, string | number> = {};
	for (const [k, v] of new URLSearchParams(value.slice(bar + 1))) params[k] = /^-?\d+$/.test(v) ? Number(v) : v;
	return { key: value.slice(0, bar), params };
}
