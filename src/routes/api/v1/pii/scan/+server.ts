import { requireUser } from '#lib/server/context.ts';
import { handleScan } from '#lib/server/pii/http.ts';
import type { RequestHandler } from './$types';

/**
 * The anonymity guard for signed-in people (docs/product.md#consultations-anonymity-guard). Without a session it answers 401 JSON:
 * an API caller cannot follow requireUser's redirect to the sign-in page.
 */
export const POST: RequestHandler = async (event) => {
	if (!event.locals.user) return handleScan(null, event.request);
	return handleScan(requireUser(event), event.request);
};
