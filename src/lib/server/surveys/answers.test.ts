import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerFieldsFrom, readAnswers, type AnswerLists } from './answers.ts';
import {
	agreementScale,
	frequencyScale,
	MAX_TEXT_ANSWER,
	questionKinds,
	type Question,
	type SurveyDefinition
} from './model.ts';

const lists: AnswerLists = { organisationTypeIds: new Set(['ot1', 'ot2']), municipalityIds: new Set(['m1']) };

const q = (id: string, kind: Question['kind'], more: Partial<Question> = {}): Question => ({
	id,
	kind,
	text: { sv: id },
	required: false,
	notApplicable: false,
	...more
});
const options = [
	{ id: 'a', text: { sv: 'A' } },
	{ id: 'b', text: { sv: 'B' } },
	{ id: 'c', text: { sv: 'C' } }
];
const definition: SurveyDefinition = {
	sections: [
		{
			id: 's',
			title: { sv: 'S' },
			questions: [
				q('freq', 'frequency', { required: true, notApplicable: true }),
				q('agree', 'agreement'),
				q('one', 'single', { options }),
				q('many', 'multiple', { options, notApplicable: true }),
				q('r5', 'rating5'),
				q('r10', 'rating10'),
				q('text', 'long_text', { askQuoteConsent: true }),
				q('short', 'short_text'),
				q('org', 'organisation_type'),
				q('mun', 'municipality')
			]
		}
	]
};

describe('reading a respondent’s answers', () => {
	it('reads every kind of answer and leaves unanswered optional questions out', () => {
		const result = readAnswers(
			definition,
			{
				'q-freq': ['often'],
				'q-agree': [''],
				'q-one': ['b'],
				'q-many': ['a', 'c'],
				'q-r5': ['5'],
				'q-r10': ['0'],
				'q-text': ['  Mer tid för frågeställningar  '],
				'consent-text': ['on'],
				'q-short': ['   '],
				'q-org': ['ot2'],
				csrf: ['x']
			},
			lists
		);
		expect(result).toEqual({
			ok: true,
			value: {
				choices: { freq: 'often', one: 'b', many: ['a', 'c'], r5: 5, r10: 0, org: 'ot2' },
				texts: [{ questionId: 'text', text: 'Mer tid för frågeställningar', quoteConsent: true }]
			}
		});
	});

	it('requires required questions, counting not applicable only where the question offers it', () => {
		expect(readAnswers(definition, {}, lists)).toEqual({
			ok: false,
			errors: { 'q-freq': 'error_surveys_answer_required' },
			message: 'error_surveys_answers_invalid'
		});
		expect(readAnswers(definition, { 'q-freq': ['na'] }, lists)).toMatchObject({ ok: true });
		expect(readAnswers(definition, { 'q-freq': ['na'], 'q-agree': ['na'] }, lists)).toMatchObject({
			errors: { 'q-agree': 'error_surveys_answer_invalid' }
		});
		expect(readAnswers(definition, { 'q-freq': ['na'], 'q-many': ['na'] }, lists)).toMatchObject({
			value: { choices: { many: 'na' } }
		});
		expect(readAnswers(definition, { 'q-freq': ['na'], 'q-many': ['na', 'a'] }, lists)).toMatchObject({
			errors: { 'q-many': 'error_surveys_answer_invalid' }
		});
	});

	it('refuses values outside the scale, the options, the ratings and the directory lists', () => {
		const result = readAnswers(
			definition,
			{
				'q-freq': ['agree'],
				'q-one': ['z'],
				'q-many': ['a', 'z'],
				'q-r5': ['0'],
				'q-r10': ['7.5'],
				'q-org': ['m1'],
				'q-mun': ['ot1']
			},
			lists
		);
		expect(result.ok || result.errors).toEqual({
			'q-freq': 'error_surveys_answer_invalid',
			'q-one': 'error_surveys_answer_invalid',
			'q-many': 'error_surveys_answer_invalid',
			'q-r5': 'error_surveys_answer_invalid',
			'q-r10': 'error_surveys_answer_invalid',
			'q-org': 'error_surveys_answer_invalid',
			'q-mun': 'error_surveys_answer_invalid'
		});
	});

	it('refuses two values for a question that takes one, and the same choice twice', () => {
		const result = readAnswers(definition, { 'q-freq': ['often', 'never'], 'q-many': ['a', 'a'] }, lists);
		expect(result.ok || result.errors).toEqual({
			'q-freq': 'error_surveys_answer_duplicate',
			'q-many': 'error_surveys_answer_duplicate'
		});
	});

	it('says the survey changed when the form answers a question the survey does not have', () => {
		const result = readAnswers(definition, { 'q-freq': ['often'], 'q-gone': ['x'], 'consent-old': ['on'] }, lists);
		expect(result).toEqual({
			ok: false,
			errors: { 'q-gone': 'error_surveys_unknown_question', 'consent-old': 'error_surveys_unknown_question' },
			message: 'error_surveys_form_outdated'
		});
	});

	it('refuses a text over the limit with a message carrying the limit, and accepts one at the limit', () => {
		const long = readAnswers(definition, { 'q-freq': ['often'], 'q-text': ['x'.repeat(MAX_TEXT_ANSWER + 1)] }, lists);
		expect(long.ok || long.errors).toEqual({ 'q-text': `error_surveys_answer_too_long|max=${MAX_TEXT_ANSWER}` });
		const atLimit = readAnswers(definition, { 'q-freq': ['often'], 'q-text': ['x'.repeat(MAX_TEXT_ANSWER)] }, lists);
		expect(atLimit.ok).toBe(true);
	});

	it('counts consent to quote only with a text, and only where the question asks for it', () => {
		const noText = readAnswers(definition, { 'q-freq': ['often'], 'consent-text': ['on'] }, lists);
		expect(noText).toMatchObject({ ok: true, value: { texts: [] } });
		const notAsked = readAnswers(
			definition,
			{ 'q-freq': ['often'], 'q-short': ['Hej'], 'consent-short': ['on'] },
			lists
		);
		expect(notAsked).toMatchObject({ value: { texts: [{ questionId: 'short', quoteConsent: false }] } });
	});

	it('reads every value of a repeated field from the posted form', () => {
		const data = new FormData();
		data.append('q-many', 'a');
		data.append('q-many', 'b');
		data.append('q-freq', 'never');
		expect(answerFieldsFrom(data)).toEqual({ 'q-many': ['a', 'b'], 'q-freq': ['never'] });
	});

	it('never accepts an answer outside a generated question’s options, scale or range', () => {
		const kinds = questionKinds.filter((kind) => kind !== 'short_text' && kind !== 'long_text');
		const question = fc.record({
			kind: fc.constantFrom(...kinds),
			optionIds: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 5 }),
			notApplicable: fc.boolean(),
			required: fc.boolean()
		});
		const value = fc.oneof(
			fc.string({ maxLength: 4 }),
			fc.constantFrom('na', 'often', 'agree', '0', '5', '10', '11', 'ot1', 'm1', '')
		);
		fc.assert(
			fc.property(
				fc.array(question, { minLength: 1, maxLength: 6 }),
				fc.array(fc.tuple(fc.nat(8), fc.array(value, { maxLength: 3 })), { maxLength: 8 }),
				(generated, posted) => {
					const questions = generated.map((g, i) =>
						q(`g${i}`, g.kind, {
							required: g.required,
							notApplicable: g.notApplicable,
							options:
								g.kind === 'single' || g.kind === 'multiple'
									? g.optionIds.map((id) => ({ id, text: { sv: id } }))
									: undefined
						})
					);
					const fields = Object.fromEntries(posted.map(([i, values]) => [`q-g${i}`, values]));
					const result = readAnswers({ sections: [{ id: 's', title: { sv: 'S' }, questions }] }, fields, lists);
					if (!result.ok) return;
					for (const question of questions) {
						const answer = result.value.choices[question.id];
						if (answer === undefined) {
							expect(question.required).toBe(false);
							continue;
						}
						const values = Array.isArray(answer) ? answer : [answer];
						for (const v of values) {
							if (v === 'na') {
								expect(question.notApplicable).toBe(true);
								continue;
							}
							const allowed: Record<string, (x: string | number) => boolean> = {
								frequency: (x) => (frequencyScale as readonly unknown[]).includes(x),
								agreement: (x) => (agreementScale as readonly unknown[]).includes(x),
								single: (x) => question.options!.some((o) => o.id === x),
								multiple: (x) => question.options!.some((o) => o.id === x),
								rating5: (x) => Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 5,
								rating10: (x) => Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 10,
								organisation_type: (x) => lists.organisationTypeIds.has(String(x)),
								municipality: (x) => lists.municipalityIds.has(String(x))
							};
							expect(allowed[question.kind](v)).toBe(true);
						}
					}
				}
			)
		);
	});
});
