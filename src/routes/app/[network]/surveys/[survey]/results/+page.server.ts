import { error, fail } from '@sveltejs/kit';
import { requireContext } from '#lib/server/context.ts';
import { markQuotable, surveyResults } from '#lib/server/surveys/results-service.ts';
import type { Actions, PageServerLoad } from './$types';
import { reportOf } from './report.server.ts';

/** A survey's results: counts, shares and charts per question, breakdowns and the free texts. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const found = await surveyResults(ctx, event.params.survey);
	if (!found.ok) error(404, { message: found.error });
	const { survey, results, answeredNow, invited, groupNames, previous, comparison } = found.value;
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		survey: {
			id: survey.id,
			title: survey.title,
			status: survey.status,
			viaPublicLink: survey.audience.kind === 'public'
		},
		answered: answeredNow,
		// While a survey runs, the results shown may be from fewer answers than have come in.
		resultsFrom: results.answered,
		invited,
		shown: results.shown,
		minAnswers: results.minAnswers,
		previous,
		...reportOf(survey.definition, results, groupNames, comparison, ctx.locale, { charts: true })
	};
};

export const actions = {
	/** Marks a consented free text as quotable in reports, or takes the mark back. */
	quote: async (event) => {
		const ctx = await requireContext(event, { role: 'communicator' });
		const data = await event.request.formData();
		const textId = String(data.get('text') ?? '');
		const quotable = data.get('quotable') === 'yes';
		const result = await markQuotable(ctx, event.params.survey, textId, quotable);
		if (!result.ok) return fail(422, { message: result.error, textId });
		return { quoted: quotable ? ('marked' as const) : ('unmarked' as const), textId };
	}
} satisfies Actions;
