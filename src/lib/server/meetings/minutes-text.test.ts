import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineDiff, minutesHtml } from './minutes-text.ts';

describe('minutes as HTML', () => {
	it('turns light formatting into paragraphs, headings, lists and bold', () => {
		const html = minutesHtml(
			'# Beslut\n\nVi ses **nästa** gång.\nTack.\n\n- punkt ett\n- punkt två\n\n1. först\n2. sedan'
		);
		expect(html).toBe(
			'<h3>Beslut</h3>\n<p>Vi ses <strong>nästa</strong> gång.<br>Tack.</p>\n<ul><li>punkt ett</li><li>punkt två</li></ul>\n<ol><li>först</li><li>sedan</li></ol>'
		);
	});

	it('never lets typed markup through, whatever is typed', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: fc.constantFrom('<', '>', '"', "'", '&', 'a', '*', '#', '-', ' ', '\n', '1', '.') }),
				(text) => {
					const html = minutesHtml(text);
					const tags = html.match(/<\/?[a-z0-9]+/g) ?? [];
					expect(tags.every((tag) => /^<\/?(p|br|h3|ul|ol|li|strong)$/.test(tag))).toBe(true);
					expect(html).not.toMatch(/<(?!\/?(p|br|h3|ul|ol|li|strong)>)/);
				}
			)
		);
	});
});

describe('a revision compared with the one before', () => {
	it('shows added and removed lines around those that stayed', () => {
		expect(lineDiff('a\nb\nc', 'a\nB\nc\nd')).toEqual([
			{ kind: 'same', text: 'a' },
			{ kind: 'removed', text: 'b' },
			{ kind: 'added', text: 'B' },
			{ kind: 'same', text: 'c' },
			{ kind: 'added', text: 'd' }
		]);
	});

	it('rebuilds both texts from the comparison', () => {
		const lines = fc.array(fc.constantFrom('x', 'y', 'z', 'w'), { maxLength: 30 }).map((l) => l.join('\n'));
		fc.assert(
			fc.property(lines, lines, (before, after) => {
				const diff = lineDiff(before, after);
				const old = diff.filter((l) => l.kind !== 'added').map((l) => l.text);
				const now = diff.filter((l) => l.kind !== 'removed').map((l) => l.text);
				expect(old.join('\n')).toBe(before);
				expect(now.join('\n')).toBe(after);
			})
		);
	});
});
