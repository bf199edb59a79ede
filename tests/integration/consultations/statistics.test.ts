import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { halfPeriod, monthPeriod } from '#lib/server/platform/periods.ts';
import { consultationStatistics, exportStatisticsCsv } from '#lib/server/consultations/statistics-service.ts';
import { HIDDEN, SUPPRESSED } from '#lib/server/consultations/statistics.ts';
import { suppressSmallCounts } from '#lib/server/consultations/statistics-shareable.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { parseCsv } from '#lib/server/platform/csv.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import {
	addNetworkMunicipalities,
	newConsultation,
	newMember,
	newNetwork,
	serviceContext,
	type NewConsultationOptions
} from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

// Norrbotten: ten participating municipalities, eight of which ask; Övertorneå is in the network
// without participating.
const reached = ['SE-2580', 'SE-2581', 'SE-2582', 'SE-2583', 'SE-2584', 'SE-2560', 'SE-2505', 'SE-2506'];
const notReached = ['SE-2510', 'SE-2514'];
const notParticipating = 'SE-2518';

describe.each(testDialects)('consultation statistics (%s)', (dialect) => {
	let database: TestDatabase;
	let network: NetworkRef;
	let other: NetworkRef;
	let admin: ServiceContext;
	let coordinator: ServiceContext;
	let communicator: ServiceContext;
	let member: ServiceContext;
	const h1 = halfPeriod('half_year', 2026, 1);

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		const db = database.db;
		network = await newNetwork(db, { country: 'SE' });
		other = await newNetwork(db, { country: 'SE' });
		await addNetworkMunicipalities(db, network.id, [...reached, ...notReached]);
		await addNetworkMunicipalities(db, network.id, [notParticipating], { participating: false });
		const context = async (role: 'admin' | 'coordinator' | 'communicator' | 'member') => {
			const person = await newMember(db, network.id, { role });
			return {
				...serviceContext(db, { network, user: person.user, role, locale: 'en' }),
				now: new Date('2026-08-15T10:00:00Z')
			};
		};
		admin = await context('admin');
		coordinator = await context('coordinator');
		communicator = await context('communicator');
		member = await context('member');

		const add = (options: NewConsultationOptions, target = network) => newConsultation(db, target, options);
		// 25 in the first half of 2026: 12 by e-mail, 10 by phone, 2 at team meetings, 1 in person.
		const channels = [
			...Array(12).fill('email'),
			...Array(10).fill('phone'),
			...Array(2).fill('team_meeting'),
			'in_person'
		] as NewConsultationOptions['channel'][];
		for (let i = 0; i < 25; i++) {
			const day = i === 0 ? '2026-01-01' : i === 24 ? '2026-06-30' : `2026-0${(i % 5) + 2}-1${i % 10}`;
			await add({
				receivedOn: day,
				channel: channels[i],
				// The last two from outside the network.
				municipalityId: i >= 23 ? null : reached[i % reached.length],
				organisationTypeKey: i < 18 ? 'social_services' : i < 22 ? 'school' : i < 24 ? 'ngo' : null,
				topicKeys: i < 20 ? (i < 4 ? ['honour', 'threats'] : ['honour']) : ['close_relationships'],
				ageGroup: i < 15 ? 'age_13_17' : i < 20 ? 'age_18_25' : null,
				gender: i < 20 ? 'girl_woman' : 'boy_man',
				caseType: i < 22 ? 'one_person' : 'whole_family',
				urgency: i === 0 ? 'acute' : 'normal',
				perpetrator: 'parents',
				vulnerabilities: i === 3 ? ['lgbtq', 'newly_arrived'] : [],
				// Answered just after midnight in Stockholm: the next day there, the same day in UTC.
				firstAnsweredAt:
					i === 1
						? new Date(`${day}T23:30:00Z`)
						: i === 2
							? new Date(`${day}T22:30:00Z`)
							: i === 5
								? new Date(Date.parse(`${day}T09:00:00Z`) + 4 * 86_400_000)
								: null
			});
		}
		// Just outside the half-year, either side.
		await add({ receivedOn: '2025-12-31', municipalityId: notReached[0] });
		await add({ receivedOn: '2026-07-01', municipalityId: notReached[1] });
		// Another network, same municipality and days: never counted.
		await add({ receivedOn: '2026-03-15', municipalityId: 'SE-2510', channel: 'web_form' }, other);
		await add({ receivedOn: '2026-01-01', municipalityId: null, channel: 'other' }, other);
	});
	afterAll(() => database.cleanup());

	it('sums up the half-year', async () => {
		const stats = await consultationStatistics(coordinator, h1);
		expect(stats.total).toBe(25);
		expect(stats.period.label).toBe('First half of 2026');
		expect(Object.fromEntries(stats.channels.map((r) => [r.key, r.count]))).toEqual({
			email: 12,
			phone: 10,
			team_meeting: 2,
			web_form: 0,
			in_person: 1,
			other: 0
		});
		expect(stats.organisationTypes.slice(0, 3).map((r) => r.count)).toEqual([18, 4, 2]);
		expect(stats.organisationTypes[0].label).toBe('Social services');
		expect(stats.organisationTypes.find((r) => r.key === 'not_stated')?.count).toBe(1);
		const topics = Object.fromEntries(stats.topics.map((r) => [r.label, r.count]));
		expect(topics['Honour-related violence and oppression']).toBe(20);
		expect(topics['Threats, including death threats']).toBe(4);
		expect(topics['Violence in close relationships']).toBe(5);
		expect(stats.topics[0].share).toBeCloseTo(0.8);
		expect(Object.fromEntries(stats.ageGroups.map((r) => [r.key, r.count]))).toMatchObject({
			age_13_17: 15,
			age_18_25: 5,
			not_stated: 5
		});
		expect(stats.genders.find((r) => r.key === 'boy_man')?.count).toBe(5);
		expect(stats.caseTypes.find((r) => r.key === 'whole_family')?.count).toBe(3);
		expect(stats.urgencies.map((r) => r.count)).toEqual([1, 0, 24]);
		expect(stats.perpetrators.find((r) => r.key === 'parents')?.count).toBe(25);
		expect(stats.vulnerabilities.map((r) => [r.key, r.count])).toEqual([
			['disability', 0],
			['lgbtq', 1],
			['newly_arrived', 1]
		]);
		expect(stats.trend.map((r) => r.key)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
		expect(stats.trend.reduce((sum, r) => sum + r.count, 0)).toBe(25);
		expect(stats.trend[0].count).toBe(1);
		expect(stats.trend[5].count).toBe(1 + 4);
	});

	it('reports "8 of 10 participating" and names those not reached', async () => {
		const { municipalities } = await consultationStatistics(admin, h1);
		expect(municipalities.participating).toBe(10);
		expect(municipalities.reached).toBe(8);
		expect(municipalities.notReached.map((n) => n.id).sort()).toEqual([...notReached].sort());
		expect(municipalities.notReached.map((n) => n.name).sort()).toEqual(['Jokkmokk', 'Kalix']);
		expect(municipalities.outside).toBe(2);
		expect(municipalities.rows).toHaveLength(11);
		expect(municipalities.rows.find((r) => r.key === notParticipating)).toMatchObject({
			count: 0,
			participating: false
		});
	});

	it('takes the median days to first answer in the network time zone', async () => {
		const { firstAnswer } = await consultationStatistics(coordinator, h1);
		// 1 and 1 day in Stockholm (0 and 0 by UTC dates), and 4 days.
		expect(firstAnswer).toEqual({ answered: 3, medianDays: 1 });
	});

	it('keeps to the period boundaries', async () => {
		const january = await consultationStatistics(coordinator, monthPeriod(2026, 1));
		expect(january.total).toBe(1);
		const december = await consultationStatistics(coordinator, monthPeriod(2025, 12));
		expect(december.total).toBe(1);
		expect(december.municipalities.reached).toBe(1);
		const h2 = await consultationStatistics(coordinator, halfPeriod('half_year', 2026, 2));
		expect(h2.total).toBe(1);
		expect(h2.trend[0]).toMatchObject({ key: '2026-07', count: 1 });
		const year = await consultationStatistics(coordinator, { kind: 'custom', from: '2025-12-31', to: '2026-07-01' });
		expect(year.total).toBe(27);
	});

	it("never counts another network's consultations", async () => {
		const stats = await consultationStatistics(coordinator, h1);
		expect(stats.channels.find((r) => r.key === 'web_form')?.count).toBe(0);
		expect(stats.channels.find((r) => r.key === 'other')?.count).toBe(0);
		expect(stats.municipalities.rows.find((r) => r.key === 'SE-2510')?.count).toBe(0);
		const otherCoordinator = await newMember(database.db, other.id, { role: 'coordinator' });
		const theirs = await consultationStatistics(
			serviceContext(database.db, { network: other, user: otherCoordinator.user, role: 'coordinator' }),
			h1
		);
		expect(theirs.total).toBe(2);
		expect(theirs.municipalities.outside).toBe(1);
	});

	it('refuses communicators and members', async () => {
		await expect(consultationStatistics(communicator, h1)).rejects.toBeInstanceOf(PermissionDenied);
		await expect(consultationStatistics(member, h1)).rejects.toBeInstanceOf(PermissionDenied);
		await expect(exportStatisticsCsv(member, h1)).rejects.toBeInstanceOf(PermissionDenied);
	});

	it('hides small counts in the shareable version', async () => {
		const shared = suppressSmallCounts(await consultationStatistics(coordinator, h1));
		const channels = Object.fromEntries(shared.channels.map((r) => [r.key, r]));
		expect(channels.team_meeting).toMatchObject({ count: SUPPRESSED, share: null });
		expect(channels.in_person).toMatchObject({ count: SUPPRESSED, share: null });
		expect(channels.web_form).toMatchObject({ count: 0, share: 0 });
		expect(channels.email.count).toBe(12);
		expect(shared.municipalities.outside).toBe(SUPPRESSED);
		expect(shared.vulnerabilities.find((r) => r.key === 'lgbtq')?.count).toBe(SUPPRESSED);
		// A lone "<3" in an additive section takes the smallest other non-zero cell with it.
		expect(shared.urgencies.map((r) => r.count)).toEqual([SUPPRESSED, 0, HIDDEN]);
		expect(shared.trend.map((r) => r.count)).toEqual([SUPPRESSED, HIDDEN, 5, 5, 5, 5]);
		// Two "<3" (the eighth municipality and the outside): nothing more; the total stays.
		expect(shared.municipalities.rows.filter((r) => r.count === HIDDEN)).toEqual([]);
		expect(shared.total).toBe(25);
		expect(shared.complementary).toBe(true);
	});

	it('exports CSV (comma-separated in English) and writes the export to the audit log', async () => {
		const csv = parseCsv(await exportStatisticsCsv(coordinator, h1, { shareable: true }), ',');
		expect(csv).toContainEqual(['Channel', 'In person', '<3', '']);
		expect(csv).toContainEqual(['Channel', 'E-mail', '12', '48.0']);
		expect(csv).toContainEqual(['Urgency', 'Normal', '–', '']);
		expect(csv.at(-1)?.[0]).toBe('Note');
		const audit = await database.db
			.selectFrom('audit_event')
			.select(['action', 'entity_type', 'entity_id', 'network_id'])
			.where('actor_user_id', '=', coordinator.actor.userId)
			.where('action', '=', 'export')
			.execute();
		expect(audit).toEqual([
			{
				action: 'export',
				entity_type: 'consultation_statistics',
				entity_id: 'csv:shareable:2026-01-01..2026-06-30',
				network_id: network.id
			}
		]);
	});
});
