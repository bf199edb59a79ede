import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMeetingsOfSeries } from '#lib/server/meetings/meetings-repository.ts';
import { listAttendance } from '#lib/server/meetings/attendance-repository.ts';
import { createSeries, deleteSeries, seriesFormValues, updateSeries } from '#lib/server/meetings/series-service.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import { newMember, newNetwork, serviceContext, type TestMember } from '../../fixtures/factories.ts';
import { seriesForm, unwrap } from '../../fixtures/meetings.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

/** Monday 1 March 2027, 10:00 in Stockholm: before the clocks go forward on 28 March. */
const NOW = new Date('2027-03-01T09:00:00Z');

describe.each(testDialects)('meetings: series and occurrences (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let coordinator: ServiceContext;
	let memberCtx: ServiceContext;
	let member: TestMember;
	let communicator: TestMember;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db);
		const coord = await newMember(db, network.id, { role: 'coordinator' });
		member = await newMember(db, network.id, { role: 'member', name: 'Maja Medlem' });
		communicator = await newMember(db, network.id, { role: 'communicator' });
		coordinator = serviceContext(db, { network, user: coord.user, role: 'coordinator', now: NOW });
		memberCtx = serviceContext(db, { network, user: member.user, role: 'member', now: NOW });
	});
	afterAll(async () => database.cleanup());

	it('materialises a fortnightly series at 09:00 local time on both sides of the daylight-saving change', async () => {
		const { seriesId } = unwrap(await createSeries(coordinator, seriesForm({})));
		const meetings = await listMeetingsOfSeries(db, network.id, seriesId);
		expect(meetings.map((m) => m.seriesDay)).toEqual([
			'2027-03-02',
			'2027-03-16',
			'2027-03-30',
			'2027-04-13',
			'2027-04-27',
			'2027-05-11',
			'2027-05-25',
			'2027-06-08',
			'2027-06-22'
		]);
		expect(meetings[1].startAt.toISOString()).toBe('2027-03-16T08:00:00.000Z');
		expect(meetings[2].startAt.toISOString()).toBe('2027-03-30T07:00:00.000Z');
		// Everyone but the communicator is invited.
		const invited = await listAttendance(db, network.id, meetings[0].id);
		expect(invited.map((a) => a.membershipId)).toContain(member.membershipId);
		expect(invited.map((a) => a.membershipId)).not.toContain(communicator.membershipId);
	});

	it('changing the series moves future occurrences but leaves one edited by hand alone', async () => {
		const { seriesId } = unwrap(
			await createSeries(
				coordinator,
				seriesForm({ title: 'Ändras', weekday: '4', startTime: '13:00', endTime: '14:00' })
			)
		);
		const before = await listMeetingsOfSeries(db, network.id, seriesId);
		await db.updateTable('meeting').set({ edited: 1 }).where('id', '=', before[2].id).execute();
		const loaded = unwrap(await seriesFormValues(coordinator, seriesId));
		const changed = unwrap(
			await updateSeries(
				coordinator,
				seriesId,
				seriesForm({
					title: 'Ändras',
					weekday: '4',
					startTime: '14:00',
					endTime: '15:00',
					version: loaded.values.version
				})
			)
		);
		expect(changed.changed.length).toBe(before.length - 1);
		const after = await listMeetingsOfSeries(db, network.id, seriesId);
		expect(after.find((m) => m.id === before[2].id)!.startAt).toEqual(before[2].startAt);
		expect(after.find((m) => m.id === before[3].id)!.sequence).toBe(1);
		// A second save with the old version is refused, and nothing changes.
		const stale = await updateSeries(
			coordinator,
			seriesId,
			seriesForm({
				title: 'Ändras igen',
				weekday: '4',
				startTime: '14:00',
				endTime: '15:00',
				version: loaded.values.version
			})
		);
		expect(stale).toEqual({ ok: false, error: 'error_meetings_changed_meanwhile' });
	});

	it('refuses a meeting that overlaps another one of the network', async () => {
		const result = await createSeries(
			coordinator,
			seriesForm({ recurrence: 'single', firstDay: '2027-03-02', startTime: '10:00', endTime: '12:00', title: 'Krock' })
		);
		expect(result).toEqual({ ok: false, error: 'error_meetings_overlap', field: 'startTime' });
	});

	it('refuses a single meeting at a time the clock skips', async () => {
		const result = await createSeries(
			coordinator,
			seriesForm({ recurrence: 'single', firstDay: '2027-03-28', startTime: '02:30', endTime: '03:30' })
		);
		expect(result).toEqual({ ok: false, error: 'error_meetings_time_skipped', field: 'startTime' });
	});

	it('refuses personal data in a title', async () => {
		const result = await createSeries(
			coordinator,
			seriesForm({ recurrence: 'single', firstDay: '2027-08-03', title: 'Om Anna 19850312-1234' })
		);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.error).toBe('error_meetings_pii_found');
	});

	it('invites chosen people only, and refuses someone who cannot be invited', async () => {
		const refused = await createSeries(
			coordinator,
			seriesForm({
				recurrence: 'single',
				firstDay: '2027-09-07',
				audience: 'people',
				people: [communicator.membershipId]
			})
		);
		expect(refused).toEqual({ ok: false, error: 'error_meetings_person_unknown', field: 'people' });
		const { firstMeetingId } = unwrap(
			await createSeries(
				coordinator,
				seriesForm({ recurrence: 'single', firstDay: '2027-09-07', audience: 'people', people: [member.membershipId] })
			)
		);
		const invited = await listAttendance(db, network.id, firstMeetingId!);
		expect(invited.map((a) => a.membershipId)).toEqual([member.membershipId]);
	});

	it('lets only coordinators and admins create series', async () => {
		await expect(createSeries(memberCtx, seriesForm({ recurrence: 'single', firstDay: '2027-10-05' }))).rejects.toThrow(
			PermissionDenied
		);
	});

	it('deletes a series nothing was written on', async () => {
		const { seriesId } = unwrap(
			await createSeries(coordinator, seriesForm({ recurrence: 'single', firstDay: '2027-11-09', title: 'Bort' }))
		);
		unwrap(await deleteSeries(coordinator, seriesId));
		expect(await listMeetingsOfSeries(db, network.id, seriesId)).toEqual([]);
	});
});
