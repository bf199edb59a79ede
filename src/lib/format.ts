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

/**
 * Swedish and Norwegian write the time with a full stop, "kl. 09.00" (Språkrådet's rules in both
 * countries); the Unicode data Intl uses writes "09:00". English keeps the colon, Finnish has the
 * full stop already.
 */
const timeWithFullStop: Record<FormatLocale, boolean> = { sv: true, nb: true, en: false, fi: false };

/** Intl's parts as text, with the language's own separator between hour and minute. */
function joinParts(parts: Intl.DateTimeFormatPart[], locale: FormatLocale): string {
	return parts
		.map((part, i) =>
			timeWithFullStop[locale] &&
			part.type === 'literal' &&
			parts[i - 1]?.type === 'hour' &&
			parts[i + 1]?.type === 'minute'
				? '.'
				: part.value
		)
		.join('');
}

export function formatDateTime(date: Date, locale: FormatLocale, timeZone: string): string {
	const key = `${date.getTime()}|${locale}|${timeZone}`;
	let text = formattedDateTimes.get(key);
	if (text === undefined) {
		text = joinParts(
			dateTimeFormat(intlLocale[locale], { dateStyle: 'long', timeStyle: 'short', timeZone }).formatToParts(date),
			locale
		);
		if (formattedDateTimes.size >= 1000) formattedDateTimes.clear();
		formattedDateTimes.set(key, text);
	}
	return text;
}

/** What stands between the day and the times of a same-day range: "10 februari 2027 kl. 09.00–16.00". */
const sameDayTimeLead: Partial<Record<FormatLocale, string>> = { sv: ' kl. ', nb: ' kl. ', fi: ' klo ' };

/**
 * A span of time, written once where both ends share it: "10 februari 2027 kl. 09.00–16.00",
 * "10 February 2027, 09:00–16:00", and with both days when it runs over midnight or several days:
 * "10 februari 2027 kl. 09.00 – 11 februari 2027 kl. 16.00". Intl's formatRange decides what is
 * shared, in the network's time zone (so also across a daylight-saving change); the language's own
 * time separator and "kl." are put in afterwards.
 */
export function formatDateTimeRange(start: Date, end: Date, locale: FormatLocale, timeZone: string): string {
	if (end.getTime() <= start.getTime()) return formatDateTime(start, locale, timeZone);
	const format = dateTimeFormat(intlLocale[locale], { dateStyle: 'long', timeStyle: 'short', timeZone });
	const parts = format.formatRangeToParts(start, end);
	const sameDay = parts.some((part) => part.source === 'shared' && part.type === 'day');
	const firstHour = parts.findIndex((part) => part.type === 'hour');
	const lead = sameDayTimeLead[locale];
	const adjusted = parts.map((part, i) => {
		// The literal before the first hour of a same-day range: Intl writes "2027 09:00" (sv) or
		// "2027, 09:00" (nb), where the language writes "2027 kl. 09.00".
		if (sameDay && lead && i === firstHour - 1 && part.type === 'literal') return { ...part, value: lead };
		// The dash between two whole dates is spaced when the dates themselves have spaces.
		if (!sameDay && part.source === 'shared' && part.type === 'literal' && part.value.trim() === '–')
			return { ...part, value: ' – ' };
		return part;
	});
	return joinParts(adjusted, locale);
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
