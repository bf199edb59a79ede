// The anonymity guard: finds personal data in free text before it is saved.
//
// FAILS CLOSED: `scan` throws a `PiiScanError` when any detector fails (or the input is not a
// string). Callers must treat a thrown error exactly like findings: the text is not saved. The API
// answers 503 and the CLI exits 1; neither ever answers "no findings" after a failure.
import { findAddresses, findPostcodes } from './address.ts';
import { findEmails } from './email.ts';
import { findIdentityNumbers } from './ids.ts';
import { findNames, isPlaceWord } from './names.ts';
import { numbersView, originalRange, reversedOverrides, textView, type TextView } from './normalise.ts';
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
/** Which view of the text a detector reads (normalise.ts): numbers see through separators. */
type ViewKind = 'numbers' | 'text';

// Order is priority when spans overlap: e-mail first (it may contain digits and names), then phone
// numbers BEFORE identity numbers (a ten-digit phone number can pass the personnummer check digit),
// then addresses and postcodes before names ("Karl Johans gate 22" is an address).
const detectors: readonly (readonly [string, Detector, ViewKind])[] = [
	['email', findEmails, 'numbers'],
	['phone', findPhoneNumbers, 'numbers'],
	['identity-number', findIdentityNumbers, 'numbers'],
	['address', findAddresses, 'text'],
	['postcode', (text) => findPostcodes(text, isPlaceWord), 'text'],
	['name', findNames, 'text']
];

/** Test seam: lets a test make one detector fail to prove that the guard fails closed. */
export const detectorOverrides = new Map<string, Detector>();

/** The views of a text the detectors read (normalise.ts); `numbers` maps into `text`, null when equal. */
interface Views {
	text: TextView;
	numbers: TextView | null;
}

/** Every detector's spans on `views`, as ranges of the text view, in the detectors' order. */
function detect(views: Views, kinds: readonly ViewKind[]): (readonly [string, Span[]])[] {
	return detectors
		.filter(([, , kind]) => kinds.includes(kind))
		.map(([name, detector, kind]) => {
			const view = kind === 'numbers' ? (views.numbers ?? views.text) : views.text;
			let spans: Span[];
			try {
				spans = (detectorOverrides.get(name) ?? detector)(view.text);
				if (!Array.isArray(spans)) throw new TypeError('detector returned no list');
			} catch (error) {
				throw new PiiScanError(name, error);
			}
			const mapped = spans.map((span) => {
				if (!(span.start >= 0 && span.end <= view.text.length && span.end > span.start))
					throw new PiiScanError(name, new RangeError('span outside the text'));
				return view === views.text ? span : { ...span, ...originalRange(view, span.start, span.end) };
			});
			return [name, mapped.sort((a, b) => a.start - b.start || b.end - a.end)] as const;
		});
}

/** The spans that win on one text view, as ranges of the original. */
function resolveOn(views: Views, kinds: readonly ViewKind[]): Span[] {
	return resolve(detect(views, kinds)).map((span) => ({ ...span, ...originalRange(views.text, span.start, span.end) }));
}

/** The spans that win where spans overlap: the detectors' order, with the rule for phone numbers. */
function resolve(found: (readonly [string, Span[]])[]): Span[] {
	// A phone number wins over an identity number written with the same digits ("0701234567"), but
	// not over one it cuts into or runs past ("010196 01125 2026" is a fødselsnummer and a year, not
	// "01125 2026"; "001161 2207 13.00" is a samordningsnummer and a time, not a number abroad).
	// An identity number with a wrong check digit, or in pairs as phone numbers are written, gives way.
	const ids = (found.find(([name]) => name === 'identity-number')?.[1] ?? []).filter((id) => !id.yieldsToPhone);
	const cutsIntoId = (span: Span) =>
		ids.some((id) => span.start < id.end && id.start < span.end && !(span.start === id.start && span.end === id.end));
	const result: Span[] = [];
	for (const [name, spans] of found)
		for (const span of spans) {
			if (name === 'phone' && cutsIntoId(span)) continue;
			if (result.some((other) => span.start < other.end && other.start < span.end)) continue;
			result.push(span);
		}
	return result;
}

/**
 * `allow`: findings the caller knows to be no personal data, left out of the answer — a network's
 * own published phone number, e-mail and address (public-contacts.ts, decision 016). It sees every
 * finding after the detectors; a throw in it fails closed like a detector's.
 */
export interface ScanOptions {
	allow?: (finding: Finding) => boolean;
}

export function scanSync(text: string, options: ScanOptions = {}): { findings: Finding[] } {
	if (typeof text !== 'string') throw new PiiScanError('input', new TypeError('text must be a string'));
	// Detectors read normalised views and report spans of a view; each is mapped back to the range of
	// the original it came from. Text under a right-to-left override is read as it is shown first,
	// then, for numbers and e-mail, also in the order it is stored (copied, it reads that way).
	let logical: Views;
	let shown: Views | null;
	try {
		const view = textView(text);
		logical = { text: view, numbers: numbersView(view) };
		const reversed = reversedOverrides(text);
		shown = reversed && { text: reversed, numbers: numbersView(reversed) };
	} catch (error) {
		throw new PiiScanError('normalise', error);
	}
	let claimed = resolveOn(shown ?? logical, ['numbers', 'text']);
	if (shown) {
		const stored = resolveOn(logical, ['numbers']);
		claimed = claimed.concat(
			stored.filter((span) => !claimed.some((other) => span.start < other.end && other.start < span.end))
		);
	}
	const findings = claimed
		.sort((a, b) => a.start - b.start)
		.map((span) => ({ type: span.type, start: span.start, end: span.end, text: text.slice(span.start, span.end) }));
	if (!options.allow) return { findings };
	try {
		return { findings: findings.filter((finding) => !options.allow!(finding)) };
	} catch (error) {
		throw new PiiScanError('allow', error);
	}
}

/** Finds personal data in `text`. Throws `PiiScanError` when it cannot tell (fail closed). */
export async function scan(text: string, options: ScanOptions = {}): Promise<{ findings: Finding[] }> {
	return scanSync(text, options);
}
