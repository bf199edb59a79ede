import { redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import type { PageServerLoad } from './$types';

/** /app: straight into the only network, a chooser for several, a friendly page for none. */
export const load: PageServerLoad = async ({ parent, locals }) => {
	const { networks } = await parent();
	if (networks.length === 1) redirect(303, localizedPath(`/app/${networks[0].slug}`, locals.locale));
	return {};
};
