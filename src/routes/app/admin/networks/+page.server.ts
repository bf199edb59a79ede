import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { app } from '#lib/server/app.ts';
import { requireActorContext } from '#lib/server/context.ts';
import { countryDefaults, createNetworkSchema } from '#lib/server/networks/forms.ts';
import { createNetworkWithAdmin, listNetworksForInstanceAdmin } from '#lib/server/networks/service.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = requireActorContext(event, { instanceAdmin: true });
	const networks = await listNetworksForInstanceAdmin(ctx);
	const created = event.url.searchParams.get('created');
	return {
		networks: networks.map((n) => ({
			id: n.network.id,
			slug: n.network.slug,
			name: n.network.name,
			country: n.network.country,
			timeZone: n.network.timeZone,
			activeMembers: n.activeMembers,
			createdAt: n.createdAt,
			closedAt: n.closedAt
		})),
		created: created ? (networks.find((n) => n.network.slug === created)?.network.name ?? null) : null,
		closed: event.url.searchParams.has('closed')
	};
};

export const actions = {
	default: async (event) => {
		const ctx = requireActorContext(event, { instanceAdmin: true });
		const form = await parseForm(event.request, createNetworkSchema);
		if (!form.ok) return fail(400, form.failure);
		const { networkName, adminEmail, country, ...rest } = form.data;
		const result = await createNetworkWithAdmin(ctx, {
			...rest,
			...countryDefaults[country],
			country,
			name: networkName,
			adminEmail,
			origin: app().publicOrigin
		});
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error, result.field));
		redirect(303, `${localizedPath('/app/admin/networks', ctx.locale)}?created=${result.value.network.slug}`);
	}
} satisfies Actions;
