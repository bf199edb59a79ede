import { requireContext } from '#lib/server/context.ts';
import { readContactQuery } from '#lib/server/directory/contact-forms.ts';
import { exportContactsVcard } from '#lib/server/directory/contacts-service.ts';
import { exportFilename, vcardResponse } from '#lib/server/directory/exports.ts';
import type { RequestHandler } from './$types';

/** The filtered contact list as one vCard 4.0 file for address books; audit-logged. */
export const GET: RequestHandler = async (event) => {
	const ctx = await requireContext(event);
	const vcf = await exportContactsVcard(ctx, readContactQuery(event.url));
	return vcardResponse(vcf, exportFilename(`contacts-${ctx.network.slug}`, 'vcf', ctx.now));
};
