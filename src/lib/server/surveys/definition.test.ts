import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	addQuestion,
	addSection,
	moveQuestion,
	moveSection,
	removeQuestion,
	removeSection,
	updateQuestion,
	updateSection,
	validateDefinition,
	type QuestionInput
} from './definition.ts';
import { allQuestions, MAX_QUESTIONS, type SurveyDefinition } from './model.ts';
import { shippedTemplate } from './templates.ts';

const base = (): SurveyDefinition => ({
	sections: [
		{
			id: 's1',
			title: { sv: 'Träffen' },
			questions: [
				{ id: 'q1', kind: 'frequency', text: { sv: 'Nyttig?' }, required: true, notApplicable: false },
				{
					id: 'q2',
					kind: 'single',
					text: { sv: 'Roll?', en: 'Role?' },
					required: false,
					notApplicable: false,
					options: [
						{ id: 'o1', text: { sv: 'Socialtjänst' } },
						{ id: 'o2', text: { sv: 'Skola' } }
					]
				}
			]
		},
		{ id: 's2', title: { sv: 'Mer' }, questions: [] }
	]
});

const choice = (texts: string[]): QuestionInput => ({
	kind: 'single',
	text: { sv: 'Välj' },
	required: false,
	notApplicable: false,
	options: texts.map((sv) => ({ text: { sv } }))
});

const expectOk = <T>(r: { ok: boolean; value?: T; error?: string }): T => {
	expect(r).toMatchObject({ ok: true });
	return r.value as T;
};

describe('editing a survey definition', () => {
	it('adds a section and a question with new short ids, leaving the input untouched', () => {
		const def = base();
		const before = structuredClone(def);
		const withSection = expectOk(addSection(def, { title: { sv: ' Om dig ', en: '' } }));
		expect(withSection.sections[2].title).toEqual({ sv: 'Om dig' });
		expect(withSection.sections[2].id).toMatch(/^[0-9a-f]{8}$/);
		const withQuestion = expectOk(addQuestion(withSection, 's2', choice(['Ja', 'Nej'])));
		const added = withQuestion.sections[1].questions[0];
		expect(added.options?.map((o) => o.text.sv)).toEqual(['Ja', 'Nej']);
		expect(new Set([added.id, ...added.options!.map((o) => o.id)]).size).toBe(3);
		expect(def).toEqual(before);
	});

	it('refuses a question without text, choices outside 2–20, options on a scale and quote consent off free text', () => {
		expect(addQuestion(base(), 's1', { ...choice(['A', 'B']), text: { sv: ' ' } })).toMatchObject({
			error: 'error_surveys_question_text_required',
			field: 'text_sv'
		});
		expect(addQuestion(base(), 's1', choice(['A']))).toMatchObject({ error: 'error_surveys_options_count' });
		expect(addQuestion(base(), 's1', choice(Array.from({ length: 21 }, (_, i) => `${i}`)))).toMatchObject({
			error: 'error_surveys_options_count'
		});
		expect(addQuestion(base(), 's1', { ...choice(['A', 'B']), kind: 'agreement' })).toMatchObject({
			error: 'error_surveys_options_not_allowed'
		});
		expect(addQuestion(base(), 's1', { ...choice(['A', 'B']), askQuoteConsent: true })).toMatchObject({
			error: 'error_surveys_quote_consent_text_only',
			field: 'ask_quote_consent'
		});
		expect(addQuestion(base(), 'nope', choice(['A', 'B']))).toMatchObject({ error: 'error_surveys_section_not_found' });
	});

	it('refuses a second municipality question and more than the most questions a survey may have', () => {
		const input: QuestionInput = {
			kind: 'municipality',
			text: { sv: 'Kommun' },
			required: false,
			notApplicable: false
		};
		const once = expectOk(addQuestion(base(), 's2', input));
		expect(addQuestion(once, 's2', input)).toMatchObject({ error: 'error_surveys_breakdown_twice' });
		let def = base();
		for (let i = 2; i < MAX_QUESTIONS; i++) def = expectOk(addQuestion(def, 's2', { ...input, kind: 'rating5' }));
		expect(addQuestion(def, 's2', { ...input, kind: 'rating5' })).toMatchObject({
			ok: false,
			error: `error_surveys_too_many_questions|max=${MAX_QUESTIONS}`
		});
	});

	it('before answers, rewords, retypes and removes questions and sections freely', () => {
		const reworded = expectOk(
			updateQuestion(
				base(),
				'q1',
				{ kind: 'agreement', text: { sv: 'Bra?' }, required: false, notApplicable: true },
				false
			)
		);
		expect(reworded.sections[0].questions[0]).toMatchObject({ id: 'q1', kind: 'agreement', text: { sv: 'Bra?' } });
		expect(expectOk(removeQuestion(base(), 'q2', false)).sections[0].questions.map((q) => q.id)).toEqual(['q1']);
		expect(expectOk(removeSection(base(), 's1', false)).sections.map((s) => s.id)).toEqual(['s2']);
	});

	it('keeps option ids it knows and gives new ones to options it does not', () => {
		const def = expectOk(
			updateQuestion(
				base(),
				'q2',
				{
					...choice([]),
					options: [
						{ id: 'o1', text: { sv: 'Socialtjänst' } },
						{ id: 'q1', text: { sv: 'Polis' } }
					]
				},
				false
			)
		);
		const ids = def.sections[0].questions[1].options!.map((o) => o.id);
		expect(ids[0]).toBe('o1');
		expect(ids[1]).not.toBe('q1');
	});

	it('once answered, refuses removing or rewording a question or its choices, but adds, reorders and changes help', () => {
		const q2 = base().sections[0].questions[1];
		const same: QuestionInput = { ...q2 };
		expect(removeQuestion(base(), 'q1', true)).toMatchObject({ error: 'error_surveys_answered_frozen' });
		expect(removeSection(base(), 's1', true)).toMatchObject({ error: 'error_surveys_answered_section_frozen' });
		expect(expectOk(removeSection(base(), 's2', true)).sections).toHaveLength(1);
		expect(updateQuestion(base(), 'q2', { ...same, text: { sv: 'Din roll?' } }, true)).toMatchObject({
			error: 'error_surveys_answered_frozen',
			field: 'text_sv'
		});
		expect(updateQuestion(base(), 'q2', { ...same, kind: 'multiple' }, true)).toMatchObject({ field: 'kind' });
		expect(
			updateQuestion(base(), 'q2', { ...same, options: [...q2.options!, { text: { sv: 'Polis' } }] }, true)
		).toMatchObject({ field: 'options_sv' });
		const helped = expectOk(updateQuestion(base(), 'q2', { ...same, help: { sv: 'Välj en' }, required: true }, true));
		expect(helped.sections[0].questions[1]).toMatchObject({ help: { sv: 'Välj en' }, required: true });
		expect(expectOk(addQuestion(base(), 's2', choice(['A', 'B']))).sections[1].questions).toHaveLength(1);
		expect(expectOk(moveQuestion(base(), 'q2', 'up')).sections[0].questions.map((q) => q.id)).toEqual(['q2', 'q1']);
	});

	it('moves questions across section edges and sections within bounds', () => {
		const down = expectOk(moveQuestion(base(), 'q2', 'down'));
		expect(down.sections.map((s) => s.questions.map((q) => q.id))).toEqual([['q1'], ['q2']]);
		const back = expectOk(moveQuestion(down, 'q2', 'up'));
		expect(back.sections.map((s) => s.questions.map((q) => q.id))).toEqual([['q1', 'q2'], []]);
		expect(expectOk(moveQuestion(base(), 'q1', 'up'))).toEqual(base());
		expect(expectOk(moveSection(base(), 's2', 'up')).sections.map((s) => s.id)).toEqual(['s2', 's1']);
		expect(expectOk(moveSection(base(), 's2', 'down')).sections.map((s) => s.id)).toEqual(['s1', 's2']);
		expect(moveQuestion(base(), 'zz', 'up')).toMatchObject({ error: 'error_surveys_question_not_found' });
	});

	it('updates a section title and drops an emptied intro', () => {
		const def = expectOk(updateSection(base(), 's1', { title: { en: 'Meeting' }, intro: { sv: '  ' } }));
		expect(def.sections[0]).toMatchObject({ title: { en: 'Meeting' } });
		expect(def.sections[0].intro).toBeUndefined();
		expect(updateSection(base(), 's1', { title: {} })).toMatchObject({ field: 'title_sv' });
	});

	it('refuses definitions with duplicated ids or choices without text', () => {
		const dup = base();
		dup.sections[1].id = 'q1';
		expect(validateDefinition(dup)).toMatchObject({ error: 'error_surveys_ids_duplicate' });
		const blank = base();
		blank.sections[0].questions[1].options![0].text = { sv: '' };
		expect(validateDefinition(blank)).toMatchObject({ error: 'error_surveys_option_text_required' });
		expect(validateDefinition(shippedTemplate('digital_training').definition).ok).toBe(true);
	});

	it('with answers, no sequence of edits removes or changes an existing question or its choices', () => {
		const start = shippedTemplate('meeting_usefulness').definition;
		const ids = allQuestions(start).map((q) => q.id);
		const edit = fc.oneof(
			fc.record({ op: fc.constant('remove' as const), id: fc.constantFrom(...ids) }),
			fc.record({ op: fc.constant('move' as const), id: fc.constantFrom(...ids), up: fc.boolean() }),
			fc.record({
				op: fc.constant('update' as const),
				id: fc.constantFrom(...ids),
				kind: fc.constantFrom('frequency', 'agreement', 'long_text', 'single'),
				text: fc.string({ maxLength: 5 })
			}),
			fc.record({ op: fc.constant('removeSection' as const), index: fc.nat(5) }),
			fc.record({ op: fc.constant('add' as const), index: fc.nat(5) })
		);
		fc.assert(
			fc.property(fc.array(edit, { maxLength: 15 }), (edits) => {
				let def = start;
				for (const e of edits) {
					const r =
						e.op === 'remove'
							? removeQuestion(def, e.id, true)
							: e.op === 'move'
								? moveQuestion(def, e.id, e.up ? 'up' : 'down')
								: e.op === 'update'
									? updateQuestion(
											def,
											e.id,
											{
												kind: e.kind,
												text: { sv: e.text },
												required: false,
												notApplicable: false,
												options: choice(['A', 'B']).options
											},
											true
										)
									: e.op === 'removeSection'
										? removeSection(def, def.sections[e.index % def.sections.length].id, true)
										: addQuestion(def, def.sections[e.index % def.sections.length].id, choice(['A', 'B']));
					if (r.ok) def = r.value;
				}
				const after = new Map(allQuestions(def).map((q) => [q.id, q]));
				for (const q of allQuestions(start)) {
					const kept = after.get(q.id);
					expect(kept).toBeDefined();
					expect(kept).toMatchObject({ kind: q.kind, text: q.text });
					expect(kept?.options).toEqual(q.options);
				}
			})
		);
	});
});

describe('questions about the respondent', () => {
	it('can never be required, since in a small network saying where one works can point to oneself', () => {
		for (const kind of ['organisation_type', 'municipality'] as const) {
			const added = addQuestion({ sections: [{ id: 's', title: { sv: 'Om dig' }, questions: [] }] }, 's', {
				kind,
				text: { sv: 'Var arbetar du?' },
				required: true,
				notApplicable: false
			});
			expect(added).toMatchObject({ ok: false, error: 'error_surveys_about_you_optional', field: 'required' });
		}
	});
});
