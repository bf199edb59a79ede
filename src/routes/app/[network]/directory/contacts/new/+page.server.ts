import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { contactFormSchema } from '#lib/server/directory/contact-forms.ts';
import { contactFormOptions, createContact } from '#lib/server/directory/contacts-service.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'coordinator' });
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		options: await contactFormOptions(ctx),
		organisationId: event.url.searchParams.get('organisation') ?? ''
	};
};

export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event, { role: 'coordinator' });
		const form = await parseForm(event.request, contactFormSchema);
		if (!form.ok) return fail(400, form.failure);
		const result = await createContact(ctx, form.data);
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error, result.field));
		redirect(
			303,
			`${localizedPath(`/app/${ctx.network.slug}/directory/contacts/${result.value}`, ctx.locale)}?done=created`
		);
	}
} satisfies Actions;
