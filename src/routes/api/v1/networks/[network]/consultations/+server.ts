import { requireContext } from '#lib/server/context.ts';
import { createFromJson, listAsJson, unauthorized } from '#lib/server/consultations/api.ts';
import type { RequestHandler } from './$types';

/** The network's consultations as JSON: GET lists (filters as on the list page), POST creates. */
export const GET: RequestHandler = async (event) => {
	if (!event.locals.user) return unauthorized();
	return listAsJson(await requireContext(event), event.url);
};

export const POST: RequestHandler = async (event) => {
	if (!event.locals.user) return unauthorized();
	return createFromJson(await requireContext(event), event.request);
};
