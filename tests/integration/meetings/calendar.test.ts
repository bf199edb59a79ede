import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createFeed,
	feedByToken,
	feedGuessPolicy,
	feedStatus,
	meetingCalendarFile,
	revokeFeed
} from '#lib/server/meetings/calendar-service.ts';
import { listMeetingsOfSeries } from '#lib/server/meetings/meetings-repository.ts';
import { editMeeting, occurrenceFormValues, setMeetingCancelled } from '#lib/server/meetings/meetings-service.ts';
import { occurrenceFormSchema } from '#lib/server/meetings/forms.ts';
import { deleteSeries, seriesFormValues, updateSeries } from '#lib/server/meetings/series-service.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { parseFormData } from '#lib/server/platform/http.ts';
import { listOutbox, type OutboxRow } from '#lib/server/platform/mail/outbox.ts';
import { createSmtpTransport, MailWorker } from '#lib/server/platform/mail/worker.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import {
	newMember,
	newNetwork,
	newUser,
	serviceContext,
	visitorContext,
	type TestMember
} from '../../fixtures/factories.ts';
import { newSeries, seriesForm, unwrap } from '../../fixtures/meetings.ts';
import { startTestSmtpServer } from '../../fixtures/smtp.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

/**
 * Team meetings in mail and calendars (docs/decisions/022-meeting-calendars.md): the invitations,
 * changes and cancellations queued in the outbox with their calendar files, the personal feed and
 * one meeting's file, all read back with ical.js. Run under TZ=UTC and TZ=Europe/Stockholm: the
 * times must not depend on the process's zone.
 */

/** Monday 1 March 2027, 10:00 in Stockholm; the clocks go forward on Sunday 28 March. */
const NOW = new Date('2027-03-01T09:00:00Z');
const VIDEO = 'https://video.example.se/kt';

/** The fortnightly Tuesdays of the default series form, 1 March to 30 June 2027. */
const DAYS = [
	'2027-03-02',
	'2027-03-16',
	'2027-03-30',
	'2027-04-13',
	'2027-04-27',
	'2027-05-11',
	'2027-05-25',
	'2027-06-08',
	'2027-06-22'
];

interface ParsedFile {
	method: string;
	contentType: string;
	content: string;
	events: ICAL.Event[];
}

function parseIcs(content: string, contentType = ''): ParsedFile {
	const calendar = new ICAL.Component(ICAL.parse(content));
	return {
		method: String(calendar.getFirstPropertyValue('method')),
		contentType,
		content,
		events: calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent))
	};
}

/** Stockholm wall-clock time of an instant, from the tz database (Intl): "2027-03-30 09:00". */
function stockholm(date: Date): string {
	return new Intl.DateTimeFormat('sv-SE', {
		timeZone: 'Europe/Stockholm',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit'
	}).format(date);
}

function occurrenceForm(values: Record<string, string>) {
	const data = new FormData();
	for (const [key, value] of Object.entries(values)) data.append(key, value);
	const parsed = parseFormData(data, occurrenceFormSchema);
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.failure.errors));
	return parsed.data;
}

/** The text of a calendar file with its folded lines joined again. */
const unfolded = (content: string) => content.replace(/\r\n[ \t]/g, '');

describe.each(testDialects)('meetings: mail and calendars (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
	});
	afterAll(async () => database.cleanup());

	interface World {
		network: NetworkRef;
		coordinator: ServiceContext;
		coord: TestMember;
		maja: TestMember;
		eric: TestMember;
		communicator: TestMember;
		ctxOf(member: TestMember, now?: Date): ServiceContext;
	}

	/** A network of its own per test, so mails and overlaps of one test never meet another's. */
	async function world(): Promise<World> {
		const network = await newNetwork(db);
		const coord = await newMember(db, network.id, { role: 'coordinator', name: 'Cecilia Samordnare' });
		const maja = await newMember(db, network.id, {
			user: await newUser(db, { name: 'Maja Nordmann', locale: 'nb' })
		});
		const eric = await newMember(db, network.id, { user: await newUser(db, { name: 'Eric English', locale: 'en' }) });
		const communicator = await newMember(db, network.id, { role: 'communicator' });
		const ctxOf = (member: TestMember, now = NOW) =>
			serviceContext(db, { network, user: member.user, role: member.role, now });
		return { network, coordinator: ctxOf(coord), coord, maja, eric, communicator, ctxOf };
	}

	async function mailsOf(network: NetworkRef): Promise<OutboxRow[]> {
		return (await listOutbox(db, { limit: 10_000 })).filter((row) => row.networkId === network.id).reverse();
	}

	/** The mails queued since `before` (ids), with their calendar files parsed. */
	async function newMails(network: NetworkRef, before: Set<number>) {
		return (await mailsOf(network))
			.filter((row) => !before.has(row.id))
			.map((row) => ({
				...row,
				files: row.attachments.map((a) =>
					parseIcs(Buffer.from(a.contentBase64, 'base64').toString('utf8'), a.contentType)
				)
			}));
	}

	const idsOf = async (network: NetworkRef) => new Set((await mailsOf(network)).map((row) => row.id));

	it('queues one invitation per invitee, in their language, with a REQUEST per meeting at 09:00 Stockholm across the March change', async () => {
		const w = await world();
		const { seriesId } = await newSeries(w.coordinator);
		const meetings = await listMeetingsOfSeries(db, w.network.id, seriesId);
		expect(meetings.map((m) => m.seriesDay)).toEqual(DAYS);

		const mails = await newMails(w.network, new Set());
		expect(mails.map((mail) => mail.to).sort()).toEqual(
			[w.coord.user.email, w.maja.user.email, w.eric.user.email].sort()
		);
		expect(mails.every((mail) => mail.kind === 'meeting-notice')).toBe(true);

		const maja = mails.find((mail) => mail.to === w.maja.user.email)!;
		expect(maja.subject).toContain('9 endringer');
		expect(maja.text).toContain('Du er invitert til:');
		expect(maja.text).toContain(VIDEO);
		const eric = mails.find((mail) => mail.to === w.eric.user.email)!;
		expect(eric.subject).toContain('9 changes');
		expect(eric.text).toContain('You are invited to:');
		const cecilia = mails.find((mail) => mail.to === w.coord.user.email)!;
		expect(cecilia.text).toContain('Du är inbjuden till:');

		expect(maja.files).toHaveLength(DAYS.length);
		maja.files.forEach((file, index) => {
			expect(file.contentType).toBe('text/calendar; method=REQUEST; charset=utf-8');
			expect(file.method).toBe('REQUEST');
			expect(file.events).toHaveLength(1);
			const [event] = file.events;
			expect(event.uid).toBe(`meeting-${meetings[index].id}@samverkan`);
			expect(event.sequence).toBe(0);
			// Instants in UTC: the right local time whatever zone reads them.
			expect(unfolded(file.content)).toMatch(/DTSTART:\d{8}T\d{6}Z/);
			expect(stockholm(event.startDate.toJSDate())).toBe(`${DAYS[index]} 09:00`);
			expect(stockholm(event.endDate.toJSDate())).toBe(`${DAYS[index]} 11:00`);
			expect(event.location).toBe('Länsstyrelsen, sal 3');
			expect(event.description).toContain(`Videolenke: ${VIDEO}`);
			expect(event.attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toEqual([
				`mailto:${w.maja.user.email}`
			]);
			expect(event.organizer.toLowerCase()).toBe(`mailto:${w.network.contactEmail}`);
			const alarm = event.component.getFirstSubcomponent('valarm')!;
			expect(String(alarm.getFirstPropertyValue('trigger'))).toBe('-PT30M');
			expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
		});
		// Before and after the change: 08:00 UTC in winter time, 07:00 UTC in summer time.
		expect(maja.files[1].events[0].startDate.toJSDate().toISOString()).toBe('2027-03-16T08:00:00.000Z');
		expect(maja.files[2].events[0].startDate.toJSDate().toISOString()).toBe('2027-03-30T07:00:00.000Z');
	});

	it('sends a moved meeting again with the same UID and a higher SEQUENCE, a cancellation as CANCEL, and its taking back as REQUEST', async () => {
		const w = await world();
		const { seriesId } = await newSeries(w.coordinator);
		const second = (await listMeetingsOfSeries(db, w.network.id, seriesId))[1];
		const uid = `meeting-${second.id}@samverkan`;

		let before = await idsOf(w.network);
		const loaded = unwrap(await occurrenceFormValues(w.coordinator, second.id));
		unwrap(
			await editMeeting(
				w.coordinator,
				second.id,
				occurrenceForm({ ...loaded.values, day: '2027-03-29', startTime: '13:00', endTime: '14:30' })
			)
		);
		let mails = await newMails(w.network, before);
		expect(mails).toHaveLength(3);
		const moved = mails.find((mail) => mail.to === w.coord.user.email)!;
		expect(moved.subject).toMatch(/^Ändrat möte: Kompetensteamets möte, /);
		expect(moved.files).toHaveLength(1);
		const [movedEvent] = moved.files[0].events;
		expect(moved.files[0].method).toBe('REQUEST');
		expect(movedEvent.uid).toBe(uid);
		expect(movedEvent.sequence).toBe(1);
		// Monday after the change: 13:00 summer time is 11:00 UTC.
		expect(movedEvent.startDate.toJSDate().toISOString()).toBe('2027-03-29T11:00:00.000Z');
		expect(stockholm(movedEvent.endDate.toJSDate())).toBe('2027-03-29 14:30');

		before = await idsOf(w.network);
		unwrap(await setMeetingCancelled(w.coordinator, second.id, 1, true));
		mails = await newMails(w.network, before);
		expect(mails).toHaveLength(3);
		for (const mail of mails) {
			expect(mail.files).toHaveLength(1);
			const [file] = mail.files;
			expect(file.method).toBe('CANCEL');
			expect(file.contentType).toBe('text/calendar; method=CANCEL; charset=utf-8');
			expect(file.events[0].uid).toBe(uid);
			expect(file.events[0].sequence).toBe(2);
			expect(file.events[0].component.getFirstPropertyValue('status')).toBe('CANCELLED');
			// A cancellation carries no video link, in the file or the mail.
			expect(unfolded(file.content)).not.toContain(VIDEO);
			expect(mail.text).not.toContain(VIDEO);
		}
		expect(mails.find((mail) => mail.to === w.eric.user.email)!.subject).toMatch(/^Cancelled: /);

		before = await idsOf(w.network);
		unwrap(await setMeetingCancelled(w.coordinator, second.id, 2, false));
		mails = await newMails(w.network, before);
		expect(mails.map((mail) => mail.files[0].method)).toEqual(['REQUEST', 'REQUEST', 'REQUEST']);
		expect(mails.map((mail) => mail.files[0].events[0].sequence)).toEqual([3, 3, 3]);
	});

	it('tells the invited of meetings a shortened series removes, with CANCEL and their UIDs, before the rows go', async () => {
		const w = await world();
		const { seriesId } = await newSeries(w.coordinator);
		const all = await listMeetingsOfSeries(db, w.network.id, seriesId);
		const loaded = unwrap(await seriesFormValues(w.coordinator, seriesId));
		const before = await idsOf(w.network);
		unwrap(
			await updateSeries(w.coordinator, seriesId, seriesForm({ lastDay: '2027-04-30', version: loaded.values.version }))
		);
		const left = await listMeetingsOfSeries(db, w.network.id, seriesId);
		expect(left.map((m) => m.seriesDay)).toEqual(DAYS.slice(0, 5));
		const gone = all.filter((m) => !left.some((l) => l.id === m.id));

		const mails = await newMails(w.network, before);
		expect(mails).toHaveLength(3);
		for (const mail of mails) {
			expect(mail.files.map((f) => f.method)).toEqual(['CANCEL', 'CANCEL', 'CANCEL', 'CANCEL']);
			expect(mail.files.map((f) => f.events[0].uid)).toEqual(gone.map((m) => `meeting-${m.id}@samverkan`));
			// Above the invitation's SEQUENCE (0), or calendars ignore it.
			expect(mail.files.every((f) => f.events[0].sequence === 1)).toBe(true);
			expect(mail.text).not.toContain(VIDEO);
		}
		const maja = mails.find((mail) => mail.to === w.maja.user.email)!;
		expect(maja.text).toContain('Avlyste møter:');
	});

	it('invites the people newly chosen and sends those no longer chosen CANCEL; the others get nothing', async () => {
		const w = await world();
		const { seriesId } = await newSeries(w.coordinator, { audience: 'people', people: [w.maja.membershipId] });
		let mails = await newMails(w.network, new Set());
		expect(mails.map((mail) => mail.to)).toEqual([w.maja.user.email]);
		const meetings = await listMeetingsOfSeries(db, w.network.id, seriesId);

		const loaded = unwrap(await seriesFormValues(w.coordinator, seriesId));
		const before = await idsOf(w.network);
		unwrap(
			await updateSeries(
				w.coordinator,
				seriesId,
				seriesForm({ audience: 'people', people: [w.eric.membershipId], version: loaded.values.version })
			)
		);
		mails = await newMails(w.network, before);
		expect(mails.map((mail) => mail.to).sort()).toEqual([w.maja.user.email, w.eric.user.email].sort());

		const maja = mails.find((mail) => mail.to === w.maja.user.email)!;
		expect(maja.subject).toContain('Teammøter');
		expect(maja.text).toContain('Du er ikke lenger invitert til:');
		expect(maja.text).not.toContain(VIDEO);
		expect(maja.files.map((f) => f.method)).toEqual(meetings.map(() => 'CANCEL'));
		expect(maja.files.map((f) => f.events[0].uid)).toEqual(meetings.map((m) => `meeting-${m.id}@samverkan`));
		for (const file of maja.files) expect(unfolded(file.content)).not.toContain(VIDEO);

		const eric = mails.find((mail) => mail.to === w.eric.user.email)!;
		expect(eric.files.map((f) => f.method)).toEqual(meetings.map(() => 'REQUEST'));
		expect(eric.files[0].events[0].description).toContain(`Video link: ${VIDEO}`);
	});

	it('sends CANCEL for the coming meetings of a deleted series', async () => {
		const w = await world();
		const { seriesId } = await newSeries(w.coordinator, { title: 'Tas bort' });
		const meetings = await listMeetingsOfSeries(db, w.network.id, seriesId);
		const before = await idsOf(w.network);
		unwrap(await deleteSeries(w.coordinator, seriesId));
		const mails = await newMails(w.network, before);
		expect(mails).toHaveLength(3);
		for (const mail of mails) {
			expect(mail.files.map((f) => f.method)).toEqual(meetings.map(() => 'CANCEL'));
			expect(mail.files.map((f) => f.events[0].uid)).toEqual(meetings.map((m) => `meeting-${m.id}@samverkan`));
		}
	});

	it('gives one meeting’s file to the invited with the video link, to a coordinator not invited without it, and to no one else', async () => {
		const w = await world();
		const { seriesId } = await newSeries(w.coordinator, { audience: 'people', people: [w.maja.membershipId] });
		const [first] = await listMeetingsOfSeries(db, w.network.id, seriesId);

		const own = unwrap(await meetingCalendarFile(w.ctxOf(w.maja), first.id));
		const parsed = parseIcs(own.content);
		expect(parsed.method).toBe('PUBLISH');
		expect(parsed.events[0].uid).toBe(`meeting-${first.id}@samverkan`);
		expect(stockholm(parsed.events[0].startDate.toJSDate())).toBe('2027-03-02 09:00');
		expect(unfolded(own.content)).toContain(VIDEO);

		const managed = unwrap(await meetingCalendarFile(w.coordinator, first.id));
		expect(unfolded(managed.content)).not.toContain(VIDEO);
		expect(parseIcs(managed.content).events[0].location).toBe('Länsstyrelsen, sal 3');

		expect(await meetingCalendarFile(w.ctxOf(w.eric), first.id)).toEqual({ ok: false, error: 'error_not_found' });
		expect(await meetingCalendarFile(w.ctxOf(w.communicator), first.id)).toEqual({
			ok: false,
			error: 'error_not_found'
		});
		const other = await world();
		expect(await meetingCalendarFile(other.coordinator, first.id)).toEqual({ ok: false, error: 'error_not_found' });
	});

	it('serves a member’s feed at a secret address stored only hashed, with their meetings, cancelled ones marked, at the right local times', async () => {
		const w = await world();
		const { seriesId } = await newSeries(w.coordinator);
		const meetings = await listMeetingsOfSeries(db, w.network.id, seriesId);
		unwrap(await setMeetingCancelled(w.coordinator, meetings[3].id, 0, true));
		const majaCtx = w.ctxOf(w.maja);

		expect(await feedStatus(majaCtx)).toEqual({ createdAt: null });
		const { url, replaced } = await createFeed(majaCtx);
		expect(replaced).toBe(false);
		const match = new RegExp(
			`^https://samverkan\\.example\\.org/${w.network.slug}/meetings/feed/([A-Za-z0-9_-]{43})\\.ics$`
		).exec(url);
		expect(match).not.toBeNull();
		const token = match![1];
		const stored = await db.selectFrom('meeting_feed').selectAll().where('network_id', '=', w.network.id).execute();
		expect(stored).toHaveLength(1);
		expect(stored[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'));
		expect(JSON.stringify(stored)).not.toContain(token);
		expect((await feedStatus(majaCtx)).createdAt?.toISOString()).toBe(NOW.toISOString());

		const answer = await feedByToken(visitorContext(db, w.network, { now: NOW }), token);
		if (!answer.ok) throw new Error(`feed answered ${answer.status}`);
		const feed = parseIcs(answer.file.content);
		expect(feed.method).toBe('PUBLISH');
		expect(unfolded(answer.file.content)).toContain(`X-WR-CALNAME:Teammøter – ${w.network.name}`);
		expect(feed.events.map((e) => e.uid)).toEqual(meetings.map((m) => `meeting-${m.id}@samverkan`));
		feed.events.forEach((event, index) => {
			expect(stockholm(event.startDate.toJSDate())).toBe(`${DAYS[index]} 09:00`);
			const status = event.component.getFirstPropertyValue('status');
			if (index === 3) {
				expect(status).toBe('CANCELLED');
				expect(event.sequence).toBe(1);
				expect(event.component.getFirstSubcomponent('valarm')).toBeNull();
			} else {
				expect(status).toBe('CONFIRMED');
				expect(event.description).toContain(`Videolenke: ${VIDEO}`);
				expect(event.component.getFirstSubcomponent('valarm')).not.toBeNull();
			}
		});

		// The same token does not open another network's feed.
		const other = await world();
		expect(await feedByToken(visitorContext(db, other.network, { now: NOW }), token)).toEqual({
			ok: false,
			status: 404
		});

		// A new address: the old one stops working at once.
		const second = await createFeed(majaCtx);
		expect(second.replaced).toBe(true);
		const newToken = /feed\/([A-Za-z0-9_-]{43})\.ics$/.exec(second.url)![1];
		expect(newToken).not.toBe(token);
		expect(await feedByToken(visitorContext(db, w.network, { now: NOW }), token)).toEqual({ ok: false, status: 404 });
		expect((await feedByToken(visitorContext(db, w.network, { now: NOW }), newToken)).ok).toBe(true);

		// Turned off: not found, like any unknown token.
		unwrap(await revokeFeed(majaCtx));
		expect(await feedByToken(visitorContext(db, w.network, { now: NOW }), newToken)).toEqual({
			ok: false,
			status: 404
		});
		expect(await revokeFeed(majaCtx)).toEqual({ ok: false, error: 'error_meetings_feed_none' });
		expect(await feedStatus(majaCtx)).toEqual({ createdAt: null });

		const audit = await db
			.selectFrom('audit_event')
			.select(['action', 'entity_type', 'entity_id', 'outcome'])
			.where('network_id', '=', w.network.id)
			.where('action', 'like', 'meetings.feed_%')
			.orderBy('id')
			.execute();
		expect(audit).toEqual(
			['meetings.feed_created', 'meetings.feed_replaced', 'meetings.feed_revoked'].map((action) => ({
				action,
				entity_type: 'membership',
				entity_id: w.maja.membershipId,
				outcome: 'success'
			}))
		);
	});

	it('leaves out of the feed what the member is not invited to, and refuses a feed to a communicator', async () => {
		const w = await world();
		await newSeries(w.coordinator, { audience: 'people', people: [w.maja.membershipId] });
		const ericFeed = await createFeed(w.ctxOf(w.eric));
		const token = /feed\/([A-Za-z0-9_-]{43})\.ics$/.exec(ericFeed.url)![1];
		const answer = await feedByToken(visitorContext(db, w.network, { now: NOW }), token);
		if (!answer.ok) throw new Error('no feed');
		expect(parseIcs(answer.file.content).events).toHaveLength(0);
		expect(answer.file.content).not.toContain(VIDEO);

		await expect(createFeed(w.ctxOf(w.communicator))).rejects.toBeInstanceOf(PermissionDenied);
		await expect(feedStatus(w.ctxOf(w.communicator))).rejects.toBeInstanceOf(PermissionDenied);
	});

	it('turns away a client address that keeps guessing feed addresses, and only that one', async () => {
		const w = await world();
		const { url } = await createFeed(w.ctxOf(w.maja));
		const token = /feed\/([A-Za-z0-9_-]{43})\.ics$/.exec(url)![1];
		const guesser = () => visitorContext(db, w.network, { now: NOW, clientAddress: '203.0.113.99' });
		for (let i = 0; i < feedGuessPolicy.maxFailures; i++)
			expect(await feedByToken(guesser(), `${'A'.repeat(42)}${i % 10}`)).toEqual({ ok: false, status: 404 });
		expect(await feedByToken(guesser(), token)).toEqual({ ok: false, status: 429 });
		expect(
			(await feedByToken(visitorContext(db, w.network, { now: NOW, clientAddress: '203.0.113.5' }), token)).ok
		).toBe(true);
	});

	it('delivers an invitation over SMTP with its calendar file as text/calendar', async () => {
		const w = await world();
		const smtp = await startTestSmtpServer();
		const worker = new MailWorker({
			db,
			transport: createSmtpTransport(smtp.url),
			from: 'noreply@samverkan.test',
			logger: pino({ level: 'silent' }),
			now: () => NOW
		});
		try {
			// The outbox is shared by the tests of this file: only this test's mail is to go out.
			await db.updateTable('outbox').set({ status: 'failed' }).where('status', '=', 'pending').execute();
			await newSeries(w.coordinator, {
				recurrence: 'single',
				firstDay: '2027-03-31',
				audience: 'people',
				people: [w.eric.membershipId]
			});
			expect(await worker.runOnce()).toBe(1);
			const [received] = await smtp.waitFor(1);
			expect(received.to && !Array.isArray(received.to) ? received.to.text : '').toBe(w.eric.user.email);
			expect(received.subject).toMatch(/^Invitation: Kompetensteamets möte, /);
			expect(received.text).toContain(`Video link: ${VIDEO}`);
			const [attachment] = received.attachments;
			expect(attachment.contentType).toBe('text/calendar');
			const file = parseIcs(attachment.content.toString('utf8'));
			expect(file.method).toBe('REQUEST');
			expect(stockholm(file.events[0].startDate.toJSDate())).toBe('2027-03-31 09:00');
		} finally {
			await worker.stop();
			await smtp.close();
		}
	});
});
