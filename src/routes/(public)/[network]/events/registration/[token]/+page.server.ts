import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requirePublicContext } from '#lib/server/context.ts';
import { acceptOffer, cancelRegistration, registrationByToken } from '#lib/server/events/registration/service.ts';
import type { Actions, PageServerLoad } from './$types';

/** The personal page of a registration, reached by the link in the mails. */
export const load: PageServerLoad = async (event) => {
	const pub = await requirePublicContext(event);
	// The page shows a name, an address and maybe the video link: not for a shared cache.
	event.setHeaders({ 'cache-control': 'no-store' });
	const found = await registrationByToken(pub, event.params.token);
	if (!found.ok) error(404, { message: 'error_events_registration_not_found' });
	return {
		...found.value,
		timeZone: pub.network.timeZone,
		done: event.url.searchParams.get('done'),
		// "Cancel my registration" first shows what cancelling means; the yes posts from there.
		confirmCancel: event.url.searchParams.get('confirm') === 'cancel'
	};
};

function back(slug: string, token: string, locale: Parameters<typeof localizedPath>[1], query: string): never {
	redirect(303, `${localizedPath(`/${slug}/events/registration/${encodeURIComponent(token)}`, locale)}?${query}`);
}

export const actions = {
	cancel: async (event) => {
		const pub = await requirePublicContext(event);
		// Without the yes of the confirmation step (an old form, a stray post), show that step.
		if ((await event.request.formData()).get('confirm') !== 'yes')
			back(pub.network.slug, event.params.token, pub.locale, 'confirm=cancel#cancel-confirm');
		const result = await cancelRegistration(pub, event.params.token);
		if (!result.ok) return fail(422, { message: result.error });
		back(pub.network.slug, event.params.token, pub.locale, 'done=cancelled');
	},
	accept: async (event) => {
		const pub = await requirePublicContext(event);
		const result = await acceptOffer(pub, event.params.token);
		if (!result.ok) return fail(422, { message: result.error });
		back(pub.network.slug, event.params.token, pub.locale, 'done=accepted');
	}
} satisfies Actions;
