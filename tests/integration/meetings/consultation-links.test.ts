import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConsultation } from '#lib/server/consultations/consultations-service.ts';
import { discussedAt, linkConsultation, unlinkConsultation } from '#lib/server/meetings/consultation-links-service.ts';
import { listMeetingsOfSeries } from '#lib/server/meetings/meetings-repository.ts';
import { editMeeting, setMeetingCancelled } from '#lib/server/meetings/meetings-service.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import { newConsultation, newMember, newNetwork, serviceContext } from '../../fixtures/factories.ts';
import { newSeries, unwrap } from '../../fixtures/meetings.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

/** Monday 1 March 2027; the fortnightly series meets on Tuesdays from the next day. */
const NOW = new Date('2027-03-01T09:00:00Z');
const QUESTION = 'Skolkuratorn undrar hur vi ska tänka kring en elev som inte får delta i simundervisningen.';

describe.each(testDialects)('meetings: consultations discussed, by reference only (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let coordinator: ServiceContext;
	let admin: ServiceContext;
	let memberCtx: ServiceContext;
	let communicator: ServiceContext;
	let otherCoordinator: ServiceContext;
	let meetingIds: string[];
	let consultation: { id: string; reference: string };
	let otherNetworksConsultation: { reference: string };

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db);
		const other = await newNetwork(db);
		const coord = await newMember(db, network.id, { role: 'coordinator' });
		const adm = await newMember(db, network.id, { role: 'admin' });
		const member = await newMember(db, network.id, { role: 'member' });
		const comm = await newMember(db, network.id, { role: 'communicator' });
		const otherCoord = await newMember(db, other.id, { role: 'coordinator' });
		coordinator = serviceContext(db, { network, user: coord.user, role: 'coordinator', now: NOW });
		admin = serviceContext(db, { network, user: adm.user, role: 'admin', now: NOW });
		memberCtx = serviceContext(db, { network, user: member.user, role: 'member', now: NOW });
		communicator = serviceContext(db, { network, user: comm.user, role: 'communicator', now: NOW });
		otherCoordinator = serviceContext(db, { network: other, user: otherCoord.user, role: 'coordinator', now: NOW });
		const { seriesId } = await newSeries(coordinator, { title: 'Teammöte' });
		meetingIds = (await listMeetingsOfSeries(db, network.id, seriesId)).map((m) => m.id);
		consultation = await newConsultation(db, network, { question: QUESTION, receivedOn: '2027-02-20' });
		// The other network numbers its own consultations: its second has a number this network never gave.
		await newConsultation(db, other, { receivedOn: '2027-02-20' });
		otherNetworksConsultation = await newConsultation(db, other, { receivedOn: '2027-02-21' });
	});
	afterAll(async () => database.cleanup());

	it('links a consultation by its reference, typed in any case, and writes a dated log entry without text', async () => {
		unwrap(await linkConsultation(coordinator, meetingIds[0], { reference: consultation.reference.toLowerCase() }));
		const read = unwrap(await getConsultation(coordinator, consultation.reference));
		const discussed = read.log.filter((entry) => entry.kind === 'team_meeting');
		expect(discussed).toHaveLength(1);
		// The first meeting is Tuesday 2 March 2027 (in the network's zone).
		expect(discussed[0].occurredOn).toBe('2027-03-02');
		expect(discussed[0].text).toBeNull();
	});

	it('shows handlers the question and everyone else the reference and topics only', async () => {
		const forHandler = unwrap(await discussedAt(coordinator, meetingIds[0]));
		expect(forHandler.consultations).toHaveLength(1);
		expect(forHandler.consultations[0]).toMatchObject({ reference: consultation.reference, question: QUESTION });
		expect(forHandler.consultations[0].topics.length).toBeGreaterThan(0);

		const forMember = unwrap(await discussedAt(memberCtx, meetingIds[0]));
		expect(forMember.consultations[0]).toMatchObject({ reference: consultation.reference, question: null });
		expect(forMember.consultations[0].topics).toEqual(forHandler.consultations[0].topics);
		expect(JSON.stringify(forMember)).not.toContain('simundervisningen');

		// An admin runs meetings but reads no consultation texts without the handler right.
		const forAdmin = unwrap(await discussedAt(admin, meetingIds[0]));
		expect(forAdmin.consultations[0].question).toBeNull();
	});

	it('records the handler’s reading of the question in the audit log', async () => {
		const reads = await db
			.selectFrom('audit_event')
			.select(['action', 'entity_id'])
			.where('network_id', '=', network.id)
			.where('action', '=', 'read')
			.where('entity_id', '=', consultation.id)
			.execute();
		expect(reads.length).toBeGreaterThan(0);
	});

	it('answers another network’s reference exactly like an unknown one, and links nothing', async () => {
		const foreign = await linkConsultation(coordinator, meetingIds[0], {
			reference: otherNetworksConsultation.reference
		});
		const unknown = await linkConsultation(coordinator, meetingIds[0], { reference: 'KT-1999-9999' });
		expect(foreign).toEqual({ ok: false, error: 'error_meetings_reference_unknown', field: 'reference' });
		expect(unknown).toEqual(foreign);
		const links = await db
			.selectFrom('meeting_consultation')
			.selectAll()
			.where('meeting_id', '=', meetingIds[0])
			.execute();
		expect(links).toHaveLength(1);
	});

	it('refuses the same consultation twice on one meeting without a second log entry', async () => {
		const again = await linkConsultation(coordinator, meetingIds[0], { reference: consultation.reference });
		expect(again).toMatchObject({ ok: false, error: 'error_meetings_consultation_already_linked' });
		const read = unwrap(await getConsultation(coordinator, consultation.reference));
		expect(read.log.filter((entry) => entry.kind === 'team_meeting')).toHaveLength(1);
	});

	it('refuses a link to a cancelled meeting', async () => {
		const meeting = await db
			.selectFrom('meeting')
			.select('sequence')
			.where('id', '=', meetingIds[1])
			.executeTakeFirstOrThrow();
		unwrap(await setMeetingCancelled(coordinator, meetingIds[1], meeting.sequence, true));
		const refused = await linkConsultation(coordinator, meetingIds[1], { reference: consultation.reference });
		expect(refused).toMatchObject({ ok: false, error: 'error_meetings_cancelled' });
	});

	it('lets only those who run meetings link, and never communicators read the links', async () => {
		await expect(linkConsultation(memberCtx, meetingIds[0], { reference: consultation.reference })).rejects.toThrow(
			PermissionDenied
		);
		await expect(discussedAt(communicator, meetingIds[0])).resolves.toMatchObject({ ok: false });
		// Another network's coordinator cannot see this network's meeting at all.
		await expect(discussedAt(otherCoordinator, meetingIds[0])).resolves.toEqual({
			ok: false,
			error: 'error_not_found'
		});
	});

	it('takes the link and its log entry back when it was a mistake', async () => {
		unwrap(await linkConsultation(coordinator, meetingIds[2], { reference: consultation.reference }));
		unwrap(await unlinkConsultation(coordinator, meetingIds[2], consultation.id));
		const read = unwrap(await getConsultation(coordinator, consultation.reference));
		expect(read.log.filter((entry) => entry.kind === 'team_meeting').map((e) => e.occurredOn)).toEqual(['2027-03-02']);
		expect(unwrap(await discussedAt(coordinator, meetingIds[2])).consultations).toEqual([]);
		expect(await unlinkConsultation(coordinator, meetingIds[2], consultation.id)).toEqual({
			ok: false,
			error: 'error_not_found'
		});
	});

	it('moves the log entry with the meeting when the meeting moves to another day', async () => {
		unwrap(await linkConsultation(coordinator, meetingIds[3], { reference: consultation.reference }));
		const meeting = await db
			.selectFrom('meeting')
			.selectAll()
			.where('id', '=', meetingIds[3])
			.executeTakeFirstOrThrow();
		unwrap(
			await editMeeting(coordinator, meetingIds[3], {
				title: meeting.title,
				day: '2027-04-15',
				startTime: '13:00',
				endTime: '15:00',
				place: meeting.place,
				videoLink: meeting.video_link,
				sequence: meeting.sequence
			})
		);
		const read = unwrap(await getConsultation(coordinator, consultation.reference));
		expect(
			read.log
				.filter((entry) => entry.kind === 'team_meeting')
				.map((e) => e.occurredOn)
				.sort()
		).toEqual(['2027-03-02', '2027-04-15']);
	});
});
