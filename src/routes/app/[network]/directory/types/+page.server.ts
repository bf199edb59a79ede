import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import {
	expectedTypesSchema,
	renameTypeSchema,
	typeIdSchema,
	typeNameSchema
} from '#lib/server/directory/organisation-forms.ts';
import {
	addOrganisationType,
	deleteOrganisationType,
	listOrganisationTypes,
	renameOrganisationType,
	resetOrganisationTypeName,
	setExpectedTypes,
	setOrganisationTypeHidden
} from '#lib/server/directory/organisations-service.ts';
import type { ServiceContext } from '#lib/server/platform/context.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import { requirePermission } from '#lib/server/platform/permissions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	// Type settings are for admins; others get the 403 page (and the denial is recorded).
	await requirePermission(ctx, 'directory.settings');
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		types: await listOrganisationTypes(ctx),
		done: event.url.searchParams.get('done')
	};
};

function back(ctx: ServiceContext, done: string): never {
	redirect(303, `${localizedPath(`/app/${ctx.network.slug}/directory/types`, ctx.locale)}?done=${done}`);
}

export const actions = {
	add: async (event) => {
		const ctx = await requireContext(event);
		const form = await parseForm(event.request, typeNameSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'add' });
		const result = await addOrganisationType(ctx, form.data.name);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error, result.field), action: 'add' });
		back(ctx, 'added');
	},
	rename: async (event) => {
		const ctx = await requireContext(event);
		const form = await parseForm(event.request, renameTypeSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'rename', typeId: form.failure.values.typeId });
		const result = await renameOrganisationType(ctx, form.data.typeId, form.data.name);
		if (!result.ok)
			return fail(422, {
				...fieldFailure(form.values, result.error, result.field ?? 'name'),
				action: 'rename',
				typeId: form.data.typeId
			});
		back(ctx, 'renamed');
	},
	reset: async (event) => {
		const ctx = await requireContext(event);
		const form = await parseForm(event.request, typeIdSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'row' });
		const result = await resetOrganisationTypeName(ctx, form.data.typeId);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error), action: 'row' });
		back(ctx, 'renamed');
	},
	hide: async (event) => {
		const ctx = await requireContext(event);
		const form = await parseForm(event.request, typeIdSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'row' });
		const result = await setOrganisationTypeHidden(ctx, form.data.typeId, true);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error), action: 'row' });
		back(ctx, 'hidden');
	},
	show: async (event) => {
		const ctx = await requireContext(event);
		const form = await parseForm(event.request, typeIdSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'row' });
		const result = await setOrganisationTypeHidden(ctx, form.data.typeId, false);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error), action: 'row' });
		back(ctx, 'shown');
	},
	expected: async (event) => {
		const ctx = await requireContext(event);
		const form = await parseForm(event.request, expectedTypesSchema, { arrayFields: ['expected'] });
		if (!form.ok) return fail(400, { ...form.failure, action: 'expected' });
		const result = await setExpectedTypes(ctx, form.data.expected);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error), action: 'expected' });
		back(ctx, 'expected');
	},
	delete: async (event) => {
		const ctx = await requireContext(event);
		const form = await parseForm(event.request, typeIdSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'row' });
		const result = await deleteOrganisationType(ctx, form.data.typeId);
		if (!result.ok)
			return fail(422, {
				...fieldFailure(form.values, result.error),
				action: 'row',
				count: 'count' in result ? result.count : 0
			});
		back(ctx, 'deleted');
	}
} satisfies Actions;
