import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDay } from '#lib/format.ts';
import { dateProblemMessage, filterDateErrors, logDateProblems, recordDateProblems } from './dates.ts';
import { customPeriod, customPeriodProblem } from '../platform/periods.ts';

/**
 * The dates of consultations checked against what they mean, on generated days around every
 * boundary: what is refused names its field and the day that limits it, in the writer's language.
 */
const TODAY = '2026-03-10';
const shift = (day: string, offset: number) =>
	new Date(Date.parse(`${day}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
const near = fc.integer({ min: -4, max: 4 });
const locale = fc.constantFrom('sv' as const, 'nb' as const, 'en' as const);

describe('consultation dates', () => {
	it('the record: received not after today (nor the first log entry, nor the answer); follow-up not before received', () => {
		fc.assert(
			fc.property(near, near, fc.option(near), fc.option(near), locale, (r, f, l, a, loc) => {
				const receivedOn = shift(TODAY, r);
				const followUpOn = shift(receivedOn, f);
				const firstLogOn = l === null ? null : shift(TODAY, Math.min(0, l));
				const answeredOn = a === null ? null : shift(TODAY, Math.min(0, a));
				const problems = recordDateProblems({ receivedOn, followUpOn }, TODAY, { firstLogOn, answeredOn });
				const receivedLimit = [TODAY, firstLogOn, answeredOn].filter((d): d is string => d !== null).sort()[0];
				expect(problems.some((p) => p.field === 'receivedOn')).toBe(receivedOn > receivedLimit);
				expect(problems.some((p) => p.field === 'followUpOn')).toBe(followUpOn < receivedOn);
				for (const problem of problems) {
					const message = dateProblemMessage(problem, loc);
					expect(message).toContain(formatDay(problem.limit, loc));
					if (problem.field === 'followUpOn') expect(problem.limit).toBe(receivedOn);
				}
			})
		);
	});

	it('a log entry: between received and today; its follow-up not before it', () => {
		const receivedOn = '2026-03-04';
		fc.assert(
			fc.property(fc.integer({ min: -10, max: 4 }), near, locale, (o, f, loc) => {
				const occurredOn = shift(TODAY, o);
				const followUpOn = shift(occurredOn, f);
				const problems = logDateProblems({ occurredOn, followUpOn }, receivedOn, TODAY);
				expect(problems.some((p) => p.field === 'occurredOn')).toBe(occurredOn < receivedOn || occurredOn > TODAY);
				expect(problems.some((p) => p.field === 'followUpOn')).toBe(followUpOn < occurredOn);
				for (const problem of problems)
					expect(dateProblemMessage(problem, loc)).toContain(formatDay(problem.limit, loc));
			})
		);
		expect(logDateProblems({ occurredOn: TODAY, followUpOn: null }, TODAY, TODAY)).toEqual([]);
	});

	it('a custom statistics period: both days valid, "to" not before "from", at most ten years', () => {
		fc.assert(
			fc.property(fc.integer({ min: -4000, max: 4000 }), locale, (length, loc) => {
				const from = '2020-02-29';
				const to = shift(from, length);
				const problem = customPeriodProblem(from, to, loc);
				const ok = length >= 0 && to < '2030-02-29';
				expect(problem === null, `${from} ${to}`).toBe(ok);
				expect(customPeriod(from, to) !== null).toBe(ok);
				if (problem) {
					expect(problem.field).toBe('to');
					expect(problem.message).toContain(formatDay(length < 0 ? from : '2030-03-01', loc));
				}
			})
		);
		expect(customPeriodProblem('2026-02-30', '2026-03-01', 'sv')).toMatchObject({ field: 'from' });
		expect(customPeriodProblem('2026-03-01', '2026-3-9', 'sv')).toMatchObject({ field: 'to' });
	});

	it('the list filter: a day that is no date, or "until" before "from", is said at its field', () => {
		fc.assert(
			fc.property(near, locale, (length, loc) => {
				const errors = filterDateErrors(TODAY, shift(TODAY, length), loc);
				if (length < 0) expect(errors.to).toContain(formatDay(TODAY, loc));
				else expect(errors).toEqual({});
			})
		);
		expect(filterDateErrors('2026-02-30', '', 'sv')).toEqual({ from: expect.stringContaining('ÅÅÅÅ-MM-DD') });
		expect(filterDateErrors('', '', 'sv')).toEqual({});
	});
});
