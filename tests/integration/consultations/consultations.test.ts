import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askAnonymously, askPolicies, lookUpStatus } from '#lib/server/consultations/anonymous-service.ts';
import { createFromJson, listAsJson } from '#lib/server/consultations/api.ts';
import {
	anonymousFormSchema,
	arrayFields,
	logFormSchema,
	memberFormSchema,
	recordFormSchema,
	staffFormSchema,
	type AnonymousForm,
	type LogForm,
	type MemberForm,
	type StaffForm
} from '#lib/server/consultations/forms.ts';
import {
	createConsultation,
	getConsultation,
	submitConsultation,
	updateConsultationRecord
} from '#lib/server/consultations/consultations-service.ts';
import { consultationDashboard, listConsultations } from '#lib/server/consultations/list-service.ts';
import { addLogEntry, answerConsultation } from '#lib/server/consultations/log-service.ts';
import { assignConsultation, changeStatus, takeConsultation } from '#lib/server/consultations/workflow-service.ts';
import { type PublicContext } from '#lib/server/platform/context.ts';
import { setAdminHandler } from '#lib/server/consultations/handlers-service.ts';
import { listTopics } from '#lib/server/consultations/settings-repository.ts';
import { createAuditor } from '#lib/server/platform/audit.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { formObject } from '#lib/server/platform/http.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import { detectorOverrides } from '#lib/server/pii/scan.ts';
import {
	addNetworkMunicipalities,
	ensureOrganisationTypes,
	newConsultation,
	newMember,
	newNetwork,
	outboxMailer,
	serviceContext,
	testKeyring,
	type TestMember
} from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

/** Parses form fields the way the routes do, with repeated fields as arrays. */
function formData(values: Record<string, string | string[]>): FormData {
	const data = new FormData();
	for (const [key, value] of Object.entries(values))
		for (const one of Array.isArray(value) ? value : [value]) data.append(key, one);
	return data;
}

// Words that appear only in the stored texts; none may be found in the raw database.
const QUESTION =
	'En skolkurator berättar att en elev i årskurs åtta inte får delta i simundervisningen och att brodern kontrollerar mobiltelefonen.';
const ORIGIN = 'https://samverkan.example.org';
const SECRET_WORDS = ['simundervisningen', 'mobiltelefonen', 'skolkurator'];

describe.each(testDialects)('consultations (%s)', (dialect) => {
	let database: TestDatabase;
	let network: NetworkRef;
	let other: NetworkRef;
	let coordinator: TestMember;
	let member: TestMember;
	let otherMember: TestMember;
	let admin: TestMember;
	let communicator: TestMember;
	let coord: ServiceContext;
	let asker: ServiceContext;
	let otherAsker: ServiceContext;
	let adminCtx: ServiceContext;
	let comm: ServiceContext;
	let otherCoord: ServiceContext;
	let honourId: string;
	let threatsId: string;
	let schoolTypeId: string;

	const staff = (values: Partial<Record<keyof StaffForm, string | string[]>> = {}): StaffForm =>
		staffFormSchema.parse(
			formObject(
				formData({
					receivedOn: '2026-03-02',
					channel: 'phone',
					municipalityId: 'SE-2580',
					organisationTypeId: schoolTypeId,
					askerFunction: 'kurator',
					topicIds: [honourId],
					caseType: 'one_person',
					ageGroup: 'age_13_17',
					gender: 'girl_woman',
					vulnerabilities: ['newly_arrived'],
					perpetrator: 'siblings',
					urgency: 'high',
					question: QUESTION,
					followUpOn: '',
					assigneeUserId: '',
					...values
				}),
				arrayFields
			)
		);
	const memberForm = (values: Partial<Record<keyof MemberForm, string | string[]>> = {}): MemberForm =>
		memberFormSchema.parse(
			formObject(
				formData({
					municipalityId: 'SE-2581',
					organisationTypeId: '',
					askerFunction: '',
					topicIds: [threatsId],
					caseType: '',
					ageGroup: '',
					gender: '',
					vulnerabilities: [],
					perpetrator: '',
					urgency: 'normal',
					question: 'Hur gör vi en riskbedömning när en ung kvinna berättar om hot från sin tidigare partner?',
					...values
				}),
				arrayFields
			)
		);
	const anonymous = (values: Partial<Record<string, string | string[]>> = {}): AnonymousForm =>
		anonymousFormSchema.parse(
			formObject(
				formData({
					municipalityId: '',
					organisationTypeId: '',
					askerFunction: '',
					topicIds: [honourId],
					caseType: '',
					ageGroup: '',
					gender: '',
					vulnerabilities: [],
					perpetrator: '',
					urgency: 'normal',
					question: 'En förälder i föreningen undrar vart man vänder sig om en tonåring är rädd för att giftas bort.',
					contact: '',
					deidentified: 'on',
					website: '',
					...(values as Record<string, string | string[]>)
				}),
				arrayFields
			)
		);
	const log = (values: Partial<Record<keyof LogForm, string>> = {}): LogForm =>
		logFormSchema.parse({
			kind: 'advice',
			occurredOn: '2026-03-03',
			minutesSpent: '30',
			text: 'Råd om att göra en orosanmälan och om samtal med eleven utan familjen.',
			referralTypeId: '',
			referralOrganisationId: '',
			followUpOn: '',
			...values
		});
	function publicContext(clientAddress = '198.51.100.7', now = new Date('2026-03-05T10:00:00Z')): PublicContext {
		return {
			db: database.db,
			network,
			now,
			locale: 'sv',
			keyring: testKeyring,
			mail: outboxMailer(),
			audit: createAuditor(database.db, { networkId: network.id, actorUserId: null, clientAddress: null }),
			clientAddress,
			requestId: null,
			publicOrigin: 'https://samverkan.example.org'
		};
	}
	const count = async () =>
		Number(
			(
				await database.db
					.selectFrom('consultation')
					.select(sql<number>`count(*)`.as('n'))
					.where('network_id', '=', network.id)
					.executeTakeFirstOrThrow()
			).n
		);

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		const db = database.db;
		network = await newNetwork(db, { country: 'SE', referencePrefix: 'KTN' });
		other = await newNetwork(db, { country: 'NO' });
		await addNetworkMunicipalities(db, network.id, ['SE-2580', 'SE-2581', 'SE-2582']);
		const types = await ensureOrganisationTypes(db, network.id);
		schoolTypeId = types.school;
		coordinator = await newMember(db, network.id, { role: 'coordinator', twoFactorEnabled: true });
		member = await newMember(db, network.id, { role: 'member', name: 'Maja Medlem' });
		otherMember = await newMember(db, network.id, { role: 'member' });
		admin = await newMember(db, network.id, { role: 'admin', twoFactorEnabled: true });
		communicator = await newMember(db, network.id, { role: 'communicator' });
		const otherCoordinator = await newMember(db, other.id, { role: 'coordinator', twoFactorEnabled: true });
		const now = new Date('2026-03-04T09:00:00Z');
		coord = serviceContext(db, { network, user: coordinator.user, role: 'coordinator', now });
		asker = serviceContext(db, { network, user: member.user, role: 'member', now });
		otherAsker = serviceContext(db, { network, user: otherMember.user, role: 'member', now });
		adminCtx = serviceContext(db, { network, user: admin.user, role: 'admin', now });
		comm = serviceContext(db, { network, user: communicator.user, role: 'communicator', now });
		otherCoord = serviceContext(db, { network: other, user: otherCoordinator.user, role: 'coordinator', now });
		// The forms' options create the default topics on first use.
		await newConsultation(db, other, { municipalityId: null, organisationTypeKey: null });
		const { ensureDefaultTopics } = await import('#lib/server/consultations/settings-repository.ts');
		await ensureDefaultTopics(db, network.id);
		const topics = await listTopics(db, network.id);
		honourId = topics.find((t) => t.key === 'honour')!.id;
		threatsId = topics.find((t) => t.key === 'threats')!.id;
	});
	afterAll(() => database.cleanup());

	it('staff register a consultation with a reference number per network and year, audited', async () => {
		const first = await createConsultation(coord, staff({ assigneeUserId: coordinator.user.userId }));
		const second = await createConsultation(coord, staff({ topicIds: [honourId, threatsId] }));
		expect(first).toEqual({ ok: true, value: 'KTN-2026-0001' });
		expect(second).toEqual({ ok: true, value: 'KTN-2026-0002' });
		const read = await getConsultation(coord, 'KTN-2026-0002');
		expect(read.ok && read.value).toMatchObject({
			status: 'new',
			source: 'staff',
			receivedOn: '2026-03-02',
			channel: 'phone',
			municipalityName: 'Luleå',
			askerFunction: 'kurator',
			vulnerabilities: ['newly_arrived'],
			perpetrator: 'siblings',
			urgency: 'high',
			question: QUESTION
		});
		expect(read.ok && read.value.topicIds.sort()).toEqual([honourId, threatsId].sort());
		const audit = await database.db
			.selectFrom('audit_event')
			.select(['action', 'actor_user_id'])
			.where('network_id', '=', network.id)
			.where('action', '=', 'consultations.created')
			.execute();
		expect(audit).toHaveLength(2);
		expect(audit[0].actor_user_id).toBe(coordinator.user.userId);
	});

	it('gives concurrent registrations distinct, gapless reference numbers', async () => {
		const results = await Promise.all(Array.from({ length: 8 }, () => createConsultation(coord, staff())));
		const references = results.map((r) => (r.ok ? r.value : r.error)).sort();
		expect(new Set(references).size).toBe(8);
		expect(references[0]).toBe('KTN-2026-0003');
		expect(references[7]).toBe('KTN-2026-0010');
	});

	it('stores no word of the question, answer or log in the raw database', async () => {
		const created = await createConsultation(coord, staff());
		if (!created.ok) throw new Error(created.error);
		await addLogEntry(
			coord,
			created.value,
			log({ text: 'Kurator rekommenderades kontakta socialjouren efter skoldagen.' })
		);
		await answerConsultation(coord, created.value, {
			answer: 'Gör en orosanmälan till socialtjänsten; samverkansgruppen kan stötta skolan.',
			markAnswered: true
		});
		let raw: string;
		if (dialect === 'postgres') {
			const tables = ['consultation', 'consultation_log'];
			const rows = await Promise.all(
				tables.map((table) =>
					sql<{ text: string }>`select t::text as text from ${sql.table(table)} t`.execute(database.db)
				)
			);
			raw = rows.flatMap((r) => r.rows.map((row) => row.text)).join('\n');
		} else {
			const [{ file }] = (await sql<{ file: string }>`pragma database_list`.execute(database.db)).rows;
			await sql`pragma wal_checkpoint(truncate)`.execute(database.db);
			raw = [file, `${file}-wal`]
				.filter((f) => existsSync(f))
				.map((f) => readFileSync(f).toString('utf8'))
				.join('');
		}
		expect(raw).toContain(created.value);
		for (const word of [...SECRET_WORDS, 'socialjouren', 'samverkansgruppen']) expect(raw).not.toContain(word);
		const read = await getConsultation(coord, created.value);
		expect(read.ok && read.value.question).toBe(QUESTION);
		expect(read.ok && read.value.answer).toContain('samverkansgruppen');
		expect(read.ok && read.value.log[0].text).toContain('socialjouren');
	});

	it('blocks every save path when the guard finds identifiers, and saves nothing', async () => {
		const before = await count();
		const withId = `${QUESTION} Eleven heter Fatima Ali, personnummer 19811218-9876.`;
		const created = await createConsultation(coord, staff({ question: withId }));
		expect(created.ok).toBe(false);
		if (created.ok) return;
		expect(created.error).toBe('error_consultations_pii_found');
		expect(created.findings?.question.map((f) => f.type)).toEqual(expect.arrayContaining(['name', 'personnummer']));
		const inFunction = await createConsultation(coord, staff({ askerFunction: 'kurator, nås på 070-123 45 67' }));
		expect(!inFunction.ok && inFunction.findings?.askerFunction?.[0].type).toBe('phone');
		const byMember = await submitConsultation(asker, memberForm({ question: `${QUESTION} Ring mig på 0701234567.` }));
		expect(!byMember.ok && byMember.error).toBe('error_consultations_pii_found');
		const byAnyone = await askAnonymously(
			publicContext(),
			anonymous({ question: `${QUESTION} Familjen bor på Storgatan 12 i Luleå.` })
		);
		expect(!byAnyone.ok && byAnyone.findings?.question[0].type).toBe('address');
		expect(await count()).toBe(before);

		const target = (await createConsultation(coord, staff())) as { ok: true; value: string };
		const logged = await addLogEntry(coord, target.value, log({ text: 'Mejlade mamman på anna.svensson@example.se.' }));
		expect(!logged.ok && logged.findings?.text[0].type).toBe('email');
		const answered = await answerConsultation(coord, target.value, {
			answer: 'Kontakta Ahmed Hassan på socialtjänsten.',
			markAnswered: true
		});
		expect(!answered.ok && answered.error).toBe('error_consultations_pii_found_answer');
		const edited = await updateConsultationRecord(
			coord,
			target.value,
			recordFormSchema.parse(
				formObject(formData({ ...formFields(staff()), question: `${QUESTION} 811218-9876` }), arrayFields)
			)
		);
		expect(!edited.ok && edited.findings?.question[0].type).toBe('personnummer');
		const read = await getConsultation(coord, target.value);
		expect(read.ok && read.value).toMatchObject({ question: QUESTION, answer: null, log: [], status: 'new' });
	});

	it('blocks identifiers rewritten to look the same on screen, and marks them where they were typed', async () => {
		const before = await count();
		const rewritten = [
			['personnummer', '811218\n9876'],
			['personnummer', '８１１２１８－９８７６'],
			['personnummer', '81\u200b12\u200b18-98\u200d76'],
			['personnummer', '٨١١٢١٨-٩٨٧٦'],
			['personnummer', '12 12 12-12 12'],
			['phone', '+47 433 48 989'],
			['email', 'anna.svensson＠example．se']
		] as const;
		for (const [type, written] of rewritten) {
			const question = `${QUESTION} Uppgiften: ${written}.`;
			const byAnyone = await askAnonymously(publicContext(), anonymous({ question }));
			expect(byAnyone.ok, written).toBe(false);
			if (byAnyone.ok) continue;
			const finding = byAnyone.findings?.question.find((f) => f.type === type);
			expect(finding && question.slice(finding.start, finding.end), written).toBe(written);
		}
		const byStaff = await createConsultation(coord, staff({ question: `${QUESTION} Pnr 811218\u2014\u00ad9876.` }));
		expect(!byStaff.ok && byStaff.findings?.question.map((f) => f.type)).toEqual(['personnummer']);
		expect(await count()).toBe(before);
	});

	it('fails closed: a detector that breaks blocks the save instead of letting the text through', async () => {
		const before = await count();
		detectorOverrides.set('name', () => {
			throw new Error('gazetteer missing');
		});
		try {
			const created = await createConsultation(coord, staff());
			expect(created).toMatchObject({ ok: false, error: 'error_consultations_pii_check_failed' });
			const byAnyone = await askAnonymously(publicContext(), anonymous());
			expect(byAnyone).toMatchObject({ ok: false, error: 'error_consultations_pii_check_failed' });
		} finally {
			detectorOverrides.delete('name');
		}
		expect(await count()).toBe(before);
	});

	it('runs the work flow: take, log with time, answer, close, reopen — every transition logged', async () => {
		const created = (await createConsultation(coord, staff())) as { ok: true; value: string };
		const reference = created.value;
		expect(await takeConsultation(coord, reference)).toEqual({ ok: true, value: undefined });
		expect(await addLogEntry(coord, reference, log({ minutesSpent: '20' }))).toMatchObject({ ok: true });
		expect(
			await addLogEntry(
				coord,
				reference,
				log({ kind: 'referral', text: '', referralTypeId: schoolTypeId, minutesSpent: '10' })
			)
		).toMatchObject({ ok: true });
		expect(await addLogEntry(coord, reference, log({ kind: 'referral', text: '' }))).toMatchObject({
			ok: false,
			error: 'error_consultations_referral_required'
		});
		expect(
			await addLogEntry(coord, reference, log({ kind: 'follow_up', text: '', followUpOn: '2026-03-20' }))
		).toMatchObject({ ok: true });
		expect(await changeStatus(coord, reference, 'new')).toMatchObject({
			ok: false,
			error: 'error_consultations_transition_invalid'
		});
		expect(await changeStatus(coord, reference, 'answered')).toEqual({ ok: true, value: 'answered' });
		expect(await changeStatus(coord, reference, 'closed')).toEqual({ ok: true, value: 'closed' });
		const closed = await database.db
			.selectFrom('consultation')
			.select(['closed_at', 'first_answered_at'])
			.where('reference', '=', reference)
			.where('network_id', '=', network.id)
			.executeTakeFirstOrThrow();
		expect(closed.closed_at).not.toBeNull();
		expect(await changeStatus(coord, reference, 'in_progress')).toEqual({ ok: true, value: 'in_progress' });
		expect(await changeStatus(coord, reference, 'answered')).toMatchObject({ ok: true });
		const read = await getConsultation(coord, reference);
		if (!read.ok) throw new Error(read.error);
		expect(read.value.assigneeUserId).toBe(coordinator.user.userId);
		expect(read.value.followUpOn).toBe('2026-03-20');
		expect(read.value.totalMinutes).toBe(60);
		expect(read.value.log.map((e) => e.kind)).toEqual(['advice', 'referral', 'follow_up']);
		expect(read.value.transitions.map((t) => t.to)).toEqual([
			'new',
			'in_progress',
			'answered',
			'closed',
			'in_progress',
			'answered'
		]);
		const after = await database.db
			.selectFrom('consultation')
			.select(['closed_at', 'first_answered_at'])
			.where('reference', '=', reference)
			.where('network_id', '=', network.id)
			.executeTakeFirstOrThrow();
		// Reopening stops the retention clock; the first answer keeps its time for the statistics.
		expect(after.closed_at).toBeNull();
		expect(String(after.first_answered_at)).toBe(String(closed.first_answered_at));
	});

	it('audits every read of the texts and shows who read them', async () => {
		const created = (await createConsultation(coord, staff())) as { ok: true; value: string };
		await getConsultation(coord, created.value);
		const read = await getConsultation(coord, created.value);
		if (!read.ok) throw new Error(read.error);
		expect(read.value.readers.length).toBeGreaterThanOrEqual(1);
		expect(read.value.readers[0]).toMatchObject({ userId: coordinator.user.userId, count: 1 });
		const reads = await database.db
			.selectFrom('audit_event')
			.select('id')
			.where('action', '=', 'read')
			.where('entity_type', '=', 'consultation')
			.where('entity_id', '=', read.value.id)
			.execute();
		expect(reads).toHaveLength(2);
	});

	it('lets a member ask, follow only their own, and hear by mail that there is an answer', async () => {
		const asked = await submitConsultation(asker, memberForm());
		if (!asked.ok) throw new Error(asked.error);
		const mine = await listConsultations(asker, {});
		expect(mine.consultations.map((c) => c.reference)).toEqual([asked.value]);
		expect(mine.handler).toBe(false);
		expect(await getConsultation(otherAsker, asked.value)).toEqual({ ok: false, error: 'error_not_found' });
		expect((await listConsultations(otherAsker, {})).total).toBe(0);
		const before = await getConsultation(asker, asked.value);
		expect(before.ok && before.value).toMatchObject({
			answer: null,
			log: [],
			readers: [],
			source: 'member',
			channel: 'web_form'
		});

		const mailer = outboxMailer();
		const answered = await answerConsultation({ ...coord, mail: mailer }, asked.value, {
			answer: 'Kontakta kvinnojouren och gör en skyddsbedömning tillsammans med socialtjänsten.',
			markAnswered: true
		});
		expect(answered.ok).toBe(true);
		expect(mailer.flushed).toBe(1);
		const mail = await database.db
			.selectFrom('outbox')
			.selectAll()
			.where('kind', '=', 'consultation-answered')
			.where('recipient', '=', member.user.email)
			.executeTakeFirstOrThrow();
		expect(mail.text_body).toContain(asked.value);
		expect(mail.text_body).not.toContain('kvinnojouren');
		const after = await getConsultation(asker, asked.value);
		expect(after.ok && after.value).toMatchObject({
			status: 'answered',
			answer: expect.stringContaining('kvinnojouren')
		});
		// A member cannot act on the work flow, even on their own question.
		await expect(changeStatus(asker, asked.value, 'closed')).rejects.toBeInstanceOf(PermissionDenied);
	});

	it('keeps communicators out, and admins out of the texts unless they also handle consultations', async () => {
		const created = (await createConsultation(coord, staff())) as { ok: true; value: string };
		await expect(listConsultations(comm, {})).rejects.toBeInstanceOf(PermissionDenied);
		await expect(submitConsultation(comm, memberForm())).rejects.toBeInstanceOf(PermissionDenied);
		await expect(getConsultation(comm, created.value)).rejects.toBeInstanceOf(PermissionDenied);
		expect(await getConsultation(adminCtx, created.value)).toEqual({ ok: false, error: 'error_not_found' });
		await expect(createConsultation(adminCtx, staff())).rejects.toBeInstanceOf(PermissionDenied);
		expect(await consultationDashboard(adminCtx)).toBeNull();
		// Another admin makes this admin a handler (with a coordinator in the network, nobody grants it to themselves).
		const secondAdmin = await newMember(database.db, network.id, { role: 'admin', twoFactorEnabled: true });
		const grantor = serviceContext(database.db, { network, user: secondAdmin.user, role: 'admin' });
		expect(await setAdminHandler(grantor, admin.user.userId, true)).toEqual({ ok: true, value: undefined });
		// A fresh request context, as the next page load has.
		const handlerAdmin = serviceContext(database.db, { network, user: admin.user, role: 'admin' });
		const read = await getConsultation(handlerAdmin, created.value);
		expect(read.ok && read.value.question).toBe(QUESTION);
		expect(await assignConsultation(coord, created.value, admin.user.userId)).toMatchObject({ ok: true });
		// Not everyone can be an assignee: a member is refused.
		expect(await assignConsultation(coord, created.value, member.user.userId)).toMatchObject({
			ok: false,
			error: 'error_consultations_assignee_invalid'
		});
		await setAdminHandler(grantor, admin.user.userId, false);
	});

	it("answers another network's references and ids as not found", async () => {
		const created = (await createConsultation(coord, staff())) as { ok: true; value: string };
		expect(await getConsultation(otherCoord, created.value)).toEqual({ ok: false, error: 'error_not_found' });
		expect(await changeStatus(otherCoord, created.value, 'closed')).toEqual({ ok: false, error: 'error_not_found' });
		expect(await takeConsultation(otherCoord, created.value)).toEqual({ ok: false, error: 'error_not_found' });
		expect(await addLogEntry(otherCoord, created.value, log())).toEqual({ ok: false, error: 'error_not_found' });
		expect(await answerConsultation(otherCoord, created.value, { answer: 'Svar', markAnswered: true })).toEqual({
			ok: false,
			error: 'error_not_found'
		});
		expect(
			await updateConsultationRecord(
				otherCoord,
				created.value,
				recordFormSchema.parse(formObject(formData(formFields(staff())), arrayFields))
			)
		).toEqual({
			ok: false,
			error: 'error_not_found'
		});
		expect((await listConsultations(otherCoord, {})).consultations.map((c) => c.reference)).not.toContain(
			created.value
		);
		// Another network's topic, municipality or organisation type cannot be attached either.
		const foreignTopic = (await listTopics(database.db, other.id))[0].id;
		expect(await createConsultation(coord, staff({ topicIds: [foreignTopic] }))).toMatchObject({
			ok: false,
			field: 'topicIds'
		});
		expect(await createConsultation(coord, staff({ municipalityId: 'NO-0301' }))).toMatchObject({
			ok: false,
			field: 'municipalityId'
		});
		const foreignType = (await ensureOrganisationTypes(database.db, other.id)).school;
		expect(await createConsultation(coord, staff({ organisationTypeId: foreignType }))).toMatchObject({
			ok: false,
			field: 'organisationTypeId'
		});
	});

	it('lets anyone ask anonymously and read the answer later with reference and code only', async () => {
		const pub = publicContext('203.0.113.50');
		const asked = await askAnonymously(pub, anonymous({ contact: 'kurator@skolan.example.se' }));
		if (!asked.ok) throw new Error(asked.error);
		expect(asked.value.reference).toMatch(/^KTN-2026-\d{4}$/);
		expect(asked.value.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		const stored = await database.db
			.selectFrom('consultation')
			.selectAll()
			.where('reference', '=', asked.value.reference)
			.where('network_id', '=', network.id)
			.executeTakeFirstOrThrow();
		expect(stored).toMatchObject({
			source: 'anonymous',
			channel: 'web_form',
			municipality_id: null,
			asker_user_id: null
		});
		expect(stored.follow_up_code_hash).not.toContain(asked.value.code.replace(/-/g, ''));
		expect(await lookUpStatus(pub, asked.value.reference, 'AAAA-BBBB-CCCC')).toEqual({
			ok: false,
			error: 'error_ask_status_not_found'
		});
		expect(await lookUpStatus(pub, 'KTN-2026-9999', asked.value.code)).toEqual({
			ok: false,
			error: 'error_ask_status_not_found'
		});
		const pending = await lookUpStatus(pub, asked.value.reference.toLowerCase(), asked.value.code.toLowerCase());
		expect(pending).toMatchObject({ ok: true, value: { status: 'new', answer: null } });
		await answerConsultation(coord, asked.value.reference, {
			answer: 'Vänd dig till socialtjänsten.',
			markAnswered: false
		});
		// An answer being written is not shown until it is marked answered.
		expect(await lookUpStatus(pub, asked.value.reference, asked.value.code)).toMatchObject({ value: { answer: null } });
		await changeStatus(coord, asked.value.reference, 'answered');
		expect(await lookUpStatus(pub, asked.value.reference, asked.value.code)).toMatchObject({
			ok: true,
			value: { status: 'answered', answer: 'Vänd dig till socialtjänsten.' }
		});
		const read = await getConsultation(coord, asked.value.reference);
		expect(read.ok && read.value.contact).toBe('kurator@skolan.example.se');
	});

	it('limits anonymous questions and status guesses per client address, and refuses the honeypot', async () => {
		const pub = publicContext('203.0.113.99');
		expect(await askAnonymously(pub, anonymous({ website: 'http://spam.example' }))).toEqual({
			ok: false,
			error: 'error_ask_rejected'
		});
		for (let i = 0; i < askPolicies.submit.maxFailures; i++)
			expect((await askAnonymously(pub, anonymous())).ok).toBe(true);
		expect(await askAnonymously(pub, anonymous())).toEqual({ ok: false, error: 'error_ask_rate_limited' });
		// Another address is not affected.
		expect((await askAnonymously(publicContext('203.0.113.100'), anonymous())).ok).toBe(true);
		for (let i = 0; i < askPolicies.status.maxFailures; i++) await lookUpStatus(pub, 'KTN-2026-0001', 'WRONG-CODE');
		expect(await lookUpStatus(pub, 'KTN-2026-0001', 'WRONG-CODE')).toEqual({
			ok: false,
			error: 'error_ask_status_rate_limited'
		});
	});

	it('filters and sorts the list, and counts the dashboard', async () => {
		const fresh = await newNetwork(database.db, { referencePrefix: 'FLT' });
		const c = await newMember(database.db, fresh.id, { role: 'coordinator', twoFactorEnabled: true });
		const ctx = serviceContext(database.db, {
			network: fresh,
			user: c.user,
			role: 'coordinator',
			now: new Date('2026-05-10T08:00:00Z')
		});
		await newConsultation(database.db, fresh, { receivedOn: '2026-01-10', status: 'closed', topicKeys: ['honour'] });
		await newConsultation(database.db, fresh, {
			receivedOn: '2026-02-10',
			status: 'in_progress',
			assigneeUserId: c.user.userId,
			followUpOn: '2026-05-01',
			topicKeys: ['threats']
		});
		await newConsultation(database.db, fresh, {
			receivedOn: '2026-05-09',
			status: 'new',
			municipalityId: null,
			urgency: 'acute',
			topicKeys: ['honour', 'forced_marriage']
		});
		const topics = await listTopics(database.db, fresh.id);
		const topic = (key: string) => topics.find((t) => t.key === key)!.id;
		const refs = async (query: Parameters<typeof listConsultations>[1]) =>
			(await listConsultations(ctx, query)).consultations.map((x) => x.receivedOn);
		expect(await refs({})).toEqual(['2026-05-09', '2026-02-10', '2026-01-10']);
		expect(await refs({ sort: 'received' })).toEqual(['2026-01-10', '2026-02-10', '2026-05-09']);
		expect(await refs({ status: 'open' })).toEqual(['2026-05-09', '2026-02-10']);
		expect(await refs({ status: 'closed' })).toEqual(['2026-01-10']);
		expect(await refs({ topic: topic('honour') })).toEqual(['2026-05-09', '2026-01-10']);
		expect(await refs({ municipality: 'outside' })).toEqual(['2026-05-09']);
		expect(await refs({ assignee: c.user.userId })).toEqual(['2026-02-10']);
		expect(await refs({ assignee: 'none' })).toEqual(['2026-05-09', '2026-01-10']);
		expect(await refs({ from: '2026-02-01', to: '2026-04-30' })).toEqual(['2026-02-10']);
		expect(await refs({ overdue: true })).toEqual(['2026-02-10']);
		expect(await refs({ sort: 'urgency' })).toEqual(['2026-05-09', '2026-02-10', '2026-01-10']);
		expect(await consultationDashboard(ctx)).toEqual({ new: 1, overdue: 1, mine: 1 });
	});

	it('takes consultations through the JSON API with the same guard and permissions', async () => {
		const post = (ctx: ServiceContext, body: unknown) =>
			createFromJson(
				ctx,
				new Request('http://x/api', {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body)
				})
			);
		const body = {
			receivedOn: '2026-03-01',
			channel: 'email',
			municipalityId: 'SE-2582',
			topicIds: [honourId],
			urgency: 'normal',
			question: QUESTION
		};
		const blocked = await post(coord, { ...body, question: `${QUESTION} Mejla mig: kurator@skolan.example.se` });
		expect(blocked.status).toBe(422);
		expect(await blocked.json()).toMatchObject({
			error: 'error_consultations_pii_found',
			findings: { question: [{ type: 'email', text: 'kurator@skolan.example.se' }] }
		});
		const created = await post(coord, body);
		expect(created.status).toBe(201);
		const { reference } = (await created.json()) as { reference: string };
		expect(reference).toMatch(/^KTN-2026-\d{4}$/);
		expect((await post(coord, { ...body, topicIds: [] })).status).toBe(400);
		expect((await post(asker, body)).status).toBe(201);
		expect((await post(comm, body)).status).toBe(403);
		const form = await createFromJson(
			coord,
			new Request('http://x/api', { method: 'POST', body: JSON.stringify(body) })
		);
		expect(form.status).toBe(415);
		const list = await listAsJson(coord, new URL('http://x/api?status=new&sort=-reference'));
		const json = (await list.json()) as { consultations: Record<string, unknown>[] };
		expect(json.consultations.some((c) => c.reference === reference)).toBe(true);
		// The list never carries a text.
		expect(JSON.stringify(json)).not.toContain('simundervisningen');
	});

	it('tells the handlers by mail that a question came in, without the question', async () => {
		const before = await database.db
			.selectFrom('outbox')
			.select(sql<number>`count(*)`.as('n'))
			.where('kind', '=', 'consultation-new')
			.executeTakeFirstOrThrow();
		const asked = await submitConsultation(asker, memberForm({ urgency: 'acute' }));
		if (!asked.ok) throw new Error(asked.error);
		const mails = await database.db
			.selectFrom('outbox')
			.selectAll()
			.where('kind', '=', 'consultation-new')
			.where('text_body', 'like', `%${asked.value}%`)
			.execute();
		// The coordinator is told; the member who asked, the admin (not a handler) and the communicator are not.
		expect(mails.map((m) => m.recipient)).toEqual([coordinator.user.email]);
		expect(mails[0].text_body).toContain(`${ORIGIN}/app/${network.slug}/consultations/${asked.value}`);
		expect(mails[0].text_body).toMatch(/Akut/);
		expect(mails[0].text_body).not.toContain('riskbedömning');
		const staffMade = await createConsultation(coord, staff());
		expect(staffMade.ok).toBe(true);
		const after = await database.db
			.selectFrom('outbox')
			.select(sql<number>`count(*)`.as('n'))
			.where('kind', '=', 'consultation-new')
			.executeTakeFirstOrThrow();
		// What the team registers itself needs no mail.
		expect(Number(after.n)).toBe(Number(before.n) + 1);
	});

	it('keeps an answer being written from the asker, and needs an answer before an asker sees "answered"', async () => {
		const asked = (await submitConsultation(asker, memberForm())) as { ok: true; value: string };
		expect(await changeStatus(coord, asked.value, 'answered')).toMatchObject({
			ok: false,
			error: 'error_consultations_answer_missing'
		});
		await answerConsultation(coord, asked.value, {
			answer: 'Utkast till svar om skyddsbedömning.',
			markAnswered: false
		});
		const draft = await getConsultation(asker, asked.value);
		expect(draft.ok && draft.value.answer).toBeNull();
		expect(await changeStatus(coord, asked.value, 'answered')).toMatchObject({ ok: true });
		const answered = await getConsultation(asker, asked.value);
		expect(answered.ok && answered.value.answer).toBe('Utkast till svar om skyddsbedömning.');
	});

	it('offers no hidden topic on new consultations, but lets a record keep one it has', async () => {
		const { setTopicHidden } = await import('#lib/server/consultations/settings-service.ts');
		const created = (await createConsultation(coord, staff({ topicIds: [threatsId] }))) as { ok: true; value: string };
		expect(await setTopicHidden(adminCtx, threatsId, true)).toMatchObject({ ok: true });
		try {
			expect(await createConsultation(coord, staff({ topicIds: [threatsId] }))).toMatchObject({
				ok: false,
				field: 'topicIds'
			});
			const edit = recordFormSchema.parse(
				formObject(formData({ ...formFields(staff()), topicIds: [threatsId, honourId] }), arrayFields)
			);
			expect(await updateConsultationRecord(coord, created.value, edit)).toEqual({ ok: true, value: undefined });
		} finally {
			await setTopicHidden(adminCtx, threatsId, false);
		}
	});

	it('lets no admin make themselves a handler while a coordinator handles (decision 015)', async () => {
		expect(await setAdminHandler(adminCtx, admin.user.userId, true)).toEqual({
			ok: false,
			error: 'error_consultations_handler_self'
		});
	});

	it("keeps the anonymous asker's address out of the audit log", async () => {
		const asked = await askAnonymously(publicContext('203.0.113.77'), anonymous());
		if (!asked.ok) throw new Error(asked.error);
		const rows = await database.db
			.selectFrom('audit_event')
			.select(['client_address', 'request_id', 'actor_user_id'])
			.where('network_id', '=', network.id)
			.where('action', '=', 'consultations.created')
			.where('actor_user_id', 'is', null)
			.execute();
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) expect(row).toEqual({ client_address: null, request_id: null, actor_user_id: null });
		const throttle = await database.db.selectFrom('auth_throttle').select('key').execute();
		expect(throttle.map((t) => t.key).join(' ')).not.toContain('203.0.113.77');
	});

	it('keeps the structured fields correctable after the texts are erased, but takes no new text', async () => {
		const created = await newConsultation(database.db, network, { status: 'closed', receivedOn: '2025-01-10' });
		await database.db
			.updateTable('consultation')
			.set({ question_encrypted: null, text_erased_at: new Date('2026-02-01T03:00:00Z').toISOString() })
			.where('id', '=', created.id)
			.execute();
		const read = await getConsultation(coord, created.reference);
		expect(read.ok && read.value).toMatchObject({ question: null, textErasedAt: expect.any(Date) });
		const edit = recordFormSchema.parse(
			formObject(formData({ ...formFields(staff()), receivedOn: '2025-01-11', question: '' }), arrayFields)
		);
		expect(await updateConsultationRecord(coord, created.reference, edit)).toEqual({ ok: true, value: undefined });
		expect(await addLogEntry(coord, created.reference, log())).toMatchObject({
			ok: false,
			error: 'error_consultations_text_erased'
		});
		expect(await addLogEntry(coord, created.reference, log({ kind: 'team_meeting', text: '' }))).toMatchObject({
			ok: true
		});
	});
});

/** A parsed staff form back into the strings a browser would post. */
function formFields(form: StaffForm): Record<string, string | string[]> {
	return {
		receivedOn: form.receivedOn,
		channel: form.channel,
		municipalityId: form.municipalityId,
		organisationTypeId: form.organisationTypeId ?? '',
		askerFunction: form.askerFunction ?? '',
		topicIds: form.topicIds,
		caseType: form.caseType ?? '',
		ageGroup: form.ageGroup ?? '',
		gender: form.gender ?? '',
		vulnerabilities: form.vulnerabilities,
		perpetrator: form.perpetrator ?? '',
		urgency: form.urgency,
		question: form.question,
		followUpOn: form.followUpOn ?? ''
	};
}
