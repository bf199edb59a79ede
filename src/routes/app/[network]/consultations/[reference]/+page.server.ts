import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import {
	answerFormSchema,
	assignFormSchema,
	logFormSchema,
	statusFormSchema
} from '#lib/server/consultations/forms.ts';
import { maskFormTexts, saveFailure, wantsMask } from '#lib/server/consultations/http.ts';
import { getConsultation, staffFormOptions } from '#lib/server/consultations/consultations-service.ts';
import { addLogEntry, answerConsultation } from '#lib/server/consultations/log-service.ts';
import { assignConsultation, changeStatus, takeConsultation } from '#lib/server/consultations/workflow-service.ts';
import { fieldFailure, parseFormData } from '#lib/server/platform/http.ts';
import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

/** One consultation: the texts (an audited read), the record, the work flow, the log and who read it. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const result = await getConsultation(ctx, event.params.reference);
	if (!result.ok) error(404, { message: 'error_not_found' });
	const consultation = result.value;
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name, timeZone: ctx.network.timeZone },
		consultation,
		options: consultation.handler ? await staffFormOptions(ctx) : null,
		me: ctx.actor.userId,
		done: event.url.searchParams.get('done')
	};
};

function back(event: RequestEvent, done: string, hash = ''): never {
	const { network, reference } = event.params as { network: string; reference: string };
	redirect(
		303,
		`${localizedPath(`/app/${network}/consultations/${reference}`, event.locals.locale)}?done=${done}${hash}`
	);
}

export const actions = {
	status: async (event) => {
		const ctx = await requireContext(event);
		const form = parseFormData(await event.request.formData(), statusFormSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'status' });
		const result = await changeStatus(ctx, event.params.reference, form.data.status);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error), action: 'status' });
		back(event, `status_${result.value}`);
	},
	take: async (event) => {
		const ctx = await requireContext(event);
		const result = await takeConsultation(ctx, event.params.reference);
		if (!result.ok) return fail(422, { ...fieldFailure({}, result.error), action: 'assign' });
		back(event, 'taken');
	},
	assign: async (event) => {
		const ctx = await requireContext(event);
		const form = parseFormData(await event.request.formData(), assignFormSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'assign' });
		const result = await assignConsultation(ctx, event.params.reference, form.data.assigneeUserId);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error, result.field), action: 'assign' });
		back(event, 'assigned');
	},
	log: async (event) => {
		const ctx = await requireContext(event);
		const formData = await event.request.formData();
		if (wantsMask(formData))
			return fail(422, { ...(await maskFormTexts(formData, ['text'], ctx.locale, 'log', ctx)), action: 'log' });
		const form = parseFormData(formData, logFormSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'log' });
		const result = await addLogEntry(ctx, event.params.reference, form.data);
		if (!result.ok) return fail(422, { ...saveFailure(form.values, result), action: 'log' });
		back(event, 'logged', '#log');
	},
	answer: async (event) => {
		const ctx = await requireContext(event);
		const formData = await event.request.formData();
		if (wantsMask(formData))
			return fail(422, { ...(await maskFormTexts(formData, ['answer'], ctx.locale, 'answer', ctx)), action: 'answer' });
		const form = parseFormData(formData, answerFormSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'answer' });
		const result = await answerConsultation(ctx, event.params.reference, form.data);
		if (!result.ok) return fail(422, { ...saveFailure(form.values, result), action: 'answer' });
		back(event, 'answered', '#answer');
	}
} satisfies Actions;
