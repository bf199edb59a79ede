/**
 * Turns a plain text written by a network (or a default text from the catalogues) into blocks a
 * component renders with ordinary elements. Nothing in the text is ever treated as HTML: the only
 * structure is blank lines between paragraphs, "## " for a heading, lines starting with "- " for
 * a list, and web and e-mail addresses, which become links.
 */
export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string } | { kind: 'break' };

export type TextBlock =
	| { kind: 'heading'; content: Segment[] }
	| { kind: 'paragraph'; content: Segment[] }
	| { kind: 'list'; items: Segment[][] };

// http(s) addresses and e-mail addresses; nothing else becomes a link (no javascript:, no data:).
const LINKABLE = /https?:\/\/[^\s<>"']+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Sentence punctuation right after an address belongs to the sentence, not to the address.
const TRAILING_PUNCTUATION = /[.,;:!?)]+$/;

/** Splits one line into text and links. */
export function linkify(line: string): Segment[] {
	const segments: Segment[] = [];
	let last = 0;
	for (const match of line.matchAll(LINKABLE)) {
		let address = match[0];
		const trailing = address.match(TRAILING_PUNCTUATION)?.[0] ?? '';
		if (trailing) address = address.slice(0, address.length - trailing.length);
		const start = match.index;
		if (start > last) segments.push({ kind: 'text', text: line.slice(last, start) });
		const href = address.includes('@') && !address.startsWith('http') ? `mailto:${address}` : address;
		segments.push({ kind: 'link', text: address, href });
		last = start + address.length;
	}
	if (last < line.length) segments.push({ kind: 'text', text: line.slice(last) });
	return segments;
}

function inline(lines: string[]): Segment[] {
	return lines.flatMap((line, index) =>
		index === 0 ? linkify(line) : [{ kind: 'break' } as Segment, ...linkify(line)]
	);
}

export function parseTextBlocks(body: string): TextBlock[] {
	const chunks = body
		.replace(/\r\n?/g, '\n')
		.split(/\n[ \t]*\n/)
		.map((chunk) =>
			chunk
				.split('\n')
				.map((line) => line.trim())
				.filter((line) => line !== '')
		)
		.filter((lines) => lines.length > 0);
	const blocks: TextBlock[] = [];
	for (const lines of chunks) {
		let rest = lines;
		// A heading may sit directly above its paragraph, without a blank line between.
		if (rest[0].startsWith('## ')) {
			blocks.push({ kind: 'heading', content: linkify(rest[0].slice(3).trim()) });
			rest = rest.slice(1);
			if (rest.length === 0) continue;
		}
		if (rest.every((line) => line.startsWith('- '))) {
			blocks.push({ kind: 'list', items: rest.map((line) => linkify(line.slice(2).trim())) });
		} else {
			blocks.push({ kind: 'paragraph', content: inline(rest) });
		}
	}
	return blocks;
}

/** The first paragraph of a text as plain words, shortened at a word boundary: for lists of networks. */
export function summary(body: string, maxLength = 220): string {
	const first = parseTextBlocks(body).find((block) => block.kind === 'paragraph');
	if (!first || first.kind !== 'paragraph') return '';
	const text = first.content
		.map((segment) => (segment.kind === 'break' ? ' ' : segment.text))
		.join('')
		.replace(/\s+/g, ' ')
		.trim();
	if (text.length <= maxLength) return text;
	const cut = text.slice(0, maxLength);
	const space = cut.lastIndexOf(' ');
	return `${(space > maxLength * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:–-]+$/, '')}…`;
}
