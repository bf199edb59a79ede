import ICAL from 'ical.js';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEvent } from '#lib/server/events/events-repository.ts';
import { checkInList, markRemainingAsNoShow, setAttendance } from '#lib/server/events/staff/check-in-service.ts';
import { eventFormValues, readEventForm } from '#lib/server/events/staff/event-form.ts';
import { cancelEvent, createEvent, staffEventList } from '#lib/server/events/staff/events-service.ts';
import { exportRegistrationsCsv, printableList } from '#lib/server/events/staff/lists-service.ts';
import { mailAllRegistrants, mailAllSchema } from '#lib/server/events/staff/mail-all-service.ts';
import {
	addRegistration,
	cancelRegistrationByStaff,
	moveFromWaitingList,
	type StaffRegistrationForm,
	staffRegistrations,
	staffRegistrationSchema
} from '#lib/server/events/staff/registrations-service.ts';
import { eventStatistics } from '#lib/server/events/staff/statistics-service.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { parseCsv } from '#lib/server/platform/csv.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { parseFormData } from '#lib/server/platform/http.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import {
	addNetworkMunicipalities,
	ensureOrganisationTypes,
	newEvent,
	newMember,
	newNetwork,
	serviceContext
} from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

function person(values: Record<string, string> = {}): StaffRegistrationForm {
	return staffRegistrationSchema.parse({
		name: 'Anna Andersson',
		email: `anna-${Math.random().toString(36).slice(2)}@example.org`,
		organisation: 'Socialtjänsten',
		consent: 'on',
		...values
	});
}

/** The outbox's attachments: JSON text on SQLite, parsed already from PostgreSQL's json column. */
function filesOf(column: unknown): unknown[] {
	if (column === null) return [];
	return (typeof column === 'string' ? JSON.parse(column) : column) as unknown[];
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
	if (!result.ok) throw new Error(result.error);
	return result.value;
}

describe.each(testDialects)('events: staff (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let other: NetworkRef;
	let comm: ServiceContext;
	let admin: ServiceContext;
	let memberCtx: ServiceContext;
	let otherComm: ServiceContext;
	/** The communicator at another moment (the event begun, check-in over). */
	let commAt: (now: Date) => ServiceContext;
	let types: Awaited<ReturnType<typeof ensureOrganisationTypes>>;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db);
		other = await newNetwork(db);
		const communicator = await newMember(db, network.id, { role: 'communicator' });
		const adminMember = await newMember(db, network.id, { role: 'admin' });
		const member = await newMember(db, network.id, { role: 'member' });
		const otherCommunicator = await newMember(db, other.id, { role: 'communicator' });
		comm = serviceContext(db, { network, user: communicator.user, role: 'communicator' });
		commAt = (now) => serviceContext(db, { network, user: communicator.user, role: 'communicator', now });
		admin = serviceContext(db, { network, user: adminMember.user, role: 'admin' });
		memberCtx = serviceContext(db, { network, user: member.user, role: 'member' });
		otherComm = serviceContext(db, { network: other, user: otherCommunicator.user, role: 'communicator' });
		types = await ensureOrganisationTypes(db, network.id);
		await addNetworkMunicipalities(db, network.id, ['SE-2580', 'SE-2581', 'SE-2582']);
		await addNetworkMunicipalities(db, network.id, ['SE-2583'], { participating: false });
	}, 60_000);
	afterAll(async () => {
		await database?.cleanup();
	});

	const outbox = (eventTitle?: string) =>
		db
			.selectFrom('outbox')
			.select(['recipient', 'kind', 'subject', 'network_id'])
			.where('network_id', '=', network.id)
			.$if(eventTitle !== undefined, (q) => q.where('subject', '=', eventTitle!))
			.execute();

	it('refuses members everything and answers another network "not found"', async () => {
		const event = await newEvent(db, network);
		await expect(staffEventList(memberCtx)).rejects.toBeInstanceOf(PermissionDenied);
		await expect(staffRegistrations(memberCtx, event.id)).rejects.toBeInstanceOf(PermissionDenied);
		await expect(addRegistration(memberCtx, event.id, person())).rejects.toBeInstanceOf(PermissionDenied);
		await expect(exportRegistrationsCsv(memberCtx, event.id)).rejects.toBeInstanceOf(PermissionDenied);
		await expect(eventStatistics(memberCtx, event.id)).rejects.toBeInstanceOf(PermissionDenied);
		await expect(checkInList(memberCtx, event.id)).rejects.toBeInstanceOf(PermissionDenied);
		await expect(markRemainingAsNoShow(memberCtx, event.id)).rejects.toBeInstanceOf(PermissionDenied);
		await expect(
			mailAllRegistrants(memberCtx, event.id, { subject: 'Hej', body: 'Hej allihop!' })
		).rejects.toBeInstanceOf(PermissionDenied);
		// Communicators and those above may.
		expect((await staffRegistrations(admin, event.id)).ok).toBe(true);

		const added = unwrap(await addRegistration(comm, event.id, person()));
		const notFound = { ok: false, error: 'error_not_found' };
		expect(await staffRegistrations(otherComm, event.id)).toMatchObject(notFound);
		expect(await addRegistration(otherComm, event.id, person())).toMatchObject(notFound);
		expect(await cancelRegistrationByStaff(otherComm, event.id, added.id)).toMatchObject(notFound);
		expect(await moveFromWaitingList(otherComm, event.id, added.id)).toMatchObject(notFound);
		expect(await setAttendance(otherComm, event.id, added.id, 'attended')).toMatchObject(notFound);
		expect(await checkInList(otherComm, event.id)).toMatchObject(notFound);
		expect(await markRemainingAsNoShow(otherComm, event.id)).toMatchObject(notFound);
		expect(await exportRegistrationsCsv(otherComm, event.id)).toMatchObject(notFound);
		expect(await printableList(otherComm, event.id)).toMatchObject(notFound);
		expect(await eventStatistics(otherComm, event.id)).toMatchObject(notFound);
		expect(await eventFormValues(otherComm, event.id)).toMatchObject(notFound);
		expect(await mailAllRegistrants(otherComm, event.id, { subject: 'Hej', body: 'Hej allihop!' })).toMatchObject(
			notFound
		);
		const list = await staffEventList(otherComm);
		expect([...list.upcoming, ...list.past].some((e) => e.id === event.id)).toBe(false);
		// The registration of this event is not reachable through another event of the same network.
		const second = await newEvent(db, network);
		expect(await cancelRegistrationByStaff(comm, second.id, added.id)).toMatchObject(notFound);
	});

	it('adds by hand within capacity, then to the waiting list; a duplicate address is refused', async () => {
		const event = await newEvent(db, network, { capacity: 2 });
		const a = unwrap(await addRegistration(comm, event.id, person({ email: 'a@example.org' })));
		const b = unwrap(await addRegistration(comm, event.id, person({ email: 'b@example.org' })));
		const c = unwrap(await addRegistration(comm, event.id, person({ email: 'c@example.org' })));
		expect([a.status, b.status, c.status]).toEqual(['registered', 'registered', 'waiting']);
		expect((await findEvent(db, network.id, event.id))?.seatsTaken).toBe(2);
		expect(await addRegistration(comm, event.id, person({ email: 'A@example.org' }))).toMatchObject({
			ok: false,
			error: 'error_events_staff_already_registered',
			field: 'email'
		});
		// Each got its mail, in the same transaction.
		const kinds = (await outbox())
			.filter((m) => ['a@example.org', 'b@example.org', 'c@example.org'].includes(m.recipient))
			.map((m) => `${m.recipient}:${m.kind}`)
			.sort();
		expect(kinds).toEqual([
			'a@example.org:event-registered',
			'b@example.org:event-registered',
			'c@example.org:event-waiting'
		]);

		// Cancelling a seat gives it to the first waiting, with a mail.
		expect(unwrap(await cancelRegistrationByStaff(comm, event.id, a.id))).toEqual({ promoted: 1 });
		const list = unwrap(await staffRegistrations(comm, event.id));
		expect(list.counts).toMatchObject({ registered: 2, waiting: 0, cancelled: 1 });
		expect((await findEvent(db, network.id, event.id))?.seatsTaken).toBe(2);
		expect((await outbox()).some((m) => m.recipient === 'c@example.org' && m.kind === 'event-promoted')).toBe(true);
		// Twice is fine.
		expect(unwrap(await cancelRegistrationByStaff(comm, event.id, a.id))).toEqual({ promoted: 0 });
		// Cancelled events take nobody.
		const cancelled = await newEvent(db, network, { status: 'cancelled' });
		expect(await addRegistration(comm, cancelled.id, person())).toMatchObject({
			ok: false,
			error: 'error_events_cancelled'
		});
	});

	it('mails whoever staff cancel — with the cancellation of their invite if they had a seat — and invites whoever gets one', async () => {
		const event = await newEvent(db, network, { capacity: 1 });
		const seated = unwrap(await addRegistration(comm, event.id, person({ email: 'seat@example.org' })));
		const waiting = unwrap(await addRegistration(comm, event.id, person({ email: 'next@example.org' })));
		const last = unwrap(await addRegistration(comm, event.id, person({ email: 'last@example.org' })));
		expect([seated.status, waiting.status, last.status]).toEqual(['registered', 'waiting', 'waiting']);
		unwrap(await cancelRegistrationByStaff(comm, event.id, seated.id));
		unwrap(await cancelRegistrationByStaff(comm, event.id, last.id));

		const mails = await db
			.selectFrom('outbox')
			.select(['recipient', 'kind', 'subject', 'text_body', 'attachments'])
			.where('network_id', '=', network.id)
			.where('recipient', 'in', ['seat@example.org', 'next@example.org', 'last@example.org'])
			.orderBy('id')
			.execute();
		const calendarOf = (m: (typeof mails)[number]) => {
			const files = filesOf(m.attachments) as { contentBase64: string }[];
			return files.map((f) => new ICAL.Component(ICAL.parse(Buffer.from(f.contentBase64, 'base64').toString('utf8'))));
		};
		expect(
			mails.map((m) => `${m.recipient}:${m.kind}:${calendarOf(m).map((c) => c.getFirstPropertyValue('method'))}`)
		).toEqual([
			'seat@example.org:event-registered:REQUEST',
			'next@example.org:event-waiting:',
			'last@example.org:event-waiting:',
			'next@example.org:event-promoted:REQUEST',
			'seat@example.org:event-staff-cancel:CANCEL',
			'last@example.org:event-staff-cancel:'
		]);
		const cancelMail = mails.find((m) => m.kind === 'event-staff-cancel')!;
		expect(cancelMail.subject).toContain(event.title);
		expect(cancelMail.text_body).toContain(network.contactEmail);
		// The cancellation withdraws the same calendar entry the invite made.
		const [invite] = calendarOf(mails[0]);
		const [withdrawal] = calendarOf(cancelMail);
		const uid = (c: ICAL.Component) => c.getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid');
		expect(uid(withdrawal)).toBe(uid(invite));
		expect(withdrawal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('status')).toBe('CANCELLED');
	});

	it('cancelling the event withdraws the invites of those with a seat; the waiting get the mail alone', async () => {
		const event = await newEvent(db, network, { capacity: 1 });
		unwrap(await addRegistration(comm, event.id, person({ email: 'held@example.org' })));
		unwrap(await addRegistration(comm, event.id, person({ email: 'hoped@example.org' })));
		expect(unwrap(await cancelEvent(comm, event.id))).toEqual({ mailed: 2 });
		const mails = await db
			.selectFrom('outbox')
			.select(['recipient', 'attachments'])
			.where('network_id', '=', network.id)
			.where('kind', '=', 'event-cancelled')
			.where('recipient', 'in', ['held@example.org', 'hoped@example.org'])
			.orderBy('recipient')
			.execute();
		expect(mails.map((m) => m.recipient)).toEqual(['held@example.org', 'hoped@example.org']);
		const held = filesOf(mails[0].attachments) as { contentType: string }[];
		expect(held.map((f) => f.contentType)).toEqual(['text/calendar; method=CANCEL; charset=utf-8']);
		expect(mails[1].attachments).toBeNull();
	});

	it('moves someone from the waiting list: a free seat at once, else to the front of the list', async () => {
		const event = await newEvent(db, network, { capacity: 1 });
		unwrap(await addRegistration(comm, event.id, person({ email: 'one@example.org' })));
		const second = unwrap(await addRegistration(comm, event.id, person({ email: 'two@example.org' })));
		const third = unwrap(await addRegistration(comm, event.id, person({ email: 'three@example.org' })));
		expect(unwrap(await moveFromWaitingList(comm, event.id, third.id))).toEqual({ outcome: 'first' });
		// Still full: nobody beyond the capacity.
		expect((await findEvent(db, network.id, event.id))?.seatsTaken).toBe(1);
		const waiting = unwrap(await staffRegistrations(comm, event.id, { status: 'waiting' })).registrations;
		expect(waiting.map((r) => r.email)).toEqual(['three@example.org', 'two@example.org']);
		expect(await moveFromWaitingList(comm, event.id, (await firstRegistered(event.id)).id)).toMatchObject({
			ok: false,
			error: 'error_events_staff_not_waiting'
		});

		// A freed seat now goes to the one moved first.
		unwrap(await cancelRegistrationByStaff(comm, event.id, (await firstRegistered(event.id)).id));
		const after = unwrap(await staffRegistrations(comm, event.id)).registrations;
		expect(after.find((r) => r.id === third.id)?.status).toBe('registered');
		expect(after.find((r) => r.id === second.id)?.status).toBe('waiting');

		// A seat free in the pool (capacity raised outside the seat decision) is given at once.
		await db.updateTable('event').set({ capacity: 5 }).where('id', '=', event.id).execute();
		expect(unwrap(await moveFromWaitingList(comm, event.id, second.id))).toEqual({ outcome: 'registered' });
		expect((await findEvent(db, network.id, event.id))?.seatsTaken).toBe(2);
		expect((await outbox()).some((m) => m.recipient === 'two@example.org' && m.kind === 'event-promoted')).toBe(true);
	});

	async function firstRegistered(eventId: string) {
		const list = unwrap(await staffRegistrations(comm, eventId, { status: 'registered' }));
		return list.registrations[0];
	}

	it("shows a hybrid event's door list on site by default, and online or everyone when asked", async () => {
		const event = await newEvent(db, network, {
			format: 'hybrid',
			address: 'Stadshuset',
			videoLink: 'https://video.example.org/m/1'
		});
		const add = async (name: string, participation: string) =>
			unwrap(await addRegistration(comm, event.id, person({ name, participation })));
		const eva = await add('Eva Ek', 'on_site');
		await add('Olle Ort', 'on_site');
		await add('Dan Digital', 'digital');
		await setAttendance(comm, event.id, eva.id, 'attended');
		const names = (list: { people: { name: string }[] }) => list.people.map((p) => p.name);
		const door = unwrap(await checkInList(comm, event.id));
		expect(door).toMatchObject({ group: 'on_site', groups: { on_site: 2, digital: 1, all: 3 }, total: 2, attended: 1 });
		expect(names(door)).toEqual(['Eva Ek', 'Olle Ort']);
		const online = unwrap(await checkInList(comm, event.id, '', 'digital'));
		expect(online).toMatchObject({ group: 'digital', total: 1, attended: 0 });
		expect(names(online)).toEqual(['Dan Digital']);
		expect(names(unwrap(await checkInList(comm, event.id, 'olle', 'all')))).toEqual(['Olle Ort']);
		expect(unwrap(await checkInList(comm, event.id, '', 'all'))).toMatchObject({ total: 3, attended: 1 });
		// Anything else is the door list; an event of one kind has no groups.
		expect(unwrap(await checkInList(comm, event.id, '', 'nonsense')).group).toBe('on_site');
		const plain = await newEvent(db, network);
		expect(unwrap(await checkInList(comm, plain.id, '', 'digital'))).toMatchObject({ group: null, groups: null });
	});

	it('checks people in and out; those without a seat cannot be', async () => {
		const event = await newEvent(db, network, { capacity: 1 });
		const anna = unwrap(await addRegistration(comm, event.id, person({ name: 'Anna Åberg' })));
		const waiting = unwrap(await addRegistration(comm, event.id, person({ name: 'Bo Berg' })));
		expect(unwrap(await checkInList(comm, event.id, 'åbe')).people.map((p) => p.name)).toEqual(['Anna Åberg']);
		// Search ignores case and accents.
		expect(unwrap(await checkInList(comm, event.id, 'ABERG')).people).toHaveLength(1);
		expect(await setAttendance(comm, event.id, anna.id, 'attended')).toEqual({
			ok: true,
			value: { from: 'registered' }
		});
		const list = unwrap(await checkInList(comm, event.id));
		expect(list).toMatchObject({ total: 1, attended: 1, noShow: 0, remaining: 0, matching: 1 });
		expect(list.people[0]).toMatchObject({ name: 'Anna Åberg', status: 'attended' });
		expect(await setAttendance(comm, event.id, waiting.id, 'attended')).toMatchObject({
			ok: false,
			error: 'error_events_staff_no_seat'
		});
		expect(await setAttendance(comm, event.id, anna.id, 'registered')).toEqual({
			ok: true,
			value: { from: 'attended' }
		});
		expect(unwrap(await checkInList(comm, event.id))).toMatchObject({ attended: 0, remaining: 1 });
		// Attendance keeps the seat.
		expect((await findEvent(db, network.id, event.id))?.seatsTaken).toBe(1);
	});

	it('marks a no-show only once the event has begun, and undoes it', async () => {
		const event = await newEvent(db, network, { capacity: 5 });
		const anna = unwrap(await addRegistration(comm, event.id, person({ name: 'Anna Andersson' })));
		// Before the start nobody can have missed it; ticking who came works (people come early).
		expect(await setAttendance(comm, event.id, anna.id, 'no_show')).toMatchObject({
			ok: false,
			error: 'error_events_staff_not_started'
		});
		expect(unwrap(await checkInList(comm, event.id)).rules).toEqual({ checkIn: true, noShow: false });
		expect(unwrap(await staffRegistrations(comm, event.id)).rules).toEqual({ checkIn: true, noShow: false });

		const begun = commAt(new Date(event.startAt.getTime() + 15 * 60_000));
		expect(unwrap(await checkInList(begun, event.id)).rules).toEqual({ checkIn: true, noShow: true });
		expect(unwrap(await setAttendance(begun, event.id, anna.id, 'no_show'))).toEqual({ from: 'registered' });
		expect(unwrap(await checkInList(begun, event.id))).toMatchObject({ noShow: 1, remaining: 0 });
		expect(unwrap(await checkInList(begun, event.id)).people[0]).toMatchObject({ status: 'no_show' });
		// Came late after all: straight from no-show to attended; and back to registered.
		expect(unwrap(await setAttendance(begun, event.id, anna.id, 'attended'))).toEqual({ from: 'no_show' });
		unwrap(await setAttendance(begun, event.id, anna.id, 'no_show'));
		expect(unwrap(await setAttendance(begun, event.id, anna.id, 'registered'))).toEqual({ from: 'no_show' });
		expect((await findEvent(db, network.id, event.id))?.seatsTaken).toBe(1);
		const audit = await db
			.selectFrom('audit_event')
			.select('action')
			.where('entity_id', '=', anna.id)
			.where('action', 'like', 'events.attendance_%')
			.orderBy('id')
			.execute();
		expect(audit.map((a) => a.action)).toEqual([
			'events.attendance_no_show',
			'events.attendance_attended',
			'events.attendance_no_show',
			'events.attendance_registered'
		]);

		// A cancelled event takes no marks, but one can still be undone.
		const cancelled = await newEvent(db, network);
		const bo = unwrap(await addRegistration(comm, cancelled.id, person({ name: 'Bo Berg' })));
		const after = commAt(new Date(cancelled.startAt.getTime() + 60_000));
		unwrap(await setAttendance(after, cancelled.id, bo.id, 'attended'));
		await db.updateTable('event').set({ status: 'cancelled' }).where('id', '=', cancelled.id).execute();
		expect(await setAttendance(after, cancelled.id, bo.id, 'no_show')).toMatchObject({
			ok: false,
			error: 'error_events_cancelled'
		});
		expect(unwrap(await setAttendance(after, cancelled.id, bo.id, 'registered'))).toEqual({ from: 'attended' });
	});

	it('marks everyone not checked in as no-show in one step, audited, never before the start', async () => {
		const event = await newEvent(db, network, { capacity: 3 });
		const add = (name: string) => addRegistration(comm, event.id, person({ name })).then(unwrap);
		const [came, stayedAway, forgot, cancelled, waiting] = [
			await add('Anna Andersson'),
			await add('Bo Berg'),
			await add('Cecilia Carlsson'),
			await add('David Dahl'),
			await add('Eva Ek')
		];
		expect([came, stayedAway, forgot].map((r) => r.status)).toEqual(['registered', 'registered', 'registered']);
		expect([cancelled.status, waiting.status]).toEqual(['waiting', 'waiting']);
		unwrap(await cancelRegistrationByStaff(comm, event.id, cancelled.id));
		expect(await markRemainingAsNoShow(comm, event.id)).toMatchObject({
			ok: false,
			error: 'error_events_staff_not_started'
		});

		const over = commAt(new Date(event.endAt.getTime() - 60_000));
		unwrap(await setAttendance(over, event.id, came.id, 'attended'));
		unwrap(await setAttendance(over, event.id, stayedAway.id, 'no_show'));
		expect(unwrap(await markRemainingAsNoShow(over, event.id))).toEqual({ marked: 1 });
		const statuses = Object.fromEntries(
			unwrap(await staffRegistrations(over, event.id)).registrations.map((r) => [r.name, r.status])
		);
		expect(statuses).toEqual({
			'Anna Andersson': 'attended',
			'Bo Berg': 'no_show',
			'Cecilia Carlsson': 'no_show',
			'David Dahl': 'cancelled',
			'Eva Ek': 'waiting'
		});
		// Seats and the waiting list are as they were; twice marks nobody more.
		expect((await findEvent(db, network.id, event.id))?.seatsTaken).toBe(3);
		expect(unwrap(await markRemainingAsNoShow(over, event.id))).toEqual({ marked: 0 });
		const audit = await db
			.selectFrom('audit_event')
			.select(['action', 'entity_type', 'entity_id', 'actor_user_id'])
			.where('network_id', '=', network.id)
			.where('action', 'in', ['events.attendance_no_show', 'events.attendance_no_show_remaining'])
			.where('entity_id', 'in', [event.id, forgot.id, stayedAway.id])
			.orderBy('id')
			.execute();
		expect(audit.map((a) => `${a.action}:${a.entity_id === event.id ? 'event' : a.entity_id}`)).toEqual([
			`events.attendance_no_show:${stayedAway.id}`,
			`events.attendance_no_show:${forgot.id}`,
			'events.attendance_no_show_remaining:event',
			'events.attendance_no_show_remaining:event'
		]);
		expect(audit.every((a) => a.actor_user_id === comm.actor.userId)).toBe(true);
		// Statistics count them: one of three with a seat came.
		expect(unwrap(await eventStatistics(over, event.id)).attendanceRate).toBeCloseTo(1 / 3);

		// A cancelled event is not checked in at all.
		const called = await newEvent(db, network, { status: 'cancelled' });
		expect(await markRemainingAsNoShow(commAt(new Date(called.endAt.getTime())), called.id)).toMatchObject({
			ok: false,
			error: 'error_events_cancelled'
		});
	});

	it('mails every registrant who has not cancelled, one outbox row each', async () => {
		const event = await newEvent(db, network, { capacity: 2, title: 'Utskick-test' });
		const people = [];
		for (const email of ['m1@example.org', 'm2@example.org', 'm3@example.org', 'm4@example.org'])
			people.push(unwrap(await addRegistration(comm, event.id, person({ email }))));
		unwrap(await cancelRegistrationByStaff(comm, event.id, people[3].id));
		const subject = `Material inför ${Math.random()}`;
		expect(
			unwrap(await mailAllRegistrants(comm, event.id, { subject, body: 'Här är materialet.\n\nVälkomna!' }))
		).toEqual({ mailed: 3 });
		const mails = await outbox(subject);
		expect(mails.map((m) => m.recipient).sort()).toEqual(['m1@example.org', 'm2@example.org', 'm3@example.org']);
		expect(mails.every((m) => m.kind === 'event-message' && m.network_id === network.id)).toBe(true);
		// The form's own messages reach the page (parseFormData keeps only error_ keys).
		const bad = new FormData();
		bad.set('subject', 'Ma');
		bad.set('body', '');
		const parsed = parseFormData(bad, mailAllSchema);
		expect(parsed.ok ? null : parsed.failure.errors).toEqual({
			// "Ma" is typed, but too short: the message says how long a subject must be
			subject: 'error_too_short_min|min=3',
			body: 'error_events_staff_body_required'
		});
		const empty = await newEvent(db, network);
		expect(await mailAllRegistrants(comm, empty.id, { subject, body: 'Ingen alls här.' })).toMatchObject({
			ok: false,
			error: 'error_events_staff_nobody_to_mail'
		});
	});

	it('audits reads of the registration list and the CSV export; the CSV opens in Excel', async () => {
		const event = await newEvent(db, network, { format: 'on_site' });
		unwrap(
			await addRegistration(
				comm,
				event.id,
				person({
					name: 'Örjan Ödmark',
					email: 'orjan@example.org',
					organisation: '=Socialtjänsten',
					organisationTypeId: types.social_services,
					municipalityId: 'SE-2580',
					needsDiet: 'Vegetarisk'
				})
			)
		);
		unwrap(await staffRegistrations(comm, event.id, { q: 'örjan' }));
		const exported = unwrap(await exportRegistrationsCsv(comm, event.id));
		expect(exported.csv.startsWith('\uFEFF')).toBe(true);
		const rows = parseCsv(exported.csv);
		expect(rows[0].slice(0, 3)).toEqual(['Namn', 'E-post', 'Organisation']);
		expect(rows[1].slice(0, 3)).toEqual(['Örjan Ödmark', 'orjan@example.org', "'=Socialtjänsten"]);
		expect(rows[1][4]).toBe('Luleå');
		expect(rows[1][7]).toBe('Vegetarisk');
		unwrap(await printableList(comm, event.id));
		const audit = await db
			.selectFrom('audit_event')
			.select(['action', 'entity_type', 'entity_id', 'actor_user_id'])
			.where('network_id', '=', network.id)
			.where('entity_id', '=', event.id)
			.execute();
		const actions = audit.map((a) => `${a.action}:${a.entity_type}`);
		expect(actions.filter((a) => a === 'read:event_registrations')).toHaveLength(2);
		expect(actions).toContain('export:event_registrations');
		expect(audit.every((a) => a.actor_user_id === comm.actor.userId)).toBe(true);
	});

	it('counts registrations, attendance and municipalities reached', async () => {
		const event = await newEvent(db, network);
		const add = (email: string, municipalityId: string | null, typeId: string | null) =>
			addRegistration(
				comm,
				event.id,
				person({ email, municipalityId: municipalityId ?? '', organisationTypeId: typeId ?? '' })
			).then(unwrap);
		const r1 = await add('s1@example.org', 'SE-2580', types.social_services);
		const r2 = await add('s2@example.org', 'SE-2580', types.social_services);
		const r3 = await add('s3@example.org', 'SE-2581', types.school);
		await add('s4@example.org', 'SE-2583', null);
		const r5 = await add('s5@example.org', null, null);
		unwrap(await setAttendance(comm, event.id, r1.id, 'attended'));
		unwrap(await setAttendance(comm, event.id, r3.id, 'attended'));
		unwrap(await setAttendance(commAt(new Date(event.startAt.getTime() + 60_000)), event.id, r2.id, 'no_show'));
		unwrap(await cancelRegistrationByStaff(comm, event.id, r5.id));
		const stats = unwrap(await eventStatistics(comm, event.id));
		expect(stats.registrations).toBe(4);
		expect(stats.byStatus).toMatchObject({ registered: 1, attended: 2, no_show: 1, cancelled: 1 });
		expect(stats.attendanceRate).toBeCloseTo(2 / 4);
		// Three participating municipalities; SE-2583 is in the network but not participating.
		expect(stats.municipalities).toEqual({ participating: 3, reachedByRegistration: 2, reachedByAttendance: 2 });
		const lulea = stats.byMunicipality.find((r) => r.id === 'SE-2580');
		expect(lulea).toMatchObject({ label: 'Luleå', registered: 2, attended: 1 });
		const social = stats.byOrganisationType.find((r) => r.id === types.social_services);
		expect(social).toMatchObject({ registered: 2, attended: 1 });
		expect(stats.byOrganisationType.find((r) => r.id === null)?.registered).toBe(1);
	});

	it('reads the posted event form with numbered sessions and speakers, and shows it again for editing', async () => {
		const data = new FormData();
		const fields: Record<string, string> = {
			title: 'Tvådagarsutbildning',
			type: 'training',
			format: 'on_site',
			address: 'Storgatan 1, Luleå',
			startAt: '2027-03-30T09:00',
			endAt: '2027-03-31T16:00',
			'sessions.0.title': 'Dag 1',
			'sessions.0.startAt': '2027-03-30T09:00',
			'sessions.0.endAt': '2027-03-30T16:00',
			'sessions.1.title': '',
			'sessions.1.startAt': '',
			'sessions.1.endAt': '',
			'sessions.2.startAt': '2027-03-31T09:00',
			'sessions.2.endAt': '2027-03-31T08:00',
			'speakers.0.name': 'Sara Ek',
			'speakers.0.organisation': 'Länsstyrelsen',
			'speakers.1.name': ''
		};
		for (const [k, v] of Object.entries(fields)) data.append(k, v);
		data.append('audienceTypeIds', types.social_services);
		const bad = readEventForm(data);
		expect(bad.ok).toBe(false);
		// The error names the row as posted, not as counted after dropping the empty one.
		if (!bad.ok) expect(bad.failure.errors).toEqual({ 'sessions.2.endAt': 'error_events_end_before_start' });

		data.set('sessions.2.endAt', '2027-03-31T16:00');
		const good = readEventForm(data);
		if (!good.ok) throw new Error(JSON.stringify(good.failure.errors));
		expect(good.data.sessions.map((s) => s.title)).toEqual(['Dag 1', null]);
		expect(good.data.speakers).toEqual([{ name: 'Sara Ek', title: null, organisation: 'Länsstyrelsen', bio: null }]);
		expect(good.data.audienceTypeIds).toEqual([types.social_services]);
		const id = unwrap(await createEvent(comm, good.data));
		const stored = unwrap(await eventFormValues(comm, id));
		expect(stored.values).toMatchObject({
			title: 'Tvådagarsutbildning',
			startAt: '2027-03-30T09:00',
			'sessions.1.startAt': '2027-03-31T09:00',
			'speakers.0.name': 'Sara Ek'
		});
		expect(stored.audienceTypeIds).toEqual([types.social_services]);
		const list = await staffEventList(comm);
		expect(list.upcoming.find((e) => e.id === id)).toMatchObject({ status: 'draft', title: 'Tvådagarsutbildning' });
		expect(await addRegistration(comm, id, person())).toMatchObject({
			ok: false,
			error: 'error_events_staff_draft'
		});
	});
});
