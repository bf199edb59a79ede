import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { cancelEvent, publishEvent } from '#lib/server/events/staff/events-service.ts';
import type { Actions, PageServerLoad } from './$types';

/** The overview: counts, publish, and cancel after a confirmation step (works without JavaScript). */
export const load: PageServerLoad = async (event) => {
	await requireContext(event, { role: 'communicator' });
	return {
		done: event.url.searchParams.get('done'),
		confirmCancel: event.url.searchParams.get('cancel') === '1'
	};
};

function back(event: RequestEvent, done: string): never {
	const { network, event: id } = event.params as { network: string; event: string };
	redirect(303, `${localizedPath(`/app/${network}/events/${id}`, event.locals.locale)}?done=${done}`);
}

export const actions = {
	publish: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const result = await publishEvent(ctx, event.params.event);
		if (!result.ok) return fail(422, { message: result.error });
		back(event, 'published');
	},
	cancel: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const form = await event.request.formData();
		if (form.get('confirm') !== 'yes') return fail(400, { message: 'error_events_staff_confirm_cancel' });
		const result = await cancelEvent(ctx, event.params.event);
		if (!result.ok) return fail(422, { message: result.error });
		back(event, 'cancelled');
	}
} satisfies Actions;
