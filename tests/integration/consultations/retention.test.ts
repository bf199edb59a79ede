import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setStatus } from '#lib/server/consultations/workflow-repository.ts';
import { eraseExpiredTexts, retentionCutoff } from '#lib/server/consultations/retention.ts';
import {
	getRetentionSettings,
	retentionSettingsSchema,
	updateRetentionSettings
} from '#lib/server/consultations/settings-service.ts';
import { listAuditEvents } from '#lib/server/platform/audit-repository.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { toDateOrNull } from '#lib/server/platform/db/values.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import type { Kysely } from 'kysely';
import { newConsultation, newMember, newNetwork, serviceContext } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

/** The clock of these tests: 15 June 2026, noon in Stockholm. */
const NOW = new Date('2026-06-15T10:00:00Z');
const DAY = 24 * 60 * 60_000;
const QUESTION = 'Mentorn berättar att eleven i årskurs 8 inte får gå på skolresan och verkar rädd för sin bror.';
const ANSWER = 'Vi rekommenderar en orosanmälan och ett samtal med eleven ensam.';
const LOG_TEXT = 'Diskuterat skyddsbedömning med skolkuratorn.';

/** The raw row, as the database holds it after the job. */
async function stored(db: Kysely<Database>, id: string) {
	const row = await db.selectFrom('consultation').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
	const logs = await db
		.selectFrom('consultation_log')
		.selectAll()
		.where('consultation_id', '=', id)
		.orderBy('id')
		.execute();
	const topics = await db.selectFrom('consultation_topic_link').selectAll().where('consultation_id', '=', id).execute();
	return { row, logs, topics, erasedAt: toDateOrNull(row.text_erased_at) };
}

async function erasureAudits(db: Kysely<Database>, networkId: string) {
	const { rows } = await listAuditEvents(
		db,
		networkId,
		{ actionPrefix: 'consultations.text_erased' },
		{ limit: 1000, offset: 0 }
	);
	return rows;
}

describe.each(testDialects)('retention of consultation texts (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let shortNetwork: NetworkRef;
	let otherNetwork: NetworkRef;
	let admin: ServiceContext;
	let coordinator: ServiceContext;
	let member: ServiceContext;

	/** A closed consultation of `target` with a question, an answer, a contact, a code and two log texts. */
	async function closed(target: NetworkRef, closedAt: Date, extra: Parameters<typeof newConsultation>[2] = {}) {
		const created = await newConsultation(db, target, {
			status: 'closed',
			closedAt,
			receivedOn: '2025-01-10',
			question: QUESTION,
			answer: ANSWER,
			contact: 'mentor@skolan.example.se',
			askerFunction: 'Mentor på högstadiet',
			log: [
				{ text: LOG_TEXT, minutesSpent: 30 },
				{ kind: 'referral', text: 'Hänvisad till socialtjänsten.' }
			],
			...extra
		});
		await db
			.updateTable('consultation')
			.set({ follow_up_code_hash: 'a'.repeat(64) })
			.where('id', '=', created.id)
			.execute();
		return created;
	}

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db, { country: 'SE' });
		shortNetwork = await newNetwork(db, { country: 'NO' });
		otherNetwork = await newNetwork(db, { country: 'SE' });
		const adminMember = await newMember(db, network.id, { role: 'admin' });
		const coordinatorMember = await newMember(db, network.id, { role: 'coordinator' });
		const plainMember = await newMember(db, network.id, { role: 'member' });
		admin = serviceContext(db, { network, user: adminMember.user, role: 'admin', now: NOW });
		coordinator = serviceContext(db, { network, user: coordinatorMember.user, role: 'coordinator', now: NOW });
		member = serviceContext(db, { network, user: plainMember.user, role: 'member', now: NOW });
	});
	afterAll(() => database.cleanup());

	describe('the setting', () => {
		it('is 12 months until an admin chooses, then what they chose, audited', async () => {
			const own = await newNetwork(db);
			const ownAdmin = await newMember(db, own.id, { role: 'admin' });
			const ctx = serviceContext(db, { network: own, user: ownAdmin.user, role: 'admin', now: NOW });
			expect(await getRetentionSettings(ctx)).toEqual({ retentionMonths: 12, isDefault: true, updatedAt: null });

			const saved = await updateRetentionSettings(ctx, { retentionMonths: 24 });
			expect(saved).toEqual({ ok: true, value: { retentionMonths: 24, isDefault: false, updatedAt: NOW } });
			expect(await updateRetentionSettings(ctx, { retentionMonths: 6 })).toMatchObject({ ok: true });
			expect(await getRetentionSettings(ctx)).toEqual({ retentionMonths: 6, isDefault: false, updatedAt: NOW });

			const { rows } = await listAuditEvents(
				db,
				own.id,
				{ actionPrefix: 'consultations.retention_updated' },
				{ limit: 10, offset: 0 }
			);
			expect(rows).toHaveLength(2);
			expect(rows[0]).toMatchObject({
				actorUserId: ownAdmin.user.userId,
				entityType: 'consultation_settings',
				entityId: own.id,
				outcome: 'success'
			});
			// Another network's setting is its own.
			expect((await getRetentionSettings(admin)).retentionMonths).toBe(12);
		});

		it('takes whole months from 1 to 120', async () => {
			for (const months of [0, -1, 121, 2.5, Number.NaN]) {
				expect(await updateRetentionSettings(admin, { retentionMonths: months })).toEqual({
					ok: false,
					error: 'error_consultation_jobs_retention_range',
					field: 'retentionMonths'
				});
			}
			expect((await getRetentionSettings(admin)).isDefault).toBe(true);
			expect(retentionSettingsSchema.safeParse({ retentionMonths: '18' })).toMatchObject({
				success: true,
				data: { retentionMonths: 18 }
			});
			for (const value of ['', 'tolv', '0', '121', '1.5'])
				expect(retentionSettingsSchema.safeParse({ retentionMonths: value }).success).toBe(false);
		});

		it('is for admins only: coordinators and members are refused, and the refusal audited', async () => {
			for (const ctx of [coordinator, member]) {
				await expect(getRetentionSettings(ctx)).rejects.toBeInstanceOf(PermissionDenied);
				await expect(updateRetentionSettings(ctx, { retentionMonths: 1 })).rejects.toBeInstanceOf(PermissionDenied);
			}
			const { rows } = await listAuditEvents(
				db,
				network.id,
				{ actionPrefix: 'permission.consultations.settings', outcome: 'denied' },
				{ limit: 10, offset: 0 }
			);
			expect(rows).toHaveLength(4);
			expect((await getRetentionSettings(admin)).isDefault).toBe(true);
		});
	});

	describe('the daily job', () => {
		it('counts calendar months from the start of the closing day in the network’s time zone', () => {
			expect(retentionCutoff(NOW, 'Europe/Stockholm', 12).toISOString()).toBe('2025-06-14T22:00:00.000Z');
			expect(retentionCutoff(NOW, 'Europe/Oslo', 3).toISOString()).toBe('2026-03-14T23:00:00.000Z');
			// 31 March minus one month is the last day of February.
			expect(retentionCutoff(new Date('2026-03-31T10:00:00Z'), 'UTC', 1).toISOString()).toBe(
				'2026-02-28T00:00:00.000Z'
			);
		});

		it('erases texts closed longer ago than the retention period, keeps everything else, and audits each', async () => {
			// Closed 14 June 2025 (Stockholm): more than 12 months on 15 June 2026.
			const expired = await closed(network, new Date('2025-06-14T20:00:00Z'));
			const longAgo = await closed(network, new Date('2024-02-01T09:00:00Z'));
			// Closed 15 June 2025 (01:30 in Stockholm, still 14 June in UTC): exactly 12 months, kept one more day.
			const lastDay = await closed(network, new Date('2025-06-14T23:30:00Z'));
			const recent = await closed(network, new Date('2026-05-01T10:00:00Z'));
			const open = await newConsultation(db, network, { status: 'in_progress', question: QUESTION });
			// Closed long ago, then reopened: the retention clock stopped.
			const reopened = await closed(network, new Date('2024-01-15T10:00:00Z'));
			expect(
				await setStatus(db, network.id, reopened.id, 'closed', 'in_progress', new Date('2026-06-01T08:00:00Z'))
			).toBe(true);
			const before = await stored(db, expired.id);

			const counts = await eraseExpiredTexts(db, NOW);
			expect(counts).toEqual({ networks: 1, consultations: 2, logEntries: 4 });

			for (const id of [expired.id, longAgo.id]) {
				const after = await stored(db, id);
				expect(after.row).toMatchObject({
					question_encrypted: null,
					answer_encrypted: null,
					contact_encrypted: null,
					asker_function: null
				});
				// The anonymous asker can still see that the texts were erased.
				expect(after.row.follow_up_code_hash).toBe('a'.repeat(64));
				expect(after.erasedAt?.toISOString()).toBe(NOW.toISOString());
				expect(after.logs).toHaveLength(2);
				expect(after.logs.map((log) => log.text_encrypted)).toEqual([null, null]);
			}
			// The structured fields stay for the statistics, log entries included (kind, date, time spent).
			const after = await stored(db, expired.id);
			const structured = (row: typeof before.row) => {
				const {
					question_encrypted: _q,
					answer_encrypted: _a,
					contact_encrypted: _c,
					follow_up_code_hash: _h,
					asker_function: _f,
					text_erased_at: _e,
					...rest
				} = row;
				return rest;
			};
			expect(structured(after.row)).toEqual(structured(before.row));
			expect(after.row).toMatchObject({ status: 'closed', reference: expired.reference, received_on: '2025-01-10' });
			expect(after.topics).toEqual(before.topics);
			expect(after.logs.map(({ text_encrypted: _t, ...rest }) => rest)).toEqual(
				before.logs.map(({ text_encrypted: _t, ...rest }) => rest)
			);
			expect(after.logs.map((log) => log.minutes_spent).sort()).toEqual([30, null].sort());

			for (const id of [lastDay.id, recent.id, open.id, reopened.id]) {
				const kept = await stored(db, id);
				expect(kept.row.question_encrypted).not.toBeNull();
				expect(kept.erasedAt).toBeNull();
				expect(kept.logs.every((log) => log.text_encrypted !== null)).toBe(true);
			}
			expect((await stored(db, reopened.id)).row.answer_encrypted).not.toBeNull();

			const audits = await erasureAudits(db, network.id);
			expect(audits.map((a) => a.entityId).sort()).toEqual([expired.id, longAgo.id].sort());
			for (const audit of audits) {
				expect(audit).toMatchObject({ actorUserId: null, entityType: 'consultation', outcome: 'success' });
				expect(audit.occurredAt.toISOString()).toBe(NOW.toISOString());
			}

			// The day after, the one closed exactly twelve months before is erased too, and nothing else.
			const tomorrow = new Date(NOW.getTime() + DAY);
			expect(await eraseExpiredTexts(db, tomorrow)).toEqual({ networks: 1, consultations: 1, logEntries: 2 });
			expect((await stored(db, lastDay.id)).erasedAt?.toISOString()).toBe(tomorrow.toISOString());
			expect((await stored(db, recent.id)).erasedAt).toBeNull();
			expect((await stored(db, reopened.id)).erasedAt).toBeNull();
			// A second run finds nothing left, and audits nothing twice.
			expect(await eraseExpiredTexts(db, tomorrow)).toEqual({ networks: 0, consultations: 0, logEntries: 0 });
			expect(await erasureAudits(db, network.id)).toHaveLength(3);
		});

		it('follows each network’s own period and leaves other networks alone', async () => {
			const ownAdmin = await newMember(db, shortNetwork.id, { role: 'admin' });
			const ctx = serviceContext(db, { network: shortNetwork, user: ownAdmin.user, role: 'admin', now: NOW });
			expect(await updateRetentionSettings(ctx, { retentionMonths: 3 })).toMatchObject({ ok: true });
			// Oslo: closed 14 March 2026 is past three months on 15 June; closed 15 March is not yet.
			const pastThree = await closed(shortNetwork, new Date('2026-03-14T12:00:00Z'));
			const withinThree = await closed(shortNetwork, new Date('2026-03-15T12:00:00Z'));
			// The other network keeps the default twelve months: five months closed is nowhere near.
			const otherFive = await closed(otherNetwork, new Date('2026-01-10T12:00:00Z'));
			const otherYear = await closed(otherNetwork, new Date('2025-03-01T12:00:00Z'));

			const counts = await eraseExpiredTexts(db, NOW);
			expect(counts).toEqual({ networks: 2, consultations: 2, logEntries: 4 });
			expect((await stored(db, pastThree.id)).erasedAt).not.toBeNull();
			expect((await stored(db, withinThree.id)).erasedAt).toBeNull();
			expect((await stored(db, otherFive.id)).row.question_encrypted).not.toBeNull();
			expect((await stored(db, otherYear.id)).erasedAt).not.toBeNull();
			expect((await erasureAudits(db, shortNetwork.id)).map((a) => a.entityId)).toEqual([pastThree.id]);
			expect((await erasureAudits(db, otherNetwork.id)).map((a) => a.entityId)).toEqual([otherYear.id]);
		});

		it('erases and audits each consultation once when two instances run at the same moment', async () => {
			const own = await newNetwork(db);
			const ids: string[] = [];
			for (let i = 0; i < 12; i++) ids.push((await closed(own, new Date(`2024-0${1 + (i % 9)}-10T12:00:00Z`))).id);
			// Small batches, so the two runs interleave transaction by transaction.
			const [a, b] = await Promise.all([
				eraseExpiredTexts(db, NOW, { batchSize: 5 }),
				eraseExpiredTexts(db, NOW, { batchSize: 3 })
			]);
			expect(a.consultations + b.consultations).toBe(12);
			expect(a.logEntries + b.logEntries).toBe(24);
			expect((await erasureAudits(db, own.id)).map((row) => row.entityId).sort()).toEqual(ids.sort());
		});
	});
});
