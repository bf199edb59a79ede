import { maskAll, type MaskLocale } from '../pii/mask.ts';
import { PiiScanError, scan, type Finding } from '../pii/scan.ts';

/**
 * The anonymity guard on every path that stores a consultation text (C4): the staff, member and
 * anonymous forms, log entries, answers and the API all call `guardTexts` before they save.
 *
 * It fails closed: findings block the save, and so does a detector that fails — that is reported as
 * its own error, never as "no findings".
 */
export type GuardFailure = {
	ok: false;
	error: 'error_consultations_pii_found' | 'error_consultations_pii_check_failed';
	/** Findings per form field, for highlighting; empty when the check itself failed. */
	findings: Record<string, Finding[]>;
};

export async function guardTexts(
	texts: Record<string, string | null | undefined>
): Promise<{ ok: true } | GuardFailure> {
	const findings: Record<string, Finding[]> = {};
	try {
		for (const [field, text] of Object.entries(texts)) {
			if (!text) continue;
			const result = await scan(text);
			if (result.findings.length) findings[field] = result.findings;
		}
	} catch (error) {
		if (error instanceof PiiScanError)
			return { ok: false, error: 'error_consultations_pii_check_failed', findings: {} };
		throw error;
	}
	return Object.keys(findings).length ? { ok: false, error: 'error_consultations_pii_found', findings } : { ok: true };
}

/**
 * "Mask all": each text with its findings replaced by labels in the writer's language. The result
 * is shown to the writer to check and save; nothing is stored here. Fails closed like `guardTexts`.
 */
export async function maskTexts<K extends string>(
	texts: Record<K, string>,
	locale: MaskLocale
): Promise<{ ok: true; texts: Record<K, string>; masked: number } | GuardFailure> {
	const result = {} as Record<K, string>;
	let masked = 0;
	try {
		for (const field of Object.keys(texts) as K[]) {
			const text = texts[field];
			const { findings } = await scan(text);
			masked += findings.length;
			result[field] = findings.length ? maskAll(text, findings, locale) : text;
		}
	} catch (error) {
		if (error instanceof PiiScanError)
			return { ok: false, error: 'error_consultations_pii_check_failed', findings: {} };
		throw error;
	}
	return { ok: true, texts: result, masked };
}

/** A text cut into plain and flagged pieces, for the form that shows where the findings are. */
export interface HighlightSegment {
	text: string;
	type: Finding['type'] | null;
}

export function highlightSegments(text: string, findings: readonly Finding[]): HighlightSegment[] {
	const segments: HighlightSegment[] = [];
	let position = 0;
	for (const finding of [...findings].sort((a, b) => a.start - b.start)) {
		if (finding.start < position) continue;
		if (finding.start > position) segments.push({ text: text.slice(position, finding.start), type: null });
		segments.push({ text: text.slice(finding.start, finding.end), type: finding.type });
		position = finding.end;
	}
	if (position < text.length) segments.push({ text: text.slice(position), type: null });
	return segments;
}
