import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { publicTextsSchema, textLanguageSchema } from '#lib/server/networks/forms.ts';
import { defaultText } from '#lib/server/networks/public-pages.ts';
import {
	listPublicTexts,
	quickExitChoice,
	saveQuickExitChoice,
	savePublicTexts
} from '#lib/server/networks/service.ts';
import type { NetworkTextKind } from '#lib/server/networks/tables.ts';
import { interfaceLocaleOf, isTextOnlyLanguage, textLanguagesOf, type TextLanguage } from '#lib/public-languages.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

const KINDS: NetworkTextKind[] = ['description', 'contact', 'accessibility', 'privacy'];

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const languages = textLanguagesOf(ctx.network.country);
	const chosen = textLanguageSchema.safeParse(event.url.searchParams.get('language'));
	const locale: TextLanguage =
		chosen.success && languages.includes(chosen.data) ? chosen.data : ctx.network.defaultLocale;
	// Meänkieli and Sami have no built-in texts: without its own, the page shows the country's language.
	const defaultsIn = isTextOnlyLanguage(locale) ? interfaceLocaleOf(ctx.network.country) : locale;
	const texts = (await listPublicTexts(ctx)).filter((text) => text.locale === locale);
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		locale,
		languages,
		defaultsIn,
		quickExitUrl: (await quickExitChoice(ctx)) ?? '',
		texts: KINDS.map((kind) => ({
			kind,
			body: texts.find((text) => text.kind === kind)?.body ?? '',
			// What the public page shows while the network has written nothing of its own.
			defaultText: defaultText(kind, ctx.network, defaultsIn)
		})),
		saved: event.url.searchParams.has('saved')
	};
};

export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const form = await parseForm(event.request, publicTextsSchema);
		if (!form.ok) return fail(400, form.failure);
		const { locale, quickExitUrl, ...texts } = form.data;
		if (quickExitUrl !== undefined) {
			const exit = await saveQuickExitChoice(ctx, quickExitUrl);
			if (!exit.ok) return fail(422, fieldFailure(form.values, exit.error, 'quickExitUrl'));
		}
		const result = await savePublicTexts(ctx, locale, texts);
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error));
		redirect(
			303,
			`${localizedPath(`/app/${ctx.network.slug}/settings/public-pages`, ctx.locale)}?language=${locale}&saved=1`
		);
	}
} satisfies Actions;
