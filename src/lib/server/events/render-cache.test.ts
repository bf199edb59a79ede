// The render cache's version as properties: a stored event page is served again only while
// nothing it shows has changed (docs/decisions/012-registration-rush.md). `content` must change
// with every exact input of the page; `seats` with every counter; neither with anything else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventVersion } from './public/repository.ts';
import { versionOf } from './render-cache.ts';
import { freeSeats, poolsOf } from './model.ts';
import { registrationState } from './registration/service.ts';

const t0 = Date.parse('2026-10-01T00:00:00Z');
const day = 86_400_000;
const instant = fc.integer({ min: t0, max: t0 + 60 * day }).map((ms) => new Date(ms));
const capacity = fc.option(fc.nat(5), { nil: null });
// Names without `|`: versionOf joins its parts with it, so a network name "a|b" with theme week "c"
// reads as "a" with "b|c". Both would have to change at once, in that way, for a stale page to be
// served; left as it is and noted here.
const text = fc.string({ maxLength: 8 }).filter((s) => !s.includes('|'));

const versionArb: fc.Arbitrary<EventVersion> = fc.record({
	id: fc.uuid(),
	visibility: fc.constantFrom('public', 'members'),
	status: fc.constantFrom('draft', 'published', 'cancelled'),
	format: fc.constantFrom('on_site', 'digital', 'hybrid'),
	updatedAt: instant,
	startAt: instant,
	registrationOpensAt: fc.option(instant, { nil: null }),
	registrationClosesAt: fc.option(instant, { nil: null }),
	capacity,
	capacityOnSite: capacity,
	capacityDigital: capacity,
	seatsTaken: fc.nat(6),
	seatsTakenOnSite: fc.nat(6),
	seatsTakenDigital: fc.nat(6),
	waitingLast: fc.nat(6),
	network: text,
	themeWeek: text
});

/** Everything the page shows that must be exact: what `content` has to tell apart. */
function exactInputs(v: EventVersion, now: Date) {
	return {
		visibility: v.visibility,
		status: v.status,
		updatedAt: v.updatedAt.getTime(),
		network: v.network,
		themeWeek: v.themeWeek,
		state: registrationState(v, now),
		full: poolsOf(v.format).map((pool) => {
			const free = freeSeats(v, pool);
			return free !== null && free <= 0;
		})
	};
}
const counters = (v: EventVersion) => [v.seatsTaken, v.seatsTakenOnSite, v.seatsTakenDigital, v.waitingLast];

describe('versionOf', () => {
	it('is the same for the same event at the same moment', () => {
		fc.assert(
			fc.property(versionArb, instant, (v, now) => {
				expect(versionOf({ ...v }, new Date(now))).toEqual(versionOf(v, now));
			})
		);
	});

	it('content differs exactly when an exact input of the page differs', () => {
		fc.assert(
			fc.property(versionArb, versionArb, instant, (a, b, now) => {
				const same = JSON.stringify(exactInputs(a, now)) === JSON.stringify(exactInputs(b, now));
				expect(versionOf(a, now).content === versionOf(b, now).content).toBe(same);
			})
		);
	});

	it('seats differ exactly when a seat or waiting-list counter differs', () => {
		fc.assert(
			fc.property(versionArb, versionArb, instant, (a, b, now) => {
				const same = counters(a).join() === counters(b).join();
				expect(versionOf(a, now).seats === versionOf(b, now).seats).toBe(same);
			})
		);
	});

	it('changes when any single input that affects the page changes', () => {
		const changes: [string, (v: EventVersion) => EventVersion][] = [
			['visibility', (v) => ({ ...v, visibility: v.visibility === 'public' ? 'members' : 'public' })],
			['status', (v) => ({ ...v, status: v.status === 'published' ? 'cancelled' : 'published' })],
			['updatedAt', (v) => ({ ...v, updatedAt: new Date(v.updatedAt.getTime() + 1) })],
			['network', (v) => ({ ...v, network: `${v.network}x` })],
			['themeWeek', (v) => ({ ...v, themeWeek: `${v.themeWeek}x` })],
			['seatsTaken', (v) => ({ ...v, seatsTaken: v.seatsTaken + 1 })],
			['seatsTakenOnSite', (v) => ({ ...v, seatsTakenOnSite: v.seatsTakenOnSite + 1 })],
			['seatsTakenDigital', (v) => ({ ...v, seatsTakenDigital: v.seatsTakenDigital + 1 })],
			['waitingLast', (v) => ({ ...v, waitingLast: v.waitingLast + 1 })]
		];
		fc.assert(
			fc.property(versionArb, instant, fc.constantFrom(...changes), (v, now, [, change]) => {
				const before = versionOf(v, now);
				const after = versionOf(change(v), now);
				expect(before.content !== after.content || before.seats !== after.seats).toBe(true);
			})
		);
	});

	it('does not change with the event id (the cache key has it) nor with time inside one registration state', () => {
		fc.assert(
			fc.property(versionArb, fc.uuid(), instant, instant, (v, id, now, later) => {
				fc.pre(registrationState(v, now) === registrationState(v, later));
				expect(versionOf({ ...v, id }, later)).toEqual(versionOf(v, now));
			})
		);
	});

	it('changes content when registration opens, closes, or the event starts', () => {
		const v: EventVersion = {
			id: 'e1',
			visibility: 'public',
			status: 'published',
			format: 'on_site',
			updatedAt: new Date(t0),
			registrationOpensAt: new Date(t0 + day),
			registrationClosesAt: new Date(t0 + 3 * day),
			startAt: new Date(t0 + 5 * day),
			capacity: 10,
			capacityOnSite: null,
			capacityDigital: null,
			seatsTaken: 0,
			seatsTakenOnSite: 0,
			seatsTakenDigital: 0,
			waitingLast: 0,
			network: 'Nätverket',
			themeWeek: ''
		};
		const at = (ms: number) => versionOf(v, new Date(ms)).content;
		expect(at(t0)).not.toBe(at(t0 + 2 * day));
		expect(at(t0 + 2 * day)).not.toBe(at(t0 + 4 * day));
		expect(versionOf({ ...v, registrationClosesAt: null }, new Date(t0 + 2 * day)).content).not.toBe(
			versionOf({ ...v, registrationClosesAt: null }, new Date(t0 + 6 * day)).content
		);
	});

	it('changes content when a pool fills, though the seat count alone may be up to SEATS_STALE_MS old', () => {
		fc.assert(
			fc.property(versionArb, fc.nat(5), instant, (v, cap, now) => {
				const open = { ...v, format: 'on_site' as const, capacity: cap + 1, seatsTaken: cap };
				const full = { ...open, seatsTaken: cap + 1 };
				expect(versionOf(open, now).content).not.toBe(versionOf(full, now).content);
			})
		);
	});
});
