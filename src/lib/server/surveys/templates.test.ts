import { describe, expect, it } from 'vitest';
import { allQuestions, isTextKind, shippedTemplateKeys, surveyLocales, type LocalText } from './model.ts';
import { validateDefinition } from './definition.ts';
import { shippedTemplate, shippedTemplates } from './templates.ts';

function texts(value: unknown): LocalText[] {
	if (!value || typeof value !== 'object') return [];
	if (Array.isArray(value)) return value.flatMap(texts);
	const record = value as Record<string, unknown>;
	if (typeof record.sv === 'string') return [record as LocalText];
	return Object.values(record).flatMap(texts);
}

describe('shipped survey templates', () => {
	it('ships one template per key, each a valid definition', () => {
		expect(shippedTemplates().map((t) => t.key)).toEqual([...shippedTemplateKeys]);
		for (const template of shippedTemplates())
			expect(validateDefinition(template.definition)).toMatchObject({ ok: true });
	});

	it('has every text in Swedish, Norwegian and English, none of them a message key', () => {
		for (const template of shippedTemplates())
			for (const text of texts(template))
				for (const locale of surveyLocales) {
					expect(text[locale]).toBeTruthy();
					expect(text[locale]).not.toMatch(/^surveys_templates_/);
				}
	});

	it('writes each language in its own words', () => {
		const { title } = shippedTemplate('meeting_usefulness');
		expect(title.sv).toContain('kompetensteamets träffar');
		expect(title.nb).toContain('kompetanseteamets samlinger');
		expect(title.en).toBe('Usefulness of the team meetings');
	});

	it('asks meeting usefulness on the frequency scale, with an optional About you and a quotable free text', () => {
		const questions = allQuestions(shippedTemplate('meeting_usefulness').definition);
		const byId = new Map(questions.map((q) => [q.id, q]));
		for (const id of ['useful', 'support', 'learn', 'share']) expect(byId.get(id)?.kind).toBe('frequency');
		expect(byId.get('organisation_type')).toMatchObject({ kind: 'organisation_type', required: false });
		expect(byId.get('municipality')).toMatchObject({ kind: 'municipality', required: false });
		expect(byId.get('improve')).toMatchObject({ kind: 'long_text', askQuoteConsent: true });
	});

	it('gives the digital training the training questions plus sound, picture and platform with not applicable', () => {
		const training = allQuestions(shippedTemplate('training').definition).map((q) => q.id);
		const digital = allQuestions(shippedTemplate('digital_training').definition);
		expect(digital.map((q) => q.id)).toEqual(expect.arrayContaining(training));
		for (const id of ['sound', 'picture', 'platform']) {
			const question = digital.find((q) => q.id === id);
			expect(question?.notApplicable).toBe(true);
		}
		expect(training).not.toContain('sound');
		const overall = allQuestions(shippedTemplate('training').definition).find((q) => q.id === 'overall');
		expect(overall?.kind).toBe('rating5');
		for (const q of allQuestions(shippedTemplate('training').definition))
			if (isTextKind(q.kind)) expect(q.askQuoteConsent).toBe(true);
	});

	it('hands out fresh objects, so changing one template leaves the next call untouched', () => {
		shippedTemplate('training').definition.sections.pop();
		expect(shippedTemplate('training').definition.sections.at(-1)?.id).toBe('about');
	});
});
