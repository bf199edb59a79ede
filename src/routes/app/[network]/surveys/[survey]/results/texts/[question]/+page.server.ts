import { error, fail } from '@sveltejs/kit';
import { requireContext } from '#lib/server/context.ts';
import { localText } from '#lib/server/surveys/model.ts';
import { markQuotable, questionTexts } from '#lib/server/surveys/results-service.ts';
import type { Actions, PageServerLoad } from './$types';

/** All free-text answers to one question of a survey, a page at a time. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const page = Number(event.url.searchParams.get('page') ?? '1');
	const found = await questionTexts(ctx, event.params.survey, event.params.question, page);
	if (!found.ok) error(404, { message: found.error });
	const { survey, question, total, pages } = found.value;
	const asked = survey.definition.sections.flatMap((s) => s.questions).find((q) => q.id === question.questionId);
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		survey: { id: survey.id, title: survey.title },
		question: { id: question.questionId, text: localText(asked?.text, ctx.locale), suppressed: question.suppressed },
		texts: question.texts,
		total,
		page: found.value.page,
		pages
	};
};

export const actions = {
	/** Marks a consented free text as quotable in reports, or takes the mark back. */
	quote: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const data = await event.request.formData();
		const result = await markQuotable(
			ctx,
			event.params.survey,
			String(data.get('text') ?? ''),
			data.get('quotable') === 'yes'
		);
		if (!result.ok) return fail(422, { message: result.error });
		return { quoted: data.get('quotable') === 'yes' ? ('marked' as const) : ('unmarked' as const) };
	}
} satisfies Actions;
