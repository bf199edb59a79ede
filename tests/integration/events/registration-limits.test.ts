import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkRef, PublicContext } from '#lib/server/platform/context.ts';
import { registrationFormSchema, type RegistrationForm } from '#lib/server/events/forms.ts';
import { eventJobs } from '#lib/server/events/jobs.ts';
import { registeredLocation } from '#lib/server/events/registration/links.ts';
import { findEvent } from '#lib/server/events/events-repository.ts';
import { registerForEvent, registrationByToken } from '#lib/server/events/registration/service.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { newEvent, newNetwork, visitorContext } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const ORIGIN = 'https://samverkan.example.org';
const HOUR = 3_600_000;

function publicContext(
	db: Kysely<Database>,
	network: NetworkRef,
	clientAddress: string,
	now = new Date()
): PublicContext {
	return visitorContext(db, network, { now, clientAddress, origin: ORIGIN });
}

let people = 0;
function person(email = `person-${++people}-${Math.random().toString(36).slice(2)}@example.org`): RegistrationForm {
	return registrationFormSchema.parse({ name: 'Anna Andersson', email, organisation: 'Socialtjänsten', consent: 'on' });
}

/**
 * Public registration's limits per client address, and a registration of an address already
 * registered (decision 013), on every dialect.
 */
describe.each(testDialects)('registration limits (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db);
	}, 60_000);
	afterAll(async () => {
		await database?.cleanup();
	});

	async function mailsTo(email: string) {
		return db.selectFrom('outbox').select(['kind', 'text_body']).where('recipient', '=', email).orderBy('id').execute();
	}
	async function registrationCount(eventId: string) {
		const rows = await db.selectFrom('event_registration').select('id').where('event_id', '=', eventId).execute();
		return rows.length;
	}
	function tokenIn(text: string): string {
		const match = /\/events\/registration\/([A-Za-z0-9_-]+)/.exec(text);
		if (!match) throw new Error('no personal link in the mail');
		return match[1];
	}

	it('refuses registrations from one address past its share of a small event, storing and mailing nothing for them', async () => {
		const event = await newEvent(db, network, { capacity: 4 });
		const now = new Date();
		const pub = publicContext(db, network, '203.0.113.15', now);
		const people = Array.from({ length: 15 }, () => person());
		const results = [];
		for (const p of people) results.push(await registerForEvent(pub, event.id, p));
		// A small event: at least ten from one address (decision 013), then no more that day.
		expect(results.slice(0, 10).every((r) => r.ok)).toBe(true);
		for (const refused of results.slice(10)) {
			expect(refused).toMatchObject({ ok: false, error: 'error_events_registration_limited' });
			if (refused.ok || !('retryAfter' in refused)) throw new Error('not a limit');
			expect(refused.retryAfter).toBeGreaterThan((23 * HOUR) / 1000);
			expect(refused.retryAfter).toBeLessThanOrEqual((24 * HOUR) / 1000);
		}
		expect(await registrationCount(event.id)).toBe(10);
		for (const p of people.slice(10)) expect(await mailsTo(p.email)).toEqual([]);
		// Another address is not held back, and the same address may come back the next day.
		expect((await registerForEvent(publicContext(db, network, '203.0.113.16', now), event.id, person())).ok).toBe(true);
		const tomorrow = publicContext(db, network, '203.0.113.15', new Date(now.getTime() + 24 * HOUR + 1000));
		expect((await registerForEvent(tomorrow, event.id, person())).ok).toBe(true);
	}, 60_000);

	it('lets 250 colleagues behind one address register for a 250-seat event at once, and ends their share at the seats and a quarter more', async () => {
		const event = await newEvent(db, network, { capacity: 250 });
		const nat = () => publicContext(db, network, '198.51.100.250');
		const results = await Promise.all(Array.from({ length: 250 }, () => registerForEvent(nat(), event.id, person())));
		expect(results.filter((r) => !r.ok)).toEqual([]);
		expect((await findEvent(db, network.id, event.id))?.seatsTaken).toBe(250);
		// 250 × 1.25 = 312.5, rounded up: 63 more join the waiting list, the 64th is refused.
		const more = await Promise.all(Array.from({ length: 64 }, () => registerForEvent(nat(), event.id, person())));
		expect(more.filter((r) => r.ok)).toHaveLength(63);
		expect(more.filter((r) => !r.ok)).toMatchObject([{ error: 'error_events_registration_limited' }]);
	}, 120_000);

	it('limits one address across events to 400 registrations an hour', async () => {
		const now = new Date();
		const events = await Promise.all(Array.from({ length: 41 }, () => newEvent(db, network, { capacity: 8 })));
		for (const event of events.slice(0, 40)) {
			const results = await Promise.all(
				Array.from({ length: 10 }, () =>
					registerForEvent(publicContext(db, network, '2001:db8:4:4::1', now), event.id, person())
				)
			);
			expect(results.every((r) => r.ok)).toBe(true);
		}
		// Another address of the same /64 is the same client.
		const refused = await registerForEvent(
			publicContext(db, network, '2001:db8:4:4:ffff::2', now),
			events[40].id,
			person()
		);
		expect(refused).toMatchObject({ ok: false, error: 'error_events_registration_limited' });
		if (refused.ok || !('retryAfter' in refused)) throw new Error('not a limit');
		expect(refused.retryAfter).toBeLessThanOrEqual(HOUR / 1000);
		expect(await registrationCount(events[40].id)).toBe(0);
		const later = publicContext(db, network, '2001:db8:4:4::1', new Date(now.getTime() + HOUR + 1000));
		expect((await registerForEvent(later, events[40].id, person())).ok).toBe(true);
	}, 120_000);

	it('answers a registration of an address already registered as a new one, and mails the address a link while the first keeps working', async () => {
		const event = await newEvent(db, network, { capacity: 2 });
		const email = `already-${Math.random().toString(36).slice(2)}@example.org`;
		const first = await registerForEvent(publicContext(db, network, '192.0.2.31'), event.id, person(email));
		if (!first.ok) throw new Error(first.error);
		const [confirmation] = await mailsTo(email);
		const firstToken = tokenIn(confirmation.text_body);

		// A seat is free: someone new would be told "registered"; so is whoever registers the address again.
		const again = await registerForEvent(
			publicContext(db, network, '192.0.2.32'),
			event.id,
			person(email.toUpperCase())
		);
		const fresh = await registerForEvent(publicContext(db, network, '192.0.2.33'), event.id, person());
		if (!again.ok || !fresh.ok) throw new Error('refused');
		const where = (outcome: typeof again.value) => registeredLocation(network.slug, event.id, 'sv', outcome);
		expect(where(again.value)).toBe(where(fresh.value));
		// Full now: both would be told the same place on the waiting list.
		const againFull = await registerForEvent(publicContext(db, network, '192.0.2.34'), event.id, person(email));
		if (!againFull.ok) throw new Error('refused');
		const freshFull = await registerForEvent(publicContext(db, network, '192.0.2.35'), event.id, person());
		if (!freshFull.ok) throw new Error('refused');
		expect(where(againFull.value)).toBe(where(freshFull.value));
		expect(where(againFull.value)).toContain('outcome=waiting');

		// The address got its confirmation and then mails that it is already registered, with a link.
		const mails = await mailsTo(email);
		expect(mails.map((m) => m.kind)).toEqual(['event-registered', 'event-link', 'event-link']);
		const linkToken = tokenIn(mails[1].text_body);
		expect(linkToken).not.toBe(firstToken);
		for (const token of [firstToken, linkToken]) {
			const page = await registrationByToken(publicContext(db, network, '192.0.2.36'), token);
			expect(page).toMatchObject({ ok: true, value: { registration: { status: 'registered' } } });
		}
		// No second seat, no second row.
		const rows = await db.selectFrom('event_registration').select('email').where('event_id', '=', event.id).execute();
		expect(rows.filter((r) => r.email === email)).toHaveLength(1);
		expect((await findEvent(db, network.id, event.id))?.seatsTaken).toBe(2);
	}, 60_000);

	it('refuses an address already registered exactly as a new one when the client is at its limit', async () => {
		const event = await newEvent(db, network, { capacity: 4 });
		const now = new Date();
		const pub = publicContext(db, network, '192.0.2.77', now);
		const email = `known-${Math.random().toString(36).slice(2)}@example.org`;
		// Registrations of a known address count like new ones: nine new and one again reach the ten.
		expect((await registerForEvent(pub, event.id, person(email))).ok).toBe(true);
		for (let i = 0; i < 8; i++) expect((await registerForEvent(pub, event.id, person())).ok).toBe(true);
		expect((await registerForEvent(pub, event.id, person(email))).ok).toBe(true);
		const known = await registerForEvent(pub, event.id, person(email));
		const unknown = await registerForEvent(pub, event.id, person());
		expect(known).toEqual(unknown);
		expect(known).toMatchObject({ ok: false, error: 'error_events_registration_limited' });
		expect((await mailsTo(email)).map((m) => m.kind)).toEqual(['event-registered', 'event-link']);
	}, 60_000);

	it('forgets the counts, with their hashed addresses, once their windows have ended (the daily retention job)', async () => {
		const event = await newEvent(db, network, { capacity: 4 });
		const now = new Date();
		expect((await registerForEvent(publicContext(db, network, '192.0.2.90', now), event.id, person())).ok).toBe(true);
		const rows = () =>
			db.selectFrom('event_registration_limit').select('client_key').where('event_id', '=', event.id).execute();
		expect(await rows()).toHaveLength(1);
		const retention = eventJobs(db, ORIGIN).find((job) => job.name === 'events.retention')!;
		await retention.run(new Date(now.getTime() + 24 * HOUR));
		expect(await rows()).toHaveLength(1);
		await retention.run(new Date(now.getTime() + 25 * HOUR + 1000));
		expect(await rows()).toEqual([]);
	}, 60_000);
});
