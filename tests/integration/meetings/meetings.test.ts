import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { occurrenceFormSchema } from '#lib/server/meetings/forms.ts';
import { listMeetingsOfSeries } from '#lib/server/meetings/meetings-repository.ts';
import {
	announceAbsence,
	editMeeting,
	meetingCalendar,
	meetingPage,
	occurrenceFormValues,
	setMeetingCancelled
} from '#lib/server/meetings/meetings-service.ts';
import { updateSeries, seriesFormValues } from '#lib/server/meetings/series-service.ts';
import { meetingJobs } from '#lib/server/meetings/jobs.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { parseFormData } from '#lib/server/platform/http.ts';
import { newMember, newNetwork, serviceContext, type TestMember } from '../../fixtures/factories.ts';
import { newSeries, seriesForm, unwrap } from '../../fixtures/meetings.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

/** Monday 1 March 2027, 10:00 in Stockholm. */
const NOW = new Date('2027-03-01T09:00:00Z');

function occurrenceForm(values: Record<string, string>) {
	const data = new FormData();
	for (const [key, value] of Object.entries(values)) data.set(key, value);
	const parsed = parseFormData(data, occurrenceFormSchema);
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.failure.errors));
	return parsed.data;
}

describe.each(testDialects)('meetings: one occurrence, the calendar and who sees what (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let coordinator: ServiceContext;
	let memberCtx: ServiceContext;
	let outsiderCtx: ServiceContext;
	let communicatorCtx: ServiceContext;
	let member: TestMember;
	let otherNetworkCtx: ServiceContext;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db);
		const coord = await newMember(db, network.id, { role: 'coordinator' });
		member = await newMember(db, network.id, { role: 'member' });
		const outsider = await newMember(db, network.id, { role: 'member' });
		const communicator = await newMember(db, network.id, { role: 'communicator' });
		coordinator = serviceContext(db, { network, user: coord.user, role: 'coordinator', now: NOW });
		memberCtx = serviceContext(db, { network, user: member.user, role: 'member', now: NOW });
		outsiderCtx = serviceContext(db, { network, user: outsider.user, role: 'member', now: NOW });
		communicatorCtx = serviceContext(db, { network, user: communicator.user, role: 'communicator', now: NOW });
		const other = await newNetwork(db);
		const otherCoord = await newMember(db, other.id, { role: 'coordinator' });
		otherNetworkCtx = serviceContext(db, { network: other, user: otherCoord.user, role: 'coordinator', now: NOW });
		await newSeries(coordinator, { audience: 'people', people: [member.membershipId] });
	});
	afterAll(async () => database.cleanup());

	it('shows the place to the invited and coordinators only, and the video link on the page to them only', async () => {
		const from = new Date('2027-03-01T00:00:00Z');
		const to = new Date('2027-04-01T00:00:00Z');
		const [forMember] = await meetingCalendar(memberCtx, from, to);
		expect(forMember).toMatchObject({ invited: true, place: 'Länsstyrelsen, sal 3' });
		const [forOutsider] = await meetingCalendar(outsiderCtx, from, to);
		expect(forOutsider).toMatchObject({ invited: false, place: null, title: 'Kompetensteamets möte' });
		const [forCommunicator] = await meetingCalendar(communicatorCtx, from, to);
		expect(forCommunicator.place).toBeNull();

		const page = unwrap(await meetingPage(memberCtx, forMember.id));
		expect(page.access).toBe('invited');
		expect(page.meeting.videoLink).toBe('https://video.example.se/kt');
		const hidden = unwrap(await meetingPage(communicatorCtx, forMember.id));
		expect(hidden.access).toBe('calendar');
		expect(hidden.meeting.videoLink).toBeNull();
		expect(hidden.meeting.place).toBeNull();
	});

	it('answers a meeting of another network as an unknown one', async () => {
		const [meeting] = await meetingCalendar(memberCtx, NOW, new Date('2027-04-01T00:00:00Z'));
		expect(await meetingPage(otherNetworkCtx, meeting.id)).toEqual({ ok: false, error: 'error_not_found' });
		expect(await setMeetingCancelled(otherNetworkCtx, meeting.id, 0, true)).toEqual({
			ok: false,
			error: 'error_not_found'
		});
	});

	it('moves one occurrence across the daylight-saving change; a later series change leaves it where it was put', async () => {
		const { seriesId } = await newSeries(coordinator, {
			title: 'Flyttas',
			weekday: '3',
			startTime: '13:00',
			endTime: '14:00'
		});
		const [first, second] = await listMeetingsOfSeries(db, network.id, seriesId);
		const loaded = unwrap(await occurrenceFormValues(coordinator, second.id));
		expect(loaded.values).toMatchObject({ day: second.seriesDay, startTime: '13:00', endTime: '14:00' });
		unwrap(
			await editMeeting(
				coordinator,
				second.id,
				occurrenceForm({ ...loaded.values, day: '2027-03-29', startTime: '15:00', endTime: '16:00' })
			)
		);
		const moved = (await listMeetingsOfSeries(db, network.id, seriesId)).find((m) => m.id === second.id)!;
		expect(moved.startAt.toISOString()).toBe('2027-03-29T13:00:00.000Z');
		expect(moved).toMatchObject({ edited: true, sequence: 1, seriesDay: second.seriesDay });

		// The form loaded before the move is stale now.
		expect(await editMeeting(coordinator, second.id, occurrenceForm(loaded.values))).toEqual({
			ok: false,
			error: 'error_meetings_changed_meanwhile'
		});

		const series = unwrap(await seriesFormValues(coordinator, seriesId));
		unwrap(
			await updateSeries(
				coordinator,
				seriesId,
				seriesForm({
					title: 'Flyttas',
					weekday: '3',
					startTime: '12:00',
					endTime: '13:00',
					version: series.values.version
				})
			)
		);
		const after = await listMeetingsOfSeries(db, network.id, seriesId);
		expect(after.find((m) => m.id === second.id)!.startAt.toISOString()).toBe('2027-03-29T13:00:00.000Z');
		expect(after.find((m) => m.id === first.id)!.startAt.toISOString()).toBe('2027-03-03T11:00:00.000Z');
	});

	it('refuses to move a meeting onto another one, or to a time the clock skips', async () => {
		const { seriesId } = await newSeries(coordinator, {
			recurrence: 'single',
			firstDay: '2027-05-05',
			title: 'Ensamt'
		});
		const [meeting] = await listMeetingsOfSeries(db, network.id, seriesId);
		const values = unwrap(await occurrenceFormValues(coordinator, meeting.id)).values;
		expect(await editMeeting(coordinator, meeting.id, occurrenceForm({ ...values, day: '2027-03-02' }))).toEqual({
			ok: false,
			error: 'error_meetings_overlap',
			field: 'startTime'
		});
		expect(
			await editMeeting(
				coordinator,
				meeting.id,
				occurrenceForm({ ...values, day: '2027-03-28', startTime: '02:15', endTime: '03:30' })
			)
		).toEqual({ ok: false, error: 'error_meetings_time_skipped', field: 'startTime' });
	});

	it('cancels and reinstates one occurrence, raising its sequence each time', async () => {
		const { seriesId } = await newSeries(coordinator, {
			recurrence: 'single',
			firstDay: '2027-05-12',
			title: 'Ställs in'
		});
		const [meeting] = await listMeetingsOfSeries(db, network.id, seriesId);
		unwrap(await setMeetingCancelled(coordinator, meeting.id, 0, true));
		expect(await setMeetingCancelled(coordinator, meeting.id, 0, false)).toEqual({
			ok: false,
			error: 'error_meetings_changed_meanwhile'
		});
		unwrap(await setMeetingCancelled(coordinator, meeting.id, 1, false));
		const [again] = await listMeetingsOfSeries(db, network.id, seriesId);
		expect(again).toMatchObject({ status: 'scheduled', sequence: 2 });
	});

	it("lets an invited member say they can't come before the start, and take it back", async () => {
		const [meeting] = await meetingCalendar(memberCtx, NOW, new Date('2027-04-01T00:00:00Z'));
		unwrap(await announceAbsence(memberCtx, meeting.id, true, 'Utbildning samma dag'));
		expect(unwrap(await meetingPage(memberCtx, meeting.id)).own).toBe('excused');
		unwrap(await announceAbsence(memberCtx, meeting.id, false, null));
		expect(unwrap(await meetingPage(memberCtx, meeting.id)).own).toBeNull();
		expect(await announceAbsence(outsiderCtx, meeting.id, true, null)).toEqual({
			ok: false,
			error: 'error_meetings_not_invited'
		});
		const later = { ...memberCtx, now: new Date('2027-03-20T00:00:00Z') };
		expect(await announceAbsence(later, meeting.id, true, null)).toEqual({
			ok: false,
			error: 'error_meetings_announce_too_late'
		});
	});

	it('the daily job makes the meetings that come within the horizon, once however often it runs', async () => {
		const { seriesId } = await newSeries(coordinator, {
			title: 'Långserie',
			weekday: '5',
			startTime: '08:00',
			endTime: '08:30',
			lastDay: '2030-12-31'
		});
		const before = (await listMeetingsOfSeries(db, network.id, seriesId)).length;
		const [job] = meetingJobs(db);
		const later = new Date('2028-06-01T06:00:00Z');
		await job.run(later);
		await job.run(later);
		const after = await listMeetingsOfSeries(db, network.id, seriesId);
		expect(after.length).toBeGreaterThan(before);
		expect(new Set(after.map((m) => m.seriesDay)).size).toBe(after.length);
		expect(after.at(-1)!.seriesDay <= '2029-07-01').toBe(true);
	});
});
