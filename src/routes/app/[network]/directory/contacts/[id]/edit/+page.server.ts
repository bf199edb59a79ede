import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { contactFormSchema } from '#lib/server/directory/contact-forms.ts';
import { contactFormOptions, getContact, updateContact } from '#lib/server/directory/contacts-service.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'coordinator' });
	const contact = await getContact(ctx, event.params.id);
	if (!contact.ok) error(404, { message: contact.error });
	const c = contact.value;
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		options: await contactFormOptions(ctx),
		contact: {
			id: c.id,
			name: c.name,
			values: {
				name: c.name,
				organisationId: c.organisationId,
				function: c.function ?? '',
				phone: c.phoneFormatted,
				email: c.email ?? '',
				memberUserId: c.memberUserId ?? '',
				lastVerifiedOn: c.lastVerifiedOn ?? '',
				notes: c.notes ?? '',
				active: c.active ? 'on' : ''
			}
		}
	};
};

export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event, { role: 'coordinator' });
		const form = await parseForm(event.request, contactFormSchema);
		if (!form.ok) return fail(400, form.failure);
		const result = await updateContact(ctx, event.params.id, form.data);
		if (!result.ok) {
			if (result.error === 'error_not_found') error(404, { message: result.error });
			return fail(422, fieldFailure(form.values, result.error, result.field));
		}
		redirect(
			303,
			`${localizedPath(`/app/${ctx.network.slug}/directory/contacts/${event.params.id}`, ctx.locale)}?done=updated`
		);
	}
} satisfies Actions;
