import { fail } from '@sveltejs/kit';
import { formatReference } from '#lib/consultation-vocabulary.ts';
import { requirePublicContext } from '#lib/server/context.ts';
import { lookUpStatus } from '#lib/server/consultations/anonymous-service.ts';
import { statusLookupSchema } from '#lib/server/consultations/forms.ts';
import { fieldFailure, parseFormData } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/** An anonymous asker opens the status and answer with the reference number and the secret code. */
export const load: PageServerLoad = async (event) => {
	const pub = await requirePublicContext(event);
	// The answer must not stay in a shared computer's cache. The load runs after the form action too,
	// so this covers the page with the answer (SvelteKit refuses a header set twice).
	event.setHeaders({ 'cache-control': 'no-store' });
	// The example reference is this network's own: its prefix, this year (in its time zone).
	const year = Number(
		new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: pub.network.timeZone }).format(pub.now)
	);
	return { exampleReference: formatReference(pub.network.referencePrefix, year, 42) };
};

export const actions = {
	default: async (event) => {
		const pub = await requirePublicContext(event);
		// POST, not GET: the code must not end up in the address bar, the history or a server log.
		const form = parseFormData(await event.request.formData(), statusLookupSchema);
		if (!form.ok) return fail(400, form.failure);
		const result = await lookUpStatus(pub, form.data.reference, form.data.code);
		if (!result.ok)
			return fail(
				result.error === 'error_ask_status_rate_limited' ? 429 : 404,
				fieldFailure(form.values, result.error)
			);
		return { status: result.value, timeZone: pub.network.timeZone };
	}
} satisfies Actions;
