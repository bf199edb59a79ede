import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { agendaOf } from '#lib/server/meetings/agenda-service.ts';
import { absenceFormSchema } from '#lib/server/meetings/forms.ts';
import { announceAbsence, meetingPage, setMeetingCancelled } from '#lib/server/meetings/meetings-service.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * A meeting's page, as much as the reader may see (`meetingPage`): everyone its time and status;
 * the invited and coordinators its place, video link and agenda; an invited member says "I can't
 * come" (or takes it back) before it starts; coordinators cancel or reinstate it after a
 * confirmation step that works without JavaScript.
 */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const found = await meetingPage(ctx, event.params.meeting);
	if (!found.ok) error(404, { message: 'error_not_found' });
	const { access, own, meeting, canAnnounce } = found.value;
	const agenda = access === 'calendar' ? [] : await agendaOf(ctx, meeting.id);
	const search = event.url.searchParams;
	return {
		access,
		own,
		canAnnounce,
		meeting,
		agenda: agenda.map(({ id, title, ownerName, minutes, state }) => ({ id, title, ownerName, minutes, state })),
		now: ctx.now,
		confirm: search.get('confirm') === 'cancel' || search.get('confirm') === 'restore' ? search.get('confirm') : null,
		done: search.get('done')
	};
};

function back(event: RequestEvent, done: string): never {
	const { network, meeting } = event.params as { network: string; meeting: string };
	redirect(303, `${localizedPath(`/app/${network}/meetings/${meeting}`, event.locals.locale)}?done=${done}`);
}

async function setCancelled(event: RequestEvent, cancelled: boolean) {
	const ctx = await requireContext(event, { role: 'coordinator' });
	const form = await event.request.formData();
	const step = cancelled ? 'cancel' : 'restore';
	if (form.get('confirm') !== 'yes') return fail(400, { step, message: 'meetings_pages_confirm_missing' });
	const sequence = Number(form.get('sequence'));
	if (!Number.isInteger(sequence)) return fail(400, { step, message: 'error_invalid' });
	const result = await setMeetingCancelled(ctx, (event.params as { meeting: string }).meeting, sequence, cancelled);
	if (!result.ok) {
		if (result.error === 'error_not_found') error(404, { message: 'error_not_found' });
		return fail(422, { step, message: result.error });
	}
	back(event, cancelled ? 'cancelled' : 'restored');
}

export const actions = {
	absent: async (event) => {
		const ctx = await requireContext(event);
		const form = await parseForm(event.request, absenceFormSchema);
		if (!form.ok) return fail(400, { step: 'absence', ...form.failure });
		const result = await announceAbsence(ctx, event.params.meeting, true, form.data.reason);
		if (!result.ok) {
			if (result.error === 'error_not_found') error(404, { message: 'error_not_found' });
			return fail(422, { step: 'absence', ...fieldFailure(form.values, result.error, result.field) });
		}
		back(event, 'absent');
	},
	withdraw: async (event) => {
		const ctx = await requireContext(event);
		const result = await announceAbsence(ctx, event.params.meeting, false, null);
		if (!result.ok) {
			if (result.error === 'error_not_found') error(404, { message: 'error_not_found' });
			return fail(422, { step: 'absence', ...fieldFailure({}, result.error) });
		}
		back(event, 'withdrawn');
	},
	cancel: (event) => setCancelled(event, true),
	restore: (event) => setCancelled(event, false)
} satisfies Actions;
