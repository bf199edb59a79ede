import { fail } from '@sveltejs/kit';
import { requirePublicContext } from '#lib/server/context.ts';
import { askAnonymously } from '#lib/server/consultations/anonymous.ts';
import { anonymousFormSchema, arrayFields } from '#lib/server/consultations/forms.ts';
import { maskFormTexts, saveFailure, wantsMask } from '#lib/server/consultations/http.ts';
import { formOptionsFor } from '#lib/server/consultations/service.ts';
import { parseFormData } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/** The anonymous question form: no account, guidance on de-identifying, a reference and a code back. */
export const load: PageServerLoad = async (event) => {
	const pub = await requirePublicContext(event);
	return { options: await formOptionsFor(pub.db, pub.network.id, pub.locale) };
};

export const actions = {
	default: async (event) => {
		const pub = await requirePublicContext(event);
		const formData = await event.request.formData();
		if (wantsMask(formData)) return fail(422, await maskFormTexts(formData, ['question', 'askerFunction'], pub.locale));
		const form = parseFormData(formData, anonymousFormSchema, { arrayFields });
		if (!form.ok) return fail(400, form.failure);
		const result = await askAnonymously(pub, form.data);
		if (!result.ok)
			return fail(result.error === 'error_ask_rate_limited' ? 429 : 422, saveFailure(form.values, result));
		// Shown once, on this response only: the code never goes into a URL, a mail or a log.
		return { submitted: result.value };
	}
} satisfies Actions;
