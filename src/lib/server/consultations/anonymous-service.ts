import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { addressKey, lockState, recordFailure, type ThrottlePolicy } from '../platform/auth/throttle.ts';
import type { PublicContext } from '../platform/context.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { todayIn } from '../platform/time.ts';
import { findByReference } from './consultations-repository.ts';
import { consultationColumns, decryptOrNull } from './encrypted-columns.ts';
import type { AnonymousForm } from './forms.ts';
import { guardTexts, publishedContacts } from './guard.ts';
import type { ConsultationStatus } from './model.ts';
import { guardFailure, insertNew, notifyHandlers, validateAbout, type SaveResult } from './recording.ts';

/**
 * The anonymous form (docs/product.md#consultations-three-ways-in): anyone asks without an account
 * and follows the answer with a reference number and a secret code. There is no actor, so no
 * permission to check; instead the guards around the service: a honeypot field, and limits per client
 * address kept in the database (so every app instance counts the same). A school or municipal office
 * often shares one address, so the limits are set for a busy office, not for one person.
 */
export const askPolicies = {
	/** Questions sent from one address: 10 an hour. */
	submit: { maxFailures: 10, windowMs: 60 * 60_000, lockMs: 60 * 60_000 },
	/** Wrong reference/code pairs from one address: 10 in 15 minutes, then a 15-minute pause. */
	status: { maxFailures: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
	/**
	 * Texts checked without being saved (blocked by the guard, or masked): generous for a person
	 * correcting a text, but no free scanning service for scripts.
	 */
	check: { maxFailures: 60, windowMs: 60 * 60_000, lockMs: 60 * 60_000 }
} satisfies Record<string, ThrottlePolicy>;

/**
 * The limit's key for an address: hashed, so the throttle table holds no visitor's address in clear
 * (the limit works the same on a hash).
 */
function limitKey(pub: PublicContext, scope: string): string {
	const address = pub.clientAddress
		? createHash('sha256').update(`${pub.network.id}:${pub.clientAddress}`).digest('base64url')
		: null;
	return addressKey(address, `${scope}:${pub.network.id}`);
}

/** Counts a text checked without saving; true when the address may not check more now. */
export async function countGuardCheck(pub: PublicContext): Promise<boolean> {
	const key = limitKey(pub, 'ask-check');
	if ((await lockState(pub.db, [key], pub.now)).locked) return true;
	await recordFailure(pub.db, key, askPolicies.check, pub.now);
	return false;
}

export async function askAnonymously(
	pub: PublicContext,
	input: AnonymousForm
): Promise<SaveResult<{ reference: string; code: string }>> {
	// People never see the honeypot field; what fills it is a script.
	if (input.website) return failure('error_ask_rejected');
	const key = limitKey(pub, 'ask-submit');
	if ((await lockState(pub.db, [key], pub.now)).locked) return failure('error_ask_rate_limited');
	const result = await submitAnonymous(pub, input);
	// Saved questions count against the submission limit; texts the guard blocked against the looser
	// limit of checks, so a person can correct and resend.
	if (result.ok) await recordFailure(pub.db, key, askPolicies.submit, pub.now);
	else if (result.findings && (await countGuardCheck(pub))) return failure('error_ask_rate_limited');
	return result;
}

export async function lookUpStatus(
	pub: PublicContext,
	reference: string,
	code: string
): Promise<Result<AnonymousStatus>> {
	const key = limitKey(pub, 'ask-status');
	if ((await lockState(pub.db, [key], pub.now)).locked) return failure('error_ask_status_rate_limited');
	const result = await anonymousStatus(pub, reference, code);
	if (!result.ok) await recordFailure(pub.db, key, askPolicies.status, pub.now);
	return result;
}

// ---------------------------------------------------------------- asking and following up

// Crockford-like alphabet without 0/O, 1/I/L: read aloud and typed back without mistakes.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A follow-up code of 12 characters (≈ 59 bits), shown as XXXX-XXXX-XXXX. */
export function newFollowUpCode(): string {
	let code = '';
	for (let i = 0; i < 12; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
	return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

export function normaliseFollowUpCode(code: string): string {
	return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function followUpCodeHash(consultationId: string, code: string): string {
	return createHash('sha256')
		.update(`${consultationId}:${normaliseFollowUpCode(code)}`)
		.digest('base64url');
}

/** Anyone asks through the network's anonymous form: a reference number and a secret code back. */
export async function submitAnonymous(
	pub: PublicContext,
	input: AnonymousForm
): Promise<SaveResult<{ reference: string; code: string }>> {
	const about = await validateAbout(pub.db, pub.network.id, input, { municipalityRequired: false });
	if (!about.ok) return about;
	const guard = await guardTexts({ question: input.question, askerFunction: input.askerFunction }, 'question', () =>
		publishedContacts(pub.db, pub.network)
	);
	if (!guard.ok) return guardFailure(guard);
	const code = newFollowUpCode();
	const created = await insertNew(
		{ db: pub.db, network: pub.network, now: pub.now, keyring: pub.keyring, audit: pub.audit, actorUserId: null },
		{ ...about.value, receivedOn: todayIn(pub.network.timeZone, pub.now), channel: 'web_form', followUpOn: null },
		{
			source: 'anonymous',
			question: input.question,
			topicIds: input.topicIds,
			contact: input.contact,
			followUpCodeHash: (id) => followUpCodeHash(id, code),
			afterInsert: notifyHandlers(pub, 'anonymous', input.urgency)
		}
	);
	pub.mail.flush();
	return ok({ reference: created.reference, code });
}

// ---------------------------------------------------------------- the anonymous asker's status page

export interface AnonymousStatus {
	reference: string;
	status: ConsultationStatus;
	receivedOn: string;
	answer: string | null;
	answeredAt: Date | null;
	textErasedAt: Date | null;
}

/**
 * Reference + code open the status and the answer. A wrong code and an unknown reference answer the
 * same way, so the page reveals nothing about which references exist; the route limits attempts.
 */
export async function anonymousStatus(
	pub: PublicContext,
	reference: string,
	code: string
): Promise<Result<AnonymousStatus>> {
	const row = await findByReference(pub.db, pub.network.id, reference.trim().toUpperCase());
	const expected = row?.followUpCodeHash ? Buffer.from(row.followUpCodeHash) : null;
	const given = Buffer.from(followUpCodeHash(row?.id ?? 'none', code));
	if (!row || !expected || expected.length !== given.length || !timingSafeEqual(expected, given))
		return failure('error_ask_status_not_found');
	const answer = decryptOrNull(
		pub.keyring,
		consultationColumns,
		'answer_encrypted',
		{ networkId: pub.network.id, recordId: row.id },
		row.answerEncrypted
	);
	await pub.audit.record('consultations.status_viewed', { type: 'consultation', id: row.id });
	return ok({
		reference: row.reference,
		status: row.status,
		receivedOn: row.receivedOn,
		answer: row.status === 'answered' || row.status === 'closed' ? answer.text : null,
		answeredAt: row.answeredAt,
		textErasedAt: row.textErasedAt
	});
}
