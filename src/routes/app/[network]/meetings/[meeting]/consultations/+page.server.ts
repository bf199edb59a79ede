import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { consultationLinkSchema } from '#lib/server/meetings/forms.ts';
import { discussedAt, linkConsultation, unlinkConsultation } from '#lib/server/meetings/consultation-links-service.ts';
import { fieldFailure, parseFormData } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/** The consultations a meeting discussed, by reference number only. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'member' });
	const result = await discussedAt(ctx, event.params.meeting);
	if (!result.ok) error(404);
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name, timeZone: ctx.network.timeZone },
		...result.value,
		done: event.url.searchParams.get('done'),
		added: event.url.searchParams.get('reference')
	};
};

function back(event: RequestEvent, query: string): never {
	const path = `/app/${event.params.network}/meetings/${event.params.meeting}/consultations`;
	redirect(303, `${localizedPath(path, event.locals.locale)}?${query}`);
}

export const actions = {
	link: async (event) => {
		const ctx = await requireContext(event, { role: 'member' });
		const form = parseFormData(await event.request.formData(), consultationLinkSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'link' });
		const result = await linkConsultation(ctx, event.params.meeting!, form.data);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error, result.field), action: 'link' });
		back(event, `done=added&reference=${encodeURIComponent(form.data.reference.toUpperCase())}`);
	},
	unlink: async (event) => {
		const ctx = await requireContext(event, { role: 'member' });
		const data = await event.request.formData();
		const result = await unlinkConsultation(ctx, event.params.meeting!, String(data.get('consultationId') ?? ''));
		if (!result.ok) return fail(422, { ...fieldFailure({}, result.error), action: 'unlink' });
		back(event, 'done=removed');
	}
} satisfies Actions;
