import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { contactIdSchema, readContactQuery } from '#lib/server/directory/contact-forms.ts';
import { contactFilterOptions, listContacts, markContactVerified } from '#lib/server/directory/contacts-service.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import { can } from '#lib/server/platform/permissions.ts';
import type { Actions, PageServerLoad } from './$types';

/** The directory's start page: the contact list with search, filters, paging and exports. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const query = readContactQuery(event.url);
	const [list, options] = await Promise.all([listContacts(ctx, query), contactFilterOptions(ctx)]);
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		query,
		list,
		options,
		canEdit: can(ctx, 'directory.edit'),
		done: event.url.searchParams.get('done')
	};
};

export const actions = {
	/** One-click "mark verified" from the list; back to the same search and page. */
	verify: async (event) => {
		const ctx = await requireContext(event);
		const form = await parseForm(event.request, contactIdSchema);
		if (!form.ok) return fail(400, form.failure);
		const result = await markContactVerified(ctx, form.data.contactId);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error), contactId: form.data.contactId });
		const params = new URLSearchParams(event.url.search);
		params.delete('/verify');
		params.set('done', 'verified');
		redirect(303, `${localizedPath(`/app/${ctx.network.slug}/directory`, ctx.locale)}?${params}`);
	}
} satisfies Actions;
