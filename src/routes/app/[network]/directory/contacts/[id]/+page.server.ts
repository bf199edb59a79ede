import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { removeRepresentativeSchema, representativeSchema } from '#lib/server/directory/contact-forms.ts';
import {
	contactFilterOptions,
	getContact,
	markContactVerified,
	removeRepresentative,
	setRepresentative
} from '#lib/server/directory/contacts-service.ts';
import type { ServiceContext } from '#lib/server/platform/context.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import { can } from '#lib/server/platform/permissions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const contact = await getContact(ctx, event.params.id);
	if (!contact.ok) error(404, { message: contact.error });
	const canEdit = can(ctx, 'directory.edit');
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		contact: contact.value,
		municipalities: canEdit ? (await contactFilterOptions(ctx)).municipalities : [],
		canEdit,
		done: event.url.searchParams.get('done'),
		demoted: await demotedName(ctx, event.url.searchParams.get('demoted'))
	};
};

/** The name of the contact who was primary before; the URL carries the id, never the name. */
async function demotedName(ctx: ServiceContext, id: string | null): Promise<string | null> {
	if (!id) return null;
	const contact = await getContact(ctx, id);
	return contact.ok ? contact.value.name : null;
}

function back(ctx: ServiceContext, id: string, done: string, extra = ''): never {
	redirect(
		303,
		`${localizedPath(`/app/${ctx.network.slug}/directory/contacts/${id}`, ctx.locale)}?done=${done}${extra}`
	);
}

export const actions = {
	verify: async (event) => {
		const ctx = await requireContext(event);
		const result = await markContactVerified(ctx, event.params.id);
		if (!result.ok) error(404, { message: result.error });
		back(ctx, event.params.id, 'verified');
	},
	representative: async (event) => {
		const ctx = await requireContext(event);
		const form = await parseForm(event.request, representativeSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'representative' });
		const result = await setRepresentative(ctx, event.params.id, form.data.municipalityId, form.data.kind);
		if (!result.ok) {
			if (result.error === 'error_not_found') error(404, { message: result.error });
			return fail(422, { ...fieldFailure(form.values, result.error, result.field), action: 'representative' });
		}
		const demoted = result.value.demoted;
		if (demoted) back(ctx, event.params.id, 'demoted', `&demoted=${encodeURIComponent(demoted.contactId)}`);
		back(ctx, event.params.id, 'representative');
	},
	removeRepresentative: async (event) => {
		const ctx = await requireContext(event);
		const form = await parseForm(event.request, removeRepresentativeSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'remove' });
		const result = await removeRepresentative(ctx, event.params.id, form.data.municipalityId);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error), action: 'remove' });
		back(ctx, event.params.id, 'representative_removed');
	}
} satisfies Actions;
