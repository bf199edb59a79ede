import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { highlightSegments } from '#lib/server/consultations/guard.ts';
import { minutesFormSchema } from '#lib/server/meetings/forms.ts';
import { meetingPage } from '#lib/server/meetings/meetings-service.ts';
import { approvedMinutes, minutesEditor, saveMinutes } from '#lib/server/meetings/minutes-service.ts';
import { minutesHtml } from '#lib/server/meetings/minutes-text.ts';
import { fieldFailure, parseFormData } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * A meeting's minutes. Coordinators and admins write them (every save a revision), see the
 * revisions and approve one; the invited read the approved revision only, and nothing before one
 * is approved.
 */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const page = await meetingPage(ctx, event.params.meeting);
	if (!page.ok) error(404, { message: 'error_not_found' });
	if (page.value.access === 'calendar') error(403, { message: 'error_forbidden' });
	const common = {
		network: { slug: ctx.network.slug, name: ctx.network.name, timeZone: ctx.network.timeZone },
		meeting: page.value.meeting,
		approved: await approvedMinutes(ctx, event.params.meeting),
		done: event.url.searchParams.get('done')
	};
	if (page.value.access !== 'manage') return { ...common, editor: null };
	const editor = await minutesEditor(ctx, event.params.meeting);
	if (!editor.ok) error(404, { message: 'error_not_found' });
	const { body, latestRevision, approvedRevision, revisions } = editor.value;
	return {
		...common,
		editor: { body, latestRevision, approvedRevision, revisions, preview: body ? minutesHtml(body) : '' }
	};
};

export const actions = {
	save: async (event) => {
		const ctx = await requireContext(event);
		const form = parseFormData(await event.request.formData(), minutesFormSchema);
		if (!form.ok) return fail(400, { ...form.failure, stale: false, pii: null });
		const result = await saveMinutes(ctx, event.params.meeting, form.data);
		if (!result.ok) {
			const failure = fieldFailure(form.values, result.error, result.field);
			const findings = 'findings' in result ? result.findings : [];
			return fail(422, {
				...failure,
				stale: result.error === 'error_meetings_changed_meanwhile',
				pii: findings.length ? highlightSegments(form.data.body, findings) : null
			});
		}
		redirect(
			303,
			`${localizedPath(`/app/${ctx.network.slug}/meetings/${event.params.meeting}/minutes`, ctx.locale)}?done=saved`
		);
	}
} satisfies Actions;
