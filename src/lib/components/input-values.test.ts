import { describe, expect, it } from 'vitest';
import { fitsInputType } from './input-values.ts';

// What the Nu HTML Checker accepts in the value attribute of url and email inputs.
describe('values an input type can carry', () => {
	it('takes an absolute URL in a url input, not an address without a scheme', () => {
		expect(fitsInputType('url', 'https://polisen.se/rutin.pdf')).toBe(true);
		expect(fitsInputType('url', 'polisen.se')).toBe(false);
		expect(fitsInputType('url', 'rutin.pdf')).toBe(false);
		expect(fitsInputType('url', 'https://polisen.se/en rutin.pdf')).toBe(false);
	});

	it('takes an e-mail address in an email input', () => {
		expect(fitsInputType('email', 'anna.berg@example.se')).toBe(true);
		expect(fitsInputType('email', 'anna.berg@')).toBe(false);
		expect(fitsInputType('email', 'anna berg@example.se')).toBe(false);
	});

	it('takes anything in other inputs, and nothing in any', () => {
		expect(fitsInputType('text', 'polisen.se')).toBe(true);
		expect(fitsInputType(undefined, '<b>')).toBe(true);
		expect(fitsInputType('url', '')).toBe(true);
		expect(fitsInputType('email', ' ')).toBe(true);
	});
});
