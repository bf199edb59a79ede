import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { app } from '#lib/server/app.ts';
import { requireContext } from '#lib/server/context.ts';
import {
	addRegistration,
	cancelRegistrationByStaff,
	mailAllRegistrants,
	mailAllSchema,
	moveFromWaitingList,
	registrationFormOptions,
	staffRegistrationSchema,
	staffRegistrations
} from '#lib/server/events/staff-service.ts';
import { fieldFailure, parseFormData } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/** The registrations of an event (an audited read of personal data) and what staff do with them. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const query = { q: event.url.searchParams.get('q') ?? '', status: event.url.searchParams.get('status') ?? '' };
	const [list, options] = await Promise.all([
		staffRegistrations(ctx, event.params.event, query),
		registrationFormOptions(ctx)
	]);
	if (!list.ok) error(404, { message: 'error_not_found' });
	return { list: list.value, options, done: event.url.searchParams.get('done') };
};

function back(event: RequestEvent, done: string, hash = ''): never {
	const { network, event: id } = event.params as { network: string; event: string };
	redirect(
		303,
		`${localizedPath(`/app/${network}/events/${id}/registrations`, event.locals.locale)}?done=${done}${hash}`
	);
}

export const actions = {
	add: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const form = parseFormData(await event.request.formData(), staffRegistrationSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'add' });
		const result = await addRegistration(ctx, event.params.event, form.data, app().publicOrigin);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error, result.field), action: 'add' });
		back(event, result.value.status === 'registered' ? 'added' : 'added_waiting');
	},
	cancel: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const id = String((await event.request.formData()).get('registrationId') ?? '');
		const result = await cancelRegistrationByStaff(ctx, event.params.event, id, app().publicOrigin);
		if (!result.ok) return fail(422, { message: result.error, action: 'row' });
		back(event, result.value.promoted ? 'cancelled_promoted' : 'cancelled');
	},
	move: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const id = String((await event.request.formData()).get('registrationId') ?? '');
		const result = await moveFromWaitingList(ctx, event.params.event, id, app().publicOrigin);
		if (!result.ok) return fail(422, { message: result.error, action: 'row' });
		back(event, result.value.outcome === 'registered' ? 'moved' : 'moved_first');
	},
	mail: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const form = parseFormData(await event.request.formData(), mailAllSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'mail' });
		const result = await mailAllRegistrants(ctx, event.params.event, form.data);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error), action: 'mail' });
		back(event, `mailed_${result.value.mailed}`);
	}
} satisfies Actions;
