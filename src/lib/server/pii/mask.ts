// "Mask all": replaces every finding with a label in the writer's language ([PERSONNUMMER], [NAMN], …).
import { m } from '#lib/paraglide/messages.js';
import type { Finding, PiiType } from './types.ts';

export type MaskLocale = 'sv' | 'nb' | 'en' | 'fi';

const labels: Record<PiiType, (locale: MaskLocale) => string> = {
	personnummer: (locale) => m.pii_mask_personnummer({}, { locale }),
	samordningsnummer: (locale) => m.pii_mask_samordningsnummer({}, { locale }),
	fodselsnummer: (locale) => m.pii_mask_fodselsnummer({}, { locale }),
	'd-nummer': (locale) => m.pii_mask_d_nummer({}, { locale }),
	phone: (locale) => m.pii_mask_phone({}, { locale }),
	email: (locale) => m.pii_mask_email({}, { locale }),
	address: (locale) => m.pii_mask_address({}, { locale }),
	postcode: (locale) => m.pii_mask_postcode({}, { locale }),
	name: (locale) => m.pii_mask_name({}, { locale })
};

/** The label that replaces a finding of `type`, e.g. "[PERSONNUMMER]". */
export function maskLabel(type: PiiType, locale: MaskLocale): string {
	return labels[type](locale);
}

/**
 * Replaces each finding with its label. Findings must come from scanning this exact text; overlapping
 * or stale findings are refused rather than producing a half-masked text.
 */
export function maskAll(text: string, findings: readonly Finding[], locale: MaskLocale): string {
	const sorted = [...findings].sort((a, b) => a.start - b.start);
	let result = '';
	let position = 0;
	for (const finding of sorted) {
		if (
			finding.start < position ||
			finding.end > text.length ||
			text.slice(finding.start, finding.end) !== finding.text
		)
			throw new RangeError('The findings do not belong to this text; scan it again.');
		result += text.slice(position, finding.start) + maskLabel(finding.type, locale);
		position = finding.end;
	}
	return result + text.slice(position);
}
