import { requireContext } from '#lib/server/context.ts';
import type { LayoutServerLoad } from './$types';

/**
 * Evaluations are run by communicators and above (`surveys.manage`); the services check it again,
 * so the role here only keeps others from pages that would refuse them anyway.
 */
export const load: LayoutServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	return {
		network: {
			slug: ctx.network.slug,
			name: ctx.network.name,
			timeZone: ctx.network.timeZone,
			defaultLocale: ctx.network.defaultLocale
		}
	};
};
