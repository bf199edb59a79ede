import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { deleteTemplate, templateOverview } from '#lib/server/surveys/surveys-service.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * The network's own survey templates (kept from a survey with "save as template") and the shipped
 * ones. Deleting a template changes no survey made from it: a survey holds its own copy.
 */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const search = event.url.searchParams;
	return {
		templates: await templateOverview(ctx),
		confirmDelete: search.get('delete'),
		done: search.get('done')
	};
};

export const actions = {
	delete: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const form = await event.request.formData();
		const id = String(form.get('templateId') ?? '');
		if (form.get('confirm') !== 'yes') return fail(400, { id, message: 'surveys_pages_delete_confirm_missing' });
		const result = await deleteTemplate(ctx, id);
		if (!result.ok) {
			if (result.error === 'error_not_found') error(404, { message: 'error_not_found' });
			return fail(422, { id, message: result.error });
		}
		redirect(303, `${localizedPath(`/app/${ctx.network.slug}/surveys/templates`, ctx.locale)}?done=deleted`);
	}
} satisfies Actions;
