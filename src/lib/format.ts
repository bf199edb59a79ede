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

/**
 * A calendar day stored as 'YYYY-MM-DD' (a date without a time, already in the network's time
 * zone), written the way the reader's language writes dates: "15 jan. 2026", "15. jan. 2026".
 */
export function formatDay(day: string, locale: FormatLocale): string {
	const date = new Date(`${day}T12:00:00Z`);
	if (Number.isNaN(date.getTime())) return day;
	return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}
