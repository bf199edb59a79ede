import { describe, expect, it } from 'vitest';
import { selectOptions } from './select-options.ts';

const options = [
	{ value: 'phone', label: 'Telefon' },
	{ value: 'mail', label: 'E-post' }
];

// HTML: a required select's first option must have an empty value (a placeholder).
describe('select options', () => {
	it('start a required select with an empty placeholder', () => {
		expect(selectOptions(options, true, 'Välj …')).toEqual([{ value: '', label: 'Välj …' }, ...options]);
	});

	it("keep a required select's own empty option instead of adding a second", () => {
		const own = [{ value: '', label: 'Inte angiven' }, ...options];
		expect(selectOptions(own, true, 'Välj …')).toEqual(own);
	});

	it('leave an optional select as it is', () => {
		expect(selectOptions(options, false, 'Välj …')).toEqual(options);
	});
});
