import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mailer, NetworkRef, PublicContext } from '#lib/server/platform/context.ts';
import { registrationFormSchema, type RegistrationForm, type RegistrationFormInput } from '#lib/server/events/forms.ts';
import { findEvent } from '#lib/server/events/events-repository.ts';
import { cancelRegistration, registerForEvent } from '#lib/server/events/registration/service.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { enqueueMail } from '#lib/server/platform/mail/outbox.ts';
import { newEvent, newNetwork, visitorContext } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const ORIGIN = 'https://samverkan.example.org';
let visitors = 0;
/** Each context is another visitor with an address of their own, as in a real rush (decision 013). */
function publicContext(db: Kysely<Database>, network: NetworkRef, now = new Date()): PublicContext {
	visitors += 1;
	const clientAddress = `198.51.${100 + (Math.floor(visitors / 250) % 100)}.${1 + (visitors % 250)}`;
	return visitorContext(db, network, { now, clientAddress, origin: ORIGIN });
}
function registration(values: Partial<RegistrationFormInput> = {}): RegistrationForm {
	return registrationFormSchema.parse({
		name: 'Anna Andersson',
		email: `anna-${Math.random().toString(36).slice(2)}@example.org`,
		organisation: 'Socialtjänsten',
		consent: 'on',
		...values
	});
}

/**
 * The rush (docs/product.md#events-registration-rush): many registrations at once against a small capacity, on every dialect — on
 * PostgreSQL through a pool of several connections, so the transactions really overlap.
 */
describe.each(testDialects)('event registration rush (%s)', (dialect) => {
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

	async function registrationsOf(eventId: string) {
		return db
			.selectFrom('event_registration')
			.select(['email', 'status', 'waiting_position'])
			.where('network_id', '=', network.id)
			.where('event_id', '=', eventId)
			.execute();
	}

	async function eventMails(emails: string[]) {
		return db
			.selectFrom('outbox')
			.select(['recipient', 'kind'])
			.where('network_id', '=', network.id)
			.where('recipient', 'in', emails)
			.execute();
	}

	it('gives exactly the capacity, a gapless waiting list and one mail per registration to 200 at once', async () => {
		const event = await newEvent(db, network, { capacity: 25 });
		const people = Array.from({ length: 200 }, (_, i) => registration({ email: `rush-${i}@example.org` }));
		const results = await Promise.all(
			people.map((person) => registerForEvent(publicContext(db, network), event.id, person))
		);
		expect(results.every((r) => r.ok)).toBe(true);

		const rows = await registrationsOf(event.id);
		expect(rows).toHaveLength(200);
		expect(rows.filter((r) => r.status === 'registered')).toHaveLength(25);
		const waiting = rows.filter((r) => r.status === 'waiting');
		expect(waiting).toHaveLength(175);
		const positions = waiting.map((r) => Number(r.waiting_position)).sort((a, b) => a - b);
		expect(positions).toEqual(Array.from({ length: 175 }, (_, i) => i + 1));
		// What each caller was told matches what was stored.
		const told = results.flatMap((r) => (r.ok && r.value.status === 'waiting' ? [r.value.position] : []));
		expect(told.sort((a, b) => a! - b!)).toEqual(positions);

		const after = await findEvent(db, network.id, event.id);
		expect(after).toMatchObject({ seatsTaken: 25, waitingLast: 175 });
		// The waiting count on the event row (kept by triggers) is the list's real length.
		expect(after!.waitingOnSite + after!.waitingDigital).toBe(175);

		const mails = await eventMails(people.map((p) => p.email));
		expect(mails).toHaveLength(200);
		expect(new Set(mails.map((m) => m.recipient)).size).toBe(200);
		expect(mails.filter((m) => m.kind === 'event-registered')).toHaveLength(25);
		expect(mails.filter((m) => m.kind === 'event-waiting')).toHaveLength(175);
	}, 120_000);

	it('takes no second seat when the same address registers many times at once', async () => {
		const event = await newEvent(db, network, { capacity: 3 });
		const results = await Promise.all(
			Array.from({ length: 20 }, () =>
				registerForEvent(publicContext(db, network), event.id, registration({ email: 'same@example.org' }))
			)
		);
		expect(results.every((r) => r.ok)).toBe(true);
		expect(results.filter((r) => r.ok && !r.value.resent)).toHaveLength(1);
		expect(await registrationsOf(event.id)).toHaveLength(1);
		expect((await findEvent(db, network.id, event.id))?.seatsTaken).toBe(1);
		const mails = await db
			.selectFrom('outbox')
			.select('kind')
			.where('recipient', '=', 'same@example.org')
			.where('network_id', '=', network.id)
			.execute();
		// The confirmation, then at most three mails a day with a new link (decision 013).
		expect(mails.map((m) => m.kind).sort()).toEqual(['event-link', 'event-link', 'event-link', 'event-registered']);
	}, 60_000);

	it('loses nothing and duplicates nothing when transactions fail midway, with cancellations in the rush', async () => {
		const event = await newEvent(db, network, { capacity: 10 });
		const people = Array.from({ length: 120 }, (_, i) => registration({ email: `crash-${i}@example.org` }));
		// Every seventh mail fails after the registration row is written: a crash before commit.
		let calls = 0;
		const crashing = (): Mailer => ({
			enqueue: async (trx, mail) => {
				calls += 1;
				if (calls % 7 === 0) throw new Error('simulated crash');
				return enqueueMail(trx, mail);
			},
			flush: () => {}
		});
		const settled = await Promise.allSettled(
			people.map((person) => registerForEvent({ ...publicContext(db, network), mail: crashing() }, event.id, person))
		);
		const failed = settled.filter((s) => s.status === 'rejected').length;
		expect(failed).toBeGreaterThan(0);
		let rows = await registrationsOf(event.id);
		expect(rows).toHaveLength(120 - failed);
		let mails = await eventMails(people.map((p) => p.email));
		// Exactly one mail for each registration that exists, none for those rolled back.
		expect(mails.map((m) => m.recipient).sort()).toEqual(rows.map((r) => r.email).sort());

		// Cancellations racing registrations: seats freed go to the waiting list, never beyond capacity.
		const registered = rows.filter((r) => r.status === 'registered').slice(0, 5);
		const tokens = await Promise.all(
			registered.map(async (r) => {
				const [mail] = await db
					.selectFrom('outbox')
					.select('text_body')
					.where('recipient', '=', r.email)
					.orderBy('id')
					.execute();
				return /\/events\/registration\/([A-Za-z0-9_-]+)/.exec(mail.text_body)![1];
			})
		);
		const more = Array.from({ length: 30 }, (_, i) => registration({ email: `late-${i}@example.org` }));
		await Promise.all([
			...tokens.map((token) => cancelRegistration(publicContext(db, network), token)),
			...more.map((person) => registerForEvent(publicContext(db, network), event.id, person))
		]);
		rows = await registrationsOf(event.id);
		const holding = rows.filter((r) => r.status === 'registered');
		expect(holding).toHaveLength(10);
		expect((await findEvent(db, network.id, event.id))?.seatsTaken).toBe(10);
		const tickets = rows.filter((r) => r.status === 'waiting').map((r) => Number(r.waiting_position));
		expect(new Set(tickets).size).toBe(tickets.length);
		const counted = (await findEvent(db, network.id, event.id))!;
		expect(counted.waitingOnSite + counted.waitingDigital).toBe(tickets.length);
		mails = await eventMails([...people, ...more].map((p) => p.email));
		const promoted = mails.filter((m) => m.kind === 'event-promoted');
		expect(promoted).toHaveLength(5);
		expect(new Set(promoted.map((m) => m.recipient)).size).toBe(5);
	}, 120_000);
});
