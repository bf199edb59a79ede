// The glossary (docs/glossary.md) names the terms each language avoids; no catalogue may use one.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flattenCatalogue } from './i18n-rules.mjs';

const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8'));
const patterns: string[] = [settings['plugin.inlang.messageFormat'].pathPattern].flat();

/** The avoid columns of the glossary's table, per language: [term, concept]. */
function avoidedTerms(markdown: string): Map<string, [string, string][]> {
	const rows = markdown.split('\n').filter((line) => line.startsWith('|'));
	const header = rows[0].split('|').map((cell) => cell.trim());
	const avoided = new Map<string, [string, string][]>();
	for (const row of rows.slice(2)) {
		const cells = row.split('|').map((cell) => cell.trim());
		header.forEach((column, i) => {
			const language = /^avoid \((\w+)\)$/.exec(column)?.[1];
			if (!language || !cells[i]) return;
			for (const term of cells[i]
				.split(',')
				.map((t) => t.trim())
				.filter(Boolean)) {
				avoided.set(language, [...(avoided.get(language) ?? []), [term, cells[1]]]);
			}
		});
	}
	return avoided;
}

/** A whole-word, case-insensitive pattern for an avoided term; `*` stands for any ending. */
function termPattern(term: string): RegExp {
	const stem = term.replace(/\*$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(?<![\\p{L}\\p{N}])${stem}${term.endsWith('*') ? '[\\p{L}\\p{N}]*' : ''}(?![\\p{L}\\p{N}])`, 'iu');
}

/** Every text of a message, with its variants. */
function texts(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.flatMap((block) => Object.values(block?.match ?? {}).map(String));
	return [];
}

describe('the glossary', () => {
	const avoided = avoidedTerms(readFileSync('docs/glossary.md', 'utf8'));

	it('lists terms to avoid in every language of the interface', () => {
		for (const language of ['sv', 'nb', 'en']) expect(avoided.get(language)?.length).toBeGreaterThan(2);
		expect(avoided.get('sv')?.map(([term]) => term)).toEqual(
			expect.arrayContaining(['reservlist*', 'avanmäl*', 'övrigt'])
		);
	});

	it('matches whole words and, with *, their endings', () => {
		expect(termPattern('reservlist*').test('Du står på reservlistan.')).toBe(true);
		expect(termPattern('övrigt').test('Övrigt')).toBe(true);
		expect(termPattern('övrigt').test('i övrigtvis')).toBe(false);
		expect(termPattern('avmeld*').test('Påmeldingen er avmeldt.')).toBe(true);
		expect(termPattern('case number*').test('the Case Numbers')).toBe(true);
	});

	it('is followed by every catalogue', () => {
		const found: string[] = [];
		for (const [language, terms] of avoided) {
			for (const pattern of patterns) {
				const file = pattern.replace('{locale}', language);
				if (!existsSync(file)) continue;
				for (const [key, value] of flattenCatalogue(JSON.parse(readFileSync(file, 'utf8')))) {
					for (const text of texts(value)) {
						for (const [term, concept] of terms) {
							const hit = termPattern(term).exec(text);
							if (hit) found.push(`${file} ${key}: "${hit[0]}" — the glossary says "${concept}" is not called so`);
						}
					}
				}
			}
		}
		expect(found).toEqual([]);
	});
});
