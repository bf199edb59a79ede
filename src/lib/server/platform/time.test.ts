import { describe, expect, it } from 'vitest';
import { endOfDayIn, startOfDayIn, zoneOffsetMs } from './time.ts';

describe('days in a time zone', () => {
	it('knows the offset of Stockholm in winter and summer', () => {
		expect(zoneOffsetMs(new Date('2026-01-15T12:00:00Z'), 'Europe/Stockholm')).toBe(3600_000);
		expect(zoneOffsetMs(new Date('2026-07-15T12:00:00Z'), 'Europe/Oslo')).toBe(7200_000);
	});

	it('starts a day at local midnight', () => {
		expect(startOfDayIn('2026-01-15', 'Europe/Stockholm').toISOString()).toBe('2026-01-14T23:00:00.000Z');
		expect(startOfDayIn('2026-07-15', 'Europe/Oslo').toISOString()).toBe('2026-07-14T22:00:00.000Z');
		expect(startOfDayIn('2026-07-15', 'UTC').toISOString()).toBe('2026-07-15T00:00:00.000Z');
	});

	it('handles the days daylight saving time begins and ends', () => {
		// 29 March 2026: clocks go forward at 02:00; midnight is still UTC+1.
		expect(startOfDayIn('2026-03-29', 'Europe/Stockholm').toISOString()).toBe('2026-03-28T23:00:00.000Z');
		expect(endOfDayIn('2026-03-29', 'Europe/Stockholm').toISOString()).toBe('2026-03-29T22:00:00.000Z');
		// 25 October 2026: clocks go back; the day is 25 hours long.
		expect(startOfDayIn('2026-10-25', 'Europe/Stockholm').toISOString()).toBe('2026-10-24T22:00:00.000Z');
		expect(endOfDayIn('2026-10-25', 'Europe/Stockholm').toISOString()).toBe('2026-10-25T23:00:00.000Z');
	});

	it('ends a day at the next midnight, across months and years', () => {
		expect(endOfDayIn('2026-12-31', 'Europe/Stockholm').toISOString()).toBe('2026-12-31T23:00:00.000Z');
		expect(endOfDayIn('2026-02-28', 'UTC').toISOString()).toBe('2026-03-01T00:00:00.000Z');
	});
});
