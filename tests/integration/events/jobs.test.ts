import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkRef, PublicContext } from '#lib/server/platform/context.ts';
import { registrationFormSchema, type RegistrationFormInput } from '#lib/server/events/forms.ts';
import {
	dueReminder,
	eraseExpiredRegistrants,
	eventJobs,
	queueEventReminders,
	registrantCutoff
} from '#lib/server/events/jobs.ts';
import { ERASED_NAME } from '#lib/server/events/jobs-repository.ts';
import { hashToken } from '#lib/server/events/registration/links.ts';
import {
	countByStatus,
	findRegistration,
	findRegistrationByTokenHash
} from '#lib/server/events/registrations-repository.ts';
import { registerForEvent } from '#lib/server/events/registration/service.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { timestamp } from '#lib/server/platform/db/values.ts';
import { Scheduler } from '#lib/server/platform/jobs/scheduler.ts';
import {
	addNetworkMunicipalities,
	ensureOrganisationTypes,
	newEvent,
	newNetwork,
	type NewEventOptions,
	visitorContext
} from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const ORIGIN = 'https://samverkan.example.org';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The fake clock: 1 October 2026, 08:00 in Stockholm. */
const T0 = new Date('2026-10-01T06:00:00Z');
const VIDEO = 'https://video.example.org/m/hemlig-123';

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

function publicContext(db: Kysely<Database>, network: NetworkRef, now: Date): PublicContext {
	return visitorContext(db, network, { now, origin: ORIGIN });
}

let sequence = 0;
function person(values: Partial<RegistrationFormInput> = {}) {
	sequence += 1;
	return registrationFormSchema.parse({
		name: `Deltagare ${sequence}`,
		email: `deltagare-${sequence}-${Math.random().toString(36).slice(2, 8)}@example.se`,
		organisation: 'Socialtjänsten',
		consent: 'on',
		...values
	});
}

async function mails(db: Kysely<Database>, kind: string, to?: string) {
	return db
		.selectFrom('outbox')
		.select(['id', 'kind', 'recipient', 'subject', 'text_body', 'html_body'])
		.where('kind', '=', kind)
		.$if(to !== undefined, (q) => q.where('recipient', '=', to!))
		.orderBy('id')
		.execute();
}

function tokenIn(text: string): string {
	const match = /\/events\/registration\/([A-Za-z0-9_-]+)/.exec(text);
	if (!match) throw new Error('no personal link in the mail');
	return match[1];
}

describe('dueReminder', () => {
	const startAt = new Date('2026-10-27T08:00:00Z');
	const event = { startAt, reminderDays: 2, reminderHours: 3 };

	it('is nothing before the first moment, then the days reminder, then the hours reminder', () => {
		expect(dueReminder(event, at(startAt, -2 * DAY - 1))).toBeNull();
		expect(dueReminder(event, at(startAt, -2 * DAY))).toEqual({ kind: 'days', at: at(startAt, -2 * DAY) });
		expect(dueReminder(event, at(startAt, -3 * HOUR + 1))?.kind).toBe('hours');
		expect(dueReminder(event, startAt)).toBeNull();
	});

	it('ignores unset and zero reminders', () => {
		expect(dueReminder({ startAt, reminderDays: null, reminderHours: 0 }, at(startAt, -1))).toBeNull();
		expect(dueReminder({ startAt, reminderDays: 1, reminderHours: null }, at(startAt, -1))?.kind).toBe('days');
	});
});

describe('registrantCutoff', () => {
	it('keeps an event that ended on 5 May for six whole months in Stockholm', () => {
		const ended = new Date('2026-05-05T13:00:00Z');
		expect(ended < registrantCutoff(new Date('2026-11-05T12:00:00Z'), 'Europe/Stockholm', 6)).toBe(false);
		expect(ended < registrantCutoff(new Date('2026-11-05T23:30:00Z'), 'Europe/Stockholm', 6)).toBe(true);
	});
});

describe.each(testDialects)('event jobs (%s)', (dialect) => {
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

	async function eventWithReminders(
		options: NewEventOptions & { reminderDays?: number | null; reminderHours?: number | null }
	) {
		const event = await newEvent(db, network, { videoLink: VIDEO, ...options });
		await db
			.updateTable('event')
			.set({ reminder_days: options.reminderDays ?? null, reminder_hours: options.reminderHours ?? null })
			.where('id', '=', event.id)
			.execute();
		return event;
	}

	async function register(eventId: string, now: Date, values: Partial<RegistrationFormInput> = {}) {
		const input = person(values);
		const result = await registerForEvent(publicContext(db, network, now), eventId, input);
		if (!result.ok) throw new Error(`registration failed: ${result.error}`);
		return { ...result.value, email: input.email };
	}

	it('reminds those with a seat N days and N hours before, once each, with a fresh link and the video link', async () => {
		const startAt = at(T0, 10 * DAY);
		const event = await eventWithReminders({
			format: 'hybrid',
			address: 'Stadshuset, Luleå',
			capacityOnSite: 1,
			startAt,
			reminderDays: 2,
			reminderHours: 3
		});
		const online = await register(event.id, T0, { participation: 'digital' });
		const onSite = await register(event.id, T0, { participation: 'on_site', needsDiet: 'Vegetariskt' });
		const waiting = await register(event.id, T0, { participation: 'on_site' });
		const cancelled = await register(event.id, T0, { participation: 'digital' });
		await db
			.updateTable('event_registration')
			.set({ status: 'cancelled' })
			.where('id', '=', cancelled.registrationId)
			.execute();
		expect(waiting.status).toBe('waiting');
		const confirmation = await mails(db, 'event-registered', online.email);
		const firstToken = tokenIn(confirmation[0].text_body);

		// Not yet: the moment is two days before the start.
		expect(await queueEventReminders(db, at(startAt, -2 * DAY - 10 * 60_000), ORIGIN)).toEqual({ queued: 0 });
		expect(await queueEventReminders(db, at(startAt, -2 * DAY + 60_000), ORIGIN)).toEqual({ queued: 2 });
		// A second run, a minute later, queues nothing more.
		expect(await queueEventReminders(db, at(startAt, -2 * DAY + 2 * 60_000), ORIGIN)).toEqual({ queued: 0 });

		const [toOnline] = await mails(db, 'event-reminder', online.email);
		const [toOnSite] = await mails(db, 'event-reminder', onSite.email);
		expect(await mails(db, 'event-reminder', waiting.email)).toEqual([]);
		expect(await mails(db, 'event-reminder', cancelled.email)).toEqual([]);
		expect(toOnline.subject).toContain(event.title);
		expect(toOnline.text_body).toContain(VIDEO);
		expect(toOnline.html_body).toContain(VIDEO);
		expect(toOnSite.text_body).not.toContain(VIDEO);
		expect(toOnSite.text_body).toContain('Stadshuset, Luleå');
		// The reminder's link is the one that works now; the confirmation's stopped working.
		const fresh = tokenIn(toOnline.text_body);
		expect(fresh).not.toBe(firstToken);
		expect(toOnline.text_body).toContain(`${ORIGIN}/${network.slug}/events/registration/${fresh}`);
		expect((await findRegistrationByTokenHash(db, network.id, hashToken(fresh)))?.id).toBe(online.registrationId);
		expect(await findRegistrationByTokenHash(db, network.id, hashToken(firstToken))).toBeUndefined();

		// Three hours before: the second reminder, again once.
		expect(await queueEventReminders(db, at(startAt, -3 * HOUR + 60_000), ORIGIN)).toEqual({ queued: 2 });
		expect(await queueEventReminders(db, at(startAt, -3 * HOUR + 5 * 60_000), ORIGIN)).toEqual({ queued: 0 });
		expect(await mails(db, 'event-reminder', online.email)).toHaveLength(2);
		// After the start, nothing.
		expect(await queueEventReminders(db, at(startAt, 60_000), ORIGIN)).toEqual({ queued: 0 });
	});

	it('sends only the closer reminder when both are due, and none of the earlier to later registrants', async () => {
		const startAt = at(T0, 20 * DAY);
		const event = await eventWithReminders({ startAt, reminderDays: 1, reminderHours: 2 });
		const early = await register(event.id, T0);
		const late = await register(event.id, at(startAt, -12 * HOUR));
		// The job did not run between the two moments: only the hours reminder goes.
		expect(await queueEventReminders(db, at(startAt, -HOUR), ORIGIN)).toEqual({ queued: 2 });
		expect(await mails(db, 'event-reminder', early.email)).toHaveLength(1);
		expect(await mails(db, 'event-reminder', late.email)).toHaveLength(1);

		const other = await eventWithReminders({ startAt: at(startAt, 2 * DAY), reminderDays: 1, reminderHours: null });
		const before = await register(other.id, T0);
		const after = await register(other.id, at(startAt, 2 * DAY - 12 * HOUR));
		expect(await queueEventReminders(db, at(startAt, 2 * DAY - 6 * HOUR), ORIGIN)).toEqual({ queued: 1 });
		expect(await mails(db, 'event-reminder', before.email)).toHaveLength(1);
		// Registered after the reminder's moment: the confirmation was reminder enough.
		expect(await mails(db, 'event-reminder', after.email)).toEqual([]);
	});

	it('reminds nobody of a cancelled event or a draft, and reminds again when the event moves', async () => {
		const startAt = at(T0, 30 * DAY);
		const cancelledEvent = await eventWithReminders({ startAt, reminderDays: 1 });
		const draft = await eventWithReminders({ startAt, reminderDays: 1, status: 'draft' });
		await register(cancelledEvent.id, T0);
		await db.updateTable('event').set({ status: 'cancelled' }).where('id', '=', cancelledEvent.id).execute();
		expect(await queueEventReminders(db, at(startAt, -HOUR), ORIGIN)).toEqual({ queued: 0 });
		expect(draft.status).toBe('draft');

		const moving = await eventWithReminders({ startAt: at(startAt, DAY), reminderDays: 1 });
		const someone = await register(moving.id, T0);
		expect(await queueEventReminders(db, at(startAt, HOUR), ORIGIN)).toEqual({ queued: 1 });
		const later = at(startAt, 3 * DAY);
		await db
			.updateTable('event')
			.set({ start_at: timestamp(later), end_at: timestamp(at(later, 3 * HOUR)) })
			.where('id', '=', moving.id)
			.execute();
		expect(await queueEventReminders(db, at(later, -HOUR), ORIGIN)).toEqual({ queued: 1 });
		expect(await mails(db, 'event-reminder', someone.email)).toHaveLength(2);
	});

	it('queues each reminder once when two instances run at the same moment', async () => {
		const startAt = at(T0, 40 * DAY);
		const event = await eventWithReminders({ startAt, reminderDays: 3 });
		const people = [];
		for (let i = 0; i < 25; i++) people.push(await register(event.id, T0));
		const now = at(startAt, -3 * DAY + HOUR);
		const runs = await Promise.all([
			queueEventReminders(db, now, ORIGIN, { batchSize: 7 }),
			queueEventReminders(db, now, ORIGIN, { batchSize: 7 }),
			queueEventReminders(db, now, ORIGIN, { batchSize: 7 })
		]);
		expect(runs.reduce((sum, r) => sum + r.queued, 0)).toBe(25);
		for (const p of people) expect(await mails(db, 'event-reminder', p.email)).toHaveLength(1);
	});

	it('runs from the scheduler, wakes the mail worker, and passes expired offers on', async () => {
		const startAt = at(T0, 50 * DAY);
		const event = await eventWithReminders({
			startAt,
			capacity: 1,
			promotionMode: 'offer',
			offerHours: 12,
			reminderHours: 24
		});
		const first = await register(event.id, T0);
		const second = await register(event.id, T0);
		const third = await register(event.id, T0);
		// The first cancels: the seat is offered to the second for 12 hours.
		await db
			.updateTable('event_registration')
			.set({ status: 'offered', offer_expires_at: timestamp(at(T0, 12 * HOUR)), waiting_position: null })
			.where('id', '=', second.registrationId)
			.execute();
		await db
			.updateTable('event_registration')
			.set({ status: 'cancelled' })
			.where('id', '=', first.registrationId)
			.execute();

		let flushed = 0;
		const jobs = eventJobs(db, ORIGIN, () => (flushed += 1));
		expect(jobs.map((j) => j.name)).toEqual(['events.reminders', 'events.offers', 'events.retention']);
		let now = at(T0, 13 * HOUR);
		const scheduler = new Scheduler({ db, jobs, logger: pino({ level: 'silent' }), now: () => now });
		const outcomes = await scheduler.tick();
		expect(outcomes.find((o) => o.name === 'events.offers')).toMatchObject({
			status: 'ran',
			result: { expired: 1 }
		});
		expect((await findRegistration(db, network.id, second.registrationId))?.status).toBe('cancelled');
		expect((await findRegistration(db, network.id, third.registrationId))?.status).toBe('offered');
		expect(await mails(db, 'event-offer', third.email)).toHaveLength(1);
		expect(flushed).toBe(1);
		// The same ten minutes again: the scheduler skips what already ran.
		expect((await scheduler.tick()).every((o) => o.status === 'skipped')).toBe(true);

		await db
			.updateTable('event_registration')
			.set({ status: 'registered', offer_expires_at: null })
			.where('id', '=', third.registrationId)
			.execute();
		now = at(startAt, -24 * HOUR + 60_000);
		const later = await scheduler.tick();
		expect(later.find((o) => o.name === 'events.reminders')).toMatchObject({ status: 'ran' });
		expect(await mails(db, 'event-reminder', third.email)).toHaveLength(1);
		expect(flushed).toBeGreaterThanOrEqual(2);
		await scheduler.stop();
	});

	it('erases registrants’ personal data months after the event, keeping the anonymous counts, audited', async () => {
		const types = await ensureOrganisationTypes(db, network.id);
		await addNetworkMunicipalities(db, network.id, ['SE-2580']);
		// 5 May 2026, 09:00–16:00 in Stockholm; registrations in April.
		const startAt = new Date('2026-05-05T07:00:00Z');
		const april = new Date('2026-04-10T08:00:00Z');
		const event = await eventWithReminders({
			startAt,
			endAt: new Date('2026-05-05T14:00:00Z'),
			format: 'on_site',
			capacity: 2
		});
		const kept = await eventWithReminders({ startAt, endAt: new Date('2026-05-05T14:00:00Z') });
		await db.updateTable('event').set({ data_retention_months: 12 }).where('id', '=', kept.id).execute();
		const ids: string[] = [];
		const addresses: string[] = [];
		for (let i = 0; i < 3; i++) {
			const registered = await register(event.id, april, {
				organisationTypeId: types.social_services,
				municipalityId: 'SE-2580',
				needsDiet: 'Glutenfritt',
				needsAccess: 'Hörslinga',
				newsletterOptIn: 'on'
			});
			ids.push(registered.registrationId);
			addresses.push(registered.email);
		}
		// Registering again mails one more personal link; erasure must take it with the rest.
		await register(event.id, april, { email: addresses[1] });
		const extraLinks = () =>
			db.selectFrom('event_registration_link').select('token_hash').where('registration_id', 'in', ids).execute();
		expect(await extraLinks()).toHaveLength(1);
		const keptOne = await register(kept.id, april);
		await db.updateTable('event_registration').set({ status: 'attended' }).where('id', '=', ids[0]).execute();
		const countsBefore = await countByStatus(db, network.id, event.id);
		const tokenBefore = await db
			.selectFrom('event_registration')
			.select('token_hash')
			.where('id', '=', ids[1])
			.executeTakeFirstOrThrow();

		// Six months have not passed on 5 November in Stockholm.
		expect(await eraseExpiredRegistrants(db, new Date('2026-11-05T12:00:00Z'))).toEqual({
			events: 0,
			registrations: 0
		});
		const erasedAt = new Date('2026-11-06T02:00:00Z');
		expect(await eraseExpiredRegistrants(db, erasedAt, { batchSize: 2 })).toEqual({ events: 1, registrations: 3 });
		expect(await eraseExpiredRegistrants(db, at(erasedAt, DAY))).toEqual({ events: 0, registrations: 0 });

		const rows = await db
			.selectFrom('event_registration')
			.selectAll()
			.where('event_id', '=', event.id)
			.orderBy('id')
			.execute();
		expect(rows).toHaveLength(3);
		const emails = new Set(rows.map((r) => r.email));
		expect(emails.size).toBe(3);
		for (const row of rows) {
			expect(row.name).toBe(ERASED_NAME);
			expect(row.email).toMatch(/@erased\.invalid$/);
			expect(row.email).not.toMatch(/example\.se/);
			expect(row.organisation).toBeNull();
			expect(row.needs_diet).toBeNull();
			expect(row.needs_access).toBeNull();
			expect(row.user_id).toBeNull();
			expect(row.token_hash).toBe(`erased:${row.id}`);
			expect(row.erased_at).not.toBeNull();
			expect(row.organisation_type_id).toBe(types.social_services);
			expect(row.municipality_id).toBe('SE-2580');
			expect(row.participation).toBe('on_site');
		}
		expect(await countByStatus(db, network.id, event.id)).toEqual(countsBefore);
		expect(tokenBefore.token_hash).not.toBe(`erased:${ids[1]}`);
		// The personal link is gone with the data.
		expect(await findRegistrationByTokenHash(db, network.id, tokenBefore.token_hash)).toBeUndefined();
		expect(await extraLinks()).toEqual([]);
		// The event kept for twelve months is untouched.
		const keptRow = await findRegistration(db, network.id, keptOne.registrationId);
		expect(keptRow?.erasedAt).toBeNull();
		expect(keptRow?.email).toBe(keptOne.email);

		const audit = await db
			.selectFrom('audit_event')
			.select(['entity_id', 'actor_user_id', 'network_id'])
			.where('action', '=', 'events.registration_erased')
			.execute();
		expect(audit.map((a) => a.entity_id).sort()).toEqual([...ids].sort());
		expect(audit.every((a) => a.actor_user_id === null && a.network_id === network.id)).toBe(true);
		// No reminder marks of the erased event remain.
		const marks = await db.selectFrom('job_run').select('name').where('name', 'like', `%${event.id}%`).execute();
		expect(marks).toEqual([]);
	});
});
