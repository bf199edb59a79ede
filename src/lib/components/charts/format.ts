/** Counts and shares in chart tables, written the reader's way. */
export type ChartLocale = 'sv' | 'nb' | 'en' | 'fi';

const intlLocale: Record<ChartLocale, string> = { sv: 'sv-SE', nb: 'nb-NO', en: 'en-GB', fi: 'fi-FI' };

/** 0.482 → "48 %" (sv, nb) or "48%" (en); null (none, or hidden) → "–". */
export function formatShare(share: number | null, locale: ChartLocale): string {
	if (share === null) return '–';
	return new Intl.NumberFormat(intlLocale[locale], { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** A count, or the "<3" of a suppressed one (or the "–" of one hidden to protect it) as it is. */
export function formatCount(count: number | string, locale: ChartLocale): string {
	return typeof count === 'number' ? new Intl.NumberFormat(intlLocale[locale]).format(count) : count;
}

/** Names as a list in the reader's language: "Jokkmokk, Kalix och Pajala", "Jokkmokk, Kalix and Pajala". */
export function formatList(items: readonly string[], locale: ChartLocale): string {
	return new Intl.ListFormat(intlLocale[locale], { style: 'long', type: 'conjunction' }).format(items);
}
