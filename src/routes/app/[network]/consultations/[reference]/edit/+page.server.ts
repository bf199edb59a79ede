import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { requireConsultationAbility } from '#lib/server/consultations/access.ts';
import { arrayFields, recordFormSchema } from '#lib/server/consultations/forms.ts';
import { maskFormTexts, saveFailure, wantsMask } from '#lib/server/consultations/http.ts';
import {
	getConsultation,
	staffFormOptions,
	updateConsultationRecord
} from '#lib/server/consultations/consultations-service.ts';
import { parseFormData } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/** Corrects the record: the structured fields, the topics and (until erased) the question. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	await requireConsultationAbility(ctx, 'handle');
	const result = await getConsultation(ctx, event.params.reference);
	if (!result.ok) error(404, { message: 'error_not_found' });
	const c = result.value;
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		reference: c.reference,
		erased: c.textErasedAt !== null,
		options: await staffFormOptions(ctx),
		values: {
			receivedOn: c.receivedOn,
			channel: c.channel,
			municipalityId: c.municipalityId ?? 'outside',
			organisationTypeId: c.organisationTypeId ?? '',
			askerFunction: c.askerFunction ?? '',
			topicIds: c.topicIds.join(','),
			caseType: c.caseType ?? '',
			ageGroup: c.ageGroup ?? '',
			gender: c.gender ?? '',
			vulnerabilities: c.vulnerabilities.join(','),
			perpetrator: c.perpetrator ?? '',
			urgency: c.urgency,
			question: c.question ?? '',
			followUpOn: c.followUpOn ?? ''
		}
	};
};

export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event);
		const formData = await event.request.formData();
		if (wantsMask(formData))
			return fail(422, await maskFormTexts(formData, ['question', 'askerFunction'], ctx.locale, 'changes', ctx));
		const form = parseFormData(formData, recordFormSchema, { arrayFields });
		if (!form.ok) return fail(400, form.failure);
		const result = await updateConsultationRecord(ctx, event.params.reference, form.data);
		if (!result.ok) return fail(422, saveFailure(form.values, result));
		redirect(
			303,
			`${localizedPath(`/app/${ctx.network.slug}/consultations/${event.params.reference}`, ctx.locale)}?done=updated`
		);
	}
} satisfies Actions;
