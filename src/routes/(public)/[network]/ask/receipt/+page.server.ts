import { redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requirePublicContext } from '#lib/server/context.ts';
import { forgetReceipt, readReceipt } from '#lib/server/consultations/receipt.ts';
import type { Actions, PageServerLoad } from './$types';

/** The reference number and the secret code of a question just sent, for ten minutes. */
export const load: PageServerLoad = async (event) => {
	const pub = await requirePublicContext(event);
	event.setHeaders({ 'cache-control': 'no-store' });
	return { receipt: readReceipt(event.cookies, event.url, pub.network.id) };
};

export const actions = {
	/** "I have written it down": the code leaves this browser. */
	default: async (event) => {
		const pub = await requirePublicContext(event);
		forgetReceipt(event.cookies, event.url, pub.network.id);
		redirect(303, localizedPath(`/${pub.network.slug}/ask/receipt`, pub.locale));
	}
} satisfies Actions;
