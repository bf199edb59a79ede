import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { seriesArrayFields, seriesFormSchema } from '#lib/server/meetings/forms.ts';
import { createSeries, seriesFormOptions } from '#lib/server/meetings/series-service.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/** A new series or single meeting; its meetings up to the horizon are made and the invited told. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'coordinator' });
	return { options: await seriesFormOptions(ctx) };
};

export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event, { role: 'coordinator' });
		const form = await parseForm(event.request, seriesFormSchema, { arrayFields: seriesArrayFields });
		if (!form.ok) return fail(400, form.failure);
		const result = await createSeries(ctx, form.data);
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error, result.field));
		redirect(303, `${localizedPath(`/app/${ctx.network.slug}/meetings`, ctx.locale)}?done=series_created`);
	}
} satisfies Actions;
