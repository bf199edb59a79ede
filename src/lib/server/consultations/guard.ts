import type { Kysely } from 'kysely';
import type { NetworkRef } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import {
	allowPublished,
	maskAll,
	PiiScanError,
	publicContacts,
	scan,
	type Finding,
	type MaskLocale,
	type ScanOptions
} from '../pii/index.ts';
import { publishedContactTexts } from './guard-repository.ts';

/**
 * The anonymity guard on every path that stores a consultation text (docs/product.md#consultations-anonymity-guard): the staff, member and
 * anonymous forms, log entries, answers and the API all call `guardTexts` before they save.
 *
 * It fails closed: findings block the save, and so does a detector that fails — that is reported as
 * its own error, never as "no findings".
 */
/**
 * What a blocked save was about, so the message names what was not saved: the question (staff,
 * member and anonymous forms, the API), an answer, a log entry, or the changes to a record.
 */
export type GuardSubject = 'question' | 'answer' | 'log' | 'changes';

const foundMessages = {
	question: 'error_consultations_pii_found',
	answer: 'error_consultations_pii_found_answer',
	log: 'error_consultations_pii_found_log',
	changes: 'error_consultations_pii_found_changes'
} as const satisfies Record<GuardSubject, string>;

const checkFailedMessages = {
	question: 'error_consultations_pii_check_failed',
	answer: 'error_consultations_pii_check_failed_answer',
	log: 'error_consultations_pii_check_failed_log',
	changes: 'error_consultations_pii_check_failed_changes'
} as const satisfies Record<GuardSubject, string>;

type CheckFailedMessage = (typeof checkFailedMessages)[GuardSubject];

export type GuardFailure = {
	ok: false;
	error: (typeof foundMessages)[GuardSubject] | CheckFailedMessage;
	/** Findings per form field, for highlighting; empty when the check itself failed. */
	findings: Record<string, Finding[]>;
};

/** True for the message of a guard that could not check (fail closed): the API answers 503 to it. */
export function isCheckFailure(error: string): error is CheckFailedMessage {
	return (Object.values(checkFailedMessages) as string[]).includes(error);
}

/**
 * The network's own published contact details and its directory's switchboards and visiting
 * addresses, which the guard lets through in this network's texts (decision 016). Fails closed: a
 * published text the guard cannot read makes the check fail, not pass.
 */
export async function publishedContacts(db: Kysely<Database>, network: NetworkRef): Promise<ScanOptions> {
	const texts = await publishedContactTexts(db, network.id);
	try {
		return allowPublished(publicContacts([network.contactPhone, network.contactEmail, ...texts]));
	} catch (error) {
		if (error instanceof PiiScanError)
			return {
				allow: () => {
					throw error;
				}
			};
		throw error;
	}
}

/**
 * The network's published details (`publishedContacts`), asked for only when a text has findings:
 * most texts have none, and those need no lookup.
 */
export type Allowance = () => Promise<ScanOptions>;

const noAllowance: Allowance = async () => ({});

/** The findings of `text` less what the allowance lets through; looks the allowance up at most once. */
function scannerWith(allowance: Allowance) {
	let options: Promise<ScanOptions> | null = null;
	return async (text: string): Promise<Finding[]> => {
		const { findings } = await scan(text);
		if (!findings.length) return findings;
		const { allow } = await (options ??= allowance());
		if (!allow) return findings;
		try {
			return findings.filter((finding) => !allow(finding));
		} catch (error) {
			throw new PiiScanError('allow', error);
		}
	};
}

export async function guardTexts(
	texts: Record<string, string | null | undefined>,
	subject: GuardSubject,
	allowance: Allowance = noAllowance
): Promise<{ ok: true } | GuardFailure> {
	const findings: Record<string, Finding[]> = {};
	const findingsOf = scannerWith(allowance);
	try {
		for (const [field, text] of Object.entries(texts)) {
			if (!text) continue;
			const found = await findingsOf(text);
			if (found.length) findings[field] = found;
		}
	} catch (error) {
		if (error instanceof PiiScanError) return { ok: false, error: checkFailedMessages[subject], findings: {} };
		throw error;
	}
	return Object.keys(findings).length ? { ok: false, error: foundMessages[subject], findings } : { ok: true };
}

/**
 * "Mask all": each text with its findings replaced by labels in the writer's language. The result
 * is shown to the writer to check and save; nothing is stored here. Fails closed like `guardTexts`.
 */
export async function maskTexts<K extends string>(
	texts: Record<K, string>,
	locale: MaskLocale,
	subject: GuardSubject,
	allowance: Allowance = noAllowance
): Promise<{ ok: true; texts: Record<K, string>; masked: number } | GuardFailure> {
	const result = {} as Record<K, string>;
	let masked = 0;
	const findingsOf = scannerWith(allowance);
	try {
		for (const field of Object.keys(texts) as K[]) {
			const text = texts[field];
			const findings = await findingsOf(text);
			masked += findings.length;
			result[field] = findings.length ? maskAll(text, findings, locale) : text;
		}
	} catch (error) {
		if (error instanceof PiiScanError) return { ok: false, error: checkFailedMessages[subject], findings: {} };
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
