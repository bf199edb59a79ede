import { error, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { deleteContact, getContact } from '#lib/server/directory/contacts-service.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'coordinator' });
	const contact = await getContact(ctx, event.params.id);
	if (!contact.ok) error(404, { message: contact.error });
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		contact: { id: contact.value.id, name: contact.value.name }
	};
};

export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event, { role: 'coordinator' });
		const result = await deleteContact(ctx, event.params.id);
		if (!result.ok) error(404, { message: result.error });
		redirect(303, `${localizedPath(`/app/${ctx.network.slug}/directory`, ctx.locale)}?done=deleted`);
	}
} satisfies Actions;
