import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDay, formatNumber, formatTimestamp } from './format.ts';

describe('formatting for people', () => {
	const instant = new Date('2026-03-29T09:30:00Z'); // the day Europe switches to summer time

	it("shows times in the network's time zone, across a daylight-saving change", () => {
		expect(formatTimestamp(instant, 'Europe/Stockholm')).toBe('2026-03-29 11:30:00');
		expect(formatTimestamp(new Date('2026-03-28T09:30:00Z'), 'Europe/Oslo')).toBe('2026-03-28 10:30:00');
	});

	it('writes dates the way each language does', () => {
		expect(formatDateTime(instant, 'sv', 'Europe/Stockholm')).toBe('29 mars 2026 kl. 11:30');
		expect(formatDateTime(instant, 'nb', 'Europe/Oslo')).toBe('29. mars 2026 kl. 11:30');
		expect(formatDateTime(instant, 'en', 'Europe/Stockholm')).toBe('29 March 2026 at 11:30');
	});

	it('groups numbers per language', () => {
		// Swedish groups with a no-break space.
		expect(formatNumber(12345.5, 'sv')).toBe('12\u00a0345,5');
		expect(formatNumber(12345.5, 'en')).toBe('12,345.5');
	});

	it('writes a calendar day in each language without shifting it to another day', () => {
		expect(formatDay('2026-01-15', 'sv')).toBe('15 jan. 2026');
		expect(formatDay('2026-01-15', 'en')).toBe('15 Jan 2026');
		expect(formatDay('2026-12-31', 'nb')).toMatch(/^31\. des\.? 2026$/);
		expect(formatDay('not a day', 'sv')).toBe('not a day');
	});
});
