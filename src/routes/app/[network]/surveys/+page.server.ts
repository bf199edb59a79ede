import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import { percentText } from '#lib/server/platform/percent.ts';
import { createSurveySchema } from '#lib/server/surveys/forms.ts';
import { createSurvey, listSurveys, surveySources } from '#lib/server/surveys/surveys-service.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * The network's surveys with how many were asked and how many answered (never who), and the form
 * that starts a new one, blank or from a template.
 */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const [surveys, sources] = await Promise.all([listSurveys(ctx), surveySources(ctx)]);
	return {
		surveys: surveys.map((survey) => ({
			...survey,
			share: survey.invited > 0 ? percentText(survey.answered / survey.invited, ctx.locale) : null
		})),
		sources,
		done: event.url.searchParams.get('done')
	};
};

export const actions = {
	create: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const form = await parseForm(event.request, createSurveySchema);
		if (!form.ok) return fail(400, form.failure);
		const result = await createSurvey(ctx, form.data);
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error, result.field));
		redirect(303, `${localizedPath(`/app/${ctx.network.slug}/surveys/${result.value.id}`, ctx.locale)}?done=created`);
	}
} satisfies Actions;
