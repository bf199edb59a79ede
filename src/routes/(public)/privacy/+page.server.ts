import { app } from '#lib/server/app.ts';
import { instanceText, listPublicNetworks } from '#lib/server/networks/public-pages.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	text: instanceText('privacy', locals.locale),
	networks: (await listPublicNetworks(app().database.db, locals.locale)).map(({ slug, name }) => ({ slug, name }))
});
