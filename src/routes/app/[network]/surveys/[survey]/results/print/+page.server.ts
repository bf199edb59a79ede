import { error } from '@sveltejs/kit';
import { formatDate } from '#lib/format.ts';
import { requireContext } from '#lib/server/context.ts';
import { surveyResults } from '#lib/server/surveys/results-service.ts';
import type { PageServerLoad } from './$types';
import { reportOf } from '../report.server.ts';

/** The same results laid out for paper or a PDF, for the half-year report. */
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
		made: formatDate(ctx.now, ctx.locale, ctx.network.timeZone),
		...reportOf(survey.definition, results, groupNames, comparison, ctx.locale, { charts: true })
	};
};
