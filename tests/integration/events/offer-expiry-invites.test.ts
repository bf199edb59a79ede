// The calendar invite is part of every seat change's context (registration/seat-mail.ts), so a seat
// given by the scheduled job carries it as a seat given by staff does. Before, the offer job built its
// seat context without invites: the promotion it made was mailed without the .ics.
import ICAL from 'ical.js';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionUid } from '#lib/server/events/calendar/ics.ts';
import { registrationFormSchema } from '#lib/server/events/forms.ts';
import { eventJobs } from '#lib/server/events/jobs.ts';
import { findRegistration } from '#lib/server/events/registrations-repository.ts';
import { registerForEvent } from '#lib/server/events/registration/service.ts';
import { eventFormValues, readEventForm } from '#lib/server/events/staff/event-form.ts';
import { updateEvent } from '#lib/server/events/staff/events-service.ts';
import { cancelRegistrationByStaff } from '#lib/server/events/staff/registrations-service.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { newEvent, newMember, newNetwork, serviceContext, visitorContext } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const ORIGIN = 'https://samverkan.example.org';
const HOUR = 3_600_000;
/** 1 October 2026, 08:00 in Stockholm. */
const T0 = new Date('2026-10-01T06:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
	if (!result.ok) throw new Error(result.error);
	return result.value;
}

/** The outbox's attachments: JSON text on SQLite, parsed already from PostgreSQL's json column. */
function filesOf(column: unknown): { filename: string; contentType: string; contentBase64: string }[] {
	if (column === null) return [];
	return (typeof column === 'string' ? JSON.parse(column) : column) as ReturnType<typeof filesOf>;
}

function veventsOf(file: { contentBase64: string }) {
	const calendar = new ICAL.Component(ICAL.parse(Buffer.from(file.contentBase64, 'base64').toString('utf8')));
	return {
		method: calendar.getFirstPropertyValue('method'),
		events: calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c))
	};
}

describe.each(testDialects)('seat mails of the offer job (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let commAt: (now: Date) => ServiceContext;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db);
		const communicator = await newMember(db, network.id, { role: 'communicator' });
		commAt = (now) =>
			serviceContext(db, { network, user: communicator.user, role: 'communicator', now, origin: ORIGIN });
	}, 60_000);
	afterAll(async () => {
		await database?.cleanup();
	});

	async function register(eventId: string, name: string) {
		const input = registrationFormSchema.parse({
			name,
			email: `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.se`,
			consent: 'on'
		});
		const pub = visitorContext(db, network, { now: T0, origin: ORIGIN });
		const result = unwrap(await registerForEvent(pub, eventId, input));
		return { id: result.registrationId, status: result.status, email: input.email };
	}

	async function promotionMailTo(email: string) {
		return db
			.selectFrom('outbox')
			.select(['recipient', 'attachments'])
			.where('kind', '=', 'event-promoted')
			.where('recipient', '=', email)
			.executeTakeFirstOrThrow();
	}

	it('mails the one the job promotes the invite, exactly as a promotion by staff', async () => {
		const event = await newEvent(db, network, {
			capacity: 1,
			promotionMode: 'offer',
			offerHours: 12,
			startAt: at(10 * 24 * HOUR)
		});
		const anna = await register(event.id, 'Anna');
		const bo = await register(event.id, 'Bo');
		const cecilia = await register(event.id, 'Cecilia');
		const david = await register(event.id, 'David');
		expect([anna.status, bo.status, cecilia.status, david.status]).toEqual([
			'registered',
			'waiting',
			'waiting',
			'waiting'
		]);

		// Anna phones to cancel: her seat is offered to Bo for 12 hours.
		unwrap(await cancelRegistrationByStaff(commAt(T0), event.id, anna.id));
		expect((await findRegistration(db, network.id, bo.id))?.status).toBe('offered');
		// Meanwhile staff switch the event to automatic promotion, as the event form does.
		const stored = unwrap(await eventFormValues(commAt(at(HOUR)), event.id));
		const posted = new FormData();
		for (const [name, value] of Object.entries({ ...stored.values, promotionMode: 'automatic' }))
			posted.append(name, value);
		for (const id of stored.audienceTypeIds) posted.append('audienceTypeIds', id);
		const form = readEventForm(posted);
		if (!form.ok) throw new Error(JSON.stringify(form.failure.errors));
		unwrap(await updateEvent(commAt(at(HOUR)), event.id, form.data));

		// Bo lets the offer run out: the job gives the seat to Cecilia.
		const offers = eventJobs(db, ORIGIN).find((job) => job.name === 'events.offers')!;
		expect(await offers.run(at(13 * HOUR))).toEqual({ expired: 1 });
		expect((await findRegistration(db, network.id, cecilia.id))?.status).toBe('registered');
		// Cecilia cancels by phone: staff's cancellation gives the seat to David.
		unwrap(await cancelRegistrationByStaff(commAt(at(14 * HOUR)), event.id, cecilia.id));
		expect((await findRegistration(db, network.id, david.id))?.status).toBe('registered');

		const byJob = filesOf((await promotionMailTo(cecilia.email)).attachments);
		const byStaff = filesOf((await promotionMailTo(david.email)).attachments);
		expect(byStaff).toHaveLength(1);
		expect(byJob).toHaveLength(1);
		expect(byJob[0].contentType).toBe(byStaff[0].contentType);
		expect(byJob[0].contentType).toMatch(/^text\/calendar; method=REQUEST/);
		expect(byJob[0].filename).toBe(byStaff[0].filename);
		const job = veventsOf(byJob[0]);
		const staff = veventsOf(byStaff[0]);
		expect(job.method).toBe('REQUEST');
		expect(job.events.map((e) => e.uid)).toEqual(staff.events.map((e) => e.uid));
		expect(job.events[0].uid).toBe(sessionUid(event.id, 0));
		expect(job.events[0].summary).toBe(event.title);
		expect(job.events[0].startDate.toJSDate().toISOString()).toBe(event.startAt.toISOString());
		const attendee = (e: ICAL.Event) => String(e.attendees[0]?.getFirstValue()).toLowerCase();
		expect(attendee(job.events[0])).toBe(`mailto:${cecilia.email}`);
		expect(attendee(staff.events[0])).toBe(`mailto:${david.email}`);
	});
});
