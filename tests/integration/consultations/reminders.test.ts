import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { m } from '#lib/paraglide/messages.js';
import { consultationLink } from '#lib/server/consultations/links.ts';
import { queueFollowUpReminders, remindersJob } from '#lib/server/consultations/reminders.ts';
import { setFollowUp, setStatus } from '#lib/server/consultations/workflow-repository.ts';
import type { NetworkRef } from '#lib/server/platform/context.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { Scheduler } from '#lib/server/platform/jobs/scheduler.ts';
import { listOutbox, type OutboxRow } from '#lib/server/platform/mail/outbox.ts';
import { answeredMail, followUpMail } from '#lib/server/consultations/mail.ts';
import { newConsultation, newMember, newNetwork, newUser, type TestMember } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const ORIGIN = 'https://samverkan.example.org';
/** 15 June 2026, 07:00 in Stockholm and Oslo. */
const NOW = new Date('2026-06-15T05:00:00Z');
const QUESTION = 'Kuratorn berättar att flickan i årskurs 9 ska giftas bort under sommarlovet i hemlandet.';
const ANSWER = 'Kontakta socialtjänsten i dag och gör en skyddsbedömning tillsammans med polisen.';
const LOG_TEXT = 'Samrådde med länsstyrelsens kompetensteam om utreseförbud.';

async function reminderMails(db: Kysely<Database>, networkId?: string): Promise<OutboxRow[]> {
	const rows = await listOutbox(db, { limit: 1000 });
	return rows
		.filter((row) => row.kind === 'consultation-follow-up' && (!networkId || row.networkId === networkId))
		.sort((a, b) => a.id - b.id);
}

async function remindedOn(db: Kysely<Database>, id: string): Promise<string | null> {
	const row = await db
		.selectFrom('consultation')
		.select('follow_up_reminded_on')
		.where('id', '=', id)
		.executeTakeFirstOrThrow();
	return row.follow_up_reminded_on;
}

describe.each(testDialects)('follow-up reminders (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let norwegian: NetworkRef;
	let anna: TestMember;
	let ben: TestMember;
	let kari: TestMember;

	/** An open consultation with texts everywhere a mail must not take them from. */
	function due(target: NetworkRef, assignee: TestMember | null, followUpOn: string | null, extra = {}) {
		return newConsultation(db, target, {
			status: 'in_progress',
			assigneeUserId: assignee?.user.userId ?? null,
			followUpOn,
			question: QUESTION,
			answer: ANSWER,
			askerFunction: 'Skolkurator',
			log: [{ text: LOG_TEXT }],
			...extra
		});
	}

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db, { country: 'SE', name: 'Kompetensteamet Norrbotten' });
		norwegian = await newNetwork(db, { country: 'NO', name: 'Kompetanseteamet Troms' });
		anna = await newMember(db, network.id, { role: 'coordinator' });
		ben = await newMember(db, network.id, { role: 'coordinator', user: await newUser(db, { locale: 'en' }) });
		kari = await newMember(db, norwegian.id, { role: 'coordinator' });
	});
	afterAll(() => database.cleanup());

	it('mails the assignee once on the follow-up date: reference, date and link, no text of the case', async () => {
		const today = await due(network, anna, '2026-06-15');
		const overdue = await due(network, ben, '2026-06-01');
		const tomorrow = await due(network, anna, '2026-06-16');
		const closedOne = await due(network, anna, '2026-06-15', { status: 'closed' });
		const unassigned = await due(network, null, '2026-06-15');
		const noDate = await due(network, anna, null);

		expect(await queueFollowUpReminders(db, NOW, ORIGIN)).toEqual({ queued: 2 });
		const mails = await reminderMails(db, network.id);
		expect(mails.map((mail) => mail.to).sort()).toEqual([anna.user.email, ben.user.email].sort());

		const toAnna = mails.find((mail) => mail.to === anna.user.email)!;
		const link = `${ORIGIN}/app/${network.slug}/consultations/${today.reference}`;
		expect(toAnna).toMatchObject({
			networkId: network.id,
			fromName: 'Kompetensteamet Norrbotten',
			status: 'pending',
			subject: m.mail_consultation_follow_up_subject({ reference: today.reference }, { locale: 'sv' })
		});
		expect(toAnna).toMatchObject(
			followUpMail('sv', {
				networkName: network.name,
				reference: today.reference,
				followUpOn: '2026-06-15',
				link
			})
		);
		expect(toAnna.text).toContain(link);
		expect(toAnna.text).toContain('15 juni 2026');
		expect(toAnna.html).toContain(`href="${link}"`);

		// Ben chose English: his mail and its link are in English, whatever the network's language.
		const toBen = mails.find((mail) => mail.to === ben.user.email)!;
		expect(toBen.subject).toBe(`Time to follow up ${overdue.reference}`);
		expect(toBen.text).toContain(`${ORIGIN}/en/app/${network.slug}/consultations/${overdue.reference}`);
		expect(toBen.text).toContain('1 Jun 2026');

		for (const mail of mails) {
			const everything = `${mail.subject}\n${mail.text}\n${mail.html}`;
			for (const secret of [QUESTION, ANSWER, LOG_TEXT, 'Skolkurator', 'giftas', 'flickan'])
				expect(everything).not.toContain(secret);
		}

		expect(await remindedOn(db, today.id)).toBe('2026-06-15');
		expect(await remindedOn(db, overdue.id)).toBe('2026-06-01');
		for (const id of [tomorrow.id, closedOne.id, unassigned.id, noDate.id]) expect(await remindedOn(db, id)).toBeNull();

		// The next hour's run finds nothing new.
		expect(await queueFollowUpReminders(db, new Date(NOW.getTime() + 60 * 60_000), ORIGIN)).toEqual({ queued: 0 });
		expect(await reminderMails(db, network.id)).toHaveLength(2);

		// Just after midnight in Stockholm (still 15 June in UTC) tomorrow's date has come.
		expect(await queueFollowUpReminders(db, new Date('2026-06-15T22:30:00Z'), ORIGIN)).toEqual({ queued: 1 });
		const latest = (await reminderMails(db, network.id)).at(-1)!;
		expect(latest.text).toContain(tomorrow.reference);
		expect(await remindedOn(db, tomorrow.id)).toBe('2026-06-16');
	});

	it('reminds a changed follow-up date again, and a reopened consultation, but not one closed meanwhile', async () => {
		const moved = await due(network, anna, '2026-06-15');
		const closing = await due(network, anna, '2026-06-20');
		const reopened = await due(network, anna, '2026-06-15', { status: 'closed' });
		const before = (await reminderMails(db, network.id)).length;
		expect(await queueFollowUpReminders(db, NOW, ORIGIN)).toEqual({ queued: 1 });

		expect(await setFollowUp(db, network.id, moved.id, '2026-06-20', NOW)).toBe(true);
		expect(await setStatus(db, network.id, closing.id, 'in_progress', 'closed', NOW)).toBe(true);
		expect(await setStatus(db, network.id, reopened.id, 'closed', 'in_progress', NOW)).toBe(true);
		// Moved, but not due yet; the reopened one is due now.
		expect(await queueFollowUpReminders(db, NOW, ORIGIN)).toEqual({ queued: 1 });
		expect(await remindedOn(db, reopened.id)).toBe('2026-06-15');

		const onTheTwentieth = new Date('2026-06-20T06:00:00Z');
		expect(await queueFollowUpReminders(db, onTheTwentieth, ORIGIN)).toEqual({ queued: 1 });
		expect(await remindedOn(db, moved.id)).toBe('2026-06-20');
		expect(await remindedOn(db, closing.id)).toBeNull();
		const mails = (await reminderMails(db, network.id)).slice(before);
		expect(mails.map((mail) => mail.text.includes(moved.reference))).toEqual([true, false, true]);
		expect(await queueFollowUpReminders(db, onTheTwentieth, ORIGIN)).toEqual({ queued: 0 });
	});

	it('sends nothing to an assignee who has left the network', async () => {
		const leaving = await newMember(db, network.id, { role: 'coordinator', active: false });
		const orphan = await due(network, leaving, '2026-06-15');
		expect(await queueFollowUpReminders(db, NOW, ORIGIN)).toEqual({ queued: 0 });
		expect(await remindedOn(db, orphan.id)).toBeNull();
	});

	it('writes in the network’s language to an assignee without one, from the network’s name', async () => {
		const consultation = await due(norwegian, kari, '2026-06-15');
		expect(await queueFollowUpReminders(db, NOW, ORIGIN)).toEqual({ queued: 1 });
		const [mail] = await reminderMails(db, norwegian.id);
		expect(mail).toMatchObject({ to: kari.user.email, fromName: 'Kompetanseteamet Troms' });
		expect(mail.subject).toBe(`På tide å følge opp ${consultation.reference}`);
		expect(mail.text).toContain(`${ORIGIN}/nb/app/${norwegian.slug}/consultations/${consultation.reference}`);
		expect(consultationLink(`${ORIGIN}/`, norwegian.slug, consultation.reference, 'sv')).toBe(
			`${ORIGIN}/app/${norwegian.slug}/consultations/${consultation.reference}`
		);
	});

	it('queues one mail per date when two instances run at the same moment', async () => {
		const own = await newNetwork(db, { country: 'SE' });
		const coordinator = await newMember(db, own.id, { role: 'coordinator' });
		const consultations = [];
		for (let i = 0; i < 8; i++)
			consultations.push(await due(own, coordinator, `2026-06-${String(8 + i).padStart(2, '0')}`));
		const results = await Promise.all([
			queueFollowUpReminders(db, NOW, ORIGIN),
			queueFollowUpReminders(db, NOW, ORIGIN),
			queueFollowUpReminders(db, NOW, ORIGIN)
		]);
		expect(results.reduce((sum, r) => sum + r.queued, 0)).toBe(8);
		const mails = await reminderMails(db, own.id);
		expect(mails).toHaveLength(8);
		expect(new Set(mails.map((mail) => mail.subject)).size).toBe(8);
	});

	it('runs hourly through the scheduler, once across two instances, and wakes the mail worker', async () => {
		const own = await newNetwork(db, { country: 'SE' });
		const coordinator = await newMember(db, own.id, { role: 'coordinator' });
		await due(own, coordinator, '2026-06-15');
		let woken = 0;
		const logger = pino({ level: 'silent' });
		const now = () => NOW;
		const job = () => remindersJob(db, ORIGIN, () => (woken += 1));
		const one = new Scheduler({ db, jobs: [job()], logger, now });
		const two = new Scheduler({ db, jobs: [job()], logger, now });
		const outcomes = (await Promise.all([one.tick(), two.tick()])).flat();
		expect(outcomes.map((o) => o.status).sort()).toEqual(['ran', 'skipped']);
		expect(outcomes.find((o) => o.status === 'ran')).toMatchObject({ result: { queued: 1 } });
		expect(woken).toBe(1);
		expect(await reminderMails(db, own.id)).toHaveLength(1);
	});
});

describe('the "answered" mail to the asking member', () => {
	it('says that there is an answer, with the reference and a link, in the member’s language', () => {
		const link = `${ORIGIN}/nb/app/troms/consultations/KT-2026-0007`;
		const mail = answeredMail('nb', {
			networkName: 'Kompetanseteamet Troms',
			reference: 'KT-2026-0007',
			link
		});
		expect(mail.subject).toBe('Spørsmålet ditt KT-2026-0007 har fått svar');
		expect(mail.text).toContain(link);
		expect(mail.text).toContain('Kompetanseteamet Troms');
		expect(mail.html).toContain(`href="${link}"`);
		expect(mail.html).toContain('<html lang="nb">');
		for (const locale of ['sv', 'en'] as const)
			expect(answeredMail(locale, { networkName: 'N', reference: 'KT-2026-0007', link }).subject).toContain(
				'KT-2026-0007'
			);
	});
});
