import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import {
	addCountySchema,
	addMunicipalitySchema,
	municipalityIdSchema,
	parseParticipationForm
} from '#lib/server/directory/organisation-forms.ts';
import {
	addCounty,
	addMunicipality,
	listNetworkMunicipalities,
	municipalityChoices,
	removeMunicipality,
	saveParticipation
} from '#lib/server/directory/municipalities-service.ts';
import type { ServiceContext } from '#lib/server/platform/context.ts';
import { fieldFailure, formValues, parseForm } from '#lib/server/platform/http.ts';
import { can } from '#lib/server/platform/permissions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const municipalities = await listNetworkMunicipalities(ctx);
	const canEdit = can(ctx, 'directory.settings');
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name, country: ctx.network.country },
		municipalities,
		canEdit,
		choices: canEdit ? await municipalityChoices(ctx) : null,
		done: event.url.searchParams.get('done'),
		count: Number(event.url.searchParams.get('count') ?? 0)
	};
};

function back(ctx: ServiceContext, done: string, count?: number): never {
	const query = count === undefined ? `done=${done}` : `done=${done}&count=${count}`;
	redirect(303, `${localizedPath(`/app/${ctx.network.slug}/directory/municipalities`, ctx.locale)}?${query}`);
}

export const actions = {
	county: async (event) => {
		const ctx = await requireContext(event);
		const form = await parseForm(event.request, addCountySchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'county' });
		const result = await addCounty(ctx, form.data.county);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error, result.field), action: 'county' });
		back(ctx, 'county', result.value);
	},
	add: async (event) => {
		const ctx = await requireContext(event);
		const form = await parseForm(event.request, addMunicipalitySchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'add' });
		const result = await addMunicipality(ctx, form.data.municipalityId);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error, result.field), action: 'add' });
		back(ctx, 'added');
	},
	participation: async (event) => {
		const ctx = await requireContext(event);
		const formData = await event.request.formData();
		const values = formValues(formData);
		const form = parseParticipationForm(formData);
		if (!form.ok) return fail(400, { values, errors: form.errors, action: 'participation' });
		const result = await saveParticipation(ctx, form.rows);
		if (!result.ok)
			return fail(422, {
				values,
				errors: result.errors ?? {},
				message: result.errors ? undefined : result.error,
				action: 'participation'
			});
		back(ctx, 'updated', result.value.changed);
	},
	remove: async (event) => {
		const ctx = await requireContext(event);
		const form = await parseForm(event.request, municipalityIdSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'remove' });
		const result = await removeMunicipality(ctx, form.data.municipalityId);
		if (!result.ok)
			return fail(422, {
				...fieldFailure(form.values, result.error),
				action: 'remove',
				municipalityId: form.data.municipalityId,
				references: result.references ?? null
			});
		back(ctx, 'removed');
	}
} satisfies Actions;
