import { describe, expect, it } from 'vitest';
import * as m from '#lib/paraglide/messages.js';
import { summaryEntry } from './error-summary.ts';

// Every text of the catalogues that needs no input could be a field's label, and every error_…
// message what is wrong with it: no pairing may read "Ämne…: …" or "Namn.: …".
const texts = Object.entries(m)
	.filter(([, message]) => typeof message === 'function')
	.map(([key, message]) => [key, (message as (i: object) => string)({})] as const)
	.filter(([, text]) => !/undefined|NaN/.test(text));
const errors = texts.filter(([key]) => key.startsWith('error_')).map(([, text]) => text);
const labels = texts.map(([, text]) => text).filter((text) => text.length < 80);

describe('an entry of the error summary', () => {
	it('joins label and message without doubled punctuation, for every label and error text', () => {
		expect(labels.length).toBeGreaterThan(500);
		const wrong = labels.flatMap((label) =>
			errors.slice(0, 20).flatMap((error) => {
				const entry = summaryEntry(label, error);
				return /[.:;,?!…]\s*[:.;,]\s|:\s*–|\s–\s*[.:;,]/u.test(entry) ? [entry] : [];
			})
		);
		expect(wrong).toEqual([]);
	});

	it('reads "Label – message", or the message alone without a label', () => {
		expect(summaryEntry('Namn', 'Skriv ett namn.')).toBe('Namn – Skriv ett namn.');
		expect(summaryEntry('Kontaktperson:', 'Välj en person.')).toBe('Kontaktperson – Välj en person.');
		expect(summaryEntry('Deltar kommunen?', 'Välj ja eller nej.')).toBe('Deltar kommunen? – Välj ja eller nej.');
		expect(summaryEntry(undefined, 'Skriv ett namn.')).toBe('Skriv ett namn.');
	});
});
