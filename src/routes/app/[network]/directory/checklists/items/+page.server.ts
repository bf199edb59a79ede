import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import {
	addChecklistItem,
	checklistItems,
	renameChecklistItem,
	setChecklistItemHidden
} from '#lib/server/directory/checklist-service.ts';
import {
	checklistItemHiddenSchema,
	checklistItemLabelSchema,
	checklistItemRenameSchema
} from '#lib/server/directory/contact-forms.ts';
import type { ServiceContext } from '#lib/server/platform/context.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'admin' });
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		items: await checklistItems(ctx),
		done: event.url.searchParams.get('done')
	};
};

function back(ctx: ServiceContext): never {
	redirect(303, `${localizedPath(`/app/${ctx.network.slug}/directory/checklists/items`, ctx.locale)}?done=1`);
}

// An empty name on rename gives a default item its translated name back.
const renameSchema = z.object({
	itemId: checklistItemRenameSchema.shape.itemId,
	label: z.union([z.literal(''), checklistItemLabelSchema.shape.label])
});

export const actions = {
	add: async (event) => {
		const ctx = await requireContext(event, { role: 'admin' });
		const form = await parseForm(event.request, checklistItemLabelSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'add' });
		const result = await addChecklistItem(ctx, form.data.label);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error, result.field), action: 'add' });
		back(ctx);
	},
	rename: async (event) => {
		const ctx = await requireContext(event, { role: 'admin' });
		const form = await parseForm(event.request, renameSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'rename', itemId: form.failure.values.itemId });
		const result = await renameChecklistItem(ctx, form.data.itemId, form.data.label || null);
		if (!result.ok) {
			if (result.error === 'error_not_found') error(404, { message: result.error });
			return fail(422, {
				...fieldFailure(form.values, result.error, result.field),
				action: 'rename',
				itemId: form.data.itemId
			});
		}
		back(ctx);
	},
	hidden: async (event) => {
		const ctx = await requireContext(event, { role: 'admin' });
		const form = await parseForm(event.request, checklistItemHiddenSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'hidden' });
		const result = await setChecklistItemHidden(ctx, form.data.itemId, form.data.hidden);
		if (!result.ok) error(404, { message: result.error });
		back(ctx);
	}
} satisfies Actions;
