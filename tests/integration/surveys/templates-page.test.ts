import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { createSurvey, saveAsTemplate, templateOverview } from '#lib/server/surveys/surveys-service.ts';
import { newMember, newNetwork, serviceContext } from '../../fixtures/factories.ts';
import { unwrap } from '../../fixtures/meetings.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

/**
 * The templates page's list: each of the network's templates says what it was copied from, counts
 * its questions, and another network's templates never show.
 */

const NOW = new Date('2027-04-14T10:00:00Z');

describe.each(testDialects)('the survey templates overview (%s)', (dialect) => {
	let database: TestDatabase;
	let network: NetworkRef;
	let staff: ServiceContext;
	let other: ServiceContext;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		network = await newNetwork(database.db);
		const communicator = await newMember(database.db, network.id, { role: 'communicator' });
		staff = serviceContext(database.db, { network, user: communicator.user, role: 'communicator', now: NOW });
		const elsewhere = await newNetwork(database.db);
		const admin = await newMember(database.db, elsewhere.id, { role: 'admin' });
		other = serviceContext(database.db, { network: elsewhere, user: admin.user, role: 'admin', now: NOW });
	});
	afterAll(async () => {
		await database.destroy();
	});

	it('names what each own template was based on and counts its questions', async () => {
		const fromShipped = unwrap(await createSurvey(staff, { title: 'Efter utbildningen', source: 'shipped:training' }));
		const first = unwrap(await saveAsTemplate(staff, fromShipped.id, 'Vår utbildningsmall'));
		const fromOwn = unwrap(await createSurvey(staff, { title: 'Nästa gång', source: `own:${first.id}` }));
		unwrap(await saveAsTemplate(staff, fromOwn.id, 'Kopia av vår mall'));
		const blank = unwrap(await createSurvey(staff, { title: 'Tom', source: 'blank' }));
		unwrap(await saveAsTemplate(staff, blank.id, 'Ingenting'));

		const overview = await templateOverview(staff);
		expect(overview.shipped.map((t) => t.key)).toEqual(['meeting_usefulness', 'training', 'digital_training']);
		const training = overview.shipped.find((t) => t.key === 'training')!;
		expect(training.questions).toBeGreaterThan(3);
		const byTitle = new Map(overview.own.map((t) => [t.title, t]));
		expect(byTitle.get('Vår utbildningsmall')).toMatchObject({
			basedOn: { kind: 'shipped', title: training.title },
			questions: training.questions
		});
		// A survey copied from an own template keeps the shipped template it came from originally.
		expect(byTitle.get('Kopia av vår mall')?.basedOn.kind).toBe('shipped');
		expect(byTitle.get('Ingenting')).toMatchObject({ basedOn: { kind: 'blank', title: null }, questions: 0 });

		expect((await templateOverview(other)).own).toEqual([]);
	});
});
