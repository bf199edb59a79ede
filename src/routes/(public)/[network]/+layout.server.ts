import { error, redirect } from '@sveltejs/kit';
import { deLocalizeUrl } from '#lib/paraglide/runtime.js';
import { localizedPath } from '#lib/i18n.ts';
import { TEXTS_PARAM } from '#lib/public-languages.ts';
import { app } from '#lib/server/app.ts';
import { PUBLIC_SECTIONS, publicNetworkPage } from '#lib/server/networks/public-pages.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ params, locals, url }) => {
	const slug = params.network;
	// Addresses get typed from flyers and letters: /Kompetensteamet is the same network.
	if (slug !== slug.toLowerCase()) {
		const path = deLocalizeUrl(url).pathname.replace(`/${slug}`, `/${slug.toLowerCase()}`);
		redirect(308, localizedPath(path, locals.locale));
	}
	// ?texts=fit|se: the network's own texts in Meänkieli or Northern Sami (docs/decisions/019-public-languages.md).
	const found = await publicNetworkPage(app().database.db, slug, locals.locale, {
		textLanguage: url.searchParams.get(TEXTS_PARAM)
	});
	if (!found) error(404, 'error_not_found');
	const textLanguage = found.textLanguages.find((language) => language === url.searchParams.get(TEXTS_PARAM)) ?? null;
	return {
		network: found.network,
		texts: found.texts,
		sections: PUBLIC_SECTIONS,
		quickExitUrl: found.quickExitUrl,
		textLanguages: found.textLanguages,
		textLanguage
	};
};
