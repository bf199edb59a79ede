import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { createEvent } from '#lib/server/events/staff/events-service.ts';
import { eventFormOptions, readEventForm } from '#lib/server/events/staff/event-form.ts';
import { fieldFailure } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/** A new event, saved as a draft; published from its overview. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	return { options: await eventFormOptions(ctx) };
};

export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const form = readEventForm(await event.request.formData());
		if (!form.ok) return fail(400, form.failure);
		const result = await createEvent(ctx, form.data);
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error, result.field));
		redirect(303, `${localizedPath(`/app/${ctx.network.slug}/events/${result.value}`, ctx.locale)}?done=created`);
	}
} satisfies Actions;
