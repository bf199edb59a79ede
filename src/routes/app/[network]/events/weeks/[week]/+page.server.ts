import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { themeWeekFormSchema } from '#lib/server/events/theme-week-forms.ts';
import { themeWeekFormValues, updateThemeWeek } from '#lib/server/events/theme-weeks.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/** A theme week's edit form; another network's week is not found. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const found = await themeWeekFormValues(ctx, event.params.week);
	if (!found.ok) error(404, { message: 'error_not_found' });
	return found.value;
};

export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const form = await parseForm(event.request, themeWeekFormSchema);
		if (!form.ok) return fail(400, form.failure);
		const result = await updateThemeWeek(ctx, event.params.week, form.data);
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error, result.field));
		redirect(303, `${localizedPath(`/app/${ctx.network.slug}/events/weeks`, ctx.locale)}?done=updated`);
	}
} satisfies Actions;
