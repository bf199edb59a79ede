import { redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { app } from '#lib/server/app.ts';
import { twoFactorMandatory } from '#lib/server/platform/auth/sign-in.ts';
import { requireUser } from '#lib/server/context.ts';
import { networksOfUser } from '#lib/server/networks/service.ts';
import type { LayoutServerLoad } from './$types';

/**
 * The app shell's data: who is signed in and their networks (for the switcher). It authorises
 * nothing: each page asks requireContext for its own network and role.
 */
export const load: LayoutServerLoad = async (event) => {
	const actor = requireUser(event);
	// Admins, coordinators and instance admins reach nothing in the app before they enrol.
	if (!actor.twoFactorEnabled && (await twoFactorMandatory(app().database.db, actor.userId, networksOfUser))) {
		redirect(303, `${localizedPath('/account/two-factor', event.locals.locale)}?required=1`);
	}
	const networks = await networksOfUser(app().database.db, actor.userId);
	const slug = event.params.network;
	const current = slug ? (networks.find((n) => n.network.slug === slug) ?? null) : null;
	return {
		user: { name: actor.name, email: actor.email, isInstanceAdmin: actor.isInstanceAdmin },
		networks: networks.map((n) => ({ slug: n.network.slug, name: n.network.name, role: n.role })),
		current: current ? { slug: current.network.slug, name: current.network.name, role: current.role } : null
	};
};
