/**
 * Expected failures are values, not exceptions: `error` is a message key of the catalogues, and
 * `field` names the form field it belongs to, when there is one.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string; field?: string };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const failure = (error: string, field?: string): { ok: false; error: string; field?: string } =>
	field ? { ok: false, error, field } : { ok: false, error };
