import { createHash } from 'node:crypto';
import { addressKey, lockState, recordFailure, type ThrottlePolicy } from '../platform/auth/throttle.ts';
import { failure, type Result } from '../platform/result.ts';
import type { AnonymousForm } from './forms.ts';
import { anonymousStatus, submitAnonymous, type AnonymousStatus, type SaveResult } from './service.ts';
import { type PublicContext } from '../platform/context.ts';

/**
 * The anonymous form's guards around the service (docs/product.md#consultations-three-ways-in): a honeypot field, and limits per client
 * address kept in the database (so every app instance counts the same). A school or municipal
 * office often shares one address, so the limits are set for a busy office, not for one person.
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
