import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sentence, sentences } from './sentences.ts';

describe('sentences from messages', () => {
	it('closes a label-like message and leaves a closed one alone', () => {
		expect(sentence('Inga frågor från: Jokkmokk, Kalix och Pajala')).toBe(
			'Inga frågor från: Jokkmokk, Kalix och Pajala.'
		);
		expect(sentence('Frågor kom från alla deltagande kommuner.')).toBe('Frågor kom från alla deltagande kommuner.');
		expect(sentence('Varför?')).toBe('Varför?');
		expect(sentence('  ')).toBe('');
	});

	it('never runs two messages together, whatever they end with', () => {
		expect(
			sentences(['8 av 10 deltagande kommuner', 'Inga frågor från: Jokkmokk och Kalix', null, 'Utanför nätverket: 3'])
		).toBe('8 av 10 deltagande kommuner. Inga frågor från: Jokkmokk och Kalix. Utanför nätverket: 3.');
		fc.assert(
			fc.property(fc.array(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '')), (parts) => {
				const text = sentences(parts);
				// Each part ends a sentence before the next begins.
				let rest = text;
				for (const part of parts) {
					const closed = sentence(part);
					expect(rest.startsWith(closed)).toBe(true);
					expect(closed).toMatch(/[.!?…]["'”’)]*$/u);
					rest = rest.slice(closed.length).replace(/^ /, '');
				}
				expect(rest).toBe('');
			})
		);
	});
});
