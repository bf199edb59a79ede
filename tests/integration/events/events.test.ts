import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkRef, PublicContext, ServiceContext } from '#lib/server/platform/context.ts';
import {
	eventFormSchema,
	registrationFormSchema,
	type EventFormInput,
	type RegistrationForm,
	type RegistrationFormInput
} from '#lib/server/events/forms.ts';
import { expireOffers } from '#lib/server/events/registration/seats.ts';
import {
	acceptOffer,
	cancelRegistration,
	registerForEvent,
	registrationByToken
} from '#lib/server/events/registration/service.ts';
import {
	cancelEvent,
	createEvent,
	getEvent,
	listEvents,
	publishEvent,
	updateEvent
} from '#lib/server/events/staff/events-service.ts';
import { findEvent } from '#lib/server/events/events-repository.ts';
import { utcToZoned, zonedToUtc } from '#lib/server/platform/time.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import { newEvent, newMember, newNetwork, serviceContext, visitorContext } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const ORIGIN = 'https://samverkan.example.org';

function publicContext(db: Kysely<Database>, network: NetworkRef, now = new Date()): PublicContext {
	return visitorContext(db, network, { now, origin: ORIGIN });
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

/** The mails queued to an address, oldest first. */
async function mailsTo(db: Kysely<Database>, email: string) {
	return db
		.selectFrom('outbox')
		.select(['id', 'kind', 'subject', 'text_body', 'recipient', 'network_id'])
		.where('recipient', '=', email)
		.orderBy('id')
		.execute();
}

/** The personal-link token of the latest mail to an address. */
async function latestToken(db: Kysely<Database>, email: string): Promise<string> {
	const mails = await mailsTo(db, email);
	const text = mails.at(-1)?.text_body ?? '';
	const match = /\/events\/registration\/([A-Za-z0-9_-]+)/.exec(text);
	if (!match) throw new Error(`no personal link in the mail to ${email}`);
	return match[1];
}

const DAY = 86_400_000;

describe.each(testDialects)('events (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let other: NetworkRef;
	let comm: ServiceContext;
	let memberCtx: ServiceContext;
	let otherComm: ServiceContext;
	let memberUserId: string;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db);
		other = await newNetwork(db);
		const communicator = await newMember(db, network.id, { role: 'communicator' });
		const member = await newMember(db, network.id, { role: 'member' });
		const otherCommunicator = await newMember(db, other.id, { role: 'communicator' });
		memberUserId = member.user.userId;
		comm = serviceContext(db, { network, user: communicator.user, role: 'communicator' });
		memberCtx = serviceContext(db, { network, user: member.user, role: 'member' });
		otherComm = serviceContext(db, { network: other, user: otherCommunicator.user, role: 'communicator' });
	}, 60_000);
	afterAll(async () => {
		await database?.cleanup();
	});

	const form = (values: Partial<EventFormInput> = {}) => {
		const start = new Date(Date.now() + 20 * DAY);
		return eventFormSchema.parse({
			title: 'Hedersrelaterat våld – grundutbildning',
			descriptionHtml: '<p>Digital utbildning</p>',
			type: 'training',
			format: 'digital',
			videoLink: 'https://video.example.org/m/42',
			startAt: utcToZoned(start, network.timeZone),
			endAt: utcToZoned(new Date(start.getTime() + 3 * 3_600_000), network.timeZone),
			capacity: '2',
			sessions: [],
			speakers: [{ name: 'Sara Ek', title: 'Utredare', organisation: 'Länsstyrelsen' }],
			...values
		});
	};

	it('lets communicators create, publish, change and cancel events; members only read published ones', async () => {
		await expect(createEvent(memberCtx, form())).rejects.toBeInstanceOf(PermissionDenied);
		const created = await createEvent(comm, form());
		if (!created.ok) throw new Error(created.error);
		const id = created.value;
		const draft = await getEvent(comm, id);
		if (!draft.ok) throw new Error(draft.error);
		expect(draft.value.event).toMatchObject({ status: 'draft', capacity: 2, format: 'digital', seatsTaken: 0 });
		expect(draft.value.speakers.map((s) => s.name)).toEqual(['Sara Ek']);
		// The wall-clock time is the network's.
		expect(utcToZoned(draft.value.event.startAt, network.timeZone)).toBe(form().startAt);

		expect((await listEvents(memberCtx)).some((e) => e.id === id)).toBe(false);
		await expect(publishEvent(memberCtx, id)).rejects.toBeInstanceOf(PermissionDenied);
		expect(await publishEvent(comm, id)).toEqual({ ok: true, value: undefined });
		expect(await publishEvent(comm, id)).toMatchObject({ ok: false, error: 'error_events_not_draft' });
		const seen = (await listEvents(memberCtx)).find((e) => e.id === id);
		expect(seen).toMatchObject({ status: 'published', videoLink: null });

		const updated = await updateEvent(comm, id, form({ title: 'Ny titel', capacity: '3' }));
		expect(updated).toEqual({ ok: true, value: { promoted: 0 } });
		expect((await findEvent(db, network.id, id))?.title).toBe('Ny titel');

		const pub = publicContext(db, network);
		const a = registration();
		const b = registration();
		expect((await registerForEvent(pub, id, a)).ok).toBe(true);
		expect((await registerForEvent(pub, id, b)).ok).toBe(true);
		expect(await updateEvent(comm, id, form({ capacity: '1' }))).toMatchObject({
			ok: false,
			error: 'error_events_capacity_below_taken'
		});

		const cancelled = await cancelEvent(comm, id);
		expect(cancelled).toEqual({ ok: true, value: { mailed: 2 } });
		for (const email of [a.email, b.email])
			expect((await mailsTo(db, email)).map((m) => m.kind)).toEqual(['event-registered', 'event-cancelled']);
		expect((await findEvent(db, network.id, id))?.status).toBe('cancelled');
		expect(await registerForEvent(pub, id, registration())).toMatchObject({
			ok: false,
			error: 'error_events_cancelled'
		});
		expect(await cancelEvent(comm, id)).toMatchObject({ ok: false, error: 'error_events_cancelled' });
	});

	it('reads event times as wall-clock times of the network, across daylight-saving changes', () => {
		const zone = 'Europe/Stockholm';
		expect(zonedToUtc('2026-05-05T09:00', zone).toISOString()).toBe('2026-05-05T07:00:00.000Z');
		expect(zonedToUtc('2026-11-24T09:00', zone).toISOString()).toBe('2026-11-24T08:00:00.000Z');
		// 02:30 does not exist on 29 March (moved forward by the gap) and exists twice on 25 October (the first).
		expect(zonedToUtc('2026-03-29T02:30', zone).toISOString()).toBe('2026-03-29T01:30:00.000Z');
		expect(zonedToUtc('2026-10-25T02:30', zone).toISOString()).toBe('2026-10-25T00:30:00.000Z');
		expect(utcToZoned(new Date('2026-10-27T08:00:00Z'), zone)).toBe('2026-10-27T09:00');
	});

	it("never reaches another network's events", async () => {
		const event = await newEvent(db, network, { capacity: 5 });
		expect(await getEvent(otherComm, event.id)).toMatchObject({ ok: false, error: 'error_not_found' });
		expect(await updateEvent(otherComm, event.id, form())).toMatchObject({
			ok: false,
			error: 'error_not_found'
		});
		expect(await publishEvent(otherComm, event.id)).toMatchObject({ ok: false, error: 'error_not_found' });
		expect(await cancelEvent(otherComm, event.id)).toMatchObject({ ok: false, error: 'error_not_found' });
		expect((await listEvents(otherComm)).some((e) => e.id === event.id)).toBe(false);
		const otherPub = publicContext(db, other);
		expect(await registerForEvent(otherPub, event.id, registration())).toMatchObject({
			ok: false,
			error: 'error_events_not_found'
		});
		const pub = publicContext(db, network);
		const person = registration();
		await registerForEvent(pub, event.id, person);
		const token = await latestToken(db, person.email);
		expect(await registrationByToken(otherPub, token)).toMatchObject({ ok: false });
		expect(await cancelRegistration(otherPub, token)).toMatchObject({ ok: false });
		expect((await registrationByToken(pub, token)).ok).toBe(true);
	});

	it('registers, re-sends the link to a second registration with the same address, and keeps a waiting list', async () => {
		const event = await newEvent(db, network, { capacity: 2 });
		const pub = publicContext(db, network);
		const first = registration({ email: 'Forsta.Person@Example.org' });
		const registered = await registerForEvent(pub, event.id, first);
		expect(registered).toMatchObject({ ok: true, value: { status: 'registered', position: null, resent: false } });
		const mails = await mailsTo(db, 'forsta.person@example.org');
		expect(mails.map((m) => m.kind)).toEqual(['event-registered']);
		expect(mails[0].text_body).toContain(`${ORIGIN}/${network.slug}/events/registration/`);
		expect(mails[0].text_body).toContain('https://video.example.org/m/123');
		const firstToken = await latestToken(db, 'forsta.person@example.org');
		// Only the hash is stored.
		const stored = await db.selectFrom('event_registration').selectAll().where('event_id', '=', event.id).execute();
		expect(JSON.stringify(stored)).not.toContain(firstToken);

		const again = await registerForEvent(pub, event.id, registration({ email: 'FORSTA.person@example.ORG' }));
		expect(again).toMatchObject({ ok: true, value: { status: 'registered', resent: true } });
		expect((await mailsTo(db, 'forsta.person@example.org')).map((m) => m.kind)).toEqual([
			'event-registered',
			'event-link'
		]);
		expect((await findEvent(db, network.id, event.id))?.seatsTaken).toBe(1);
		// The new link works, and so does the first (decision 013).
		expect((await registrationByToken(pub, firstToken)).ok).toBe(true);
		const page = await registrationByToken(pub, await latestToken(db, 'forsta.person@example.org'));
		if (!page.ok) throw new Error(page.error);
		expect(page.value).toMatchObject({ registration: { status: 'registered' }, canCancel: true });
		expect(page.value.event.videoLink).toBe('https://video.example.org/m/123');

		await registerForEvent(pub, event.id, registration());
		const waiting = [registration(), registration(), registration()];
		for (const [i, person] of waiting.entries()) {
			const result = await registerForEvent(pub, event.id, person);
			expect(result).toMatchObject({ ok: true, value: { status: 'waiting', position: i + 1 } });
			const [mail] = await mailsTo(db, person.email);
			expect(mail.kind).toBe('event-waiting');
			expect(mail.text_body).toContain(`plats ${i + 1}`);
		}
		const waitingPage = await registrationByToken(pub, await latestToken(db, waiting[2].email));
		expect(waitingPage).toMatchObject({ ok: true, value: { registration: { status: 'waiting', position: 3 } } });
		if (waitingPage.ok) expect(waitingPage.value.event.videoLink).toBeNull();

		// A cancellation gives the seat to the first waiting, with a mail, in the same transaction.
		const firstPersonsToken = await latestToken(db, 'forsta.person@example.org');
		const cancelled = await cancelRegistration(pub, firstPersonsToken);
		expect(cancelled).toEqual({ ok: true, value: { promoted: 1 } });
		// The one who cancelled gets a receipt that leads back to the event page, not a personal link.
		const receipt = (await mailsTo(db, 'forsta.person@example.org')).at(-1)!;
		expect(receipt.kind).toBe('event-own-cancel');
		const receiptText = (
			await db.selectFrom('outbox').select('text_body').where('id', '=', receipt.id).executeTakeFirstOrThrow()
		).text_body;
		expect(receiptText).toContain(`${ORIGIN}/${network.slug}/events/${event.id}`);
		expect(receiptText).not.toContain('/events/registration/');
		expect((await mailsTo(db, waiting[0].email)).map((m) => m.kind)).toEqual(['event-waiting', 'event-promoted']);
		const promotedPage = await registrationByToken(pub, await latestToken(db, waiting[0].email));
		expect(promotedPage).toMatchObject({ ok: true, value: { registration: { status: 'registered' } } });
		const secondPage = await registrationByToken(pub, await latestToken(db, waiting[1].email));
		expect(secondPage).toMatchObject({ ok: true, value: { registration: { status: 'waiting', position: 1 } } });
		expect((await findEvent(db, network.id, event.id))?.seatsTaken).toBe(2);

		// Raising the capacity promotes as many as the new seats.
		const raised = await updateEvent(
			comm,
			event.id,
			form({
				title: event.title,
				capacity: '4',
				startAt: utcToZoned(event.startAt, network.timeZone),
				endAt: utcToZoned(event.endAt, network.timeZone)
			})
		);
		expect(raised).toEqual({ ok: true, value: { promoted: 2 } });
		for (const person of waiting.slice(1))
			expect((await mailsTo(db, person.email)).map((m) => m.kind)).toEqual(['event-waiting', 'event-promoted']);
		const after = await findEvent(db, network.id, event.id);
		expect(after?.seatsTaken).toBe(4);

		// Cancelling twice is fine; a cancelled address may register again.
		expect(await cancelRegistration(pub, firstPersonsToken)).toEqual({ ok: true, value: { promoted: 0 } });
		expect((await mailsTo(db, 'forsta.person@example.org')).filter((m) => m.kind === 'event-own-cancel')).toHaveLength(
			1
		);
		const back = await registerForEvent(pub, event.id, registration({ email: 'forsta.person@example.org' }));
		expect(back).toMatchObject({ ok: true, value: { status: 'waiting', position: 1, resent: false } });
	});

	it('offers a freed seat for N hours in offer mode and passes expired offers on', async () => {
		const event = await newEvent(db, network, { capacity: 1, promotionMode: 'offer', offerHours: 12 });
		const pub = publicContext(db, network);
		const [holder, w1, w2] = [registration(), registration(), registration()];
		for (const person of [holder, w1, w2]) await registerForEvent(pub, event.id, person);
		expect(await cancelRegistration(pub, await latestToken(db, holder.email))).toEqual({
			ok: true,
			value: { promoted: 1 }
		});
		const offerMails = await mailsTo(db, w1.email);
		expect(offerMails.map((m) => m.kind)).toEqual(['event-waiting', 'event-offer']);
		const offered = await registrationByToken(pub, await latestToken(db, w1.email));
		expect(offered).toMatchObject({ ok: true, value: { registration: { status: 'offered' }, canAccept: true } });
		if (offered.ok) {
			const hours = (offered.value.registration.offerExpiresAt!.getTime() - pub.now.getTime()) / 3_600_000;
			expect(hours).toBeCloseTo(12, 5);
		}
		// The offered seat is held: a newcomer waits.
		const late = registration();
		expect(await registerForEvent(pub, event.id, late)).toMatchObject({
			ok: true,
			value: { status: 'waiting', position: 2 }
		});

		// Not yet expired: nothing happens.
		expect(await expireOffers(db, new Date(pub.now.getTime() + 11 * 3_600_000), { publicOrigin: ORIGIN })).toBe(0);
		const expired = await expireOffers(db, new Date(pub.now.getTime() + 13 * 3_600_000), { publicOrigin: ORIGIN });
		expect(expired).toBeGreaterThanOrEqual(1);
		expect(await registrationByToken(pub, await latestToken(db, w1.email))).toMatchObject({
			ok: true,
			value: { registration: { status: 'cancelled' }, canAccept: false }
		});
		expect(await acceptOffer(pub, await latestToken(db, w1.email))).toMatchObject({
			ok: false,
			error: 'error_events_offer_expired'
		});
		expect((await mailsTo(db, w2.email)).map((m) => m.kind)).toEqual(['event-waiting', 'event-offer']);

		// Accepting in time makes the seat theirs, with a confirmation carrying the same link.
		const token = await latestToken(db, w2.email);
		expect(await acceptOffer(pub, token)).toEqual({ ok: true, value: undefined });
		expect((await mailsTo(db, w2.email)).map((m) => m.kind)).toEqual([
			'event-waiting',
			'event-offer',
			'event-registered'
		]);
		expect(await registrationByToken(pub, token)).toMatchObject({
			ok: true,
			value: { registration: { status: 'registered' } }
		});
		expect((await findEvent(db, network.id, event.id))?.seatsTaken).toBe(1);
	});

	it('ends an offer by the start of the event, however many hours offers last', async () => {
		for (const hoursToStart of [1, 11, 12, 13, 200]) {
			const pub = publicContext(db, network);
			const startAt = new Date(pub.now.getTime() + hoursToStart * 3_600_000);
			const event = await newEvent(db, network, {
				capacity: 1,
				promotionMode: 'offer',
				offerHours: 12,
				startAt,
				endAt: new Date(startAt.getTime() + 3_600_000),
				registrationClosesAt: startAt
			});
			const [holder, waiting] = [registration(), registration()];
			for (const person of [holder, waiting]) await registerForEvent(pub, event.id, person);
			await cancelRegistration(pub, await latestToken(db, holder.email));
			const offered = await registrationByToken(pub, await latestToken(db, waiting.email));
			if (!offered.ok) throw new Error(offered.error);
			expect(offered.value.registration.offerExpiresAt!.getTime()).toBe(
				Math.min(pub.now.getTime() + 12 * 3_600_000, startAt.getTime())
			);
		}
	});

	it('refuses registration outside the window, for drafts, and for members-only events from the public', async () => {
		const now = Date.now();
		const pub = publicContext(db, network);
		const notYet = await newEvent(db, network, { registrationOpensAt: new Date(now + DAY) });
		expect(await registerForEvent(pub, notYet.id, registration())).toMatchObject({
			ok: false,
			error: 'error_events_registration_not_open'
		});
		const closed = await newEvent(db, network, { registrationClosesAt: new Date(now - 1000) });
		expect(await registerForEvent(pub, closed.id, registration())).toMatchObject({
			ok: false,
			error: 'error_events_registration_closed'
		});
		const past = await newEvent(db, network, { startAt: new Date(now - DAY) });
		expect(await registerForEvent(pub, past.id, registration())).toMatchObject({
			ok: false,
			error: 'error_events_registration_closed'
		});
		const draft = await newEvent(db, network, { status: 'draft' });
		expect(await registerForEvent(pub, draft.id, registration())).toMatchObject({
			ok: false,
			error: 'error_events_not_found'
		});
		const members = await newEvent(db, network, { visibility: 'members' });
		expect(await registerForEvent(pub, members.id, registration())).toMatchObject({
			ok: false,
			error: 'error_events_members_only'
		});
		expect(await registerForEvent(pub, members.id, registration(), { memberUserId: memberUserId })).toMatchObject({
			ok: true,
			value: { status: 'registered' }
		});
		expect(
			await db
				.selectFrom('outbox')
				.select('id')
				.where('network_id', '=', network.id)
				.where('kind', 'like', 'event-%')
				.execute()
		).not.toHaveLength(0);
	});

	it('counts on-site and digital seats apart for a hybrid event and attaches the calendar invite', async () => {
		const event = await newEvent(db, network, { format: 'hybrid', capacityOnSite: 1, capacityDigital: 1 });
		const pub = publicContext(db, network);
		const onSite = registration({ participation: 'on_site', needsDiet: 'vegetarisk' });
		const digital = registration({ participation: 'digital', needsDiet: 'vegetarisk' });
		expect(await registerForEvent(pub, event.id, onSite)).toMatchObject({
			ok: true,
			value: { status: 'registered' }
		});
		expect(await registerForEvent(pub, event.id, digital)).toMatchObject({
			ok: true,
			value: { status: 'registered' }
		});
		expect(await registerForEvent(pub, event.id, registration({ participation: 'digital' }))).toMatchObject({
			ok: true,
			value: { status: 'waiting', position: 1 }
		});
		const rows = await db
			.selectFrom('event_registration')
			.selectAll()
			.where('event_id', '=', event.id)
			.orderBy('created_at')
			.execute();
		expect(rows.find((r) => r.email === onSite.email)?.needs_diet).toBe('vegetarisk');
		expect(rows.find((r) => r.email === digital.email)?.needs_diet).toBeNull();
		const mail = await db
			.selectFrom('outbox')
			.selectAll()
			.where('recipient', '=', onSite.email)
			.executeTakeFirstOrThrow();
		expect(
			JSON.parse(String(typeof mail.attachments === 'string' ? mail.attachments : JSON.stringify(mail.attachments)))[0]
				.filename
		).toBe(`${network.slug}-${event.id}.ics`);
		const after = await findEvent(db, network.id, event.id);
		expect(after).toMatchObject({ seatsTaken: 2, seatsTakenOnSite: 1, seatsTakenDigital: 1 });
	});
});
