import { requireContext } from '#lib/server/context.ts';
import { can } from '#lib/server/platform/permissions.ts';
import type { LayoutServerLoad } from './$types';

/**
 * Team meetings: every role sees the calendar (`meetings.read`); coordinators and admins run the
 * series and see the statistics; communicators are never invited, so they have no calendar feed
 * (docs/decisions/021-team-meetings.md).
 */
export const load: LayoutServerLoad = async (event) => {
	const ctx = await requireContext(event);
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name, timeZone: ctx.network.timeZone },
		meetingsAccess: {
			manage: can(ctx, 'meetings.manage'),
			feed: ctx.role !== 'communicator'
		}
	};
};
