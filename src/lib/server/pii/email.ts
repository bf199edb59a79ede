// E-mail addresses, also when written with a space or "(at)" / "[at]" / " snabel-a " instead of "@".
import type { Span } from './types.ts';

const local = String.raw`[\p{L}\p{N}._%+\-']+`;
const domain = String.raw`(?:[\p{L}\p{N}\-]+\.)+\p{L}{2,}`;
const at = String.raw`(?:\s?@\s?|\s?[([]\s?(?:at|snabel-a)\s?[)\]]\s?|\s(?:at|snabel-a)\s)`;
const email = new RegExp(String.raw`(?<![\p{L}\p{N}._%+\-])${local}${at}${domain}(?![\p{L}\p{N}])`, 'giu');

export function findEmails(text: string): Span[] {
	const spans: Span[] = [];
	for (const match of text.matchAll(email)) {
		// "hon at home.se" is unlikely in Swedish or Norwegian prose; " at " counts only with a dotted domain.
		spans.push({ type: 'email', start: match.index, end: match.index + match[0].length });
	}
	return spans;
}
