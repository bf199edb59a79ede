import { requireContext } from '#lib/server/context.ts';
import type { LayoutServerLoad } from './$types';

/** The staff pages of events: communicators and above (the permission `events.manage`). */
export const load: LayoutServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	return { network: { slug: ctx.network.slug, name: ctx.network.name, timeZone: ctx.network.timeZone } };
};
