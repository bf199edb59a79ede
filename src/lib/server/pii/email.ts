// E-mail addresses, also when written with a space or "(at)" / "[at]" / " snabel-a " instead of "@",
// or "(dot)" / "[punkt]" instead of a dot. They are read in the numbers view (normalise.ts), so
// full-width "＠", invisible characters and other scripts' digits inside an address hide nothing.
import type { Span } from './types.ts';

// A dot may be spelled out in brackets too: "anna (dot) svensson (at) skolan [punkt] se".
const spelledDot = String.raw`\s?[([]\s?(?:dot|punkt|prick)\s?[)\]]\s?`;
const dot = String.raw`(?:\.|${spelledDot})`;
const local = String.raw`[\p{L}\p{N}._%+\-']+(?:${spelledDot}[\p{L}\p{N}._%+\-']+)*`;
const domain = String.raw`(?:[\p{L}\p{N}\-]+${dot})+\p{L}{2,}`;
const at = String.raw`\s?@\s?`;
const spelledAt = String.raw`(?:\s?[([]\s?(?:at|snabel-a)\s?[)\]]\s?|\s(?:at|snabel-a)\s)`;
const address = (separator: string) =>
	new RegExp(String.raw`(?<![\p{L}\p{N}._%+\-])${local}${separator}${domain}(?![\p{L}\p{N}])`, 'giu');
const withAt = address(at);
const spelledOut = address(spelledAt);

export function findEmails(text: string): Span[] {
	const spans: Span[] = [];
	for (const match of text.matchAll(withAt))
		spans.push({ type: 'email', start: match.index, end: match.index + match[0].length });
	// "hon at home.se" is unlikely in Swedish or Norwegian prose; " at " counts only with a dotted
	// domain, and never where it would run into an address written with "@" ("flickan at aa.aa@x.se").
	for (const match of text.matchAll(spelledOut)) {
		const start = match.index;
		const end = start + match[0].length;
		if (spans.some((span) => start < span.end && span.start < end) || text[end] === '@') continue;
		spans.push({ type: 'email', start, end });
	}
	return spans.sort((a, b) => a.start - b.start);
}
