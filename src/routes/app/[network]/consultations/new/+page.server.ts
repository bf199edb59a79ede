import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { isHandler } from '#lib/server/consultations/access.ts';
import { arrayFields, memberFormSchema, staffFormSchema } from '#lib/server/consultations/forms.ts';
import { maskFormTexts, saveFailure, wantsMask } from '#lib/server/consultations/http.ts';
import {
	createConsultation,
	memberFormOptions,
	staffFormOptions,
	submitConsultation
} from '#lib/server/consultations/consultations-service.ts';
import { parseFormData } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * One page, two forms: handlers register what came by phone, mail or at a meeting; members ask a
 * question of their own and follow it in the app.
 */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const handler = await isHandler(ctx);
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		handler,
		staffOptions: handler ? await staffFormOptions(ctx) : null,
		memberOptions: handler ? null : await memberFormOptions(ctx),
		me: ctx.actor.userId
	};
};

export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event);
		const formData = await event.request.formData();
		if (wantsMask(formData))
			return fail(422, await maskFormTexts(formData, ['question', 'askerFunction'], ctx.locale, 'question', ctx));
		const done = (reference: string) =>
			redirect(303, `${localizedPath(`/app/${ctx.network.slug}/consultations/${reference}`, ctx.locale)}?done=created`);
		if (await isHandler(ctx)) {
			const form = parseFormData(formData, staffFormSchema, { arrayFields });
			if (!form.ok) return fail(400, form.failure);
			const result = await createConsultation(ctx, form.data);
			if (!result.ok) return fail(422, saveFailure(form.values, result));
			done(result.value);
		} else {
			const form = parseFormData(formData, memberFormSchema, { arrayFields });
			if (!form.ok) return fail(400, form.failure);
			const result = await submitConsultation(ctx, form.data);
			if (!result.ok) return fail(422, saveFailure(form.values, result));
			done(result.value);
		}
	}
} satisfies Actions;
