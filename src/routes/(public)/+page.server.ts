import { app } from '#lib/server/app.ts';
import { listPublicNetworks } from '#lib/server/networks/public-pages.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	networks: await listPublicNetworks(app().database.db, locals.locale)
});
