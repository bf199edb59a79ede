import { error } from '@sveltejs/kit';
import { formatDate } from '#lib/format.ts';
import { requireContext } from '#lib/server/context.ts';
import { printableList } from '#lib/server/events/staff/lists-service.ts';
import type { PageServerLoad } from './$types';

/** The participant list to print (or save as PDF) for the door: an audited read of personal data. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const result = await printableList(ctx, event.params.event);
	if (!result.ok) error(404, { message: 'error_not_found' });
	return { people: result.value.people, made: formatDate(ctx.now, ctx.locale, ctx.network.timeZone) };
};
