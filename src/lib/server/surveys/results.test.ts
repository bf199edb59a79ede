import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allQuestions, type ChoiceAnswers, type Question, type SurveyDefinition } from './model.ts';
import {
	compareTopTwo,
	computeResults,
	type BreakdownCell,
	type ChoiceQuestionResult,
	type SurveyResults,
	type TextQuestionResult
} from './results.ts';

const q = (id: string, kind: Question['kind'], more: Partial<Question> = {}): Question => ({
	id,
	kind,
	text: { sv: id },
	required: false,
	notApplicable: true,
	...more
});
const definition: SurveyDefinition = {
	sections: [
		{
			id: 's',
			title: { sv: 'S' },
			questions: [
				q('freq', 'frequency'),
				q('many', 'multiple', {
					options: [
						{ id: 'a', text: { sv: 'A' } },
						{ id: 'b', text: { sv: 'B' } }
					]
				}),
				q('r5', 'rating5'),
				q('text', 'long_text'),
				q('mun', 'municipality')
			]
		}
	]
};

const choice = (results: SurveyResults, id: string) =>
	results.questions.find((r) => r.questionId === id) as ChoiceQuestionResult;
const cells = (results: SurveyResults, id: string): BreakdownCell[] =>
	results.breakdowns[0].questions.find((b) => b.questionId === id)!.cells;
const repeat = (n: number, answers: ChoiceAnswers): ChoiceAnswers[] =>
	Array.from({ length: n }, () => ({ ...answers }));

describe('survey results', () => {
	it('counts rows in scale order with shares, the top-two share without "not applicable", and the mean of ratings', () => {
		const responses: ChoiceAnswers[] = [
			{ freq: 'always', r5: 5, many: ['a', 'b'] },
			{ freq: 'often', r5: 4, many: ['a'] },
			{ freq: 'never', r5: 3 },
			{ freq: 'na', r5: 'na' },
			{ freq: 'sometimes', r5: 2, many: 'na' }
		];
		const results = computeResults(definition, responses, [], 3);
		const freq = choice(results, 'freq');
		expect(freq).toMatchObject({ suppressed: false, answered: 4, notApplicable: 1, topTwoShare: 0.5 });
		expect(freq.rows).toEqual([
			{ key: 'always', count: 1, share: 0.25 },
			{ key: 'often', count: 1, share: 0.25 },
			{ key: 'sometimes', count: 1, share: 0.25 },
			{ key: 'rarely', count: 0, share: 0 },
			{ key: 'never', count: 1, share: 0.25 }
		]);
		expect(choice(results, 'r5')).toMatchObject({ answered: 4, mean: 3.5 });
		expect(choice(results, 'r5').rows.map((r) => r.key)).toEqual(['1', '2', '3', '4', '5']);
		expect(choice(results, 'many')).toMatchObject({ suppressed: true, answered: 2, rows: [] });
		expect(choice(results, 'many').notApplicable).toBeUndefined();
	});

	it('shows nothing per question while the survey has fewer answers than the minimum', () => {
		const results = computeResults(definition, repeat(4, { freq: 'always' }), [], 5);
		expect(results).toEqual({ answered: 4, shown: false, minAnswers: 5, questions: [], breakdowns: [] });
	});

	it('lists texts only when the question has at least the minimum of them, else only their number', () => {
		const texts = (n: number) =>
			Array.from({ length: n }, (_, i) => ({
				id: `t${i}`,
				questionId: 'text',
				text: `svar ${i}`,
				quoteConsent: i === 0,
				quotable: false
			}));
		const few = computeResults(definition, repeat(5, {}), texts(4), 5);
		expect(few.questions.find((r) => r.questionId === 'text')).toEqual({
			type: 'text',
			questionId: 'text',
			kind: 'long_text',
			count: 4,
			suppressed: true,
			texts: []
		});
		const enough = computeResults(definition, repeat(5, {}), texts(5), 5);
		const text = enough.questions.find((r) => r.questionId === 'text') as TextQuestionResult;
		expect(text.texts).toHaveLength(5);
		expect(text.texts[0]).toEqual({ id: 't0', text: 'svar 0', quoteConsent: true, quotable: false });
	});

	it('breaks choice questions down by municipality, leaving groups with fewer respondents than the minimum unnamed', () => {
		const responses = [
			...repeat(5, { mun: 'm1', freq: 'always' }),
			...repeat(5, { mun: 'm2', freq: 'never' }),
			...repeat(5, { mun: 'm3', freq: 'often' }),
			...repeat(6, { freq: 'rarely' })
		];
		responses.push({ mun: 'm4', freq: 'always' });
		const results = computeResults(definition, responses, [], 5);
		expect(results.breakdowns.map((b) => [b.questionId, b.groups, b.heldBack])).toEqual([
			['mun', ['m1', 'm2', 'm3'], true]
		]);
		const freq = cells(results, 'freq');
		expect(freq.find((c) => c.group === 'm4')).toBeUndefined();
		expect(JSON.stringify(results)).not.toContain('m4');
		expect(freq.find((c) => c.group === 'm1')).toMatchObject({ suppressed: false, answered: 5, topTwoShare: 1 });
		expect(results.breakdowns[0].questions.map((b) => b.questionId)).toEqual(['freq']);
	});

	it('hides the smallest other group too when the total minus the shown groups would give a hidden group away', () => {
		// 5 + 6 + 2, nobody outside a group: the total minus m1 and m2 would be exactly m3's two answers.
		const responses = [
			...repeat(5, { mun: 'm1', freq: 'always' }),
			...repeat(6, { mun: 'm2', freq: 'often' }),
			...repeat(2, { mun: 'm3', freq: 'never' })
		];
		const freq = cells(computeResults(definition, responses, [], 5), 'freq');
		expect(freq.map((c) => [c.group, c.suppressed])).toEqual([
			['m1', true],
			['m2', false]
		]);
		// With enough people outside any group the remainder hides m3 among them, so m1 stays shown.
		const mixed = cells(computeResults(definition, [...responses, ...repeat(3, { freq: 'rarely' })], [], 5), 'freq');
		expect(mixed.map((c) => c.suppressed)).toEqual([false, false]);
	});

	it('compares the top-two share with an earlier round for the questions both rounds show', () => {
		const now = computeResults(definition, repeat(5, { freq: 'always' }), [], 5);
		const before = computeResults(
			definition,
			[...repeat(2, { freq: 'always' }), ...repeat(3, { freq: 'never' })],
			[],
			5
		);
		expect(compareTopTwo(now, before)).toEqual([{ questionId: 'freq', current: 1, previous: 0.4, change: 0.6 }]);
		const hidden = computeResults(definition, repeat(2, {}), [], 5);
		expect(compareTopTwo(now, hidden)).toEqual([]);
	});

	it('never shows a count of a question or group under the minimum, rows add up, and no hidden group can be subtracted out', () => {
		const answer = fc.record(
			{
				freq: fc.constantFrom('always', 'often', 'sometimes', 'rarely', 'never', 'na'),
				many: fc.oneof(fc.subarray(['a', 'b'], { minLength: 1 }), fc.constant('na')),
				r5: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant('na')),
				mun: fc.constantFrom('m1', 'm2', 'm3', 'm4')
			},
			{ requiredKeys: [] }
		);
		fc.assert(
			fc.property(fc.array(answer, { maxLength: 60 }), fc.integer({ min: 3, max: 8 }), (responses, min) => {
				const results = computeResults(definition, responses as ChoiceAnswers[], [], min);
				if (!results.shown) expect(results.questions).toEqual([]);
				for (const result of results.questions) {
					if (result.type !== 'choice') continue;
					if (result.suppressed) {
						expect(result.answered).toBeLessThan(min);
						expect(result.rows).toEqual([]);
						expect(result.mean).toBeUndefined();
						continue;
					}
					expect(result.answered).toBeGreaterThanOrEqual(min);
					if (result.kind !== 'multiple') expect(result.rows.reduce((n, r) => n + r.count, 0)).toBe(result.answered);
					// An organisation type or municipality is named only with at least min respondents.
					if (result.kind === 'municipality')
						for (const row of result.rows) expect(row.count).toBeGreaterThanOrEqual(min);
				}
				for (const breakdown of results.breakdowns)
					for (const { questionId, cells } of breakdown.questions) {
						const total = (results.questions.find((r) => r.questionId === questionId) as ChoiceQuestionResult).answered;
						let shownSum = 0;
						for (const cell of cells) {
							if (cell.suppressed) {
								expect(Object.keys(cell).sort()).toEqual(['group', 'suppressed']);
								continue;
							}
							expect(cell.answered).toBeGreaterThanOrEqual(min);
							shownSum += cell.answered;
							const question = allQuestions(definition).find((x) => x.id === questionId)!;
							if (question.kind !== 'multiple') expect(cell.rows.reduce((n, r) => n + r.count, 0)).toBe(cell.answered);
						}
						if (cells.some((cell) => cell.suppressed) || total > shownSum)
							expect(total - shownSum).toBeGreaterThanOrEqual(min);
					}
			})
		);
	});
});
