/**
 * Dates, times and numbers for people: Intl in the user's language and the network's time zone.
 * Usable on the server and in components.
 */
export type FormatLocale = 'sv' | 'nb' | 'en';

const intlLocale: Record<FormatLocale, string> = { sv: 'sv-SE', nb: 'nb-NO', en: 'en-GB' };

export function formatDateTime(date: Date, locale: FormatLocale, timeZone: string): string {
	return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: 'long', timeStyle: 'short', timeZone }).format(date);
}

export function formatDate(date: Date, locale: FormatLocale, timeZone: string): string {
	return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: 'long', timeZone }).format(date);
}

/** Compact, sortable timestamp for tables such as the audit log: 2026-11-23 14:05:09. */
export function formatTimestamp(date: Date, timeZone: string): string {
	return new Intl.DateTimeFormat('sv-SE', {
		dateStyle: 'short',
		timeStyle: 'medium',
		timeZone
	}).format(date);
}

export function formatNumber(value: number, locale: FormatLocale): string {
	return new Intl.NumberFormat(intlLocale[locale]).format(value);
}
