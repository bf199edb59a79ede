import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	exportMeetingStatisticsCsv,
	meetingStatistics,
	statisticsSettings,
	updateRegularPercent
} from '#lib/server/meetings/statistics-service.ts';
import type { AttendanceStatus } from '#lib/server/meetings/model.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { parseCsv } from '#lib/server/platform/csv.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { customPeriod, halfPeriod, monthPeriod, yearPeriod } from '#lib/server/platform/periods.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import {
	addNetworkMunicipalities,
	ensureOrganisationTypes,
	newMember,
	newNetwork,
	serviceContext,
	type TestMember
} from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

/** Sunday 15 August 2027: the first half of 2027 is over, 1 September is still to come. */
const NOW = new Date('2027-08-15T10:00:00Z');
const H1 = halfPeriod('half_year', 2027, 1);

type Mark = [TestMember, AttendanceStatus | null, { municipality: string; type: string } | null];

describe.each(testDialects)('meetings: attendance statistics (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let other: NetworkRef;
	let coordinator: ServiceContext;
	let admin: ServiceContext;
	const people: Record<string, TestMember> = {};

	/** A series row for the meetings below to belong to (the statistics never read the series). */
	async function series(networkId: string): Promise<string> {
		const id = crypto.randomUUID();
		await db
			.insertInto('meeting_series')
			.values({
				id,
				network_id: networkId,
				title: 'Kompetensteamet',
				recurrence: 'dates',
				first_day: '2026-12-01',
				last_day: '2027-12-31',
				start_time: '09:00',
				end_time: '11:00',
				audience: 'people',
				version: 1,
				created_at: NOW.toISOString(),
				updated_at: NOW.toISOString()
			})
			.execute();
		return id;
	}

	/** A meeting starting at `startAt` (UTC) with its invitations and marks, and guests. */
	async function meeting(
		networkId: string,
		seriesId: string,
		startAt: string,
		marks: Mark[],
		options: {
			cancelled?: boolean;
			guests?: { municipality: string | null; type: string | null; count: number }[];
		} = {}
	): Promise<string> {
		const id = crypto.randomUUID();
		const start = new Date(startAt);
		await db
			.insertInto('meeting')
			.values({
				id,
				network_id: networkId,
				series_id: seriesId,
				series_day: startAt.slice(0, 10) + id.slice(0, 4),
				title: `Teammöte ${startAt.slice(0, 10)}`,
				start_at: start.toISOString(),
				end_at: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
				status: options.cancelled ? 'cancelled' : 'scheduled',
				edited: 0,
				sequence: 0,
				created_at: NOW.toISOString(),
				updated_at: NOW.toISOString()
			})
			.execute();
		if (marks.length)
			await db
				.insertInto('meeting_attendance')
				.values(
					marks.map(([member, status, affiliation]) => ({
						network_id: networkId,
						meeting_id: id,
						membership_id: member.membershipId,
						status,
						self_announced: 0,
						municipality_id: affiliation?.municipality ?? null,
						organisation_type_id: affiliation?.type ?? null
					}))
				)
				.execute();
		for (const guest of options.guests ?? [])
			await db
				.insertInto('meeting_guest')
				.values({
					id: crypto.randomUUID(),
					network_id: networkId,
					meeting_id: id,
					municipality_id: guest.municipality,
					organisation_type_id: guest.type,
					count: guest.count
				})
				.execute();
		return id;
	}

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db);
		other = await newNetwork(db);
		await addNetworkMunicipalities(db, network.id, ['SE-2580', 'SE-2584', 'SE-2581', 'SE-2582', 'SE-2510', 'SE-2560']);
		await addNetworkMunicipalities(db, other.id, ['SE-2510']);
		const types = await ensureOrganisationTypes(db, network.id);
		const otherTypes = await ensureOrganisationTypes(db, other.id);
		const coord = await newMember(db, network.id, { role: 'coordinator', name: 'Samordnare Sara' });
		const adminMember = await newMember(db, network.id, { role: 'admin', name: 'Admin Adam' });
		for (const name of ['Anna', 'Bo', 'Cecilia', 'David', 'Erik'])
			people[name] = await newMember(db, network.id, { role: 'member', name: `${name} Testsson` });
		coordinator = serviceContext(db, { network, user: coord.user, role: 'coordinator', now: NOW, locale: 'en' });
		admin = serviceContext(db, { network, user: adminMember.user, role: 'admin', now: NOW, locale: 'sv' });

		const lulea = (type: string) => ({ municipality: 'SE-2580', type: types[type] });
		const kiruna = { municipality: 'SE-2584', type: types.police };
		const boden = { municipality: 'SE-2582', type: types.social_services };
		const alvsbyn = { municipality: 'SE-2560', type: types.ngo };
		const { Anna: a, Bo: b, Cecilia: c, David: d, Erik: e } = people;
		const s = await series(network.id);

		// 23:30 on 31 December in Stockholm: the previous half-year, though 2027 in no time zone east of UTC-1.
		await meeting(network.id, s, '2026-12-31T22:30:00Z', [[a, 'present', lulea('social_services')]]);
		// 00:30 on 1 January in Stockholm (still 31 December in UTC): in the half-year.
		await meeting(network.id, s, '2026-12-31T23:30:00Z', [
			[a, 'present', lulea('social_services')],
			[b, 'present', kiruna],
			[c, 'present', lulea('school')]
		]);
		await meeting(
			network.id,
			s,
			'2027-01-12T08:00:00Z',
			[
				[a, 'present', lulea('social_services')],
				[b, 'present', kiruna],
				[c, 'present', lulea('school')],
				[d, 'present', boden],
				[e, 'excused', alvsbyn]
			],
			{ guests: [{ municipality: 'SE-2584', type: types.police, count: 2 }] }
		);
		await meeting(
			network.id,
			s,
			'2027-02-09T08:00:00Z',
			[
				[a, 'present', lulea('social_services')],
				[b, 'present', kiruna],
				[c, 'excused', lulea('school')],
				[d, 'present', boden],
				[e, 'absent', alvsbyn]
			],
			{ guests: [{ municipality: 'SE-2581', type: types.ngo, count: 1 }] }
		);
		await meeting(network.id, s, '2027-03-09T08:00:00Z', [
			[a, 'present', lulea('social_services')],
			[b, 'excused', kiruna],
			[c, 'excused', lulea('school')],
			[d, 'present', boden]
		]);
		await meeting(network.id, s, '2027-04-06T07:00:00Z', [
			[a, 'present', lulea('social_services')],
			[b, 'absent', kiruna],
			[c, null, null],
			[d, 'absent', boden]
		]);
		// Cancelled: its marks and guests count for nothing.
		await meeting(
			network.id,
			s,
			'2027-04-20T07:00:00Z',
			[[e, 'present', { municipality: 'SE-2510', type: types.ngo }]],
			{
				cancelled: true,
				guests: [{ municipality: 'SE-2510', type: types.ngo, count: 5 }]
			}
		);
		// 00:30 on 1 July in Stockholm: the second half-year.
		await meeting(network.id, s, '2027-06-30T22:30:00Z', [[a, 'present', lulea('social_services')]]);
		// Still to come.
		await meeting(network.id, s, '2027-09-01T07:00:00Z', [[a, null, null]]);

		// Another network's meeting in the same half-year, from Jokkmokk, with guests.
		const stranger = await newMember(db, other.id, { role: 'member', name: 'Främling' });
		const otherSeries = await series(other.id);
		await meeting(
			other.id,
			otherSeries,
			'2027-03-09T08:00:00Z',
			[[stranger, 'present', { municipality: 'SE-2510', type: otherTypes.police }]],
			{ guests: [{ municipality: 'SE-2510', type: otherTypes.police, count: 7 }] }
		);
	});

	afterAll(async () => {
		await database?.cleanup();
	});

	it('counts the meetings held, coming and cancelled, with the half-year bounded in the network’s time zone', async () => {
		const stats = await meetingStatistics(coordinator, H1);
		expect(stats.meetings).toEqual({ held: 5, recorded: 5, upcoming: 0, cancelled: 1 });
		expect(stats.meetingRows.map((r) => r.startAt.toISOString())).toEqual([
			'2026-12-31T23:30:00.000Z',
			'2027-01-12T08:00:00.000Z',
			'2027-02-09T08:00:00.000Z',
			'2027-03-09T08:00:00.000Z',
			'2027-04-06T07:00:00.000Z'
		]);
		expect(stats.cancelledRows.map((r) => r.startAt.toISOString())).toEqual(['2027-04-20T07:00:00.000Z']);

		const january = await meetingStatistics(coordinator, monthPeriod(2027, 1));
		expect(january.meetings.held).toBe(2);
		const year = await meetingStatistics(coordinator, yearPeriod(2027));
		expect(year.meetings).toEqual({ held: 6, recorded: 6, upcoming: 1, cancelled: 1 });
	});

	it('gives each member present ÷ invited over the meetings held, excused and not recorded apart', async () => {
		const stats = await meetingStatistics(coordinator, H1);
		const byName = Object.fromEntries(stats.members.map((x) => [x.name, x]));
		expect(byName['Anna Testsson']).toMatchObject({
			invited: 5,
			present: 5,
			excused: 0,
			absent: 0,
			notRecorded: 0,
			rate: 1
		});
		expect(byName['Bo Testsson']).toMatchObject({
			invited: 5,
			present: 3,
			excused: 1,
			absent: 1,
			notRecorded: 0,
			rate: 0.6
		});
		expect(byName['Cecilia Testsson']).toMatchObject({
			invited: 5,
			present: 2,
			excused: 2,
			absent: 0,
			notRecorded: 1,
			rate: 0.4
		});
		expect(byName['David Testsson']).toMatchObject({ invited: 4, present: 3, excused: 0, absent: 1, rate: 0.75 });
		expect(byName['Erik Testsson']).toMatchObject({ invited: 2, present: 0, excused: 1, absent: 1, rate: 0 });
		expect(stats.members.map((x) => x.name)).toEqual([
			'Anna Testsson',
			'David Testsson',
			'Bo Testsson',
			'Cecilia Testsson',
			'Erik Testsson'
		]);
		expect(stats.totals).toEqual({
			invitations: 21,
			present: 13,
			excused: 4,
			absent: 3,
			notRecorded: 1,
			rate: 13 / 21,
			guests: 3
		});
	});

	// In English order, where Ä sorts as A; the CSV below is read in English too.
	it('counts per municipality and organisation type from the affiliation copied into each mark', async () => {
		const stats = await meetingStatistics(coordinator, H1);
		expect(stats.byMunicipality.map((r) => [r.label, r.marked, r.present, r.excused, r.absent])).toEqual([
			['Älvsbyn', 2, 0, 1, 1],
			['Boden', 4, 3, 0, 1],
			['Kiruna', 5, 3, 1, 1],
			['Luleå', 9, 7, 2, 0]
		]);
		expect(stats.byMunicipality.find((r) => r.label === 'Luleå')?.rate).toBe(7 / 9);
		const byType = Object.fromEntries(stats.byOrganisationType.map((r) => [r.label, [r.marked, r.present]]));
		expect(byType).toEqual({
			'Social services': [9, 8],
			School: [4, 2],
			Police: [5, 3],
			'Non-governmental organisation': [2, 0]
		});
	});

	it('lists the participating municipalities never represented, a guest counting as represented', async () => {
		const stats = await meetingStatistics(coordinator, H1);
		expect(stats.municipalities.participating).toBe(6);
		expect(stats.municipalities.represented).toBe(4);
		expect(stats.municipalities.neverRepresented.map((x) => x.name)).toEqual(['Älvsbyn', 'Jokkmokk']);
		expect(stats.guests.byMunicipality.map((r) => [r.label, r.count])).toEqual([
			['Kiruna', 2],
			['Piteå', 1]
		]);
		expect(stats.guests.byOrganisationType.map((r) => [r.label, r.count])).toEqual([
			['Non-governmental organisation', 1],
			['Police', 2]
		]);
	});

	it('never counts another network’s meetings, marks or guests', async () => {
		const stats = await meetingStatistics(coordinator, customPeriod('2027-03-01', '2027-03-31')!);
		expect(stats.meetings.held).toBe(1);
		expect(stats.totals.invitations).toBe(4);
		expect(stats.totals.guests).toBe(0);
		expect(stats.byMunicipality.map((r) => r.label)).not.toContain('Jokkmokk');
		expect(stats.members.map((x) => x.name)).not.toContain('Främling');
	});

	it('marks as regular those at or above the threshold, which coordinators and admins can change', async () => {
		expect(await statisticsSettings(coordinator)).toEqual({ regularPercent: 75, isDefault: true });
		let stats = await meetingStatistics(coordinator, H1);
		expect(stats.regular).toEqual({ count: 2, of: 5 });
		expect(stats.members.filter((x) => x.regular).map((x) => x.name)).toEqual(['Anna Testsson', 'David Testsson']);

		expect(await updateRegularPercent(coordinator, { regularPercent: 0 })).toEqual({
			ok: false,
			error: 'error_meetings_regular_percent_invalid',
			field: 'regularPercent'
		});
		expect(await updateRegularPercent(coordinator, { regularPercent: 101 })).toMatchObject({ ok: false });
		expect(await updateRegularPercent(admin, { regularPercent: 60 })).toEqual({ ok: true, value: 60 });
		expect(await statisticsSettings(coordinator)).toEqual({ regularPercent: 60, isDefault: false });
		stats = await meetingStatistics(coordinator, H1);
		expect(stats.regularPercent).toBe(60);
		expect(stats.regular).toEqual({ count: 3, of: 5 });

		const audit = await db
			.selectFrom('audit_event')
			.select(['action', 'entity_type', 'entity_id', 'outcome'])
			.where('network_id', '=', network.id)
			.where('action', '=', 'meetings.settings_updated')
			.execute();
		expect(audit).toEqual([
			{
				action: 'meetings.settings_updated',
				entity_type: 'meeting_settings',
				entity_id: network.id,
				outcome: 'success'
			}
		]);
		// The other network keeps the default.
		const otherCoordinator = await newMember(db, other.id, { role: 'coordinator' });
		const otherCtx = serviceContext(db, { network: other, user: otherCoordinator.user, role: 'coordinator', now: NOW });
		expect((await statisticsSettings(otherCtx)).regularPercent).toBe(75);
	});

	it('exports the figures as CSV, audited', async () => {
		const csv = await exportMeetingStatisticsCsv(coordinator, H1);
		const rows = parseCsv(csv, ',');
		expect(rows[0]).toEqual([
			'Section',
			'Value',
			'Date',
			'Invited',
			'Present',
			'Excused',
			'Absent',
			'Not recorded',
			'Attendance rate (%)',
			'Guests'
		]);
		expect(rows).toContainEqual(['Summary', 'Meetings held', '5']);
		expect(rows).toContainEqual(['Attendance per member', 'Bo Testsson', '', '5', '3', '1', '1', '0', '60.0', '']);
		expect(rows).toContainEqual(['Participating municipalities never represented', 'Jokkmokk']);
		const audit = await db
			.selectFrom('audit_event')
			.select(['action', 'entity_type', 'entity_id'])
			.where('network_id', '=', network.id)
			.where('action', '=', 'export')
			.execute();
		expect(audit).toEqual([
			{ action: 'export', entity_type: 'meeting_statistics', entity_id: 'csv:2027-01-01..2027-06-30' }
		]);
	});

	it('refuses members and communicators', async () => {
		for (const role of ['member', 'communicator'] as const) {
			const person = await newMember(db, network.id, { role });
			const ctx = serviceContext(db, { network, user: person.user, role, now: NOW });
			await expect(meetingStatistics(ctx, H1)).rejects.toBeInstanceOf(PermissionDenied);
			await expect(exportMeetingStatisticsCsv(ctx, H1)).rejects.toBeInstanceOf(PermissionDenied);
			await expect(statisticsSettings(ctx)).rejects.toBeInstanceOf(PermissionDenied);
			await expect(updateRegularPercent(ctx, { regularPercent: 10 })).rejects.toBeInstanceOf(PermissionDenied);
		}
		expect((await statisticsSettings(coordinator)).regularPercent).toBe(60);
	});
});
