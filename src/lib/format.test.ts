import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	formatDateTime,
	formatDateTimeRange,
	formatDay,
	formatNumber,
	formatTimestamp,
	type FormatLocale
} from './format.ts';

describe('formatting for people', () => {
	const instant = new Date('2026-03-29T09:30:00Z'); // the day Europe switches to summer time

	it("shows times in the network's time zone, across a daylight-saving change", () => {
		expect(formatTimestamp(instant, 'Europe/Stockholm')).toBe('2026-03-29 11:30:00');
		expect(formatTimestamp(new Date('2026-03-28T09:30:00Z'), 'Europe/Oslo')).toBe('2026-03-28 10:30:00');
	});

	it('writes dates the way each language does', () => {
		// Swedish and Norwegian write the time 11.30, English 11:30.
		expect(formatDateTime(instant, 'sv', 'Europe/Stockholm')).toBe('29 mars 2026 kl. 11.30');
		expect(formatDateTime(instant, 'nb', 'Europe/Oslo')).toBe('29. mars 2026 kl. 11.30');
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

	describe('a span of time', () => {
		const zone = 'Europe/Stockholm';
		const cases: [string, string, string, Record<FormatLocale, string>][] = [
			[
				'on one day',
				'2027-02-10T08:00:00Z',
				'2027-02-10T15:00:00Z',
				{
					sv: '10 februari 2027 kl. 09.00–16.00',
					nb: '10. februar 2027 kl. 09.00–16.00',
					en: '10 February 2027, 09:00–16:00',
					fi: '10. helmikuuta 2027 klo 9.00–16.00'
				}
			],
			[
				'over several days',
				'2027-02-10T08:00:00Z',
				'2027-02-11T15:00:00Z',
				{
					sv: '10 februari 2027 kl. 09.00 – 11 februari 2027 kl. 16.00',
					nb: '10. februar 2027 kl. 09.00 – 11. februar 2027 kl. 16.00',
					en: '10 February 2027 at 09:00 – 11 February 2027 at 16:00',
					fi: '10. helmikuuta 2027 klo 9.00 – 11. helmikuuta 2027 klo 16.00'
				}
			],
			[
				'across midnight',
				'2027-02-10T20:00:00Z',
				'2027-02-11T01:00:00Z',
				{
					sv: '10 februari 2027 kl. 21.00 – 11 februari 2027 kl. 02.00',
					nb: '10. februar 2027 kl. 21.00 – 11. februar 2027 kl. 02.00',
					en: '10 February 2027 at 21:00 – 11 February 2027 at 02:00',
					fi: '10. helmikuuta 2027 klo 21.00 – 11. helmikuuta 2027 klo 2.00'
				}
			],
			[
				// 28 March 2027 the clocks go from 02.00 to 03.00: 2½ hours, shown as they read on the wall.
				'across the change to summer time',
				'2027-03-28T00:30:00Z',
				'2027-03-28T03:00:00Z',
				{
					sv: '28 mars 2027 kl. 01.30–05.00',
					nb: '28. mars 2027 kl. 01.30–05.00',
					en: '28 March 2027, 01:30–05:00',
					fi: '28. maaliskuuta 2027 klo 1.30–5.00'
				}
			],
			[
				'across the change back to winter time',
				'2027-10-30T23:30:00Z',
				'2027-10-31T03:00:00Z',
				{
					sv: '31 oktober 2027 kl. 01.30–04.00',
					nb: '31. oktober 2027 kl. 01.30–04.00',
					en: '31 October 2027, 01:30–04:00',
					fi: '31. lokakuuta 2027 klo 1.30–4.00'
				}
			]
		];
		for (const [name, start, end, expected] of cases)
			it(`writes a span ${name} in every language`, () => {
				for (const locale of Object.keys(expected) as FormatLocale[])
					expect(formatDateTimeRange(new Date(start), new Date(end), locale, zone)).toBe(expected[locale]);
			});

		it('names the day once exactly when both ends fall on the same day, for any span', () => {
			const from = Date.UTC(2027, 0, 1);
			fc.assert(
				fc.property(
					fc.integer({ min: 0, max: 365 * 24 * 4 }),
					fc.integer({ min: 1, max: 4 * 24 * 4 }),
					fc.constantFrom<FormatLocale>('sv', 'nb', 'en', 'fi'),
					(quarters, length, locale) => {
						const start = new Date(from + quarters * 900_000);
						const end = new Date(start.getTime() + length * 900_000);
						const text = formatDateTimeRange(start, end, locale, zone);
						const day = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: zone });
						const years = text.match(/\b20\d\d\b/g) ?? [];
						expect(years.length).toBe(day(start) === day(end) ? 1 : 2);
						if (locale === 'sv' || locale === 'nb') expect(text).not.toMatch(/\d:\d/);
						expect(text.startsWith(formatDateTime(start, locale, zone).slice(0, 6))).toBe(true);
					}
				)
			);
		});
	});
});
