import { addressKey, lockState, recordFailure, type ThrottlePolicy } from '../platform/auth/throttle.ts';
import { failure, type Result } from '../platform/result.ts';
import type { AnonymousForm } from './forms.ts';
import {
	anonymousStatus,
	submitAnonymous,
	type AnonymousStatus,
	type PublicContext,
	type SaveResult
} from './service.ts';

/**
 * The anonymous form's guards around the service (C2): a honeypot field, and limits per client
 * address kept in the database (so every app instance counts the same). A school or municipal
 * office often shares one address, so the limits are set for a busy office, not for one person.
 */
export const askPolicies = {
	/** Questions sent from one address: 10 an hour. */
	submit: { maxFailures: 10, windowMs: 60 * 60_000, lockMs: 60 * 60_000 },
	/** Wrong reference/code pairs from one address: 10 in 15 minutes, then a 15-minute pause. */
	status: { maxFailures: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 }
} satisfies Record<string, ThrottlePolicy>;

export async function askAnonymously(
	pub: PublicContext,
	input: AnonymousForm
): Promise<SaveResult<{ reference: string; code: string }>> {
	// People never see the honeypot field; what fills it is a script.
	if (input.website) return failure('error_ask_rejected');
	const key = addressKey(pub.clientAddress, `ask-submit:${pub.network.id}`);
	if ((await lockState(pub.db, [key], pub.now)).locked) return failure('error_ask_rate_limited');
	const result = await submitAnonymous(pub, input);
	// Only questions that were saved count: a text blocked by the guard can be corrected and resent.
	if (result.ok) await recordFailure(pub.db, key, askPolicies.submit, pub.now);
	return result;
}

export async function lookUpStatus(
	pub: PublicContext,
	reference: string,
	code: string
): Promise<Result<AnonymousStatus>> {
	const key = addressKey(pub.clientAddress, `ask-status:${pub.network.id}`);
	if ((await lockState(pub.db, [key], pub.now)).locked) return failure('error_ask_status_rate_limited');
	const result = await anonymousStatus(pub, reference, code);
	if (!result.ok) await recordFailure(pub.db, key, askPolicies.status, pub.now);
	return result;
}
