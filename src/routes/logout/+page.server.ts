import { redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { signOut } from '#lib/server/platform/auth/sign-in.ts';
import { signInDeps } from '#lib/server/sign-in-context.ts';
import type { Actions, PageServerLoad } from './$types';

// Signing out changes state, so it is a POST (from the confirmation below or the app's menu); a
// link or a prefetch can never sign anyone out.
export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, localizedPath('/login', locals.locale));
	return {};
};

export const actions = {
	default: async (event) => {
		await signOut(signInDeps(event), event.locals.user);
		redirect(303, `${localizedPath('/login', event.locals.locale)}?notice=signed_out`);
	}
} satisfies Actions;
