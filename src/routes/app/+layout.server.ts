import { app } from '#lib/server/app.ts';
import { requireUser } from '#lib/server/context.ts';
import { networksOfUser } from '#lib/server/networks/service.ts';
import type { LayoutServerLoad } from './$types';

/**
 * The app shell's data: who is signed in and their networks (for the switcher). It authorises
 * nothing: each page asks requireContext for its own network and role.
 */
export const load: LayoutServerLoad = async (event) => {
	const actor = requireUser(event);
	const networks = await networksOfUser(app().database.db, actor.userId);
	const slug = event.params.network;
	const current = slug ? (networks.find((n) => n.network.slug === slug) ?? null) : null;
	return {
		user: { name: actor.name, email: actor.email, isInstanceAdmin: actor.isInstanceAdmin },
		networks: networks.map((n) => ({ slug: n.network.slug, name: n.network.name, role: n.role })),
		current: current ? { slug: current.network.slug, name: current.network.name, role: current.role } : null
	};
};
