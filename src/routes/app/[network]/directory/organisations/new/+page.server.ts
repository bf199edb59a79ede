import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { organisationSchema } from '#lib/server/directory/organisation-forms.ts';
import { createOrganisation } from '#lib/server/directory/organisations-service.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import { requirePermission } from '#lib/server/platform/permissions.ts';
import { organisationFormOptions } from '../options.server.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	await requirePermission(ctx, 'directory.edit');
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		options: await organisationFormOptions(ctx),
		// A municipality chosen in the list's filter is the likely one.
		municipality: event.url.searchParams.get('municipality') ?? ''
	};
};

export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event);
		const form = await parseForm(event.request, organisationSchema);
		if (!form.ok) return fail(400, form.failure);
		const result = await createOrganisation(ctx, form.data);
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error, result.field));
		redirect(
			303,
			`${localizedPath(`/app/${ctx.network.slug}/directory/organisations/${result.value}`, ctx.locale)}?done=created`
		);
	}
} satisfies Actions;
