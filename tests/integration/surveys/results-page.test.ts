import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { submitAnswer } from '#lib/server/surveys/answer-service.ts';
import { surveyResults } from '#lib/server/surveys/results-service.ts';
import { openSurvey } from '#lib/server/surveys/sending-service.ts';
import { newMember, newNetwork, serviceContext, visitorContext } from '../../fixtures/factories.ts';
import { unwrap } from '../../fixtures/meetings.ts';
import { linksInOutbox, newSurvey, usefulnessAnswers } from '../../fixtures/surveys.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

/**
 * What the results page reads besides the results: how many were asked by personal links, so it
 * can say "5 of 7 asked have answered" — and another network's survey is not found.
 */

const NOW = new Date('2027-04-14T10:00:00Z');

describe.each(testDialects)('survey results for the results page (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let staff: ServiceContext;
	let surveyId: string;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db);
		const coordinator = await newMember(db, network.id, { role: 'coordinator' });
		staff = serviceContext(db, { network, user: coordinator.user, role: 'coordinator', now: NOW });
		for (let i = 0; i < 6; i++) await newMember(db, network.id, { role: 'member' });
		surveyId = await newSurvey(staff, { settings: { closesOn: '2027-04-30' } });
		unwrap(await openSurvey(staff, surveyId));
	});
	afterAll(async () => {
		await database.destroy();
	});

	it('gives the number asked beside the number answered, before and after the minimum is reached', async () => {
		const before = unwrap(await surveyResults(staff, surveyId));
		expect(before).toMatchObject({ invited: 7, results: { answered: 0, shown: false } });
		const visitor = visitorContext(db, network, { now: NOW });
		for (const token of [...(await linksInOutbox(db)).values()].slice(0, 5))
			expect(await submitAnswer(visitor, token, usefulnessAnswers())).toEqual({ ok: true });
		const after = unwrap(await surveyResults(staff, surveyId));
		expect(after).toMatchObject({ invited: 7, results: { answered: 5, shown: true } });
	});

	it("does not find another network's survey", async () => {
		const other = await newNetwork(db);
		const stranger = await newMember(db, other.id, { role: 'admin' });
		const theirs = serviceContext(db, { network: other, user: stranger.user, role: 'admin', now: NOW });
		expect(await surveyResults(theirs, surveyId)).toEqual({ ok: false, error: 'error_not_found' });
	});
});
