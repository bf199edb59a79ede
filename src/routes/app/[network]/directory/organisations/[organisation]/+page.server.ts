import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { formatPhone } from '#lib/server/directory/phone.ts';
import {
	getOrganisation,
	organisationTypeLabels,
	setOrganisationActive
} from '#lib/server/directory/organisations-service.ts';
import type { ServiceContext } from '#lib/server/platform/context.ts';
import { fieldFailure } from '#lib/server/platform/http.ts';
import { can } from '#lib/server/platform/permissions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const found = await getOrganisation(ctx, event.params.organisation);
	if (!found.ok) error(404, { message: 'error_not_found' });
	const { organisation: o, contacts } = found.value;
	const types = await organisationTypeLabels(ctx);
	const country = ctx.network.country;
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		canEdit: can(ctx, 'directory.edit'),
		organisation: {
			id: o.id,
			name: o.name,
			type: types[o.typeId]?.label ?? '',
			scope: o.scope,
			municipalityName: o.municipalityName,
			visitingAddress: o.visitingAddress,
			switchboard: o.switchboard ? { e164: o.switchboard, shown: formatPhone(o.switchboard, country) } : null,
			email: o.email,
			website: o.website,
			notes: o.notes,
			active: o.active
		},
		contacts: contacts.map((c) => ({
			id: c.id,
			name: c.name,
			function: c.function,
			phone: c.phone ? { e164: c.phone, shown: formatPhone(c.phone, country) } : null,
			email: c.email,
			active: c.active
		})),
		done: event.url.searchParams.get('done')
	};
};

async function setActive(ctx: ServiceContext, organisationId: string, active: boolean) {
	const result = await setOrganisationActive(ctx, organisationId, active);
	if (!result.ok) {
		if (result.error === 'error_not_found') error(404, { message: 'error_not_found' });
		return fail(422, fieldFailure({}, result.error));
	}
	redirect(
		303,
		`${localizedPath(`/app/${ctx.network.slug}/directory/organisations/${organisationId}`, ctx.locale)}?done=${active ? 'reactivated' : 'deactivated'}`
	);
}

export const actions = {
	deactivate: async (event) => setActive(await requireContext(event), event.params.organisation, false),
	reactivate: async (event) => setActive(await requireContext(event), event.params.organisation, true)
} satisfies Actions;
