import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordForm, StaffForm } from '#lib/server/consultations/forms.ts';
import {
	ageGroups,
	caseTypes,
	channels,
	genders,
	perpetrators,
	urgencies,
	vulnerabilities
} from '#lib/server/consultations/model.ts';
import { ensureDefaultTopics, listTopics } from '#lib/server/consultations/settings-repository.ts';
import { createConsultation, updateConsultationRecord } from '#lib/server/consultations/consultations-service.ts';
import { daysSinceReceived } from '#lib/server/consultations/dates.ts';
import { changeStatus } from '#lib/server/consultations/workflow-service.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { isPostgres } from '#lib/server/platform/db/dialect.ts';
import { migrations } from '#lib/server/platform/db/migrations/index.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { toDate } from '#lib/server/platform/db/values.ts';
import {
	addNetworkMunicipalities,
	ensureOrganisationTypes,
	newConsultation,
	newMember,
	newNetwork,
	serviceContext
} from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

/**
 * `consultation_stat_day` is kept by triggers (migration 0005). Whatever the services, the factories
 * and raw SQL do to consultations and their topics, it must equal a count made from the rows.
 */

/** The summary counted again from the rows, as sorted `network|day|dimension|value|count` lines. */
async function recount(db: Kysely<Database>): Promise<string[]> {
	const byColumn = {
		channel: 'channel',
		municipality: 'municipality_id',
		organisation_type: 'organisation_type_id',
		case_type: 'case_type',
		age_group: 'age_group',
		gender: 'gender',
		perpetrator: 'perpetrator',
		urgency: 'urgency'
	} as const;
	const flags = {
		disability: 'vulnerable_disability',
		lgbtq: 'vulnerable_lgbtq',
		newly_arrived: 'vulnerable_newly_arrived'
	} as const;
	const yes = isPostgres(db) ? sql`true` : sql`1`;
	const queries = [
		db
			.selectFrom('consultation')
			.select(['network_id', 'received_on', sql<string>`'total'`.as('dimension'), sql<string>`''`.as('value')])
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.groupBy(['network_id', 'received_on']),
		...Object.entries(byColumn).map(([dimension, column]) =>
			db
				.selectFrom('consultation')
				.select((eb) => [
					'network_id',
					'received_on',
					sql<string>`${dimension}`.as('dimension'),
					sql<string>`coalesce(${sql.ref(column)}, '')`.as('value'),
					eb.fn.countAll<number>().as('n')
				])
				.groupBy(['network_id', 'received_on', sql.ref(column)])
		),
		...Object.entries(flags).map(([value, column]) =>
			db
				.selectFrom('consultation')
				.select((eb) => [
					'network_id',
					'received_on',
					sql<string>`'vulnerability'`.as('dimension'),
					sql<string>`${value}`.as('value'),
					eb.fn.countAll<number>().as('n')
				])
				.where(sql.ref(column), '=', yes)
				.groupBy(['network_id', 'received_on'])
		),
		db
			.selectFrom('consultation')
			.select((eb) => [
				'network_id',
				'received_on',
				sql<string>`'answer_days'`.as('dimension'),
				'first_answer_days as value',
				eb.fn.countAll<number>().as('n')
			])
			.where('first_answer_days', 'is not', null)
			.groupBy(['network_id', 'received_on', 'first_answer_days']),
		db
			.selectFrom('consultation_topic_link')
			.select((eb) => [
				'network_id',
				'received_on',
				sql<string>`'topic'`.as('dimension'),
				'topic_id as value',
				eb.fn.countAll<number>().as('n')
			])
			.groupBy(['network_id', 'received_on', 'topic_id'])
	];
	const lines: string[] = [];
	for (const query of queries)
		for (const row of await query.execute())
			lines.push(`${row.network_id}|${row.received_on}|${row.dimension}|${String(row.value)}|${Number(row.n)}`);
	return lines.sort();
}

async function summary(db: Kysely<Database>): Promise<string[]> {
	const rows = await db.selectFrom('consultation_stat_day').selectAll().execute();
	return rows.map((r) => `${r.network_id}|${r.received_on}|${r.dimension}|${r.value}|${Number(r.count)}`).sort();
}

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function randomFrom(seed: number) {
	let state = seed;
	const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
	const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
	const some = <T>(values: readonly T[], min = 0): T[] => {
		const chosen = values.filter(() => next() < 0.3);
		return chosen.length >= min ? chosen : [pick(values)];
	};
	return { next, pick, some };
}

const QUESTION = 'En kurator på skolan undrar hur hon ska gå vidare när eleven berättar om kontroll hemma.';
const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe.each(testDialects)('consultation statistics summary (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let other: NetworkRef;
	let coordinator: ServiceContext;
	let topicIds: string[];
	let typeIds: (string | null)[];
	const municipalities = ['SE-2580', 'SE-2581', 'SE-2582'];
	const references: string[] = [];
	const random = randomFrom(20260815);

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db, { country: 'SE' });
		other = await newNetwork(db, { country: 'NO' });
		await addNetworkMunicipalities(db, network.id, municipalities);
		typeIds = [...(await ensureOrganisationTypes(db, network.id)).all.map((t) => t.id), null];
		await ensureDefaultTopics(db, network.id);
		topicIds = (await listTopics(db, network.id)).map((t) => t.id);
		const person = await newMember(db, network.id, { role: 'coordinator', twoFactorEnabled: true });
		coordinator = serviceContext(db, { network, user: person.user, role: 'coordinator' });
	});
	afterAll(() => database.cleanup());

	/** A random record: every counted field, received in the first half of 2026. */
	const record = (): StaffForm => ({
		receivedOn: day(Date.parse('2026-01-01T00:00:00Z') + Math.floor(random.next() * 181) * DAY),
		channel: random.pick(channels),
		municipalityId: random.pick([...municipalities, 'outside']),
		organisationTypeId: random.pick(typeIds),
		askerFunction: null,
		topicIds: random.some(topicIds, 1),
		caseType: random.pick([...caseTypes, null]),
		ageGroup: random.pick([...ageGroups, null]),
		gender: random.pick([...genders, null]),
		vulnerabilities: random.some(vulnerabilities),
		perpetrator: random.pick([...perpetrators, null]),
		urgency: random.pick(urgencies),
		question: QUESTION,
		followUpOn: null,
		assigneeUserId: null
	});
	const recordForm = (): RecordForm => {
		const { assigneeUserId, ...fields } = record();
		void assigneeUserId;
		return fields;
	};
	/** Some time after the first half of 2026, late in the evening UTC now and then (another day in Stockholm). */
	const later = () => ({
		...coordinator,
		now: new Date(Date.parse('2026-07-01T00:00:00Z') + Math.floor(random.next() * 40 * 24) * 3600_000)
	});

	const done = { created: 0, made: 0, updated: 0, answered: 0, deleted: 0 };
	async function operate(count: number) {
		for (let i = 0; i < count; i++) {
			const roll = random.next();
			if (roll < 0.3 || references.length < 5) {
				const created = await createConsultation(later(), record());
				expect(created).toMatchObject({ ok: true });
				if (created.ok) references.push(created.value);
				done.created++;
			} else if (roll < 0.4) {
				// The factory inserts and then sets the answer, as the demo seed does; also in another network.
				const target = random.next() < 0.7 ? network : other;
				const made = await newConsultation(db, target, {
					receivedOn: record().receivedOn,
					municipalityId: null,
					urgency: random.pick(urgencies),
					vulnerabilities: random.some(vulnerabilities),
					firstAnsweredAt: random.next() < 0.5 ? later().now : null
				});
				if (target === network) references.push(made.reference);
				done.made++;
			} else if (roll < 0.7) {
				expect(await updateConsultationRecord(later(), random.pick(references), recordForm())).toMatchObject({
					ok: true
				});
				done.updated++;
			} else if (roll < 0.9) {
				const to = random.pick(['in_progress', 'answered', 'closed'] as const);
				if ((await changeStatus(later(), random.pick(references), to)).ok && to === 'answered') done.answered++;
			} else {
				const reference = random.pick(references);
				await db.deleteFrom('consultation').where('reference', '=', reference).execute();
				references.splice(references.indexOf(reference), 1);
				done.deleted++;
			}
		}
	}

	it('equals a recount from the rows after every kind of write', { timeout: 120_000 }, async () => {
		for (let round = 0; round < 4; round++) {
			await operate(30);
			expect(await summary(db)).toEqual(await recount(db));
		}
		for (const count of Object.values(done)) expect(count).toBeGreaterThan(3);
		// Zero rows are dropped, negative ones never appear.
		expect(await db.selectFrom('consultation_stat_day').select('count').where('count', '<=', 0).execute()).toEqual([]);
	});

	it('follows a raw update of a received date and of the topic links', async () => {
		const [row] = await db.selectFrom('consultation').select(['id', 'received_on']).limit(1).execute();
		await db
			.updateTable('consultation')
			.set({ received_on: '2025-12-24', urgency: 'acute' })
			.where('id', '=', row.id)
			.execute();
		await db
			.updateTable('consultation_topic_link')
			.set({ received_on: '2025-12-24' })
			.where('consultation_id', '=', row.id)
			.execute();
		// Columns the statistics do not count leave the summary alone.
		await db.updateTable('consultation').set({ asker_function: 'kurator' }).execute();
		expect(await summary(db)).toEqual(await recount(db));
	});

	it('empties with the network', async () => {
		await db.deleteFrom('network').where('id', '=', other.id).execute();
		expect(
			await db.selectFrom('consultation_stat_day').select('count').where('network_id', '=', other.id).execute()
		).toEqual([]);
		expect(await summary(db)).toEqual(await recount(db));
	});

	it('is built by the migration from the consultations already there', async () => {
		const before = await db
			.selectFrom('consultation')
			.select(['id', 'received_on', 'first_answered_at', 'first_answer_days'])
			.execute();
		// Back to the schema before 0005, with the data of the tests above, and up again.
		if (isPostgres(db)) {
			await sql`drop function consultation_stat() cascade`.execute(db);
			await sql`drop function consultation_topic_link_stat() cascade`.execute(db);
		} else {
			for (const table of ['consultation', 'consultation_topic_link'])
				for (const event of ['insert', 'delete', 'update'])
					await sql`drop trigger ${sql.id(`${table}_stat_${event}`)}`.execute(db);
		}
		await sql`drop table consultation_stat_day`.execute(db);
		await sql`alter table consultation drop column first_answer_days`.execute(db);
		await migrations['0005-consultation-statistics'].up(db);

		expect(await summary(db)).toEqual(await recount(db));
		const after = new Map(
			(await db.selectFrom('consultation').select(['id', 'first_answer_days']).execute()).map((r) => [
				r.id,
				r.first_answer_days
			])
		);
		for (const row of before) {
			if (row.first_answered_at === null) {
				expect(after.get(row.id)).toBeNull();
			} else if (isPostgres(db)) {
				// PostgreSQL converts in the network's zone, as the app does.
				expect(after.get(row.id)).toBe(daysSinceReceived(network, row.received_on, toDate(row.first_answered_at)));
			} else {
				// SQLite takes the UTC date of the answer.
				const utc =
					(Date.parse(`${toDate(row.first_answered_at).toISOString().slice(0, 10)}T00:00:00Z`) -
						Date.parse(`${row.received_on}T00:00:00Z`)) /
					DAY;
				expect(after.get(row.id)).toBe(Math.max(0, utc));
			}
		}
		// And the triggers work again.
		await operate(10);
		expect(await summary(db)).toEqual(await recount(db));
	});
});
