import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventFormSchema, type EventFormInput } from './forms.ts';

/**
 * The date rules of the event form, over times generated around each boundary: the event ends after
 * it starts, every session lies within the event, and registration opens before it closes and
 * before the event ends, and closes by the event's end. A rule broken names its own field; the
 * form is refused as a whole.
 */

const base = Date.UTC(2027, 1, 10, 9, 0);
const minute = 60_000;
/** Wall-clock "YYYY-MM-DDTHH:MM" at a number of minutes from 10 February 2027 09:00. */
const at = (minutes: number) => new Date(base + minutes * minute).toISOString().slice(0, 16);

function parse(values: Partial<EventFormInput>) {
	return eventFormSchema.safeParse({
		title: 'Hedersrelaterat våld – grundutbildning',
		type: 'training',
		format: 'digital',
		videoLink: 'https://video.example.org/m/42',
		startAt: at(0),
		endAt: at(7 * 60),
		...values
	});
}

function errorPaths(result: ReturnType<typeof parse>): Record<string, string> {
	if (result.success) return {};
	return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

/** Offsets that sit on, just before and just after the interesting instants. */
const near = (points: number[]) =>
	fc.oneof(fc.constantFrom(...points.flatMap((p) => [p - 1, p, p + 1])), fc.integer({ min: -3000, max: 3000 }));

describe('event form dates', () => {
	it('refuses an end that is not after the start', () => {
		fc.assert(
			fc.property(near([0]), (end) => {
				const paths = errorPaths(parse({ startAt: at(0), endAt: at(end) }));
				expect(paths.endAt === 'error_events_end_before_start').toBe(end <= 0);
			})
		);
	});

	it('keeps every session within the event', () => {
		const eventEnd = 7 * 60;
		fc.assert(
			fc.property(near([0, eventEnd]), near([0, eventEnd]), (start, length) => {
				const end = start + Math.abs(length) + 1;
				const paths = errorPaths(parse({ sessions: [{ title: 'Pass', startAt: at(start), endAt: at(end) }] }));
				expect(paths['sessions.0.startAt'] === 'error_events_session_before_event').toBe(start < 0);
				expect(paths['sessions.0.endAt'] === 'error_events_session_after_event').toBe(end > eventEnd);
				expect(Object.keys(paths).length === 0).toBe(start >= 0 && end <= eventEnd);
			})
		);
	});

	it('opens registration before it closes and before the event ends, and closes it by the end', () => {
		const eventEnd = 7 * 60;
		fc.assert(
			fc.property(
				fc.option(near([0, eventEnd]), { nil: null }),
				fc.option(near([0, eventEnd]), { nil: null }),
				(opens, closes) => {
					const paths = errorPaths(
						parse({
							registrationOpensAt: opens === null ? '' : at(opens),
							registrationClosesAt: closes === null ? '' : at(closes)
						})
					);
					const closesAfterEnd = closes !== null && closes > eventEnd;
					const closesBeforeOpens = opens !== null && closes !== null && closes <= opens;
					expect(paths.registrationOpensAt === 'error_events_opens_after_end').toBe(
						opens !== null && opens >= eventEnd
					);
					expect(paths.registrationClosesAt !== undefined).toBe(closesAfterEnd || closesBeforeOpens);
					expect(Object.keys(paths).length === 0).toBe(
						!closesAfterEnd && !closesBeforeOpens && !(opens !== null && opens >= eventEnd)
					);
				}
			)
		);
	});

	it('names the rule at the exact boundaries', () => {
		expect(errorPaths(parse({ registrationClosesAt: at(7 * 60) }))).toEqual({});
		expect(errorPaths(parse({ registrationClosesAt: at(7 * 60 + 1) }))).toEqual({
			registrationClosesAt: 'error_events_closes_after_end'
		});
		expect(errorPaths(parse({ sessions: [{ title: '', startAt: at(0), endAt: at(7 * 60) }] }))).toEqual({});
		// Across midnight and a daylight-saving change the wall-clock text still orders the times.
		expect(
			errorPaths(
				parse({ startAt: '2027-03-27T22:00', endAt: '2027-03-28T03:30', registrationClosesAt: '2027-03-28T03:31' })
			)
		).toEqual({ registrationClosesAt: 'error_events_closes_after_end' });
	});
});
