import { escapeHtml } from '../platform/html.ts';

/**
 * Minutes are plain text with light formatting, shown as HTML built here from escaped text — never
 * HTML that someone typed, so nothing in minutes can run or load in a reader's browser:
 *
 * - a blank line starts a new paragraph;
 * - a line starting with `# ` is a heading (shown one level below the page's own headings);
 * - lines starting with `- ` or `* ` make a list, `1. ` a numbered list;
 * - `**words**` are bold.
 */
export function minutesHtml(text: string, headingLevel = 3): string {
	const blocks: string[] = [];
	const bold = (line: string) => escapeHtml(line).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
	for (const block of text.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
		const lines = block.split('\n').filter((line) => line.trim() !== '');
		if (!lines.length) continue;
		let paragraph: string[] = [];
		let list: { tag: 'ul' | 'ol'; items: string[] } | null = null;
		const flush = () => {
			if (paragraph.length) blocks.push(`<p>${paragraph.map(bold).join('<br>')}</p>`);
			if (list)
				blocks.push(`<${list.tag}>${list.items.map((item) => `<li>${bold(item)}</li>`).join('')}</${list.tag}>`);
			paragraph = [];
			list = null;
		};
		for (const line of lines) {
			const heading = /^#{1,3}\s+(.*)$/.exec(line);
			const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
			const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
			if (heading) {
				flush();
				blocks.push(`<h${headingLevel}>${bold(heading[1])}</h${headingLevel}>`);
			} else if (bullet || numbered) {
				const tag = bullet ? 'ul' : 'ol';
				if (paragraph.length || (list && list.tag !== tag)) flush();
				list ??= { tag, items: [] };
				list.items.push((bullet ?? numbered)![1]);
			} else {
				if (list) flush();
				paragraph.push(line);
			}
		}
		flush();
	}
	return blocks.join('\n');
}

export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string };

/** Above this many line pairs a revision is shown as replaced as a whole rather than compared. */
const MAX_CELLS = 4_000_000;

/** The lines of `after` compared with `before` (longest common subsequence), for a revision's changes. */
export function lineDiff(before: string, after: string): DiffLine[] {
	const a = before ? before.replace(/\r\n?/g, '\n').split('\n') : [];
	const b = after ? after.replace(/\r\n?/g, '\n').split('\n') : [];
	if (a.length * b.length > MAX_CELLS)
		return [
			...a.map((text) => ({ kind: 'removed' as const, text })),
			...b.map((text) => ({ kind: 'added' as const, text }))
		];
	// lengths[i][j]: the longest common subsequence of a[i..] and b[j..]
	const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
	for (let i = a.length - 1; i >= 0; i--)
		for (let j = b.length - 1; j >= 0; j--)
			lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
	const lines: DiffLine[] = [];
	let i = 0;
	let j = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			lines.push({ kind: 'same', text: a[i] });
			i++;
			j++;
		} else if (lengths[i + 1][j] >= lengths[i][j + 1]) lines.push({ kind: 'removed', text: a[i++] });
		else lines.push({ kind: 'added', text: b[j++] });
	}
	while (i < a.length) lines.push({ kind: 'removed', text: a[i++] });
	while (j < b.length) lines.push({ kind: 'added', text: b[j++] });
	return lines;
}
