import { describe, expect, it } from 'vitest';
import { isCalendarDate, isWebAddress } from './organisation-forms.ts';
import { defaultTypeName, defaultTypesFor, typeLabel } from './organisation-types.ts';

describe('organisation form helpers', () => {
	it('accepts only http(s) web addresses', () => {
		expect(isWebAddress('https://www.lulea.se')).toBe(true);
		expect(isWebAddress('http://kommun.no/barnevern')).toBe(true);
		expect(isWebAddress('javascript:alert(1)')).toBe(false);
		expect(isWebAddress('www.lulea.se')).toBe(false);
		expect(isWebAddress('https://localhost')).toBe(false);
	});

	it('accepts only real calendar days', () => {
		expect(isCalendarDate('2024-02-29')).toBe(true);
		expect(isCalendarDate('2026-02-29')).toBe(false);
		expect(isCalendarDate('2026-1-5')).toBe(false);
	});
});

describe('default organisation types', () => {
	it('give Norwegian networks child welfare and NAV, Swedish networks not', () => {
		expect(defaultTypesFor('NO').map((t) => t.key)).toContain('labour_welfare');
		expect(defaultTypesFor('SE').map((t) => t.key)).not.toContain('child_welfare');
		expect(defaultTypesFor('SE')).toHaveLength(14);
		expect(defaultTypesFor('NO')).toHaveLength(16);
	});

	it('are named in every language, and a renamed type shows its own name', () => {
		for (const type of defaultTypesFor('NO'))
			for (const locale of ['sv', 'nb', 'en'] as const) expect(defaultTypeName(type.key, locale)).not.toBe(type.key);
		expect(defaultTypeName('preschool', 'nb')).toBe('Barnehage');
		expect(typeLabel({ key: 'police', name: 'Polisen Nord' }, 'en')).toBe('Polisen Nord');
		expect(typeLabel({ key: 'police', name: null }, 'en')).toBe('Police');
	});
});
