/**
 * What the agenda, attendance and minutes pages read beyond the services' core (the pages are
 * tested in tests/e2e/meetings-content.e2e.test.ts): where carried items came from and went, each
 * invited person's organisation on the sheet, and the passage the guard refused in minutes.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgendaItem, agendaHistory, carryOverOpenItems } from '#lib/server/meetings/agenda-service.ts';
import { attendanceSheet } from '#lib/server/meetings/attendance-service.ts';
import { listMeetingsOfSeries } from '#lib/server/meetings/meetings-repository.ts';
import { saveMinutes } from '#lib/server/meetings/minutes-service.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { newMember, newNetwork, newOrganisation, serviceContext, type TestMember } from '../../fixtures/factories.ts';
import { newSeries, unwrap } from '../../fixtures/meetings.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const NOW = new Date('2027-03-01T09:00:00Z');
const item = (title: string) => ({ title, owner: null, minutes: null, notes: null });

describe.each(testDialects)('meetings: what the content pages read (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let coordinator: ServiceContext;
	let member: TestMember;
	let meetingIds: string[];

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db);
		const coord = await newMember(db, network.id, { role: 'coordinator' });
		member = await newMember(db, network.id, { role: 'member', name: 'Anna Andersson' });
		coordinator = serviceContext(db, { network, user: coord.user, role: 'coordinator', now: NOW });
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
		meetingIds = (await listMeetingsOfSeries(db, network.id, created.seriesId)).map((m) => m.id);
	});
	afterAll(async () => database.cleanup());

	it('tells where a carried item came from and where a moved one went, through two meetings', async () => {
		const [first, second, third] = meetingIds;
		const id = unwrap(await addAgendaItem(coordinator, first, item('Utbildningsdagen')));
		unwrap(await carryOverOpenItems(coordinator, first));
		const there = await agendaHistory(coordinator, second);
		const [carriedId] = Object.keys(there.from);
		expect(there.from[carriedId].meetingId).toBe(first);
		unwrap(await carryOverOpenItems(coordinator, second));

		const here = await agendaHistory(coordinator, first);
		expect(here.from).toEqual({});
		expect(here.to[id].meetingId).toBe(second);
		const middle = await agendaHistory(coordinator, second);
		expect(middle.from[carriedId].meetingId).toBe(first);
		expect(middle.to[carriedId].meetingId).toBe(third);
		const last = await agendaHistory(coordinator, third);
		expect(Object.values(last.from).map((f) => f.meetingId)).toEqual([second]);
		expect(Object.values(last.from)[0].startAt).toBeInstanceOf(Date);
	});

	it('shows each invited person’s organisation type and municipality on the sheet', async () => {
		const sheet = unwrap(await attendanceSheet(coordinator, meetingIds[0]));
		const anna = sheet.rows.find((r) => r.membershipId === member.membershipId)!;
		expect(anna).toMatchObject({ organisationTypeName: 'Socialtjänst', municipalityName: 'Luleå' });
		const others = sheet.rows.filter((r) => r.membershipId !== member.membershipId);
		expect(others.every((r) => r.organisationTypeName === null && r.municipalityName === null)).toBe(true);
	});

	it('hands back where the guard found an identity number in minutes', async () => {
		const body = 'Flickan med personnummer 19121212-1212 diskuterades.';
		const result = await saveMinutes(coordinator, meetingIds[0], { body, baseRevision: 0 });
		expect(result).toMatchObject({ ok: false, error: 'error_meetings_pii_found', field: 'body' });
		const findings = !result.ok && 'findings' in result ? result.findings : [];
		expect(findings.map((f) => body.slice(f.start, f.end))).toContain('19121212-1212');
	});
});
