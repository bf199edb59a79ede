import { describe, expect, it } from 'vitest';
import {
	currentHalfYear,
	customPeriod,
	halfPeriod,
	monthPeriod,
	monthsOf,
	parsePeriod,
	parsePeriodToken,
	periodChoices,
	periodLabel,
	periodQuery,
	periodToken,
	termPeriod,
	yearPeriod
} from './periods.ts';

const params = (query: string) => new URLSearchParams(query);

describe('periods', () => {
	it('builds months, terms, half-years and years with inclusive ends', () => {
		expect(monthPeriod(2024, 2)).toEqual({ kind: 'month', from: '2024-02-01', to: '2024-02-29' });
		expect(monthPeriod(2026, 12)).toEqual({ kind: 'month', from: '2026-12-01', to: '2026-12-31' });
		expect(halfPeriod('half_year', 2026, 1)).toEqual({ kind: 'half_year', from: '2026-01-01', to: '2026-06-30' });
		expect(halfPeriod('half_year', 2026, 2)).toEqual({ kind: 'half_year', from: '2026-07-01', to: '2026-12-31' });
		expect(yearPeriod(2025)).toEqual({ kind: 'year', from: '2025-01-01', to: '2025-12-31' });
	});

	it('follows the school year for terms: spring January–June, autumn August–December, July in neither', () => {
		expect(termPeriod(2026, 'spring')).toEqual({ kind: 'term', from: '2026-01-01', to: '2026-06-30' });
		expect(termPeriod(2026, 'autumn')).toEqual({ kind: 'term', from: '2026-08-01', to: '2026-12-31' });
		expect(monthsOf(termPeriod(2026, 'autumn'))).toEqual(['2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
		expect(parsePeriodToken('term-2026-autumn')).toEqual(termPeriod(2026, 'autumn'));
		expect(periodToken(termPeriod(2026, 'autumn'))).toBe('term-2026-autumn');
		// The half-year keeps July.
		expect(parsePeriodToken('half_year-2026-2')?.from).toBe('2026-07-01');
	});

	it('round-trips every kind through its URL token', () => {
		for (const period of [
			monthPeriod(2026, 3),
			termPeriod(2026, 'spring'),
			termPeriod(2026, 'autumn'),
			halfPeriod('half_year', 2025, 1),
			halfPeriod('half_year', 2025, 2),
			yearPeriod(2024)
		]) {
			expect(parsePeriodToken(periodToken(period))).toEqual(period);
			expect(parsePeriod(params(periodQuery(period)), 'Europe/Stockholm', new Date())).toEqual(period);
		}
		const custom = customPeriod('2026-01-15', '2026-02-10')!;
		expect(parsePeriod(params(periodQuery(custom)), 'Europe/Stockholm', new Date())).toEqual(custom);
	});

	it('rejects malformed tokens and custom ranges', () => {
		for (const token of [
			'month-2026-13',
			'month-2026-00',
			'term-2026-summer',
			'half_year-2026-3',
			'year-26',
			'x',
			''
		]) {
			expect(parsePeriodToken(token)).toBeNull();
		}
		expect(customPeriod('2026-02-30', '2026-03-01')).toBeNull();
		expect(customPeriod('2026-03-02', '2026-03-01')).toBeNull();
		expect(customPeriod('2026-3-1', '2026-03-09')).toBeNull();
		expect(customPeriod('2010-01-01', '2020-01-01')).toBeNull();
		expect(customPeriod('2010-01-01', '2019-12-31')).not.toBeNull();
	});

	it('defaults to the current half-year in the network time zone', () => {
		// 22:30 UTC on 30 June is already 1 July in Stockholm, still 30 June in UTC-time zones.
		const now = new Date('2026-06-30T22:30:00Z');
		expect(parsePeriod(params(''), 'Europe/Stockholm', now)).toEqual(halfPeriod('half_year', 2026, 2));
		expect(parsePeriod(params(''), 'America/New_York', now)).toEqual(halfPeriod('half_year', 2026, 1));
		expect(parsePeriod(params('period=bogus&from=2026-01-01'), 'Europe/Oslo', now)).toEqual(
			halfPeriod('half_year', 2026, 2)
		);
		expect(currentHalfYear('2026-01-01')).toEqual(halfPeriod('half_year', 2026, 1));
	});

	it('lets a custom range win over a token', () => {
		expect(parsePeriod(params('period=year-2025&from=2026-01-01&to=2026-01-31'), 'Europe/Oslo', new Date())).toEqual({
			kind: 'custom',
			from: '2026-01-01',
			to: '2026-01-31'
		});
	});

	it('lists the months a period touches', () => {
		expect(monthsOf(halfPeriod('half_year', 2026, 2))).toEqual([
			'2026-07',
			'2026-08',
			'2026-09',
			'2026-10',
			'2026-11',
			'2026-12'
		]);
		expect(monthsOf(customPeriod('2025-12-15', '2026-01-02')!)).toEqual(['2025-12', '2026-01']);
	});

	it('labels periods per locale', () => {
		expect(periodLabel(termPeriod(2026, 'spring'), 'sv')).toBe('Vårterminen 2026');
		expect(periodLabel(termPeriod(2026, 'autumn'), 'sv')).toBe('Höstterminen 2026');
		expect(periodLabel(termPeriod(2026, 'spring'), 'nb')).toBe('Vårsemesteret 2026');
		expect(periodLabel(termPeriod(2026, 'autumn'), 'nb')).toBe('Høstsemesteret 2026');
		expect(periodLabel(termPeriod(2026, 'autumn'), 'en')).toBe('Autumn term 2026');
		expect(periodLabel(halfPeriod('half_year', 2026, 2), 'sv')).toBe('Andra halvåret 2026');
		expect(periodLabel(halfPeriod('half_year', 2026, 1), 'en')).toBe('First half of 2026');
		expect(periodLabel(monthPeriod(2026, 3), 'sv')).toBe('mars 2026');
		expect(periodLabel(monthPeriod(2026, 3), 'en')).toBe('March 2026');
		expect(periodLabel(yearPeriod(2026), 'nb')).toBe('År 2026');
		expect(periodLabel(customPeriod('2026-01-15', '2026-02-10')!, 'en')).toMatch(/15 Jan 2026 – 10 Feb 2026/);
	});

	it('offers recent periods, newest first', () => {
		const choices = periodChoices('2026-03-10', 'sv');
		const month = choices.find((c) => c.kind === 'month')!.choices;
		expect(month[0].token).toBe('month-2026-03');
		expect(month[3].token).toBe('month-2025-12');
		expect(
			choices
				.find((c) => c.kind === 'term')!
				.choices.map((c) => c.token)
				.slice(0, 3)
		).toEqual(['term-2026-spring', 'term-2025-autumn', 'term-2025-spring']);
		expect(choices.find((c) => c.kind === 'year')!.choices[0].token).toBe('year-2026');
	});

	it('offers the spring term as the latest in July, the autumn term from August', () => {
		const latest = (today: string, kind: 'term' | 'half_year') =>
			periodChoices(today, 'en')
				.find((c) => c.kind === kind)!
				.choices.slice(0, 2)
				.map((c) => c.token);
		expect(latest('2026-07-15', 'term')).toEqual(['term-2026-spring', 'term-2025-autumn']);
		expect(latest('2026-08-01', 'term')).toEqual(['term-2026-autumn', 'term-2026-spring']);
		expect(latest('2026-07-15', 'half_year')).toEqual(['half_year-2026-2', 'half_year-2026-1']);
	});
});
