import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '#lib/format.ts';
import { m } from '#lib/paraglide/messages.js';
import { askAnonymously } from '#lib/server/consultations/anonymous-service.ts';
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
import { addLogEntry, answerConsultation } from '#lib/server/consultations/log-service.ts';
import { type PublicContext } from '#lib/server/platform/context.ts';
import { listTopics } from '#lib/server/consultations/settings-repository.ts';
import { scanForNetwork } from '#lib/server/consultations/api.ts';
import { upsertNetworkText } from '#lib/server/networks/repository.ts';
import { createAuditor } from '#lib/server/platform/audit.ts';
import type { Locale, NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { formObject } from '#lib/server/platform/http.ts';
import { detectorOverrides } from '#lib/server/pii/scan.ts';
import {
	addNetworkMunicipalities,
	ensureOrganisationTypes,
	newMember,
	newNetwork,
	newOrganisation,
	outboxMailer,
	serviceContext,
	testKeyring,
	type TestMember
} from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

/**
 * What a coordinator meets in daily use: the guard's message names what was not saved, the dates
 * of a consultation are checked against what they mean, and "read by" shows each reader once.
 */
function formData(values: Record<string, string | string[]>): FormData {
	const data = new FormData();
	for (const [key, value] of Object.entries(values))
		for (const one of Array.isArray(value) ? value : [value]) data.append(key, one);
	return data;
}

const QUESTION = 'En kurator undrar hur skolan ska tänka när en elev berättar om kontroll hemma och oro för resor.';
const ORIGIN = 'https://samverkan.example.org';
const NOW = new Date('2026-03-10T09:00:00Z');
const TODAY = '2026-03-10';
const locales = ['sv', 'nb', 'en'] as const;

/** A day `offset` days from `day` (YYYY-MM-DD). */
function shift(day: string, offset: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

describe.each(testDialects)('consultations in daily use (%s)', (dialect) => {
	let database: TestDatabase;
	let network: NetworkRef;
	let unpublished: NetworkRef;
	let coordinator: TestMember;
	let member: TestMember;
	let admin: TestMember;
	let coord: ServiceContext;
	let honourId: string;
	let schoolTypeId: string;

	const contextIn = (locale: Locale, who: TestMember = coordinator, role: 'coordinator' | 'member' = 'coordinator') =>
		serviceContext(database.db, { network, user: who.user, role, now: NOW, locale });

	const staffValues = (values: Record<string, string | string[]> = {}) => ({
		receivedOn: '2026-03-02',
		channel: 'phone',
		municipalityId: 'SE-2580',
		organisationTypeId: schoolTypeId,
		askerFunction: 'kurator',
		topicIds: [honourId],
		caseType: 'one_person',
		ageGroup: 'age_13_17',
		gender: 'girl_woman',
		vulnerabilities: [],
		perpetrator: '',
		urgency: 'normal',
		question: QUESTION,
		followUpOn: '',
		assigneeUserId: '',
		...values
	});
	const staff = (values: Record<string, string | string[]> = {}): StaffForm =>
		staffFormSchema.parse(formObject(formData(staffValues(values)), arrayFields));
	const record = (values: Record<string, string | string[]> = {}) => {
		const { assigneeUserId: _, ...rest } = staffValues(values);
		return recordFormSchema.parse(formObject(formData(rest), arrayFields));
	};
	const memberForm = (values: Record<string, string> = {}): MemberForm =>
		memberFormSchema.parse(
			formObject(
				formData({
					municipalityId: 'SE-2580',
					organisationTypeId: '',
					askerFunction: '',
					topicIds: [honourId],
					caseType: '',
					ageGroup: '',
					gender: '',
					vulnerabilities: [],
					perpetrator: '',
					urgency: 'normal',
					question: QUESTION,
					...values
				}),
				arrayFields
			)
		);
	const anonymous = (values: Record<string, string> = {}): AnonymousForm =>
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
					question: QUESTION,
					contact: '',
					deidentified: 'on',
					website: '',
					...values
				}),
				arrayFields
			)
		);
	const log = (values: Partial<Record<keyof LogForm, string>> = {}): LogForm =>
		logFormSchema.parse({
			kind: 'note',
			occurredOn: '2026-03-03',
			minutesSpent: '',
			text: 'Samtal med kuratorn om nästa steg.',
			referralTypeId: '',
			referralOrganisationId: '',
			followUpOn: '',
			...values
		});
	function publicContext(locale: Locale = 'sv'): PublicContext {
		return {
			db: database.db,
			network,
			now: NOW,
			locale,
			keyring: testKeyring,
			mail: outboxMailer(),
			audit: createAuditor(database.db, { networkId: network.id, actorUserId: null, clientAddress: null }),
			clientAddress: `198.51.100.${Math.floor(Math.random() * 200)}`,
			requestId: null,
			publicOrigin: ORIGIN
		};
	}
	async function created(values: Record<string, string | string[]> = {}): Promise<string> {
		const result = await createConsultation(coord, staff(values));
		if (!result.ok) throw new Error(result.error);
		return result.value;
	}

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		const db = database.db;
		network = await newNetwork(db, {
			country: 'SE',
			referencePrefix: 'NB',
			contactPhone: '+46920453000',
			contactEmail: 'kontakt@kompetensteamet.example.se'
		});
		unpublished = await newNetwork(db, { country: 'SE', referencePrefix: 'UP' });
		await upsertNetworkText(
			db,
			network.id,
			{ kind: 'contact', locale: 'sv', body: 'Besök oss på Stationsgatan 12, 972 38 Luleå.' },
			null,
			NOW
		);
		await newOrganisation(db, network.id, {
			switchboard: '+46920455000',
			visitingAddress: 'Kungsgatan 40, 972 41 Luleå'
		});
		await newOrganisation(db, network.id, { switchboard: '+46920466000', active: false });
		await addNetworkMunicipalities(db, network.id, ['SE-2580', 'SE-2581']);
		schoolTypeId = (await ensureOrganisationTypes(db, network.id)).school;
		coordinator = await newMember(db, network.id, {
			role: 'coordinator',
			twoFactorEnabled: true,
			name: 'Cecilia Samordnare'
		});
		member = await newMember(db, network.id, { role: 'member', name: 'Maja Medlem' });
		admin = await newMember(db, network.id, { role: 'coordinator', twoFactorEnabled: true, name: 'Anders Andersson' });
		coord = contextIn('sv');
		const { ensureDefaultTopics } = await import('#lib/server/consultations/settings-repository.ts');
		await ensureDefaultTopics(db, network.id);
		honourId = (await listTopics(db, network.id)).find((t) => t.key === 'honour')!.id;
	});
	afterAll(() => database.cleanup());

	describe('the anonymity guard says what was not saved', () => {
		const withPhone = `${QUESTION} Ring henne på 070-123 45 67.`;
		const says = {
			question: {
				sv: 'Frågan har inte sparats',
				nb: 'Spørsmålet er ikke lagret',
				en: 'The question has not been saved'
			},
			answer: { sv: 'Svaret har inte sparats', nb: 'Svaret er ikke lagret', en: 'The answer has not been saved' },
			log: {
				sv: 'Loggposten har inte sparats',
				nb: 'Loggføringen er ikke lagret',
				en: 'The log entry has not been saved'
			},
			changes: {
				sv: 'Ändringarna har inte sparats',
				nb: 'Endringene er ikke lagret',
				en: 'The changes have not been saved'
			}
		};
		const paths: [keyof typeof says, string, () => Promise<{ ok: boolean; error?: string }>][] = [];

		it('names the question, the answer, the log entry or the changes, on every path, in three languages', async () => {
			const reference = await created();
			paths.push(
				['question', 'error_consultations_pii_found', () => createConsultation(coord, staff({ question: withPhone }))],
				[
					'question',
					'error_consultations_pii_found',
					() => submitConsultation(contextIn('sv', member, 'member'), memberForm({ question: withPhone }))
				],
				[
					'question',
					'error_consultations_pii_found',
					() => askAnonymously(publicContext(), anonymous({ question: withPhone }))
				],
				[
					'answer',
					'error_consultations_pii_found_answer',
					() => answerConsultation(coord, reference, { answer: withPhone, markAnswered: false })
				],
				['log', 'error_consultations_pii_found_log', () => addLogEntry(coord, reference, log({ text: withPhone }))],
				[
					'changes',
					'error_consultations_pii_found_changes',
					() => updateConsultationRecord(coord, reference, record({ question: withPhone }))
				]
			);
			for (const [subject, key, save] of paths) {
				const result = await save();
				expect(result.ok, subject).toBe(false);
				expect(result.error, subject).toBe(key);
				for (const locale of locales) {
					const message = (m as unknown as Record<string, (p: object, o: object) => string>)[key]({}, { locale });
					expect(message, `${subject} ${locale}`).toContain(says[subject][locale]);
				}
			}
			const read = await getConsultation(coord, reference);
			expect(read.ok && read.value).toMatchObject({ question: QUESTION, answer: null, log: [] });
		});

		it('says the same when the guard cannot check (fails closed)', async () => {
			const reference = await created();
			detectorOverrides.set('name', () => {
				throw new Error('gazetteer missing');
			});
			try {
				const expected = {
					question: await createConsultation(coord, staff()),
					answer: await answerConsultation(coord, reference, { answer: 'Ett svar.', markAnswered: false }),
					log: await addLogEntry(coord, reference, log()),
					changes: await updateConsultationRecord(coord, reference, record())
				};
				for (const [subject, result] of Object.entries(expected)) {
					expect(result.ok, subject).toBe(false);
					const key = (result as { error: string }).error;
					expect(key).toMatch(/^error_consultations_pii_check_failed/);
					for (const locale of locales) {
						const message = (m as unknown as Record<string, (p: object, o: object) => string>)[key]({}, { locale });
						expect(message.toLowerCase(), `${subject} ${locale}`).toContain(
							says[subject as keyof typeof says][locale].toLowerCase()
						);
					}
				}
			} finally {
				detectorOverrides.delete('name');
			}
		});
	});

	describe('dates are checked against what they mean', () => {
		it('refuses a follow-up before the question was received, naming the field and the day', async () => {
			const result = await createConsultation(coord, staff({ receivedOn: '2026-03-05', followUpOn: '2026-03-01' }));
			expect(result).toEqual({
				ok: false,
				field: 'followUpOn',
				error: m.error_consultations_follow_up_before_received(
					{ date: formatDay('2026-03-05', 'sv') },
					{ locale: 'sv' }
				)
			});
			const inEnglish = await createConsultation(
				contextIn('en'),
				staff({ receivedOn: '2026-03-05', followUpOn: '2026-03-04' })
			);
			expect(!inEnglish.ok && inEnglish.error).toBe(
				'“Follow up on” cannot be before the day the question was received, 5 Mar 2026.'
			);
			const future = await createConsultation(contextIn('nb'), staff({ receivedOn: '2026-03-11' }));
			expect(future).toMatchObject({ ok: false, field: 'receivedOn' });
			expect(!future.ok && future.error).toContain(formatDay(TODAY, 'nb'));
		});

		it('accepts exactly the dates on the right side of their limits (generated around the boundaries)', async () => {
			const reference = await created({ receivedOn: '2026-03-04' });
			const near = fc.integer({ min: -3, max: 3 });
			await fc.assert(
				fc.asyncProperty(near, near, near, fc.constantFrom(...locales), async (received, followUp, logged, locale) => {
					const ctx = contextIn(locale);
					// The staff form: received not after today; follow-up not before received.
					const receivedOn = shift(TODAY, received);
					const followUpOn = shift(receivedOn, followUp);
					const form = await createConsultation(ctx, staff({ receivedOn, followUpOn }));
					const formOk = receivedOn <= TODAY && followUpOn >= receivedOn;
					expect(form.ok, `${receivedOn} ${followUpOn}`).toBe(formOk);
					if (!form.ok) {
						expect(form.field).toBe(receivedOn > TODAY ? 'receivedOn' : 'followUpOn');
						expect(form.error).toContain(formatDay(receivedOn > TODAY ? TODAY : receivedOn, locale));
					}
					// A log entry: between received (2026-03-04) and today; its follow-up not before it.
					const occurredOn = shift(received < 0 ? '2026-03-04' : TODAY, logged);
					const entryFollowUp = shift(occurredOn, followUp);
					const entry = await addLogEntry(ctx, reference, log({ occurredOn, followUpOn: entryFollowUp }));
					const entryOk = occurredOn >= '2026-03-04' && occurredOn <= TODAY && entryFollowUp >= occurredOn;
					expect(entry.ok, `${occurredOn} ${entryFollowUp}`).toBe(entryOk);
					if (!entry.ok) {
						const field = occurredOn < '2026-03-04' || occurredOn > TODAY ? 'occurredOn' : 'followUpOn';
						expect(entry.field).toBe(field);
						const limit = occurredOn > TODAY ? TODAY : occurredOn < '2026-03-04' ? '2026-03-04' : occurredOn;
						expect(entry.error).toContain(formatDay(limit, locale));
					}
				}),
				{ numRuns: 60 }
			);
		});

		it('keeps received on or before the first log entry and the answer when the record is edited', async () => {
			const reference = await created({ receivedOn: '2026-03-02' });
			expect((await addLogEntry(coord, reference, log({ occurredOn: '2026-03-04' }))).ok).toBe(true);
			const late = await updateConsultationRecord(coord, reference, record({ receivedOn: '2026-03-05' }));
			expect(late).toMatchObject({ ok: false, field: 'receivedOn' });
			expect(!late.ok && late.error).toBe(
				m.error_consultations_received_after_log({ date: formatDay('2026-03-04', 'sv') }, { locale: 'sv' })
			);
			expect((await updateConsultationRecord(coord, reference, record({ receivedOn: '2026-03-04' }))).ok).toBe(true);
			const follow = await updateConsultationRecord(
				coord,
				reference,
				record({ receivedOn: '2026-03-04', followUpOn: '2026-03-03' })
			);
			expect(follow).toMatchObject({ ok: false, field: 'followUpOn' });

			const answered = await created({ receivedOn: '2026-03-01' });
			const earlier = serviceContext(database.db, {
				network,
				user: coordinator.user,
				role: 'coordinator',
				now: new Date('2026-03-05T09:00:00Z'),
				locale: 'sv'
			});
			const answer = await answerConsultation(earlier, answered, { answer: 'Gör en orosanmälan.', markAnswered: true });
			expect(answer.ok).toBe(true);
			const after = await updateConsultationRecord(coord, answered, record({ receivedOn: '2026-03-06' }));
			expect(after).toMatchObject({ ok: false, field: 'receivedOn' });
			expect(!after.ok && after.error).toBe(
				m.error_consultations_received_after_answer({ date: formatDay('2026-03-05', 'sv') }, { locale: 'sv' })
			);
			expect((await updateConsultationRecord(coord, answered, record({ receivedOn: '2026-03-05' }))).ok).toBe(true);
		});
	});

	describe('the network’s own published contact details', () => {
		const published =
			'Ring oss på 0920-45 30 00 eller mejla kontakt@kompetensteamet.example.se. Vi sitter på Stationsgatan 12, 972 38 Luleå; socialtjänstens växel 0920455000, Kungsgatan 40.';

		it('are no personal data in an answer, a log entry or a question of this network', async () => {
			const reference = await created();
			expect(await answerConsultation(coord, reference, { answer: published, markAnswered: false })).toEqual({
				ok: true,
				value: undefined
			});
			expect((await addLogEntry(coord, reference, log({ text: published }))).ok).toBe(true);
			expect((await createConsultation(coord, staff({ question: `${QUESTION} ${published}` }))).ok).toBe(true);
			expect((await askAnonymously(publicContext(), anonymous({ question: `${QUESTION} ${published}` }))).ok).toBe(
				true
			);
		});

		it('still stop a person’s number beside them, a near variant, an inactive organisation’s number, and the same details in another network', async () => {
			const reference = await created();
			const cases: [string, string][] = [
				[`${published} Hennes mobil: 070-123 45 67.`, '070-123 45 67'],
				['Ring oss på 0920-45 30 01.', '0920-45 30 01'],
				['Den gamla växeln 0920-46 60 00.', '0920-46 60 00'],
				['Hon bor på Stationsgatan 14.', 'Stationsgatan 14']
			];
			for (const [answer, flagged] of cases) {
				const result = await answerConsultation(coord, reference, { answer, markAnswered: false });
				expect(result.ok, answer).toBe(false);
				if (!result.ok) expect(result.findings?.answer.map((f) => f.text)).toEqual([flagged]);
			}
			const elsewhere = serviceContext(database.db, {
				network: unpublished,
				user: (await newMember(database.db, unpublished.id, { role: 'coordinator', twoFactorEnabled: true })).user,
				role: 'coordinator',
				now: NOW
			});
			const { newConsultation } = await import('../../fixtures/factories.ts');
			const theirs = await newConsultation(database.db, unpublished);
			const there = await answerConsultation(elsewhere, theirs.reference, { answer: published, markAnswered: false });
			expect(!there.ok && there.findings?.answer.map((f) => f.type)).toEqual(
				expect.arrayContaining(['phone', 'email', 'address'])
			);
		});

		it('are let through by the network’s preview scan too, and only by its own', async () => {
			const request = (text: string) =>
				new Request(`${ORIGIN}/api/v1/networks/x/pii/scan`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ text })
				});
			const ours = await scanForNetwork(coord, request(`${published} Mobil 070-123 45 67.`));
			expect(ours.status).toBe(200);
			expect(((await ours.json()) as { findings: { text: string }[] }).findings.map((f) => f.text)).toEqual([
				'070-123 45 67'
			]);
			const elsewhere = serviceContext(database.db, {
				network: unpublished,
				user: (await newMember(database.db, unpublished.id, { role: 'member' })).user,
				role: 'member',
				now: NOW
			});
			const theirs = await scanForNetwork(elsewhere, request(published));
			expect(((await theirs.json()) as { findings: unknown[] }).findings.length).toBeGreaterThanOrEqual(4);
		});
	});

	describe('"read by"', () => {
		it('shows each reader once, with how many times and the last time; the audit log keeps every read', async () => {
			const reference = await created();
			const other = contextIn('sv', admin);
			for (let i = 0; i < 3; i++) await getConsultation(coord, reference);
			await getConsultation(other, reference);
			const read = await getConsultation(coord, reference);
			if (!read.ok) throw new Error(read.error);
			expect(read.value.readers.map((r) => [r.name, r.count])).toEqual([
				['Anders Andersson', 1],
				['Cecilia Samordnare', 3]
			]);
			const { findByReference } = await import('#lib/server/consultations/consultations-repository.ts');
			const row = await findByReference(database.db, network.id, reference);
			const rows = await database.db
				.selectFrom('audit_event')
				.select('id')
				.where('action', '=', 'read')
				.where('entity_id', '=', row!.id)
				.execute();
			expect(rows).toHaveLength(5);
		});
	});
});
