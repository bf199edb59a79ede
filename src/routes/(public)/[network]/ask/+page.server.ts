import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requirePublicContext } from '#lib/server/context.ts';
import { askAnonymously, countGuardCheck } from '#lib/server/consultations/anonymous-service.ts';
import { anonymousFormSchema, arrayFields } from '#lib/server/consultations/forms.ts';
import { maskFormTexts, saveFailure, wantsMask } from '#lib/server/consultations/http.ts';
import { formOptionsFor } from '#lib/server/consultations/options.ts';
import { keepReceipt } from '#lib/server/consultations/receipt.ts';
import { formValues, parseFormData } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/** The anonymous question form: no account, guidance on de-identifying, a reference and a code back. */
export const load: PageServerLoad = async (event) => {
	const pub = await requirePublicContext(event);
	// What a visitor typed about a case must not stay in a shared computer's cache.
	event.setHeaders({ 'cache-control': 'no-store' });
	return { options: await formOptionsFor(pub.db, pub.network.id, pub.locale) };
};

export const actions = {
	default: async (event) => {
		const pub = await requirePublicContext(event);
		const formData = await event.request.formData();
		if (wantsMask(formData)) {
			if (await countGuardCheck(pub))
				return fail(429, { values: formValues(formData), errors: {}, message: 'error_ask_rate_limited' });
			return fail(422, await maskFormTexts(formData, ['question', 'askerFunction'], pub.locale, 'question', pub));
		}
		const form = parseFormData(formData, anonymousFormSchema, { arrayFields });
		if (!form.ok) return fail(400, form.failure);
		const result = await askAnonymously(pub, form.data);
		if (!result.ok)
			return fail(result.error === 'error_ask_rate_limited' ? 429 : 422, saveFailure(form.values, result));
		// The code never goes into a URL, a mail or a log: the receipt page reads it from a short-lived cookie.
		keepReceipt(event.cookies, event.url, pub.network.id, result.value);
		redirect(303, localizedPath(`/${pub.network.slug}/ask/receipt`, pub.locale));
	}
} satisfies Actions;
