import { error } from '@sveltejs/kit';
import { requireContext } from '#lib/server/context.ts';
import { exportContactVcard } from '#lib/server/directory/contacts-service.ts';
import { exportFilename, vcardResponse } from '#lib/server/directory/exports.ts';
import type { RequestHandler } from './$types';

/** One contact as a vCard 4.0; audit-logged. */
export const GET: RequestHandler = async (event) => {
	const ctx = await requireContext(event);
	const result = await exportContactVcard(ctx, event.params.id);
	if (!result.ok) error(404, { message: result.error });
	return vcardResponse(result.value, exportFilename('contact', 'vcf', ctx.now));
};
