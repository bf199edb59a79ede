import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	addAgendaItem,
	addTemplateItem,
	agendaOf,
	carryOverOpenItems,
	moveAgendaItem,
	seriesBacklog,
	setAgendaItemDone
} from '#lib/server/meetings/agenda-service.ts';
import { addGuests, attendanceSheet, markAttendance } from '#lib/server/meetings/attendance-service.ts';
import { meetingJobs } from '#lib/server/meetings/jobs.ts';
import { listMeetingsOfSeries } from '#lib/server/meetings/meetings-repository.ts';
import {
	approveMinutes,
	approvedMinutes,
	minutesEditor,
	minutesRevision,
	saveMinutes
} from '#lib/server/meetings/minutes-service.ts';
import { announceAbsence } from '#lib/server/meetings/meetings-service.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import { newMember, newNetwork, newOrganisation, serviceContext, type TestMember } from '../../fixtures/factories.ts';
import { newSeries, unwrap } from '../../fixtures/meetings.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

/** Monday 1 March 2027, 10:00 in Stockholm; the series' first meeting is the next day at 09:00. */
const NOW = new Date('2027-03-01T09:00:00Z');
const DURING_FIRST = new Date('2027-03-02T08:30:00Z');

const item = (
	title: string,
	extra: Partial<{ owner: string | null; minutes: number | null; notes: string | null }> = {}
) => ({
	title,
	owner: null,
	minutes: null,
	notes: null,
	...extra
});

describe.each(testDialects)('meetings: attendance, agenda and minutes (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let coordinator: ServiceContext;
	let memberCtx: ServiceContext;
	let member: TestMember;
	let second: TestMember;
	let seriesId: string;
	let meetingIds: string[];

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db);
		const coord = await newMember(db, network.id, { role: 'coordinator' });
		member = await newMember(db, network.id, { role: 'member', name: 'Anna Andersson' });
		second = await newMember(db, network.id, { role: 'member', name: 'Bo Berg' });
		coordinator = serviceContext(db, { network, user: coord.user, role: 'coordinator', now: NOW });
		memberCtx = serviceContext(db, { network, user: member.user, role: 'member', now: NOW });
		const organisation = await newOrganisation(db, network.id, {
			typeKey: 'social_services',
			municipalityId: 'SE-2580'
		});
		await db
			.insertInto('contact')
			.values({
				id: crypto.randomUUID(),
				network_id: network.id,
				name: 'Anna Andersson',
				organisation_id: organisation.id,
				member_user_id: member.user.userId,
				active: 1,
				created_at: NOW.toISOString(),
				updated_at: NOW.toISOString()
			})
			.execute();
		const created = await newSeries(coordinator, { title: 'Teammöte' });
		seriesId = created.seriesId;
		unwrap(await addTemplateItem(coordinator, seriesId, item('Aktuella ärenden', { minutes: 45 })));
		meetingIds = (await listMeetingsOfSeries(db, network.id, seriesId)).map((m) => m.id);
	});
	afterAll(async () => database.cleanup());

	it('marks the whole sheet at once and copies the member’s organisation into the mark', async () => {
		const during = { ...coordinator, now: DURING_FIRST };
		const sheet = unwrap(await attendanceSheet(during, meetingIds[0]));
		expect(sheet.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['Anna Andersson', 'Bo Berg']));
		expect(sheet.canMarkPresence).toBe(true);
		const marked = unwrap(
			await markAttendance(during, meetingIds[0], [
				{ membershipId: member.membershipId, status: 'present', reason: null },
				{ membershipId: second.membershipId, status: 'excused', reason: 'Sjuk' }
			])
		);
		expect(marked).toBe(2);
		const row = await db
			.selectFrom('meeting_attendance')
			.selectAll()
			.where('meeting_id', '=', meetingIds[0])
			.where('membership_id', '=', member.membershipId)
			.executeTakeFirstOrThrow();
		expect(row.status).toBe('present');
		expect(row.organisation_type_id).not.toBeNull();
		expect(row.municipality_id).not.toBeNull();
	});

	it('refuses a mark for someone not invited, and leaves every other mark of that save unsaved', async () => {
		const outsider = await newMember(db, network.id, { role: 'communicator' });
		const during = { ...coordinator, now: DURING_FIRST };
		const result = await markAttendance(during, meetingIds[0], [
			{ membershipId: second.membershipId, status: 'present', reason: null },
			{ membershipId: outsider.membershipId, status: 'present', reason: null }
		]);
		expect(result).toEqual({ ok: false, error: 'error_meetings_not_invited' });
		const sheet = unwrap(await attendanceSheet(during, meetingIds[0]));
		expect(sheet.rows.find((r) => r.membershipId === second.membershipId)!.status).toBe('excused');
	});

	it('refuses present or absent long before the meeting, but takes apologies', async () => {
		expect(
			await markAttendance(coordinator, meetingIds[1], [
				{ membershipId: member.membershipId, status: 'present', reason: null }
			])
		).toEqual({ ok: false, error: 'error_meetings_not_started' });
		unwrap(
			await markAttendance(coordinator, meetingIds[1], [
				{ membershipId: member.membershipId, status: 'excused', reason: null }
			])
		);
		// A coordinator's mark is not the member's to take back.
		expect(await announceAbsence(memberCtx, meetingIds[1], false, null)).toEqual({
			ok: false,
			error: 'error_meetings_already_marked'
		});
	});

	it('counts guests by organisation type and municipality, without names', async () => {
		unwrap(await addGuests(coordinator, meetingIds[0], { organisationTypeId: null, municipalityId: null, count: 3 }));
		expect(unwrap(await attendanceSheet(coordinator, meetingIds[0])).counts.guests).toBe(3);
		expect(
			await addGuests(coordinator, meetingIds[0], { organisationTypeId: 'not-a-type', municipalityId: null, count: 1 })
		).toEqual({
			ok: false,
			error: 'error_invalid',
			field: 'organisationTypeId'
		});
	});

	it('starts every meeting with the template, and carries open items on with their history', async () => {
		// Meetings made after the template changed start with it: here those the daily job makes.
		const later = await newSeries(coordinator, {
			title: 'Med mall',
			weekday: '4',
			startTime: '13:00',
			endTime: '14:00',
			lastDay: '2029-12-31'
		});
		unwrap(await addTemplateItem(coordinator, later.seriesId, item('Aktuella ärenden', { minutes: 30 })));
		await meetingJobs(db)[0].run(new Date('2028-06-01T06:00:00Z'));
		const made = await listMeetingsOfSeries(db, network.id, later.seriesId);
		expect((await agendaOf(coordinator, made[0].id)).map((i) => i.title)).toEqual([]);
		expect((await agendaOf(coordinator, made.at(-1)!.id)).map((i) => [i.title, i.minutes])).toEqual([
			['Aktuella ärenden', 30]
		]);
		unwrap(
			await addAgendaItem(
				coordinator,
				meetingIds[0],
				item('Rutin vid oro', { owner: member.membershipId, minutes: 20 })
			)
		);
		unwrap(await addAgendaItem(coordinator, meetingIds[0], item('Övrigt')));
		const agenda = await agendaOf(coordinator, meetingIds[0]);
		unwrap(await moveAgendaItem(coordinator, meetingIds[0], agenda[1].id, 'up'));
		expect((await agendaOf(coordinator, meetingIds[0])).map((i) => i.title)).toEqual(['Övrigt', 'Rutin vid oro']);
		unwrap(await setAgendaItemDone(coordinator, meetingIds[0], agenda[1].id, true));

		const carried = unwrap(await carryOverOpenItems(coordinator, meetingIds[0]));
		expect(carried).toEqual({ carried: 1, toMeetingId: meetingIds[1] });
		const next = await agendaOf(coordinator, meetingIds[1]);
		expect(next.map((i) => [i.title, i.ownerName])).toEqual([['Rutin vid oro', 'Anna Andersson']]);
		unwrap(await carryOverOpenItems(coordinator, meetingIds[1]));
		const backlog = await seriesBacklog(coordinator, seriesId, NOW);
		const routine = backlog.find((b) => b.item.title === 'Rutin vid oro')!;
		expect(routine.meeting.id).toBe(meetingIds[2]);
		expect(routine.carriedThrough.map((t) => t.meetingId)).toEqual([meetingIds[0], meetingIds[1]]);
		expect(await setAgendaItemDone(coordinator, meetingIds[0], next[0].carriedFrom!, true)).toEqual({
			ok: false,
			error: 'error_meetings_agenda_item_moved'
		});
	});

	it('keeps minutes as revisions, refuses a save over a newer one, and shows members only what was approved', async () => {
		expect(
			unwrap(await saveMinutes(coordinator, meetingIds[0], { body: '# Närvarande\n\nAlla', baseRevision: 0 }))
		).toBe(1);
		expect(
			unwrap(await saveMinutes(coordinator, meetingIds[0], { body: '# Närvarande\n\nAlla utom en', baseRevision: 1 }))
		).toBe(2);
		expect(await saveMinutes(coordinator, meetingIds[0], { body: 'Gammal text', baseRevision: 1 })).toEqual({
			ok: false,
			error: 'error_meetings_changed_meanwhile',
			field: 'body'
		});
		const editor = unwrap(await minutesEditor(coordinator, meetingIds[0]));
		expect(editor.body).toBe('# Närvarande\n\nAlla utom en');
		expect(editor.revisions.map((r) => [r.number, r.linesAdded, r.linesRemoved])).toEqual([
			[2, 1, 1],
			[1, 3, 0]
		]);
		const revision = unwrap(await minutesRevision(coordinator, meetingIds[0], 2));
		expect(revision.changes.filter((c) => c.kind !== 'same')).toEqual([
			{ kind: 'removed', text: 'Alla' },
			{ kind: 'added', text: 'Alla utom en' }
		]);

		expect(await approvedMinutes(memberCtx, meetingIds[0])).toBeNull();
		unwrap(await approveMinutes(coordinator, meetingIds[0], 1));
		unwrap(await saveMinutes(coordinator, meetingIds[0], { body: 'Utkast efter godkännandet', baseRevision: 2 }));
		const approved = await approvedMinutes(memberCtx, meetingIds[0]);
		expect(approved).toMatchObject({ revision: 1, html: '<h3>Närvarande</h3>\n<p>Alla</p>' });

		// The text is stored encrypted.
		const stored = await db.selectFrom('meeting_minutes_revision').select('body_encrypted').execute();
		expect(stored.some((row) => row.body_encrypted.includes('Närvarande'))).toBe(false);
		await expect(minutesEditor(memberCtx, meetingIds[0])).rejects.toThrow(PermissionDenied);
	});

	it('refuses personal data in minutes, with nothing saved', async () => {
		const before = unwrap(await minutesEditor(coordinator, meetingIds[1])).latestRevision;
		const result = await saveMinutes(coordinator, meetingIds[1], {
			body: 'Vi diskuterade flickan, ring mamman på 070-123 45 67',
			baseRevision: before
		});
		expect(result).toMatchObject({ ok: false, error: 'error_meetings_pii_found', field: 'body' });
		expect(unwrap(await minutesEditor(coordinator, meetingIds[1])).latestRevision).toBe(before);
	});
});
