import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { meetingPage } from '#lib/server/meetings/meetings-service.ts';
import { approveMinutes, minutesRevision } from '#lib/server/meetings/minutes-service.ts';
import type { Actions, PageServerLoad } from './$types';

const numberOf = (value: string) => (/^[1-9]\d{0,8}$/.test(value) ? Number(value) : null);

/**
 * One revision of a meeting's minutes, for coordinators and admins: who saved it and when, the
 * lines changed from the revision before, the text as members would read it, and "approve".
 */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const number = numberOf(event.params.number);
	const page = await meetingPage(ctx, event.params.meeting);
	if (!page.ok || number === null) error(404, { message: 'error_not_found' });
	const revision = await minutesRevision(ctx, event.params.meeting, number);
	if (!revision.ok) error(404, { message: 'error_not_found' });
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name, timeZone: ctx.network.timeZone },
		meeting: page.value.meeting,
		revision: revision.value
	};
};

export const actions = {
	approve: async (event) => {
		const ctx = await requireContext(event);
		const number = numberOf(event.params.number);
		if (number === null) error(404, { message: 'error_not_found' });
		const result = await approveMinutes(ctx, event.params.meeting, number);
		if (!result.ok) return fail(422, { message: result.error });
		redirect(
			303,
			`${localizedPath(`/app/${ctx.network.slug}/meetings/${event.params.meeting}/minutes`, ctx.locale)}?done=approved`
		);
	}
} satisfies Actions;
