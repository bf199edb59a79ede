import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { organisationSchema } from '#lib/server/directory/organisation-forms.ts';
import { formatPhone } from '#lib/server/directory/phone.ts';
import { getOrganisation, updateOrganisation } from '#lib/server/directory/organisations-service.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import { requirePermission } from '#lib/server/platform/permissions.ts';
import { organisationFormOptions } from '../../options.server.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	await requirePermission(ctx, 'directory.edit');
	const found = await getOrganisation(ctx, event.params.organisation);
	if (!found.ok) error(404, { message: 'error_not_found' });
	const o = found.value.organisation;
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		organisation: { id: o.id, name: o.name },
		options: await organisationFormOptions(ctx, o.typeId),
		values: {
			name: o.name,
			typeId: o.typeId,
			municipality: o.scope === 'municipal' ? (o.municipalityId ?? '') : o.scope,
			visitingAddress: o.visitingAddress ?? '',
			switchboard: formatPhone(o.switchboard, ctx.network.country),
			email: o.email ?? '',
			website: o.website ?? '',
			notes: o.notes ?? ''
		}
	};
};

export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event);
		const form = await parseForm(event.request, organisationSchema);
		if (!form.ok) return fail(400, form.failure);
		const result = await updateOrganisation(ctx, event.params.organisation, form.data);
		if (!result.ok) {
			if (result.error === 'error_not_found') error(404, { message: 'error_not_found' });
			return fail(422, fieldFailure(form.values, result.error, result.field));
		}
		redirect(
			303,
			`${localizedPath(`/app/${ctx.network.slug}/directory/organisations/${event.params.organisation}`, ctx.locale)}?done=updated`
		);
	}
} satisfies Actions;
