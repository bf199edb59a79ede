/**
 * Dates, times and numbers for people: Intl in the user's language and the network's time zone.
 * Usable on the server and in components.
 */
export type FormatLocale = 'sv' | 'nb' | 'en' | 'fi';

const intlLocale: Record<FormatLocale, string> = { sv: 'sv-SE', nb: 'nb-NO', en: 'en-GB', fi: 'fi-FI' };

// Building an Intl formatter costs far more than using one (tens of microseconds, measured in the
// registration rush): keep one per language, style and time zone.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(
	locale: string,
	options: Pick<Intl.DateTimeFormatOptions, 'dateStyle' | 'timeStyle' | 'timeZone'>
): Intl.DateTimeFormat {
	const key = `${locale}|${options.dateStyle}|${options.timeStyle}|${options.timeZone}`;
	let format = dateTimeFormats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(locale, options);
		if (dateTimeFormats.size > 200) dateTimeFormats.clear();
		dateTimeFormats.set(key, format);
	}
	return format;
}

// Mails about one event repeat its start time hundreds of times in a rush.
const formattedDateTimes = new Map<string, string>();

export function formatDateTime(date: Date, locale: FormatLocale, timeZone: string): string {
	const key = `${date.getTime()}|${locale}|${timeZone}`;
	let text = formattedDateTimes.get(key);
	if (text === undefined) {
		text = dateTimeFormat(intlLocale[locale], { dateStyle: 'long', timeStyle: 'short', timeZone }).format(date);
		if (formattedDateTimes.size >= 1000) formattedDateTimes.clear();
		formattedDateTimes.set(key, text);
	}
	return text;
}

export function formatDate(date: Date, locale: FormatLocale, timeZone: string): string {
	return dateTimeFormat(intlLocale[locale], { dateStyle: 'long', timeZone }).format(date);
}

/** Compact, sortable timestamp for tables such as the audit log: 2026-11-23 14:05:09. */
export function formatTimestamp(date: Date, timeZone: string): string {
	return dateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'medium', timeZone }).format(date);
}

const numberFormats = new Map<FormatLocale, Intl.NumberFormat>();
export function formatNumber(value: number, locale: FormatLocale): string {
	let format = numberFormats.get(locale);
	if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(intlLocale[locale])));
	return format.format(value);
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
