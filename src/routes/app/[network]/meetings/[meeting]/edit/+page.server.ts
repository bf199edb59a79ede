import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { occurrenceFormSchema } from '#lib/server/meetings/forms.ts';
import { editMeeting, occurrenceFormValues } from '#lib/server/meetings/meetings-service.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * Moving or changing one meeting (coordinators and admins): it keeps its place in the series but
 * no longer follows the series' later changes. A refused save keeps what was typed.
 */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'coordinator' });
	const found = await occurrenceFormValues(ctx, event.params.meeting);
	if (!found.ok) error(404, { message: 'error_not_found' });
	const { meeting, values } = found.value;
	return {
		meeting: {
			id: meeting.id,
			title: meeting.title,
			startAt: meeting.startAt,
			edited: meeting.edited,
			status: meeting.status
		},
		values
	};
};

export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event, { role: 'coordinator' });
		const form = await parseForm(event.request, occurrenceFormSchema);
		if (!form.ok) return fail(400, form.failure);
		const result = await editMeeting(ctx, event.params.meeting, form.data);
		if (!result.ok) {
			if (result.error === 'error_not_found') error(404, { message: 'error_not_found' });
			return fail(422, fieldFailure(form.values, result.error, result.field));
		}
		redirect(
			303,
			`${localizedPath(`/app/${ctx.network.slug}/meetings/${event.params.meeting}`, ctx.locale)}?done=updated`
		);
	}
} satisfies Actions;
