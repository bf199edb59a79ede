import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRegistration, staffRegistrationSchema } from '#lib/server/events/staff/registrations-service.ts';
import { setAttendance } from '#lib/server/events/staff/check-in-service.ts';

import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import { answerForm, submitAnswer } from '#lib/server/surveys/answer-service.ts';
import { surveyJobs } from '#lib/server/surveys/jobs.ts';
import { surveyResults } from '#lib/server/surveys/results-service.ts';
import { closeSurvey, openSurvey, reopenSurvey } from '#lib/server/surveys/sending-service.ts';
import {
	createSurvey,
	deleteSurvey,
	listSurveys,
	saveSettings,
	surveyOverview
} from '#lib/server/surveys/surveys-service.ts';
import { editDefinition } from '#lib/server/surveys/editor-service.ts';
import { newEvent, newMember, newNetwork, serviceContext, visitorContext } from '../../fixtures/factories.ts';
import { unwrap } from '../../fixtures/meetings.ts';
import { linksInOutbox, newSurvey, settingsForm, usefulnessAnswers } from '../../fixtures/surveys.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

/** Wednesday 14 April 2027, noon in Stockholm. */
const NOW = new Date('2027-04-14T10:00:00Z');
const at = (day: string) => new Date(`${day}T03:00:00Z`);
const origin = 'https://samverkan.example.org';

describe.each(testDialects)('surveys: who is asked, reminders and closing (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let other: NetworkRef;
	let staff: ServiceContext;
	let otherStaff: ServiceContext;
	let member: ServiceContext;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db);
		other = await newNetwork(db);
		const communicator = await newMember(db, network.id, { role: 'communicator' });
		staff = serviceContext(db, { network, user: communicator.user, role: 'communicator', now: NOW });
		const memberRow = await newMember(db, network.id, { role: 'member' });
		member = serviceContext(db, { network, user: memberRow.user, role: 'member', now: NOW });
		const otherAdmin = await newMember(db, other.id, { role: 'admin' });
		otherStaff = serviceContext(db, { network: other, user: otherAdmin.user, role: 'admin', now: NOW });
	});
	afterAll(async () => {
		await database.destroy();
	});

	const outboxOf = async (kind: string) =>
		db
			.selectFrom('outbox')
			.select(['recipient', 'subject', 'text_body'])
			.where('kind', '=', kind)
			.where('network_id', '=', network.id)
			.execute();

	it('lets communicators and above run surveys, and members not', async () => {
		await expect(listSurveys(member)).rejects.toBeInstanceOf(PermissionDenied);
		await expect(createSurvey(member, { title: 'X', source: 'blank' })).rejects.toBeInstanceOf(PermissionDenied);
		expect(await listSurveys(staff)).toEqual([]);
	});

	it("answers another network's survey ids with not found, whatever the action", async () => {
		const id = await newSurvey(staff);
		const notFound = { ok: false, error: 'error_not_found' };
		expect(await surveyOverview(otherStaff, id)).toMatchObject(notFound);
		expect(await saveSettings(otherStaff, id, settingsForm())).toMatchObject(notFound);
		expect(await openSurvey(otherStaff, id)).toMatchObject(notFound);
		expect(await closeSurvey(otherStaff, id)).toMatchObject(notFound);
		expect(await deleteSurvey(otherStaff, id)).toMatchObject(notFound);
		expect(await surveyResults(otherStaff, id)).toMatchObject(notFound);
		expect(await editDefinition(otherStaff, id, { op: 'remove_section', sectionId: 'about' })).toMatchObject(notFound);
		expect(await listSurveys(otherStaff)).toEqual([]);
		unwrap(await deleteSurvey(staff, id));
	});

	it('refuses to send to fewer people than the answers results need, and writes nothing', async () => {
		const id = await newSurvey(staff, { settings: { audience: 'roles', roles: ['communicator'] } });
		expect(await openSurvey(staff, id)).toMatchObject({ ok: false, error: 'error_surveys_too_few_recipients' });
		const overview = unwrap(await surveyOverview(staff, id));
		expect(overview.survey.status).toBe('draft');
		expect(overview.invited).toBe(0);
		expect(await outboxOf('survey-invitation')).toHaveLength(0);
		unwrap(await deleteSurvey(staff, id));
	});

	it("asks an event's checked-in participants, or everyone with a seat, each in their own language", async () => {
		const event = await newEvent(db, network, {
			startAt: new Date('2027-04-13T07:00:00Z'),
			endAt: new Date('2027-04-13T10:00:00Z')
		});
		const registrations: string[] = [];
		for (let i = 0; i < 7; i++) {
			const form = staffRegistrationSchema.parse({
				name: `Deltagare ${i}`,
				email: `deltagare-${i}-${event.id.slice(0, 6)}@example.org`,
				consent: 'on',
				...(i === 0 ? { locale: 'en' } : {})
			});
			registrations.push(unwrap(await addRegistration(staff, event.id, form)).id);
		}
		for (const id of registrations.slice(0, 5)) unwrap(await setAttendance(staff, event.id, id, 'attended'));

		const checkedIn = await newSurvey(staff, {
			template: 'training',
			settings: { audience: 'event', eventId: event.id, eventScope: 'checked_in' }
		});
		expect(unwrap(await openSurvey(staff, checkedIn))).toEqual({ invited: 5 });
		const seated = await newSurvey(staff, {
			template: 'training',
			settings: { audience: 'event', eventId: event.id, eventScope: 'seated' }
		});
		expect(unwrap(await openSurvey(staff, seated))).toEqual({ invited: 7 });
		// Asking again finds nobody new; someone registered since is invited alone.
		expect(await openSurvey(staff, seated)).toMatchObject({ ok: false, error: 'error_surveys_nobody_new' });
		unwrap(
			await addRegistration(
				staff,
				event.id,
				staffRegistrationSchema.parse({ name: 'Sen', email: `sen-${event.id.slice(0, 6)}@example.org`, consent: 'on' })
			)
		);
		expect(unwrap(await openSurvey(staff, seated))).toEqual({ invited: 1 });

		const mails = await outboxOf('survey-invitation');
		expect(mails).toHaveLength(13);
		const english = mails.filter((mail) => mail.recipient.startsWith('deltagare-0-'));
		expect(english.every((mail) => mail.subject.startsWith('What did you think?'))).toBe(true);
		expect(mails.filter((mail) => mail.subject.startsWith('Vad tyckte du?'))).toHaveLength(11);
		for (const mail of mails)
			expect(mail.text_body).toMatch(new RegExp(`${origin}/(en/)?${network.slug}/survey/[A-Za-z0-9_-]{43}`));
	});

	it('reminds only those who have not answered, at most twice, with a new link while the first still works', async () => {
		await db.deleteFrom('outbox').execute();
		for (let i = 0; i < 5; i++) await newMember(db, network.id, { role: 'member' });
		const id = await newSurvey(staff, {
			settings: { closesOn: '2027-04-30', reminder1: '2027-04-20', reminder2: '2027-04-27' }
		});
		unwrap(await openSurvey(staff, id));
		const first = await linksInOutbox(db);
		const [answeredBy, answeredToken] = [...first.entries()][0];
		expect(await submitAnswer(visitorContext(db, network, { now: NOW }), answeredToken, usefulnessAnswers())).toEqual({
			ok: true
		});

		const [job] = surveyJobs(db, { publicOrigin: origin, flush: () => {} });
		await job.run(at('2027-04-19'));
		expect(await outboxOf('survey-reminder')).toHaveLength(0);
		await job.run(at('2027-04-20'));
		await job.run(new Date('2027-04-20T15:00:00Z'));
		const reminders = await outboxOf('survey-reminder');
		expect(reminders).toHaveLength(first.size - 1);
		expect(reminders.map((r) => r.recipient)).not.toContain(answeredBy);

		// Both the invitation's link and the reminder's lead to the same single answer.
		const someone = reminders[0].recipient;
		const reminderToken = /\/survey\/([A-Za-z0-9_-]{43})/.exec(reminders[0].text_body)![1];
		const visitor = visitorContext(db, network, { now: at('2027-04-21') });
		expect((await answerForm(visitor, first.get(someone)!)).state).toBe('open');
		expect(await submitAnswer(visitor, reminderToken, usefulnessAnswers())).toEqual({ ok: true });
		expect((await answerForm(visitor, first.get(someone)!)).state).toBe('answered');

		await job.run(at('2027-04-27'));
		await job.run(at('2027-04-29'));
		const all = await outboxOf('survey-reminder');
		expect(all).toHaveLength(2 * (first.size - 1) - 1);
	});

	it('closes after the last day, after which links say so and store nothing; a reopened survey takes answers again', async () => {
		for (let i = 0; i < 5; i++) await newMember(db, network.id, { role: 'member' });
		await db.deleteFrom('outbox').execute();
		const id = await newSurvey(staff, { settings: { closesOn: '2027-04-20' } });
		unwrap(await openSurvey(staff, id));
		const token = [...(await linksInOutbox(db)).values()][0];
		const [job] = surveyJobs(db, { publicOrigin: origin, flush: () => {} });
		await job.run(at('2027-04-21'));
		expect(unwrap(await surveyOverview(staff, id)).survey.status).toBe('closed');
		const late = visitorContext(db, network, { now: at('2027-04-21') });
		expect((await answerForm(late, token)).state).toBe('closed');
		expect(await submitAnswer(late, token, usefulnessAnswers())).toEqual({ ok: false, state: 'closed' });
		expect(unwrap(await surveyOverview(staff, id)).answered).toBe(0);

		const later = serviceContext(db, { network, user: staff.actor, role: 'communicator', now: at('2027-04-21') });
		expect(await reopenSurvey(later, id, '2027-04-19')).toMatchObject({
			ok: false,
			error: 'error_surveys_closes_in_past'
		});
		unwrap(await reopenSurvey(later, id, '2027-04-25'));
		expect(await submitAnswer(late, token, usefulnessAnswers())).toEqual({ ok: true });
		expect(await deleteSurvey(staff, id)).toMatchObject({ ok: false, error: 'error_surveys_has_answers' });
	});

	it('keeps the audience once sent and lets the answers needed for results go up, never down', async () => {
		const id = await newSurvey(staff);
		unwrap(await openSurvey(staff, id));
		expect(await saveSettings(staff, id, settingsForm({ minAnswers: '4' }))).toMatchObject({
			ok: false,
			field: 'minAnswers'
		});
		expect(await saveSettings(staff, id, settingsForm({ audience: 'public' }))).toMatchObject({
			ok: false,
			field: 'audience'
		});
		unwrap(await saveSettings(staff, id, settingsForm({ minAnswers: '7', title: 'Ny rubrik' })));
		const overview = unwrap(await surveyOverview(staff, id));
		expect(overview.survey).toMatchObject({ minAnswers: 7, title: 'Ny rubrik' });
	});
});
