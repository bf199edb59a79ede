import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { updateEvent } from '#lib/server/events/staff/events-service.ts';
import { eventFormOptions, eventFormValues, readEventForm } from '#lib/server/events/staff/event-form.ts';
import { fieldFailure } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/** Changes an event; a raised capacity gives the new seats to the waiting list at once. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const [options, stored] = await Promise.all([eventFormOptions(ctx), eventFormValues(ctx, event.params.event)]);
	if (!stored.ok) error(404, { message: 'error_not_found' });
	return { options, stored: stored.value };
};

export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const form = readEventForm(await event.request.formData());
		if (!form.ok) return fail(400, form.failure);
		const result = await updateEvent(ctx, event.params.event, form.data);
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error, result.field));
		redirect(303, `${localizedPath(`/app/${ctx.network.slug}/events/${event.params.event}`, ctx.locale)}?done=updated`);
	}
} satisfies Actions;
