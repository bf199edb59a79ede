import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireActorContext } from '#lib/server/context.ts';
import { closeNetworkSchema } from '#lib/server/networks/forms.ts';
import { closeNetwork, listNetworksForInstanceAdmin } from '#lib/server/networks/service.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/** The confirmation step of closing a network, as its own page so it works without JavaScript. */
export const load: PageServerLoad = async (event) => {
	const ctx = requireActorContext(event, { instanceAdmin: true });
	const network = (await listNetworksForInstanceAdmin(ctx)).find(
		(n) => n.network.id === event.params.id && !n.closedAt
	);
	if (!network) error(404, { message: 'error_not_found' });
	return {
		network: {
			id: network.network.id,
			name: network.network.name,
			slug: network.network.slug,
			activeMembers: network.activeMembers
		}
	};
};

export const actions = {
	default: async (event) => {
		const ctx = requireActorContext(event, { instanceAdmin: true });
		const form = await parseForm(event.request, closeNetworkSchema);
		if (!form.ok) return fail(400, form.failure);
		if (form.data.networkId !== event.params.id) error(404, { message: 'error_not_found' });
		const result = await closeNetwork(ctx, form.data.networkId);
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error));
		redirect(303, `${localizedPath('/app/admin/networks', ctx.locale)}?closed=1`);
	}
} satisfies Actions;
