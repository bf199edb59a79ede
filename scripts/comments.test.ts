// Comments and decision records a newcomer can follow: a comment says why in words and points to a
// file in this repository (docs/product.md#…, a decision record) — never to a requirement code, an
// issue number or a document that only some of us have. Links into docs/product.md must find their
// heading, and every decision record says when it was taken and whether it still holds.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const CODE_DIRS = ['src', 'scripts', 'tests'];
const SKIP = new Set(['node_modules', 'paraglide', '.svelte-kit', 'build', 'test-results']);

function filesUnder(dir: string, ends: RegExp): string[] {
	const out: string[] = [];
	for (const name of readdirSync(dir)) {
		if (SKIP.has(name)) continue;
		const path = join(dir, name);
		const stat = statSync(path, { throwIfNoEntry: false });
		if (!stat) continue;
		if (stat.isDirectory()) out.push(...filesUnder(path, ends));
		else if (ends.test(name)) out.push(path);
	}
	return out;
}

interface Comment {
	line: number;
	text: string;
}

function lineOf(source: string, offset: number): number {
	return source.slice(0, offset).split('\n').length;
}

/** The comments of a script, found by the TypeScript parser (so `//` inside a string or regex is not one). */
export function scriptComments(source: string, offset = 0, whole = source): Comment[] {
	const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true);
	const seen = new Set<number>();
	const comments: Comment[] = [];
	const take = (ranges: ts.CommentRange[] | undefined) => {
		for (const r of ranges ?? []) {
			if (seen.has(r.pos)) continue;
			seen.add(r.pos);
			comments.push({ line: lineOf(whole, offset + r.pos), text: source.slice(r.pos, r.end) });
		}
	};
	const visit = (node: ts.Node) => {
		take(ts.getLeadingCommentRanges(source, node.getFullStart()));
		take(ts.getTrailingCommentRanges(source, node.getEnd()));
		node.getChildren(file).forEach(visit);
	};
	visit(file);
	return comments;
}

/** The comments of a Svelte component: its scripts' comments, HTML comments and style comments. */
export function svelteComments(source: string): Comment[] {
	const comments: Comment[] = [];
	for (const m of source.matchAll(/(<script\b[^>]*>)([\s\S]*?)<\/script>/g)) {
		const start = m.index + m[1].length;
		comments.push(...scriptComments(m[2], start, source));
	}
	for (const m of source.matchAll(/<!--[\s\S]*?-->/g)) comments.push({ line: lineOf(source, m.index), text: m[0] });
	for (const m of source.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g))
		for (const c of m[1].matchAll(/\/\*[\s\S]*?\*\//g))
			comments.push({ line: lineOf(source, m.index + m[0].indexOf(c[0])), text: c[0] });
	return comments;
}

/** What a comment must not say, each with the reason a newcomer would give. */
const forbidden: [RegExp, string][] = [
	[/\b[FDCMESLRX][1-9](?:\s*[–-]\s*[FDCMESLRX]?[1-9])?\b/, 'a requirement code'],
	[/\b(?:issues?|pull request|PR)\s*#?\d+/i, 'an issue number'],
	// Not every #123: colours such as #555 are fine; an issue is cited in parentheses or after a verb.
	[/\(#\d+\)|\b(?:fixes|closes|see|in|from)\s+#\d+\b/i, 'an issue number'],
	[/PRODUCT\.md|\.\.\/shared\/|\/work\//, 'a document outside the repository']
];

export function whatIsWrong(comment: string): string | null {
	for (const [pattern, what] of forbidden) if (pattern.test(comment)) return what;
	return null;
}

/** Heading anchors as GitHub makes them: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(markdown: string): Set<string> {
	return new Set(
		[...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) =>
			m[1]
				.trim()
				.toLowerCase()
				.replace(/[^\p{L}\p{N} _-]/gu, '')
				.replace(/ /g, '-')
		)
	);
}
const productAnchors = anchorsOf(readFileSync('docs/product.md', 'utf8'));

function allComments(): { file: string; comment: Comment }[] {
	const found: { file: string; comment: Comment }[] = [];
	for (const dir of CODE_DIRS)
		for (const file of filesUnder(dir, /\.(ts|js|mjs|svelte)$/)) {
			const source = readFileSync(file, 'utf8');
			const comments = file.endsWith('.svelte') ? svelteComments(source) : scriptComments(source);
			for (const comment of comments) found.push({ file, comment });
		}
	// Markdown beside the code and under docs/ is read as a whole: it is all explanation.
	for (const file of [...filesUnder('src', /\.md$/), ...filesUnder('docs', /\.md$/)])
		found.push({ file, comment: { line: 1, text: readFileSync(file, 'utf8') } });
	return found;
}

describe('comments', () => {
	const comments = allComments();

	it('finds the comments it checks', () => {
		expect(comments.length).toBeGreaterThan(500);
	});

	it('cite no requirement code, issue number or document outside the repository', () => {
		const wrong = comments
			.map(({ file, comment }) => ({ file, comment, what: whatIsWrong(comment.text) }))
			.filter((c) => c.what)
			.map((c) => `${c.file}:${c.comment.line}: ${c.what}`);
		expect(wrong).toEqual([]);
	});

	it('link to headings that docs/product.md has', () => {
		const broken: string[] = [];
		for (const { file, comment } of comments)
			for (const m of comment.text.matchAll(/product\.md#([\p{L}\p{N}_-]+)/gu))
				if (!productAnchors.has(m[1])) broken.push(`${file}:${comment.line}: #${m[1]}`);
		expect(broken).toEqual([]);
	});

	it('the check catches every requirement code, issue number and outside document', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc
						.tuple(fc.constantFrom(...'FDCMESLRX'), fc.integer({ min: 1, max: 9 }))
						.map(([letter, n]) => `(${letter}${n})`),
					fc.integer({ min: 1, max: 999 }).map((n) => `(issue ${n}, point 2)`),
					fc.integer({ min: 1, max: 999 }).map((n) => `(#${n})`),
					fc.constantFrom('(PRODUCT.md, roles)', 'see ../shared/PRODUCT.md', 'as /work/shared/tools/x.sh does')
				),
				fc.constantFrom('// The seat decision %.', '/** Who may do what % with consultations. */', '<!-- % -->'),
				(citation, shape) => {
					const comment = shape.replace('%', citation);
					expect(whatIsWrong(comment)).not.toBeNull();
					const source = shape.startsWith('<!--') ? `<div>${comment}</div>` : `${comment}\nexport const x = 1;`;
					const found = shape.startsWith('<!--') ? svelteComments(source) : scriptComments(source);
					expect(found.some((c) => whatIsWrong(c.text))).toBe(true);
				}
			)
		);
	});

	it('leaves words, links, strings and colours alone', () => {
		for (const fine of [
			'// The seat decision (docs/product.md#events-registration-rush, decision 012).',
			'/* color: #555; a 5 x 5 grid, AES-256-GCM, UTF-8, p99 under 250 ms */',
			'// ISO 8601 dates, WCAG 2.1 AA'
		])
			expect(whatIsWrong(fine)).toBeNull();
		const code = "const url = 'https://example.org/C4'; // a link\nconst re = /^\\/\\/issue 5/;";
		expect(scriptComments(code).map((c) => c.text)).toEqual(['// a link']);
	});
});

describe('decision records', () => {
	const records = readdirSync('docs/decisions').filter((name) => /^\d{3}-.+\.md$/.test(name));

	it.each(records)('%s has a Date and a Status', (name) => {
		const head = readFileSync(join('docs/decisions', name), 'utf8').split('\n').slice(0, 8).join('\n');
		expect(head).toMatch(/^Date: \d{4}-\d{2}-\d{2}\b/m);
		expect(head).toMatch(/\bStatus: (accepted|superseded by \d{3})\b/);
		const superseded = /Status: superseded by (\d{3})/.exec(head)?.[1];
		if (superseded) expect(records.some((r) => r.startsWith(`${superseded}-`))).toBe(true);
	});
});
