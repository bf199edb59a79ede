import { requireContext } from '#lib/server/context.ts';
import { staffEventList } from '#lib/server/events/staff/events-service.ts';
import type { PageServerLoad } from './$types';

/** The network's events, upcoming and past, with their counts; filtered by status. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const status = event.url.searchParams.get('status') ?? '';
	return { status, list: await staffEventList(ctx, { status }) };
};
