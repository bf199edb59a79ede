import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { municipalityChecklist, saveChecklistStatus } from '#lib/server/directory/checklist-service.ts';
import { checklistStatusSchema } from '#lib/server/directory/contact-forms.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import { can } from '#lib/server/platform/permissions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const checklist = await municipalityChecklist(ctx, event.params.municipality);
	if (!checklist.ok) error(404, { message: checklist.error });
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		checklist: checklist.value,
		canEdit: can(ctx, 'directory.edit'),
		saved: event.url.searchParams.get('saved')
	};
};

export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event);
		const form = await parseForm(event.request, checklistStatusSchema);
		if (!form.ok) return fail(400, { ...form.failure, itemId: form.failure.values.itemId });
		const result = await saveChecklistStatus(ctx, event.params.municipality, form.data);
		if (!result.ok) {
			if (result.error === 'error_not_found') error(404, { message: result.error });
			return fail(422, { ...fieldFailure(form.values, result.error, result.field), itemId: form.data.itemId });
		}
		const path = localizedPath(
			`/app/${ctx.network.slug}/directory/checklists/${event.params.municipality}`,
			ctx.locale
		);
		redirect(303, `${path}?saved=${form.data.itemId}#item-${form.data.itemId}`);
	}
} satisfies Actions;
