import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import {
	addTemplateItem,
	agendaOwnerOptions,
	removeTemplateItem,
	templateOf
} from '#lib/server/meetings/agenda-service.ts';
import { agendaItemFormSchema } from '#lib/server/meetings/forms.ts';
import { seriesFormValues } from '#lib/server/meetings/series-service.ts';
import type { ServiceContext } from '#lib/server/platform/context.ts';
import { fieldFailure, parseFormData } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/** A series' agenda template: the items every meeting created from now on starts with. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const series = await seriesFormValues(ctx, event.params.series);
	if (!series.ok) error(404, { message: 'error_not_found' });
	const [items, owners] = await Promise.all([templateOf(ctx, event.params.series), agendaOwnerOptions(ctx)]);
	const ownerNames = new Map(owners.map((o) => [o.id, o.name]));
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		series: { id: series.value.series.id, title: series.value.series.title },
		items: items.map((item) => ({
			id: item.id,
			title: item.title,
			ownerName: item.ownerMembershipId ? (ownerNames.get(item.ownerMembershipId) ?? null) : null,
			minutes: item.minutes,
			notes: item.notes
		})),
		owners,
		done: event.url.searchParams.get('done')
	};
};

function backTo(ctx: ServiceContext, seriesId: string, done: string): never {
	redirect(
		303,
		`${localizedPath(`/app/${ctx.network.slug}/meetings/series/${seriesId}/template`, ctx.locale)}?done=${done}`
	);
}

export const actions = {
	add: async (event) => {
		const ctx = await requireContext(event);
		const form = parseFormData(await event.request.formData(), agendaItemFormSchema);
		if (!form.ok) return fail(400, { kind: 'add', ...form.failure });
		const result = await addTemplateItem(ctx, event.params.series, form.data);
		if (!result.ok) return fail(422, { kind: 'add', ...fieldFailure(form.values, result.error, result.field) });
		backTo(ctx, event.params.series, 'added');
	},
	remove: async (event) => {
		const ctx = await requireContext(event);
		const data = await event.request.formData();
		const result = await removeTemplateItem(ctx, event.params.series, String(data.get('itemId') ?? ''));
		if (!result.ok) return fail(422, { kind: 'item', values: {}, errors: {}, message: result.error });
		backTo(ctx, event.params.series, 'removed');
	}
} satisfies Actions;
