import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { deactivateSchema } from '#lib/server/networks/forms.ts';
import { getMember, setMemberActive } from '#lib/server/networks/service.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/** The confirmation step of a deactivation, as its own page so it works without JavaScript. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'admin' });
	const member = await getMember(ctx, event.params.membership);
	if (!member.ok || !member.value.active) error(404, { message: 'error_not_found' });
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		member: {
			membershipId: member.value.membershipId,
			name: member.value.name,
			email: member.value.email,
			role: member.value.role
		}
	};
};

export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event, { role: 'admin' });
		const form = await parseForm(event.request, deactivateSchema);
		if (!form.ok) return fail(400, form.failure);
		if (form.data.membershipId !== event.params.membership) error(404, { message: 'error_not_found' });
		const result = await setMemberActive(ctx, form.data.membershipId, false);
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error));
		redirect(303, `${localizedPath(`/app/${ctx.network.slug}/members`, ctx.locale)}?done=deactivated`);
	}
} satisfies Actions;
