import { requirePublicContext } from '#lib/server/context.ts';
import { publicAnswerForm, submitPublicAnswer } from '#lib/server/surveys/answer-service.ts';
import type { Actions, PageServerLoad } from './$types';
import {
	afterSubmit,
	answerView,
	giveMark,
	invalidLink,
	keepPrivate,
	markOf,
	maskedAgain,
	postedAnswers
} from '../../answer-page.server.ts';

/**
 * A survey answered through its public link. The browser gets a random mark when the form is
 * shown; one answer per mark is the most a link anyone may open can hold to, and the results say so.
 */
export const load: PageServerLoad = async (event) => {
	const pub = await requirePublicContext(event);
	keepPrivate(event);
	const mark = markOf(event.cookies);
	const form = await publicAnswerForm(pub, event.params.token, mark);
	if (form.state === 'invalid') invalidLink();
	if (form.state === 'open' && !mark) giveMark(event, pub.network.slug, event.params.token);
	return { view: answerView(form, pub.locale), via: 'public' as const };
};

export const actions = {
	default: async (event) => {
		const pub = await requirePublicContext(event);
		keepPrivate(event);
		const { fields, mask } = postedAnswers(await event.request.formData());
		if (mask) {
			const form = await publicAnswerForm(pub, event.params.token, markOf(event.cookies));
			if (form.state === 'invalid') invalidLink();
			return maskedAgain(pub, form, fields);
		}
		// A browser that refused the cookie gets a new mark: its answer counts, and it can only be
		// told apart from a second one if it keeps the mark this time.
		const mark = markOf(event.cookies) ?? giveMark(event, pub.network.slug, event.params.token);
		return afterSubmit(pub, await submitPublicAnswer(pub, event.params.token, mark, fields), fields);
	}
} satisfies Actions;
