import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { themeWeekIdSchema } from '#lib/server/events/theme-week-forms.ts';
import { deleteThemeWeek, listThemeWeeks } from '#lib/server/events/theme-weeks.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/** The network's theme weeks with how many events each has; a week without events can be deleted here. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	return { weeks: await listThemeWeeks(ctx), done: event.url.searchParams.get('done') };
};

export const actions = {
	delete: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const form = await parseForm(event.request, themeWeekIdSchema);
		if (!form.ok) return fail(400, form.failure);
		const result = await deleteThemeWeek(ctx, form.data.weekId);
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error));
		redirect(303, `${localizedPath(`/app/${ctx.network.slug}/events/weeks`, ctx.locale)}?done=deleted`);
	}
} satisfies Actions;
