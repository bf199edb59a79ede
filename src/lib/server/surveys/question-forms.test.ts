import { describe, expect, it } from 'vitest';
import { parseFormData } from '../platform/http.ts';
import { addQuestion, updateQuestion } from './definition.ts';
import type { Question, SurveyDefinition } from './model.ts';
import {
	questionFormSchema,
	questionFormValues,
	questionInputFromForm,
	sectionFormSchema,
	sectionInputFromForm
} from './question-forms.ts';

function form(fields: Record<string, string>): FormData {
	const data = new FormData();
	for (const [key, value] of Object.entries(fields)) data.append(key, value);
	return data;
}

const parse = (fields: Record<string, string>) => parseFormData(form(fields), questionFormSchema);

describe('the survey editor forms', () => {
	it('reads a choice question with its lines matched by place across languages', () => {
		const parsed = parse({
			kind: 'single',
			text_sv: ' Var arbetar du? ',
			text_en: 'Where do you work?',
			required: 'on',
			options_sv: 'Socialtjänst\nSkola\n\n',
			options_en: 'Social services\r\nSchool',
			options_nb: '\nSkole'
		});
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.failure));
		const input = questionInputFromForm(parsed.data);
		expect(input).toEqual({
			kind: 'single',
			text: { sv: 'Var arbetar du?', en: 'Where do you work?' },
			required: true,
			notApplicable: false,
			options: [
				{ text: { sv: 'Socialtjänst', en: 'Social services' } },
				{ text: { sv: 'Skola', nb: 'Skole', en: 'School' } }
			]
		});
	});

	it('refuses a question without text in any language and an unknown kind, with message keys', () => {
		const parsed = parse({ kind: 'essay', text_sv: ' ' });
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.failure.errors).toMatchObject({ kind: 'error_surveys_kind_invalid' });
		const empty = parse({ kind: 'long_text' });
		expect(!empty.ok && empty.failure.errors).toEqual({ text_sv: 'error_surveys_question_text_required' });
	});

	it('refuses a choice line that is too long and tells the limit of a long question', () => {
		const parsed = parse({ kind: 'single', text_sv: 'x'.repeat(501), options_sv: `a\n${'b'.repeat(301)}` });
		expect(!parsed.ok && parsed.failure.errors).toEqual({
			text_sv: 'error_too_long_max|max=500',
			options_sv: 'error_surveys_option_too_long'
		});
	});

	it('ignores choices left in a scale question and quote consent on a choice question', () => {
		const parsed = parse({ kind: 'agreement', text_sv: 'Bra', options_sv: 'a\nb', ask_quote_consent: 'on' });
		if (!parsed.ok) throw new Error('parse');
		const input = questionInputFromForm(parsed.data);
		expect(input.options).toBeUndefined();
		expect(input.askQuoteConsent).toBeUndefined();
		const text = parse({ kind: 'long_text', text_sv: 'Vad?', ask_quote_consent: 'on', not_applicable: 'on' });
		if (!text.ok) throw new Error('parse');
		expect(questionInputFromForm(text.data)).toMatchObject({ askQuoteConsent: true, notApplicable: false });
	});

	it('keeps the ids of existing choices by place on an update, so a reworded line keeps its answers', () => {
		const previous: Question = {
			id: 'q',
			kind: 'single',
			text: { sv: 'Roll' },
			required: false,
			notApplicable: false,
			options: [
				{ id: 'a1', text: { sv: 'Kurator' } },
				{ id: 'b2', text: { sv: 'Lärare' } }
			]
		};
		const definition: SurveyDefinition = { sections: [{ id: 's', title: { sv: 'S' }, questions: [previous] }] };
		const parsed = parse({ ...questionFormValues(previous), options_sv: 'Skolkurator\nLärare\nPolis' });
		if (!parsed.ok) throw new Error('parse');
		const updated = updateQuestion(definition, 'q', questionInputFromForm(parsed.data, previous), false);
		if (!updated.ok) throw new Error(updated.error);
		const options = updated.value.sections[0].questions[0].options!;
		expect(options.slice(0, 2)).toEqual([
			{ id: 'a1', text: { sv: 'Skolkurator' } },
			{ id: 'b2', text: { sv: 'Lärare' } }
		]);
		expect(options[2].id).toMatch(/^[0-9a-f]{8}$/);
		const unchanged = parse(questionFormValues(previous));
		if (!unchanged.ok) throw new Error('parse');
		expect(updateQuestion(definition, 'q', questionInputFromForm(unchanged.data, previous), true).ok).toBe(true);
	});

	it('turns a form with one choice into the refusal of the definition', () => {
		const parsed = parse({ kind: 'multiple', text_nb: 'Hva?', options_nb: 'Bare én' });
		if (!parsed.ok) throw new Error('parse');
		const definition: SurveyDefinition = { sections: [{ id: 's', title: { sv: 'S' }, questions: [] }] };
		expect(addQuestion(definition, 's', questionInputFromForm(parsed.data))).toMatchObject({
			error: 'error_surveys_options_count',
			field: 'options_sv'
		});
	});

	it('reads a section with a title in one language and refuses one without', () => {
		const parsed = parseFormData(form({ title_nb: 'Om deg', intro_en: 'Optional' }), sectionFormSchema);
		if (!parsed.ok) throw new Error('parse');
		expect(sectionInputFromForm(parsed.data)).toEqual({ title: { nb: 'Om deg' }, intro: { en: 'Optional' } });
		const none = parseFormData(form({ intro_sv: 'x' }), sectionFormSchema);
		expect(!none.ok && none.failure.errors).toEqual({ title_sv: 'error_surveys_section_title_required' });
	});
});
