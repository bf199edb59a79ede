import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import type { ServiceContext } from '#lib/server/platform/context.ts';
import { fieldFailure, formValues, parseFormData, type FormFailure } from '#lib/server/platform/http.ts';
import type { Result } from '#lib/server/platform/result.ts';
import { editDefinition, editorView, type DefinitionEdit } from '#lib/server/surveys/editor-service.ts';
import { allQuestions, questionKinds, surveyLocales } from '#lib/server/surveys/model.ts';
import {
	questionFormSchema,
	questionFormValues,
	questionInputFromForm,
	sectionFormSchema,
	sectionInputFromForm
} from '#lib/server/surveys/question-forms.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/**
 * The survey editor: its parts with their questions in order. Each question and part is edited in
 * place after a link (`?edit=`, `?section=`), so every step is a plain POST that works without
 * JavaScript. Once answers exist, questions can be added and moved but no longer changed or removed:
 * the page offers only that, and the service refuses the rest anyway.
 */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const found = await editorView(ctx, event.params.survey);
	if (!found.ok) error(404, { message: 'error_not_found' });
	const { survey, answered } = found.value;
	const search = event.url.searchParams;
	const editing = search.get('edit');
	const question = editing ? allQuestions(survey.definition).find((q) => q.id === editing) : undefined;
	const sectionId = search.get('section');
	const section = sectionId ? survey.definition.sections.find((s) => s.id === sectionId) : undefined;
	// The network's own language first: most write only that one.
	const locales = [
		...surveyLocales.filter((l) => l === ctx.network.defaultLocale),
		...surveyLocales.filter((l) => l !== ctx.network.defaultLocale)
	];
	return {
		survey: { id: survey.id, title: survey.title, status: survey.status, definition: survey.definition },
		answered,
		locales,
		kinds: questionKinds,
		editing: question && !answered ? { id: question.id, values: questionFormValues(question) } : null,
		editingSection: section
			? {
					id: section.id,
					values: Object.fromEntries(
						surveyLocales.flatMap((l) => [
							[`title_${l}`, section.title[l] ?? ''],
							[`intro_${l}`, section.intro?.[l] ?? '']
						])
					)
				}
			: null,
		done: search.get('done')
	};
};

function editorPath(ctx: ServiceContext, event: RequestEvent, done: string, anchor = ''): string {
	return `${localizedPath(`/app/${ctx.network.slug}/surveys/${event.params.survey}/questions`, ctx.locale)}?done=${done}${anchor}`;
}

/** Applies one edit; a refusal is shown beside the form it came from (`form`), with what was typed. */
async function apply(
	ctx: ServiceContext,
	event: RequestEvent,
	edit: DefinitionEdit,
	form: string,
	values: Record<string, string>,
	done: string,
	anchor = ''
) {
	const result: Result<unknown> = await editDefinition(ctx, event.params.survey, edit);
	if (!result.ok) {
		if (result.error === 'error_not_found') error(404, { message: 'error_not_found' });
		return failed(422, form, fieldFailure(values, result.error, result.field));
	}
	redirect(303, editorPath(ctx, event, done, anchor));
}

/** Every form's failure has one shape, named by its form, so the page can tell whose it is. */
function failed(status: number, form: string, failure: Partial<FormFailure>) {
	return fail(status, {
		form,
		values: failure.values ?? ({} as Record<string, string>),
		errors: failure.errors ?? ({} as Record<string, string>),
		message: failure.message ?? null
	});
}

const direction = (value: FormDataEntryValue | null) => (value === 'up' ? 'up' : 'down');
const idOf = (data: FormData, name: string) => String(data.get(name) ?? '');

export const actions = {
	addSection: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const form = parseFormData(await event.request.formData(), sectionFormSchema);
		if (!form.ok) return failed(400, 'addSection', form.failure);
		return apply(
			ctx,
			event,
			{ op: 'add_section', input: sectionInputFromForm(form.data) },
			'addSection',
			form.values,
			'section_added'
		);
	},
	updateSection: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const data = await event.request.formData();
		const sectionId = idOf(data, 'sectionId');
		const form = parseFormData(data, sectionFormSchema);
		if (!form.ok) return failed(400, `section:${sectionId}`, form.failure);
		return apply(
			ctx,
			event,
			{ op: 'update_section', sectionId, input: sectionInputFromForm(form.data) },
			`section:${sectionId}`,
			form.values,
			'section_saved',
			`#section-${sectionId}`
		);
	},
	removeSection: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const data = await event.request.formData();
		const sectionId = idOf(data, 'sectionId');
		return apply(ctx, event, { op: 'remove_section', sectionId }, `section:${sectionId}`, {}, 'section_removed');
	},
	moveSection: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const data = await event.request.formData();
		const sectionId = idOf(data, 'sectionId');
		return apply(
			ctx,
			event,
			{ op: 'move_section', sectionId, direction: direction(data.get('direction')) },
			`section:${sectionId}`,
			{},
			'moved',
			`#section-${sectionId}`
		);
	},
	addQuestion: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const data = await event.request.formData();
		const sectionId = idOf(data, 'sectionId');
		const form = parseFormData(data, questionFormSchema);
		if (!form.ok) return failed(400, 'addQuestion', form.failure);
		if (!sectionId)
			return failed(400, 'addQuestion', {
				values: form.values,
				errors: { sectionId: 'surveys_pages_section_required' }
			});
		return apply(
			ctx,
			event,
			{ op: 'add_question', sectionId, input: questionInputFromForm(form.data) },
			'addQuestion',
			form.values,
			'question_added',
			`#section-${sectionId}`
		);
	},
	updateQuestion: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const data = await event.request.formData();
		const questionId = idOf(data, 'questionId');
		const form = parseFormData(data, questionFormSchema);
		if (!form.ok) return failed(400, `question:${questionId}`, form.failure);
		const view = await editorView(ctx, event.params.survey);
		if (!view.ok) error(404, { message: 'error_not_found' });
		const previous = allQuestions(view.value.survey.definition).find((q) => q.id === questionId);
		return apply(
			ctx,
			event,
			{ op: 'update_question', questionId, input: questionInputFromForm(form.data, previous) },
			`question:${questionId}`,
			form.values,
			'question_saved',
			`#question-${questionId}`
		);
	},
	removeQuestion: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const data = await event.request.formData();
		const questionId = idOf(data, 'questionId');
		return apply(
			ctx,
			event,
			{ op: 'remove_question', questionId },
			`question:${questionId}`,
			formValues(data),
			'question_removed'
		);
	},
	moveQuestion: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const data = await event.request.formData();
		const questionId = idOf(data, 'questionId');
		return apply(
			ctx,
			event,
			{ op: 'move_question', questionId, direction: direction(data.get('direction')) },
			`question:${questionId}`,
			{},
			'moved',
			`#question-${questionId}`
		);
	}
} satisfies Actions;
