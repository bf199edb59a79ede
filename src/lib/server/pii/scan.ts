// The anonymity guard (C4): finds personal data in free text before it is saved.
//
// FAILS CLOSED: `scan` throws a `PiiScanError` when any detector fails (or the input is not a
// string). Callers must treat a thrown error exactly like findings: the text is not saved. The API
// answers 503 and the CLI exits 1; neither ever answers "no findings" after a failure.
import { findAddresses, findPostcodes } from './address.ts';
import { findEmails } from './email.ts';
import { findIdentityNumbers } from './ids.ts';
import { findNames, isPlaceWord } from './names.ts';
import { findPhoneNumbers } from './phone.ts';
import type { Finding, Span } from './types.ts';

export type { Finding, PiiType } from './types.ts';
export { piiTypes } from './types.ts';

export class PiiScanError extends Error {
	readonly detector: string;
	constructor(detector: string, cause: unknown) {
		super(`The anonymity guard could not check the text (${detector} failed).`, { cause });
		this.name = 'PiiScanError';
		this.detector = detector;
	}
}

type Detector = (text: string) => Span[];

// Order is priority when spans overlap: e-mail first (it may contain digits and names), then phone
// numbers BEFORE identity numbers (a ten-digit phone number can pass the personnummer check digit),
// then addresses and postcodes before names ("Karl Johans gate 22" is an address).
const detectors: readonly (readonly [string, Detector])[] = [
	['email', findEmails],
	['phone', findPhoneNumbers],
	['identity-number', findIdentityNumbers],
	['address', findAddresses],
	['postcode', (text) => findPostcodes(text, isPlaceWord)],
	['name', findNames]
];

/** Test seam: lets a test make one detector fail to prove that the guard fails closed. */
export const detectorOverrides = new Map<string, Detector>();

export function scanSync(text: string): { findings: Finding[] } {
	if (typeof text !== 'string') throw new PiiScanError('input', new TypeError('text must be a string'));
	const found = detectors.map(([name, detector]) => {
		let spans: Span[];
		try {
			spans = (detectorOverrides.get(name) ?? detector)(text);
			if (!Array.isArray(spans)) throw new TypeError('detector returned no list');
		} catch (error) {
			throw new PiiScanError(name, error);
		}
		for (const span of spans)
			if (!(span.start >= 0 && span.end <= text.length && span.end > span.start))
				throw new PiiScanError(name, new RangeError('span outside the text'));
		return [name, [...spans].sort((a, b) => a.start - b.start || b.end - a.end)] as const;
	});
	// A phone number wins over an identity number it covers completely ("0701234567"), but not over
	// one it only cuts into ("010196 01125 2026" is a fødselsnummer and a year, not "01125 2026").
	// An identity number with a wrong check digit is no reason to drop a phone number: it gives way.
	const ids = (found.find(([name]) => name === 'identity-number')?.[1] ?? []).filter((id) => !id.unchecked);
	const cutsIntoId = (span: Span) =>
		ids.some((id) => span.start < id.end && id.start < span.end && !(span.start <= id.start && span.end >= id.end));
	const claimed: Span[] = [];
	for (const [name, spans] of found)
		for (const span of spans) {
			if (name === 'phone' && cutsIntoId(span)) continue;
			if (claimed.some((other) => span.start < other.end && other.start < span.end)) continue;
			claimed.push(span);
		}
	const findings = claimed
		.sort((a, b) => a.start - b.start)
		.map((span) => ({ type: span.type, start: span.start, end: span.end, text: text.slice(span.start, span.end) }));
	return { findings };
}

/** Finds personal data in `text`. Throws `PiiScanError` when it cannot tell (fail closed). */
export async function scan(text: string): Promise<{ findings: Finding[] }> {
	return scanSync(text);
}
