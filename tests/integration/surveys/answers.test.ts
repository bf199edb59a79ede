import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import {
	answerForm,
	maskAnswerTexts,
	publicAnswerForm,
	submitAnswer,
	submitPublicAnswer
} from '#lib/server/surveys/answer-service.ts';
import { editDefinition } from '#lib/server/surveys/editor-service.ts';
import { MAX_TEXT_ANSWER } from '#lib/server/surveys/model.ts';
import { markQuotable, quotableAnswers, surveyResults } from '#lib/server/surveys/results-service.ts';
import { closeSurvey, openSurvey } from '#lib/server/surveys/sending-service.ts';
import { surveyOverview } from '#lib/server/surveys/surveys-service.ts';
import {
	addNetworkMunicipalities,
	ensureOrganisationTypes,
	newMember,
	newNetwork,
	serviceContext,
	visitorContext
} from '../../fixtures/factories.ts';
import { unwrap } from '../../fixtures/meetings.ts';
import { linksInOutbox, newSurvey, usefulnessAnswers } from '../../fixtures/surveys.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const NOW = new Date('2027-04-14T10:00:00Z');
const trainingAnswers = { 'q-overall': ['4'], 'q-sound': ['na'] };

describe.each(testDialects)('surveys: answering, results and quotes (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let other: NetworkRef;
	let staff: ServiceContext;
	let surveyId: string;
	let tokens: string[];
	let types: Record<string, string>;
	const visitor = () => visitorContext(db, network, { now: NOW });
	const responseCount = async () =>
		Number(
			(
				await db
					.selectFrom('survey_response')
					.select((eb) => eb.fn.countAll().as('n'))
					.where('survey_id', '=', surveyId)
					.executeTakeFirstOrThrow()
			).n
		);

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db);
		other = await newNetwork(db);
		types = await ensureOrganisationTypes(db, network.id);
		await addNetworkMunicipalities(db, network.id, ['SE-2580', 'SE-2462']);
		const coordinator = await newMember(db, network.id, { role: 'coordinator' });
		staff = serviceContext(db, { network, user: coordinator.user, role: 'coordinator', now: NOW });
		for (let i = 0; i < 14; i++) await newMember(db, network.id, { role: 'member' });
		surveyId = await newSurvey(staff, { settings: { closesOn: '2027-04-30' } });
		unwrap(await openSurvey(staff, surveyId));
		tokens = [...(await linksInOutbox(db)).values()];
	});
	afterAll(async () => {
		await database.destroy();
	});

	it("says a tampered, unknown or other network's link is not valid", async () => {
		const tampered = tokens[0].slice(0, -1) + (tokens[0].endsWith('A') ? 'B' : 'A');
		expect((await answerForm(visitor(), tampered)).state).toBe('invalid');
		expect((await answerForm(visitor(), 'not-a-token')).state).toBe('invalid');
		expect((await answerForm(visitorContext(db, other, { now: NOW }), tokens[0])).state).toBe('invalid');
		expect(await submitAnswer(visitor(), tampered, usefulnessAnswers())).toEqual({ ok: false, state: 'invalid' });
		expect((await answerForm(visitor(), tokens[0])).state).toBe('open');
	});

	it('refuses bad answers with a message per question and stores nothing, leaving the link unused', async () => {
		const refusals: [Record<string, string[]>, string, string][] = [
			[{}, 'q-useful', 'error_surveys_answer_required'],
			[{ 'q-useful': ['daily'] }, 'q-useful', 'error_surveys_answer_invalid'],
			[{ ...usefulnessAnswers(), 'q-injected': ['always'] }, 'q-injected', 'error_surveys_unknown_question'],
			[{ ...usefulnessAnswers(), 'q-improve': ['x'.repeat(10_000)] }, 'q-improve', 'error_surveys_answer_too_long'],
			[
				{ ...usefulnessAnswers(), 'q-organisation_type': ['no-such-type'] },
				'q-organisation_type',
				'error_surveys_answer_invalid'
			]
		];
		for (const [fields, field, error] of refusals) {
			const outcome = await submitAnswer(visitor(), tokens[0], fields);
			expect(outcome.ok).toBe(false);
			if (outcome.ok || outcome.state !== 'open') throw new Error('expected a refusal of the answers');
			expect(outcome.errors[field]).toContain(error);
		}
		expect(await responseCount()).toBe(0);
		expect((await answerForm(visitor(), tokens[0])).state).toBe('open');
		expect(MAX_TEXT_ANSWER).toBeLessThan(10_000);
	});

	it('shows the respondent personal details found in a free text, stores nothing, and takes the masked text', async () => {
		const fields = usefulnessAnswers({ improve: 'Vi pratade om flickan med personnummer 19121212-1212.' });
		const refused = await submitAnswer(visitor(), tokens[0], fields);
		expect(refused).toMatchObject({ ok: false, state: 'open', error: 'error_surveys_pii_found' });
		if (refused.ok || refused.state !== 'open') throw new Error('expected findings');
		expect(Object.keys(refused.findings ?? {})).toEqual(['q-improve']);
		expect(await responseCount()).toBe(0);
		const masked = await maskAnswerTexts(visitor(), fields);
		expect(masked['q-improve'][0]).not.toContain('19121212-1212');
		expect(await submitAnswer(visitor(), tokens[0], masked)).toEqual({ ok: true });
		expect(await responseCount()).toBe(1);
	});

	it('shows nothing but the count below the answers needed, then counts and shares, and free texts only from that many', async () => {
		const early = unwrap(await surveyResults(staff, surveyId));
		expect(early.results).toMatchObject({ answered: 1, shown: false, questions: [] });
		const socialServices = types.social_services;
		for (const [i, token] of tokens.slice(1, 4).entries())
			expect(
				await submitAnswer(
					visitor(),
					token,
					usefulnessAnswers({
						useful: i === 0 ? 'sometimes' : 'always',
						improve: `Förslag nummer ${i + 2}.`,
						consent: true,
						organisation_type: socialServices
					})
				)
			).toEqual({ ok: true });
		expect(unwrap(await surveyResults(staff, surveyId)).results.shown).toBe(false);
		expect(
			await submitAnswer(
				visitor(),
				tokens[4],
				usefulnessAnswers({ useful: 'often', organisation_type: socialServices })
			)
		).toEqual({ ok: true });

		const { results } = unwrap(await surveyResults(staff, surveyId));
		expect(results.answered).toBe(5);
		expect(results.shown).toBe(true);
		const useful = results.questions.find((q) => q.questionId === 'useful');
		if (!useful || useful.type !== 'choice') throw new Error('useful is a choice question');
		expect(useful.suppressed).toBe(false);
		expect(Object.fromEntries(useful.rows.map((r) => [r.key, r.count]))).toMatchObject({
			always: 2,
			often: 2,
			sometimes: 1
		});
		expect(useful.topTwoShare).toBeCloseTo(4 / 5);
		// Four texts (the masked one and three more) are fewer than five: only their number is shown.
		const improve = results.questions.find((q) => q.questionId === 'improve');
		expect(improve).toMatchObject({ type: 'text', count: 4, suppressed: true, texts: [] });
		// Four respondents gave social services: a cell under five is held back.
		for (const breakdown of results.breakdowns)
			for (const question of breakdown.questions) for (const cell of question.cells) expect(cell.suppressed).toBe(true);
	});

	it('lets staff mark only consented texts quotable, and reports read only those', async () => {
		expect(
			await submitAnswer(
				visitor(),
				tokens[5],
				usefulnessAnswers({ improve: 'Träffarna ger mig mod att agera.', consent: true })
			)
		).toEqual({ ok: true });
		expect(
			await submitAnswer(visitor(), tokens[6], usefulnessAnswers({ improve: 'Inget att tillägga just nu.' }))
		).toEqual({ ok: true });
		// While the survey runs, results move on only once five more have answered (10 in all).
		const between = unwrap(await surveyResults(staff, surveyId));
		expect(between.answeredNow).toBe(7);
		expect(between.results.answered).toBe(5);
		expect(between.results.questions.find((q) => q.questionId === 'improve')).toMatchObject({
			count: 4,
			suppressed: true
		});
		for (const token of tokens.slice(7, 10))
			expect(await submitAnswer(visitor(), token, usefulnessAnswers({ useful: 'never' }))).toEqual({ ok: true });
		const { results } = unwrap(await surveyResults(staff, surveyId));
		expect(results.answered).toBe(10);
		const improve = results.questions.find((q) => q.questionId === 'improve');
		if (!improve || improve.type !== 'text') throw new Error('improve is a text question');
		expect(improve.suppressed).toBe(false);
		const consented = improve.texts.find((t) => t.text === 'Träffarna ger mig mod att agera.')!;
		const refused = improve.texts.find((t) => t.text === 'Inget att tillägga just nu.')!;
		expect(refused.quoteConsent).toBe(false);
		expect(await markQuotable(staff, surveyId, refused.id, true)).toMatchObject({
			ok: false,
			error: 'error_surveys_quote_not_allowed'
		});
		unwrap(await markQuotable(staff, surveyId, consented.id, true));
		const quotes = await quotableAnswers(staff, '2027-01-01', '2027-06-30');
		expect(quotes.map((q) => q.text)).toEqual(['Träffarna ger mig mod att agera.']);
		// Stored encrypted: the words are nowhere in the table.
		const stored = JSON.stringify(
			await db.selectFrom('survey_text').selectAll().where('survey_id', '=', surveyId).execute()
		);
		expect(stored).not.toContain('mod att agera');
	});

	it('keeps questions that have answers as they are, and takes new questions', async () => {
		expect(await editDefinition(staff, surveyId, { op: 'remove_question', questionId: 'support' })).toMatchObject({
			ok: false,
			error: 'error_surveys_answered_frozen'
		});
		const added = unwrap(
			await editDefinition(staff, surveyId, {
				op: 'add_question',
				sectionId: 'meetings',
				input: { kind: 'rating5', text: { sv: 'Hur nöjd är du med lokalen?' }, required: false, notApplicable: true }
			})
		);
		expect(added.sections.find((s) => s.id === 'meetings')!.questions).toHaveLength(5);
		expect(await submitAnswer(visitor(), tokens[12], usefulnessAnswers())).toEqual({ ok: true });
	});

	it('holds a public link to one answer per browser, also when one browser sends twice at once', async () => {
		const publicId = await newSurvey(staff, { template: 'digital_training', settings: { audience: 'public' } });
		unwrap(await openSurvey(staff, publicId));
		const { publicLink } = unwrap(await surveyOverview(staff, publicId));
		const publicToken = /\/survey\/open\/([A-Za-z0-9_-]+)/.exec(publicLink!)![1];
		expect((await publicAnswerForm(visitor(), publicToken, null)).state).toBe('open');
		expect(await submitPublicAnswer(visitor(), publicToken, 'browser-a-mark-0123456789', trainingAnswers)).toEqual({
			ok: true
		});
		expect((await publicAnswerForm(visitor(), publicToken, 'browser-a-mark-0123456789')).state).toBe('answered');
		expect(await submitPublicAnswer(visitor(), publicToken, 'browser-a-mark-0123456789', trainingAnswers)).toEqual({
			ok: false,
			state: 'answered'
		});
		const raced = await Promise.all(
			Array.from({ length: 5 }, () =>
				submitPublicAnswer(visitor(), publicToken, 'browser-b-mark-0123456789', trainingAnswers)
			)
		);
		expect(raced.filter((r) => r.ok)).toHaveLength(1);
		const rows = await db.selectFrom('survey_response').select(['via']).where('survey_id', '=', publicId).execute();
		expect(rows.map((r) => r.via)).toEqual(['public', 'public']);
		unwrap(await closeSurvey(staff, publicId));
		expect((await publicAnswerForm(visitor(), publicToken, null)).state).toBe('closed');
	});

	it('compares the "always or often" share with the previous survey from the same template', async () => {
		const later = serviceContext(db, {
			network,
			user: staff.actor,
			role: 'coordinator',
			now: new Date('2027-10-14T10:00:00Z')
		});
		const autumn = await newSurvey(later, { settings: { closesOn: '2027-10-30' } });
		await db.deleteFrom('outbox').execute();
		unwrap(await openSurvey(later, autumn));
		const autumnTokens = [...(await linksInOutbox(db)).values()];
		const autumnVisitor = visitorContext(db, network, { now: new Date('2027-10-15T10:00:00Z') });
		for (const token of autumnTokens.slice(0, 5))
			expect(await submitAnswer(autumnVisitor, token, usefulnessAnswers({ useful: 'always' }))).toEqual({ ok: true });
		const { comparison, previous } = unwrap(await surveyResults(later, autumn));
		expect(previous?.id).toBe(surveyId);
		const useful = comparison.find((c) => c.questionId === 'useful')!;
		expect(useful.current).toBe(1);
		expect(useful.previous).toBeLessThan(1);
		expect(useful.change).toBeCloseTo(1 - useful.previous);
	});
});
