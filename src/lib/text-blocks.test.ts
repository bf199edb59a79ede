import { describe, expect, it } from 'vitest';
import { linkify, parseTextBlocks, summary } from './text-blocks.ts';

describe('parseTextBlocks', () => {
	it('splits paragraphs on blank lines and keeps single line breaks', () => {
		expect(parseTextBlocks('Första stycket.\nRad två.\n\n\nAndra stycket.')).toEqual([
			{
				kind: 'paragraph',
				content: [{ kind: 'text', text: 'Första stycket.' }, { kind: 'break' }, { kind: 'text', text: 'Rad två.' }]
			},
			{ kind: 'paragraph', content: [{ kind: 'text', text: 'Andra stycket.' }] }
		]);
	});

	it('treats Windows line endings and blank lines with spaces alike', () => {
		expect(parseTextBlocks('Ett.\r\n  \r\nTvå.')).toHaveLength(2);
	});

	it('knows headings, also directly above their paragraph, and lists', () => {
		expect(parseTextBlocks('## Tillsyn\nDigg har tillsyn.\n\n- ett\n- två')).toEqual([
			{ kind: 'heading', content: [{ kind: 'text', text: 'Tillsyn' }] },
			{ kind: 'paragraph', content: [{ kind: 'text', text: 'Digg har tillsyn.' }] },
			{ kind: 'list', items: [[{ kind: 'text', text: 'ett' }], [{ kind: 'text', text: 'två' }]] }
		]);
	});

	it('never produces HTML: markup stays text', () => {
		const blocks = parseTextBlocks('<script>alert(1)</script> <b>fet</b>');
		expect(blocks).toEqual([
			{ kind: 'paragraph', content: [{ kind: 'text', text: '<script>alert(1)</script> <b>fet</b>' }] }
		]);
	});

	it('returns nothing for an empty text', () => {
		expect(parseTextBlocks(' \n\n ')).toEqual([]);
	});
});

describe('linkify', () => {
	it('links web and e-mail addresses, leaving sentence punctuation outside', () => {
		expect(linkify('Skriv till info@example.se eller läs https://www.digg.se.')).toEqual([
			{ kind: 'text', text: 'Skriv till ' },
			{ kind: 'link', text: 'info@example.se', href: 'mailto:info@example.se' },
			{ kind: 'text', text: ' eller läs ' },
			{ kind: 'link', text: 'https://www.digg.se', href: 'https://www.digg.se' },
			{ kind: 'text', text: '.' }
		]);
	});

	it('does not link other schemes', () => {
		expect(linkify('javascript:alert(1) data:text/html,x')).toEqual([
			{ kind: 'text', text: 'javascript:alert(1) data:text/html,x' }
		]);
	});
});

describe('summary', () => {
	it('is the first paragraph, shortened at a word', () => {
		expect(summary('Kort.\n\nMer.')).toBe('Kort.');
		const long = 'ord '.repeat(100);
		const short = summary(long, 50);
		expect(short.length).toBeLessThanOrEqual(51);
		expect(short.endsWith('ord…')).toBe(true);
	});

	it('skips a heading and flattens links and line breaks', () => {
		expect(summary('## Om oss\nVi nås på\ninfo@example.se')).toBe('Vi nås på info@example.se');
	});
});
