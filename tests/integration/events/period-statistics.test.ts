import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { halfPeriod, monthPeriod, termPeriod, yearPeriod } from '#lib/server/platform/periods.ts';
import { eraseExpiredRegistrants } from '#lib/server/events/jobs.ts';
import { exportPeriodStatisticsCsv, periodStatistics } from '#lib/server/events/period-statistics.ts';
import type { EventRecord } from '#lib/server/events/events-repository.ts';
import { cancelEvent } from '#lib/server/events/staff/events-service.ts';
import { setAttendance } from '#lib/server/events/staff/check-in-service.ts';
import {
	addRegistration,
	cancelRegistrationByStaff,
	staffRegistrationSchema
} from '#lib/server/events/staff/registrations-service.ts';
import { eventStatistics } from '#lib/server/events/staff/statistics-service.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { parseCsv } from '#lib/server/platform/csv.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
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

/** "Now" of the staff: after every event below, so all of them are over. */
const NOW = new Date('2027-01-15T10:00:00Z');

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
	if (!result.ok) throw new Error(result.error);
	return result.value;
}

describe.each(testDialects)('events: statistics per period (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let other: NetworkRef;
	let comm: ServiceContext;
	let memberCtx: ServiceContext;
	let otherComm: ServiceContext;
	let types: Awaited<ReturnType<typeof ensureOrganisationTypes>>;
	let emails = 0;

	/** Registers someone by hand (municipality and organisation type as given) and marks attendance. */
	async function register(
		ctx: ServiceContext,
		event: EventRecord,
		values: { municipalityId?: string; organisationTypeId?: string; attendance?: 'attended' | 'no_show' } = {}
	) {
		emails += 1;
		const input = staffRegistrationSchema.parse({
			name: `Deltagare ${emails}`,
			email: `deltagare-${emails}@example.org`,
			organisation: 'Socialtjänsten',
			municipalityId: values.municipalityId ?? '',
			organisationTypeId: values.organisationTypeId ?? '',
			consent: 'on'
		});
		const added = unwrap(await addRegistration(ctx, event.id, input));
		if (values.attendance) unwrap(await setAttendance(ctx, event.id, added.id, values.attendance));
		return added;
	}

	/** An event starting at an instant, three hours long. */
	const at = (ctxNetwork: NetworkRef, startAt: string, options: Parameters<typeof newEvent>[2] = {}) =>
		newEvent(db, ctxNetwork, { startAt: new Date(startAt), ...options });

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db, { timeZone: 'Europe/Stockholm' });
		other = await newNetwork(db);
		const communicator = await newMember(db, network.id, { role: 'communicator' });
		const member = await newMember(db, network.id, { role: 'member' });
		const otherCommunicator = await newMember(db, other.id, { role: 'communicator' });
		comm = serviceContext(db, { network, user: communicator.user, role: 'communicator', now: NOW });
		memberCtx = serviceContext(db, { network, user: member.user, role: 'member', now: NOW });
		otherComm = serviceContext(db, { network: other, user: otherCommunicator.user, role: 'communicator', now: NOW });
		types = await ensureOrganisationTypes(db, network.id);
		await addNetworkMunicipalities(db, network.id, ['SE-2580', 'SE-2581', 'SE-2582']);
		await addNetworkMunicipalities(db, network.id, ['SE-2583'], { participating: false });
		await addNetworkMunicipalities(db, other.id, ['SE-2580', 'SE-2584']);
	}, 60_000);
	afterAll(async () => {
		await database?.cleanup();
	});

	it('is for communicators and above, like the event statistics', async () => {
		const spring = termPeriod(2026, 'spring');
		await expect(periodStatistics(memberCtx, spring)).rejects.toBeInstanceOf(PermissionDenied);
		await expect(exportPeriodStatisticsCsv(memberCtx, spring)).rejects.toBeInstanceOf(PermissionDenied);
		const denied = await db
			.selectFrom('audit_event')
			.select(['action', 'outcome'])
			.where('actor_user_id', '=', memberCtx.actor.userId)
			.where('outcome', '=', 'denied')
			.execute();
		expect(denied).toEqual([
			{ action: 'permission.events.manage', outcome: 'denied' },
			{ action: 'permission.events.manage', outcome: 'denied' }
		]);
	});

	it('puts an event in the period of the day it starts in the network’s time zone', async () => {
		// 00:30 on 1 January 2026 in Stockholm is still 2025 in UTC.
		const newYear = await at(network, '2025-12-31T23:30:00Z', { title: 'Nyårsutbildningen' });
		// 23:30 on 30 June in Stockholm: the last evening of the spring term.
		const midsummer = await at(network, '2026-06-30T21:30:00Z', { title: 'Midsommarutbildningen' });
		// 00:30 on 1 July: no term, but the second half-year.
		const july = await at(network, '2026-06-30T22:30:00Z', { title: 'Juliträffen', type: 'network_meeting' });
		// 00:30 on 1 August: the autumn term.
		const august = await at(network, '2026-07-31T22:30:00Z', { title: 'Höstupptakten', format: 'on_site' });
		const draft = await at(network, '2026-03-10T08:00:00Z', { status: 'draft', title: 'Utkastet' });
		const cancelled = await at(network, '2026-03-12T08:00:00Z', { title: 'Den inställda' });
		await register(comm, cancelled, { municipalityId: 'SE-2582' });
		unwrap(await cancelEvent(comm, cancelled.id));
		const theirs = await at(other, '2026-03-11T08:00:00Z', { title: 'Det andra nätverkets utbildning' });
		await register(otherComm, theirs, { municipalityId: 'SE-2584', attendance: 'attended' });

		const ids = async (period: Parameters<typeof periodStatistics>[1]) =>
			(await periodStatistics(comm, period)).events.map((e) => e.id);
		expect(await ids(termPeriod(2026, 'spring'))).toEqual([newYear.id, midsummer.id]);
		expect(await ids(termPeriod(2025, 'autumn'))).toEqual([]);
		expect(await ids(termPeriod(2026, 'autumn'))).toEqual([august.id]);
		expect(await ids(halfPeriod('half_year', 2026, 2))).toEqual([july.id, august.id]);
		expect(await ids(monthPeriod(2026, 7))).toEqual([july.id]);
		expect(await ids(yearPeriod(2026))).toEqual([newYear.id, midsummer.id, july.id, august.id]);
		expect(await ids({ kind: 'custom', from: '2026-06-30', to: '2026-06-30' })).toEqual([midsummer.id]);

		const spring = await periodStatistics(comm, termPeriod(2026, 'spring'));
		expect(spring.events.some((e) => e.id === draft.id)).toBe(false);
		expect(spring.cancelled.map((e) => [e.title, e.registrations])).toEqual([['Den inställda', 1]]);
		// The cancelled event's registration counts for nothing, in no municipality.
		expect(spring.totals.registrations).toBe(0);
		expect(spring.municipalities.reachedByRegistration).toBe(0);
		expect(spring.byType.find((r) => r.key === 'training')?.count).toBe(2);

		// The other network sees its own event only, and we never see it.
		const theirsSpring = await periodStatistics(otherComm, termPeriod(2026, 'spring'));
		expect(theirsSpring.events.map((e) => e.id)).toEqual([theirs.id]);
		expect(theirsSpring.totals).toMatchObject({ registrations: 1, attended: 1 });
		expect([...spring.events, ...spring.cancelled].some((e) => e.id === theirs.id)).toBe(false);
	});

	it('adds up registrations, attendance, waiting lists and reach, and exports them audited', async () => {
		const period = termPeriod(2025, 'autumn');
		// Two trainings with attendance taken, one with nobody checked in, one of the other network.
		const first = await at(network, '2025-09-10T07:00:00Z', { title: 'Grundutbildning', capacity: 4 });
		const second = await at(network, '2025-10-15T07:00:00Z', { title: 'Fördjupning', format: 'on_site' });
		const third = await at(network, '2025-11-20T08:00:00Z', { title: 'Konferensen', type: 'conference' });
		const theirs = await at(other, '2025-10-01T07:00:00Z', { title: 'Främmande utbildning' });
		const social = types.social_services;
		const school = types.school;
		await register(comm, first, { municipalityId: 'SE-2580', organisationTypeId: social, attendance: 'attended' });
		await register(comm, first, { municipalityId: 'SE-2580', organisationTypeId: social, attendance: 'attended' });
		await register(comm, first, { municipalityId: 'SE-2581', organisationTypeId: school, attendance: 'no_show' });
		// Never checked in: a seat not used.
		await register(comm, first, { municipalityId: 'SE-2583' });
		// The course is full: these two wait and never get a seat.
		const waiting = await register(comm, first, { municipalityId: 'SE-2582' });
		expect(waiting.status).toBe('waiting');
		await register(comm, first);
		const cancelling = await register(comm, second, { municipalityId: 'SE-2582', organisationTypeId: school });
		unwrap(await cancelRegistrationByStaff(comm, second.id, cancelling.id));
		await register(comm, second, { municipalityId: 'SE-2581', organisationTypeId: school, attendance: 'attended' });
		await register(comm, third, { municipalityId: 'SE-2580', organisationTypeId: social });
		for (let i = 0; i < 3; i++)
			await register(otherComm, theirs, {
				municipalityId: 'SE-2580',
				organisationTypeId: undefined,
				attendance: 'attended'
			});

		const stats = await periodStatistics(comm, period);
		expect(stats.events.map((e) => [e.title, e.registrations, e.attended, e.attendanceRate])).toEqual([
			['Grundutbildning', 6, 2, 2 / 4],
			['Fördjupning', 1, 1, 1],
			['Konferensen', 1, 0, null]
		]);
		expect(stats.totals).toEqual({
			registrations: 8,
			withSeat: 6,
			attended: 3,
			noShows: 2,
			// As eventStatistics: attended of those with a seat, at the events where check-in began.
			attendanceRate: 3 / 5,
			waitingWithoutSeat: 2,
			upcoming: 0
		});
		// The same definition as the event's own statistics.
		expect(stats.events[0].attendanceRate).toBe(unwrap(await eventStatistics(comm, first.id)).attendanceRate);
		expect(stats.byType.find((r) => r.key === 'training')).toMatchObject({ count: 2, registrations: 7, attended: 3 });
		expect(stats.byFormat.find((r) => r.key === 'on_site')).toMatchObject({ count: 1, registrations: 1 });
		expect(stats.byMunicipality.map((r) => [r.id, r.registered, r.attended])).toEqual([
			['SE-2580', 3, 2],
			['SE-2581', 2, 1],
			['SE-2582', 1, 0],
			['SE-2583', 1, 0],
			[null, 1, 0]
		]);
		expect(stats.byOrganisationType.find((r) => r.id === social)).toMatchObject({ registered: 3, attended: 2 });
		expect(stats.byOrganisationType.find((r) => r.id === school)).toMatchObject({ registered: 2, attended: 1 });
		expect(stats.municipalities).toEqual({
			participating: 3,
			reachedByRegistration: 3,
			reachedByAttendance: 2,
			notReachedByRegistration: [],
			notReachedByAttendance: [{ id: 'SE-2582', name: 'Boden' }]
		});

		const csv = parseCsv(await exportPeriodStatisticsCsv(comm, period));
		expect(csv[0][0]).toBe('Avsnitt');
		expect(csv.find((r) => r[1] === 'Anmälningar')?.[2]).toBe('8');
		expect(csv.filter((r) => r[0] === 'Publicerade evenemang').map((r) => [r[1], r[3]])).toEqual([
			['Grundutbildning', '2025-09-10'],
			['Fördjupning', '2025-10-15'],
			['Konferensen', '2025-11-20']
		]);
		expect(csv.some((r) => r.includes('Främmande utbildning'))).toBe(false);
		expect(csv.find((r) => r[0] === 'Deltagande kommuner utan närvarande')?.[1]).toBe('Boden');
		const audit = await db
			.selectFrom('audit_event')
			.select(['action', 'entity_type', 'entity_id', 'network_id', 'outcome'])
			.where('actor_user_id', '=', comm.actor.userId)
			.where('action', '=', 'export')
			.execute();
		expect(audit).toEqual([
			{
				action: 'export',
				entity_type: 'event_statistics',
				entity_id: 'csv:2025-08-01..2025-12-31',
				network_id: network.id,
				outcome: 'success'
			}
		]);
	});

	it('keeps every figure after the registrants’ personal data is erased', async () => {
		const period = yearPeriod(2025);
		const before = await periodStatistics(comm, period);
		expect(before.totals.registrations).toBeGreaterThan(0);
		// Six months after the events (the default retention), and then some.
		const erased = await eraseExpiredRegistrants(db, new Date('2027-12-01T03:00:00Z'));
		expect(erased.registrations).toBeGreaterThan(0);
		const left = await db
			.selectFrom('event_registration')
			.select('id')
			.where('network_id', '=', network.id)
			.where('erased_at', 'is', null)
			.execute();
		expect(left).toEqual([]);
		const after = await periodStatistics(comm, period);
		expect(after).toEqual(before);
		expect(after.municipalities.reachedByAttendance).toBe(2);
	});
});
