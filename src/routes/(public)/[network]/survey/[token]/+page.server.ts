import { requirePublicContext } from '#lib/server/context.ts';
import { answerForm, submitAnswer } from '#lib/server/surveys/answer-service.ts';
import type { Actions, PageServerLoad } from './$types';
import {
	afterSubmit,
	answerView,
	invalidLink,
	keepPrivate,
	maskedAgain,
	postedAnswers
} from '../answer-page.server.ts';

/** A survey answered by the personal one-time link from its mail. */
export const load: PageServerLoad = async (event) => {
	const pub = await requirePublicContext(event);
	keepPrivate(event);
	const form = await answerForm(pub, event.params.token);
	if (form.state === 'invalid') invalidLink();
	return { view: answerView(form, pub.locale), via: 'invitation' as const };
};

export const actions = {
	default: async (event) => {
		const pub = await requirePublicContext(event);
		keepPrivate(event);
		const { fields, mask } = postedAnswers(await event.request.formData());
		if (mask) {
			const form = await answerForm(pub, event.params.token);
			if (form.state === 'invalid') invalidLink();
			return maskedAgain(pub, form, fields);
		}
		return afterSubmit(pub, await submitAnswer(pub, event.params.token, fields), fields);
	}
} satisfies Actions;
