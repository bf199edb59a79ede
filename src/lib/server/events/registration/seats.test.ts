// The seat arithmetic as properties: whatever the format, capacities and order of arrivals, the
// counters never pass a pool's capacity, nobody waits while their pool has a seat, and a freed seat
// goes to the first in line (docs/decisions/012-registration-rush.md). Which row is "first" is SQL
// (`firstWaiting` of registrations-repository.ts, ordered by waiting position); here the repository is a list in memory so
// the decision itself is tested without a database — the SQL is covered by the integration tests.
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { NetworkRef } from '../../platform/context.ts';
import { freeSeats, seatPool, type EventFormat, type Participation } from '../model.ts';
import type { EventRecord } from '../events-repository.ts';

interface Row {
	id: string;
	participation: Participation;
	status: string;
	waitingPosition: number | null;
	email: string;
	locale: string;
}
const rows: Row[] = [];

vi.mock('../registrations-repository.ts', () => ({
	firstWaiting: async (_trx: unknown, _networkId: string, _eventId: string, participation: Participation | null) =>
		rows
			.filter((r) => r.status === 'waiting' && (participation === null || r.participation === participation))
			.sort((a, b) => (a.waitingPosition ?? 0) - (b.waitingPosition ?? 0))[0],
	setRegistrationStatus: async (
		_trx: unknown,
		_networkId: string,
		id: string,
		patch: { status: string; waitingPosition?: number | null }
	) => {
		const row = rows.find((r) => r.id === id);
		if (!row) throw new Error(`no row ${id}`);
		row.status = patch.status;
		if (patch.waitingPosition !== undefined) row.waitingPosition = patch.waitingPosition;
	}
}));

const { countersOf, decide, fillFreedSeats, hasSeat, releaseSeat, takeSeat, waitingBefore } =
	await import('./seats.ts');

const network: NetworkRef = {
	id: 'n1',
	slug: 'nv',
	name: 'Nätverket',
	country: 'SE',
	timeZone: 'Europe/Stockholm',
	defaultLocale: 'sv',
	contactEmail: 'kontakt@example.org',
	contactPhone: null,
	referencePrefix: 'NV'
};
const now = new Date('2026-10-01T08:00:00Z');

const capacity = fc.option(fc.integer({ min: 0, max: 6 }), { nil: null });
const eventArb = fc.record({
	format: fc.constantFrom<EventFormat>('on_site', 'digital', 'hybrid'),
	capacity,
	capacityOnSite: capacity,
	capacityDigital: capacity,
	promotionMode: fc.constantFrom<'automatic' | 'offer'>('automatic', 'offer')
});
const arrivals = fc.array(fc.constantFrom<Participation>('on_site', 'digital'), { maxLength: 25 });

/** What the generator draws for one event. */
type EventShape = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

function eventOf(e: EventShape): EventRecord {
	return {
		id: 'e1',
		networkId: network.id,
		title: 'Utbildning',
		format: e.format,
		status: 'published',
		startAt: new Date('2026-11-01T08:00:00Z'),
		endAt: new Date('2026-11-01T12:00:00Z'),
		address: 'Storgatan 1',
		videoLink: 'https://example.org/video',
		capacity: e.capacity,
		capacityOnSite: e.capacityOnSite,
		capacityDigital: e.capacityDigital,
		promotionMode: e.promotionMode,
		offerHours: 24,
		seatsTaken: 0,
		seatsTakenOnSite: 0,
		seatsTakenDigital: 0,
		waitingLast: 0,
		waitingOnSite: 0,
		waitingDigital: 0
	} as unknown as EventRecord;
}

/** What the format lets a registrant choose (the form decides this before the seat decision). */
function allowed(format: EventFormat, asked: Participation): Participation {
	return format === 'hybrid' ? asked : format === 'digital' ? 'digital' : 'on_site';
}

/** Every pool's capacity holds: taken ≤ capacity wherever a capacity is set. */
function withinCapacity(event: EventRecord, c: ReturnType<typeof countersOf>): boolean {
	const e = { ...event, ...c };
	if (event.format === 'hybrid')
		return (
			(e.capacityOnSite === null || e.seatsTakenOnSite <= e.capacityOnSite) &&
			(e.capacityDigital === null || e.seatsTakenDigital <= e.capacityDigital)
		);
	return e.capacity === null || e.seatsTaken <= e.capacity;
}

beforeEach(() => {
	rows.length = 0;
});

describe('the seat decision', () => {
	it('never seats more than a pool holds, and seats everyone while the pool has room', () => {
		fc.assert(
			fc.property(eventArb, arrivals, (e, asked) => {
				const event = eventOf(e);
				const c = countersOf(event);
				let lastTicket = 0;
				for (const a of asked) {
					const p = allowed(event.format, a);
					const roomBefore = freeSeats({ ...event, ...c }, seatPool(event.format, p));
					const d = decide(event, c, p);
					// A seat exactly when the pool had one (unlimited pools always have).
					expect(d.status === 'registered').toBe(roomBefore === null || roomBefore > 0);
					if (d.status === 'waiting') {
						// Tickets are handed out in order and never twice.
						expect(d.waitingPosition).toBe(lastTicket + 1);
						lastTicket = d.waitingPosition!;
					} else expect(d.waitingPosition).toBeNull();
					expect(withinCapacity(event, c)).toBe(true);
					expect(c.seatsTaken).toBe(c.seatsTakenOnSite + c.seatsTakenDigital);
				}
			})
		);
	});

	it('counts a hybrid event’s pools apart: a full on-site pool does not stop digital seats', () => {
		const event = eventOf({
			format: 'hybrid',
			capacity: null,
			capacityOnSite: 1,
			capacityDigital: 2,
			promotionMode: 'automatic'
		});
		const c = countersOf(event);
		expect(decide(event, c, 'on_site').status).toBe('registered');
		expect(decide(event, c, 'on_site').status).toBe('waiting');
		expect(decide(event, c, 'digital').status).toBe('registered');
		expect(decide(event, c, 'digital').status).toBe('registered');
		expect(decide(event, c, 'digital').status).toBe('waiting');
		expect(c).toEqual({ seatsTaken: 3, seatsTakenOnSite: 1, seatsTakenDigital: 2, waitingLast: 2 });
	});

	it('takeSeat then releaseSeat leaves the counters as they were, and releasing never goes below zero', () => {
		fc.assert(
			fc.property(
				fc.record({
					seatsTakenOnSite: fc.nat(5),
					seatsTakenDigital: fc.nat(5),
					waitingLast: fc.nat(5)
				}),
				fc.constantFrom<Participation>('on_site', 'digital'),
				fc.nat(8),
				(start, p, releases) => {
					const c = { ...start, seatsTaken: start.seatsTakenOnSite + start.seatsTakenDigital };
					const before = { ...c };
					takeSeat(c, p);
					releaseSeat(c, p);
					expect(c).toEqual(before);
					for (let i = 0; i < releases; i++) releaseSeat(c, p);
					expect(Math.min(c.seatsTaken, c.seatsTakenOnSite, c.seatsTakenDigital)).toBeGreaterThanOrEqual(0);
				}
			)
		);
	});

	it('a released seat is free again in its own pool', () => {
		fc.assert(
			fc.property(eventArb, arrivals, (e, asked) => {
				const event = eventOf(e);
				const c = countersOf(event);
				const seated: Participation[] = [];
				for (const a of asked) {
					const p = allowed(event.format, a);
					if (decide(event, c, p).status === 'registered') seated.push(p);
				}
				fc.pre(seated.length > 0);
				const p = seated[0];
				releaseSeat(c, p);
				expect(hasSeat(event, c, p)).toBe(true);
			})
		);
	});

	it('the waiting count is the pool’s own on a hybrid event and the whole list otherwise', () => {
		const hybrid = {
			...eventOf({
				format: 'hybrid',
				capacity: null,
				capacityOnSite: 1,
				capacityDigital: 1,
				promotionMode: 'automatic'
			}),
			waitingOnSite: 3,
			waitingDigital: 4
		};
		expect(waitingBefore(hybrid, 'on_site')).toBe(3);
		expect(waitingBefore(hybrid, 'digital')).toBe(4);
		expect(waitingBefore({ ...hybrid, format: 'on_site' }, 'on_site')).toBe(7);
	});
});

describe('filling freed seats', () => {
	it('gives freed seats to the first waiting of the pool, in order, until the pool is full', async () => {
		await fc.assert(
			fc.asyncProperty(eventArb, arrivals, fc.nat(6), async (e, asked, cancels) => {
				rows.length = 0;
				const event = eventOf(e);
				const c = countersOf(event);
				asked.forEach((a, i) => {
					const p = allowed(event.format, a);
					const d = decide(event, c, p);
					rows.push({
						id: `r${i}`,
						participation: p,
						status: d.status,
						waitingPosition: d.waitingPosition,
						email: `r${i}@example.org`,
						locale: 'sv'
					});
				});
				// Cancel up to `cancels` seated registrations, then fill as the cancellation does.
				const seated = rows.filter((r) => r.status === 'registered').slice(0, cancels);
				for (const r of seated) {
					r.status = 'cancelled';
					releaseSeat(c, r.participation);
				}
				const waitingBeforeFill = rows.filter((r) => r.status === 'waiting').map((r) => ({ ...r }));
				const mails: { kind: string; to: string }[] = [];
				const promoted = await fillFreedSeats(
					{} as never,
					{
						network,
						now,
						publicOrigin: 'https://example.org',
						// The invites are calendar/invites.ts's, tested with the database.
						invites: () => [],
						mail: { enqueue: async (_t, m) => mails.push({ kind: m.kind, to: m.to }) }
					},
					{ ...event, ...c, waitingOnSite: 0, waitingDigital: 0 },
					c
				);
				expect(withinCapacity(event, c)).toBe(true);
				// Per pool: those promoted are exactly the first waiting of that pool, in ticket order.
				for (const pool of event.format === 'hybrid' ? (['on_site', 'digital'] as const) : (['all'] as const)) {
					const line = waitingBeforeFill.filter((r) => pool === 'all' || r.participation === pool);
					const got = promoted.filter((id) => line.some((r) => r.id === id));
					expect(got).toEqual(line.slice(0, got.length).map((r) => r.id));
					// Nobody is left waiting while the pool has a seat.
					const stillWaiting = rows.some((r) => r.status === 'waiting' && (pool === 'all' || r.participation === pool));
					const free = freeSeats({ ...event, ...c }, pool);
					if (stillWaiting) expect(free !== null && free <= 0).toBe(true);
				}
				const kind = event.promotionMode === 'offer' ? 'event-offer' : 'event-promoted';
				expect(mails).toEqual(promoted.map((id) => ({ kind, to: `${id}@example.org` })));
				const status = event.promotionMode === 'offer' ? 'offered' : 'registered';
				for (const id of promoted) expect(rows.find((r) => r.id === id)?.status).toBe(status);
			}),
			{ numRuns: 60 }
		);
	});

	it('promotes nobody once the event has begun or is not published', async () => {
		const event = eventOf({
			format: 'on_site',
			capacity: 1,
			capacityOnSite: null,
			capacityDigital: null,
			promotionMode: 'automatic'
		});
		rows.push({
			id: 'w',
			participation: 'on_site',
			status: 'waiting',
			waitingPosition: 1,
			email: 'w@example.org',
			locale: 'sv'
		});
		const sc = {
			network,
			now,
			publicOrigin: 'https://example.org',
			invites: () => [],
			mail: { enqueue: async () => 1 }
		};
		expect(await fillFreedSeats({} as never, { ...sc, now: event.startAt }, event, countersOf(event))).toEqual([]);
		expect(await fillFreedSeats({} as never, sc, { ...event, status: 'draft' }, countersOf(event))).toEqual([]);
		expect(await fillFreedSeats({} as never, sc, event, countersOf(event))).toEqual(['w']);
	});
});
