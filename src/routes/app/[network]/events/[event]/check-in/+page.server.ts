import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { checkInList, setAttendance } from '#lib/server/events/staff-service.ts';
import type { Actions, PageServerLoad } from './$types';

/** Check-in at the door, on a phone: find by name, one big button per person. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const q = event.url.searchParams.get('q') ?? '';
	const result = await checkInList(ctx, event.params.event, q);
	if (!result.ok) error(404, { message: 'error_not_found' });
	const { total, attended, people } = result.value;
	return { q, total, attended, people, marked: event.url.searchParams.get('marked') };
};

export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const form = await event.request.formData();
		const id = String(form.get('registrationId') ?? '');
		const attended = form.get('attended') === 'yes';
		const result = await setAttendance(ctx, event.params.event, id, attended ? 'attended' : 'registered');
		if (!result.ok) return fail(422, { message: result.error });
		const q = String(form.get('q') ?? '');
		const params = new URLSearchParams({ ...(q ? { q } : {}), marked: `${attended ? 'in' : 'out'}:${id}` });
		redirect(
			303,
			`${localizedPath(`/app/${ctx.network.slug}/events/${event.params.event}/check-in`, ctx.locale)}?${params}#person-${id}`
		);
	}
} satisfies Actions;
