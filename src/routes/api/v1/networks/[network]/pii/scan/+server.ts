import { requireContext } from '#lib/server/context.ts';
import { scanForNetwork, unauthorized } from '#lib/server/consultations/api.ts';
import type { RequestHandler } from './$types';

/**
 * The anonymity guard for a member of the network, as the network's forms apply it: its own
 * published contact details are let through (decision 016). Without a session: 401 JSON.
 */
export const POST: RequestHandler = async (event) => {
	if (!event.locals.user) return unauthorized();
	return scanForNetwork(await requireContext(event), event.request);
};
