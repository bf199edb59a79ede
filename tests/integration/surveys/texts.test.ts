import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { submitPublicAnswer } from '#lib/server/surveys/answer-service.ts';
import { markQuotable, questionTexts, surveyResults, TEXTS_PER_PAGE } from '#lib/server/surveys/results-service.ts';
import { closeSurvey, openSurvey } from '#lib/server/surveys/sending-service.ts';
import { surveyOverview } from '#lib/server/surveys/surveys-service.ts';
import { newMember, newNetwork, serviceContext, visitorContext } from '../../fixtures/factories.ts';
import { unwrap } from '../../fixtures/meetings.ts';
import { newSurvey, usefulnessAnswers } from '../../fixtures/surveys.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const NOW = new Date('2027-04-14T10:00:00Z');
const TEXTS = TEXTS_PER_PAGE + 12;

describe.each(testDialects)('surveys: many free texts (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let staff: ServiceContext;
	let surveyId: string;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db);
		const communicator = await newMember(db, network.id, { role: 'communicator' });
		staff = serviceContext(db, { network, user: communicator.user, role: 'communicator', now: NOW });
		surveyId = await newSurvey(staff, { settings: { audience: 'public' } });
		unwrap(await openSurvey(staff, surveyId));
		const { publicLink } = unwrap(await surveyOverview(staff, surveyId));
		const token = /\/survey\/open\/([A-Za-z0-9_-]+)/.exec(publicLink!)![1];
		for (let i = 0; i < TEXTS; i++)
			expect(
				await submitPublicAnswer(
					visitorContext(db, network, { now: NOW }),
					token,
					`mark-${String(i).padStart(3, '0')}-0123456789abcdef`,
					usefulnessAnswers({ improve: `Förslag nummer ${i + 1}.`, consent: i % 2 === 0 })
				)
			).toEqual({ ok: true });
		unwrap(await closeSurvey(staff, surveyId));
	});
	afterAll(async () => {
		await database.destroy();
	});

	it('lists the first page of texts with the results and counts them all', async () => {
		const { results } = unwrap(await surveyResults(staff, surveyId));
		const improve = results.questions.find((q) => q.questionId === 'improve');
		expect(improve).toMatchObject({ type: 'text', count: TEXTS, suppressed: false });
		expect(improve?.texts).toHaveLength(TEXTS_PER_PAGE);
		expect(improve?.texts?.every((t) => /^Förslag nummer \d+\.$/.test(t.text))).toBe(true);
	});

	it('pages through every text once, and takes a quote mark from the last page', async () => {
		const first = unwrap(await questionTexts(staff, surveyId, 'improve', 1));
		const last = unwrap(await questionTexts(staff, surveyId, 'improve', 99));
		expect([first.page, first.pages, last.page, first.total]).toEqual([1, 2, 2, TEXTS]);
		const all = [...first.question.texts, ...last.question.texts].map((t) => t.text);
		expect(new Set(all).size).toBe(TEXTS);
		const consented = last.question.texts.find((t) => t.quoteConsent)!;
		unwrap(await markQuotable(staff, surveyId, consented.id, true));
		const again = unwrap(await questionTexts(staff, surveyId, 'improve', 2));
		expect(again.question.texts.find((t) => t.id === consented.id)?.quotable).toBe(true);
		expect(await questionTexts(staff, surveyId, 'useful', 1)).toMatchObject({ ok: false, error: 'error_not_found' });
	});
});
