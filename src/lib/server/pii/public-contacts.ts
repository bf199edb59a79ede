// What a network publishes itself is no personal data: its own phone number, e-mail address and
// postal address on its public page, and the switchboards and visiting addresses of the
// organisations in its directory. An answer that says "ring us on 0920-45 30 00" must not be
// blocked for it (decision 016). Only what was published is let through, and only as the same
// number, address or place: a number one digit off, a person's mobile beside it, or the same
// number in a network that has not published it is still reported.
import { numbersView, textView } from './normalise.ts';
import { phoneKey } from './phone.ts';
import { scanSync, type Finding, type ScanOptions } from './scan.ts';

/** The published details as keys: one value per number, address or e-mail however it is written. */
export interface PublicContacts {
	keys: ReadonlySet<string>;
}

/** Types of finding a published text can make public; a name on a contact page stays a name. */
const publishable = new Set<Finding['type']>(['phone', 'email', 'address', 'postcode']);

/**
 * The key of a finding: a phone number in E.164 read from the numbers view ("070-123 45 67" and
 * "0701234567" are one key), an e-mail address or a street address in lower case with its spacing
 * collapsed. Null for what cannot be published.
 */
export function contactKey(finding: Pick<Finding, 'type' | 'text'>): string | null {
	if (!publishable.has(finding.type)) return null;
	const view = textView(finding.text);
	const numbers = numbersView(view) ?? view;
	if (finding.type === 'phone') {
		const key = phoneKey(numbers.text);
		return key && `phone:${key}`;
	}
	const text = (finding.type === 'email' ? numbers.text : view.text)
		.toLocaleLowerCase('sv')
		.replace(/\s+/g, ' ')
		.replace(/[\s.,;:]+$/, '')
		.trim();
	return text ? `${finding.type === 'email' ? 'email' : 'address'}:${text}` : null;
}

/**
 * The keys of every phone number, e-mail address, street address and postcode the guard finds in the
 * published texts (the public page's contact details, the directory's switchboards and visiting
 * addresses). Read with the guard itself, so they are compared exactly as they are found.
 */
export function publicContacts(published: readonly (string | null | undefined)[]): PublicContacts {
	const keys = new Set<string>();
	for (const text of published) {
		if (!text) continue;
		for (const finding of scanSync(text).findings) {
			const key = contactKey(finding);
			if (key) keys.add(key);
		}
	}
	return { keys };
}

/** The scan option that leaves the published details out of the findings. */
export function allowPublished(contacts: PublicContacts): ScanOptions {
	if (contacts.keys.size === 0) return {};
	return {
		allow: (finding) => {
			const key = contactKey(finding);
			return key !== null && contacts.keys.has(key);
		}
	};
}
