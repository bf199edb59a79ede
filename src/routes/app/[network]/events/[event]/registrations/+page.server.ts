import { error, fail } from '@sveltejs/kit';
import { requireContext } from '#lib/server/context.ts';
import { mailAllRegistrants, mailAllSchema } from '#lib/server/events/staff/mail-all-service.ts';
import {
	addRegistration,
	cancelRegistrationByStaff,
	moveFromWaitingList,
	registrationFormOptions,
	staffRegistrations,
	staffRegistrationSchema
} from '#lib/server/events/staff/registrations-service.ts';
import { fieldFailure, parseFormData } from '#lib/server/platform/http.ts';
import { attendanceAction, backTo, noShowAllAction } from '../attendance.server.ts';
import type { Actions, PageServerLoad } from './$types';

/** The registrations of an event (an audited read of personal data) and what staff do with them. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const params = event.url.searchParams;
	const query = { q: params.get('q') ?? '', status: params.get('status') ?? '' };
	const [list, options] = await Promise.all([
		staffRegistrations(ctx, event.params.event, query),
		registrationFormOptions(ctx)
	]);
	if (!list.ok) error(404, { message: 'error_not_found' });
	return {
		list: list.value,
		options,
		done: params.get('done'),
		marked: params.get('marked'),
		/** The registration whose cancelling waits for a yes. */
		cancel: params.get('cancel')
	};
};

export const actions = {
	add: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const data = await event.request.formData();
		const form = parseFormData(data, staffRegistrationSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'add' as const });
		const result = await addRegistration(ctx, event.params.event, form.data);
		if (!result.ok)
			return fail(422, { ...fieldFailure(form.values, result.error, result.field), action: 'add' as const });
		backTo(event, 'registrations', data, { done: result.value.status === 'registered' ? 'added' : 'added_waiting' });
	},
	/** Cancelling frees the seat for the next on the list and mails them: only after a yes. */
	cancel: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const data = await event.request.formData();
		const id = String(data.get('registrationId') ?? '');
		if (data.get('confirm') !== 'yes') backTo(event, 'registrations', data, { cancel: id }, '#cancel-confirm');
		const result = await cancelRegistrationByStaff(ctx, event.params.event, id);
		if (!result.ok) return fail(422, { message: result.error, action: 'row' as const });
		backTo(event, 'registrations', data, { done: result.value.promoted ? 'cancelled_promoted' : 'cancelled' });
	},
	move: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const data = await event.request.formData();
		const id = String(data.get('registrationId') ?? '');
		const result = await moveFromWaitingList(ctx, event.params.event, id);
		if (!result.ok) return fail(422, { message: result.error, action: 'row' as const });
		backTo(
			event,
			'registrations',
			data,
			{ done: result.value.outcome === 'registered' ? 'moved' : 'moved_first' },
			`#person-${id}`
		);
	},
	attendance: (event) => attendanceAction(event, 'registrations'),
	noShowAll: (event) => noShowAllAction(event, 'registrations'),
	/**
	 * Mail to everyone, in two steps: the first post checks the form and asks "send to N people?"
	 * with the text still in the form; the second, with `confirm=yes`, sends (`confirm=edit` goes
	 * back to the form as it was).
	 */
	mail: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const data = await event.request.formData();
		const form = parseFormData(data, mailAllSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'mail' as const });
		const step = data.get('confirm');
		if (step !== 'yes') {
			const values = Object.fromEntries(Object.entries(form.values).filter(([k]) => k !== 'confirm'));
			return { action: 'mail' as const, confirm: step !== 'edit', values, errors: {} as Record<string, string> };
		}
		const result = await mailAllRegistrants(ctx, event.params.event, form.data);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error), action: 'mail' as const });
		backTo(event, 'registrations', data, { done: `mailed_${result.value.mailed}` });
	}
} satisfies Actions;
