import { fail } from '@sveltejs/kit';
import { requireContext } from '#lib/server/context.ts';
import { markQuotable } from '#lib/server/surveys/results-service.ts';
import type { Actions, PageServerLoad } from './$types';
import { loadReport } from './report.server.ts';

/** A survey's results: counts, shares and charts per question, breakdowns and the free texts. */
export const load: PageServerLoad = async (event) => {
	return (await loadReport(event)).data;
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
