import type { Locale } from './context.ts';

/** The number format of each language. */
export const percentFormats: Record<Locale, string> = { sv: 'sv-SE', nb: 'nb-NO', en: 'en-GB', fi: 'fi-FI' };

/** A share as a percentage with one decimal, written the reader's way ("12,5"); empty when hidden. */
export function percentText(value: number | null, locale: Locale): string {
	if (value === null) return '';
	return new Intl.NumberFormat(percentFormats[locale], { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(
		value * 100
	);
}
