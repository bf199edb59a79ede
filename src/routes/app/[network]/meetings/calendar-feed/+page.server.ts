import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { createFeed, feedStatus, revokeFeed } from '#lib/server/meetings/calendar-service.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * The member's personal calendar feed: make it (the address is shown once, in the answer to the
 * post, never stored in clear), make a new address, or turn it off.
 */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'member' });
	const status = await feedStatus(ctx);
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name, timeZone: ctx.network.timeZone },
		createdAt: status.createdAt,
		done: event.url.searchParams.get('done') === 'revoked' ? ('revoked' as const) : null
	};
};

export const actions = {
	create: async (event) => {
		const ctx = await requireContext(event, { role: 'member' });
		const { url, replaced } = await createFeed(ctx);
		return { action: 'create' as const, url, replaced };
	},
	revoke: async (event) => {
		const ctx = await requireContext(event, { role: 'member' });
		const result = await revokeFeed(ctx);
		if (!result.ok) return fail(422, { action: 'revoke' as const, message: result.error });
		redirect(
			303,
			`${localizedPath(`/app/${ctx.network.slug}/meetings/calendar-feed`, event.locals.locale)}?done=revoked`
		);
	}
} satisfies Actions;
