import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { themeWeekFormSchema } from '#lib/server/events/theme-week-forms.ts';
import { createThemeWeek } from '#lib/server/events/theme-weeks.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import type { Actions } from './$types';

/** A new theme week; events are linked to it from the event form. */
export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const form = await parseForm(event.request, themeWeekFormSchema);
		if (!form.ok) return fail(400, form.failure);
		const result = await createThemeWeek(ctx, form.data);
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error, result.field));
		redirect(303, `${localizedPath(`/app/${ctx.network.slug}/events/weeks`, ctx.locale)}?done=created`);
	}
} satisfies Actions;
