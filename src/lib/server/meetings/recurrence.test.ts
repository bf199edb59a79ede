import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	addDays,
	addYears,
	nthWeekdayOfMonth,
	occurrenceTimes,
	seriesDays,
	wallClockExists,
	weekdayOf,
	type SeriesRule
} from './recurrence.ts';

const rule = (over: Partial<SeriesRule>): SeriesRule => ({
	recurrence: 'weekly',
	intervalWeeks: 2,
	weekday: 2,
	weekOfMonth: null,
	dates: [],
	firstDay: '2027-01-01',
	lastDay: '2027-12-31',
	...over
});

const dayArb = fc
	.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
	.map((d) => d.toISOString().slice(0, 10));

describe('a series meets on the days its rule gives', () => {
	it('every other Tuesday from the first Tuesday on or after the first day', () => {
		const days = seriesDays(rule({}), '2027-01-01', '2027-02-28');
		expect(days).toEqual(['2027-01-05', '2027-01-19', '2027-02-02', '2027-02-16']);
		expect(days.every((day) => weekdayOf(day) === 2)).toBe(true);
	});

	it('the same weeks whatever window is asked for (the interval counts from the first meeting)', () => {
		fc.assert(
			fc.property(
				dayArb,
				fc.integer({ min: 1, max: 4 }),
				fc.integer({ min: 1, max: 7 }),
				(first, interval, weekday) => {
					const r = rule({ firstDay: first, lastDay: addYears(first, 2), intervalWeeks: interval, weekday });
					const all = seriesDays(r, r.firstDay, r.lastDay);
					const middle = addDays(first, 200);
					const later = seriesDays(r, middle, r.lastDay);
					expect(later).toEqual(all.filter((day) => day >= middle));
					for (let i = 1; i < all.length; i++) expect(addDays(all[i - 1], 7 * interval)).toBe(all[i]);
					expect(all.every((day) => weekdayOf(day) === weekday && day >= r.firstDay && day <= r.lastDay)).toBe(true);
				}
			)
		);
	});

	it('monthly on the n-th weekday, or the last one', () => {
		const second = rule({ recurrence: 'monthly', weekday: 3, weekOfMonth: 2, intervalWeeks: null });
		expect(seriesDays(second, '2027-01-01', '2027-04-30')).toEqual([
			'2027-01-13',
			'2027-02-10',
			'2027-03-10',
			'2027-04-14'
		]);
		const last = rule({ recurrence: 'monthly', weekday: 5, weekOfMonth: 5, intervalWeeks: null });
		expect(seriesDays(last, '2027-01-01', '2027-03-31')).toEqual(['2027-01-29', '2027-02-26', '2027-03-26']);
	});

	it('the n-th weekday is always in its month, on its weekday, in the right week', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 2000, max: 2100 }),
				fc.integer({ min: 1, max: 12 }),
				fc.integer({ min: 1, max: 7 }),
				fc.integer({ min: 1, max: 5 }),
				(year, month, weekday, nth) => {
					const day = nthWeekdayOfMonth(year, month, weekday, nth);
					expect(Number(day.slice(5, 7))).toBe(month);
					expect(weekdayOf(day)).toBe(weekday);
					const date = Number(day.slice(8));
					if (nth < 5) expect(Math.ceil(date / 7)).toBe(nth);
					else expect(Number(addDays(day, 7).slice(5, 7))).not.toBe(month);
				}
			)
		);
	});

	it('chosen dates in order, once each, within the series', () => {
		const dates = rule({ recurrence: 'dates', dates: ['2027-03-01', '2027-01-10', '2027-03-01', '2028-02-01'] });
		expect(seriesDays(dates, '2027-01-01', '2027-12-31')).toEqual(['2027-01-10', '2027-03-01']);
	});

	it('a single meeting on its one day', () => {
		const single = rule({ recurrence: 'single', firstDay: '2027-05-04', lastDay: '2027-05-04' });
		expect(seriesDays(single, '2027-01-01', '2027-12-31')).toEqual(['2027-05-04']);
		expect(seriesDays(single, '2027-06-01', '2027-12-31')).toEqual([]);
	});
});

describe('a meeting keeps its wall-clock time across daylight-saving changes', () => {
	it('09:00 in Stockholm is 08:00 UTC in winter and 07:00 UTC in summer, whatever the process TZ', () => {
		const r = rule({ firstDay: '2027-03-16', lastDay: '2027-04-13' });
		const times = seriesDays(r, r.firstDay, r.lastDay).map((day) =>
			occurrenceTimes(day, '09:00', '10:30', 'Europe/Stockholm').startAt.toISOString()
		);
		expect(times).toEqual(['2027-03-16T08:00:00.000Z', '2027-03-30T07:00:00.000Z', '2027-04-13T07:00:00.000Z']);
		const oslo = occurrenceTimes('2027-11-02', '13:00', '15:00', 'Europe/Oslo');
		expect(oslo.startAt.toISOString()).toBe('2027-11-02T12:00:00.000Z');
		expect(oslo.endAt.toISOString()).toBe('2027-11-02T14:00:00.000Z');
	});

	it('knows the times the clock skips', () => {
		expect(wallClockExists('2027-03-28', '02:30', 'Europe/Stockholm')).toBe(false);
		expect(wallClockExists('2027-03-28', '03:30', 'Europe/Stockholm')).toBe(true);
		expect(wallClockExists('2027-10-31', '02:30', 'Europe/Stockholm')).toBe(true);
	});
});
