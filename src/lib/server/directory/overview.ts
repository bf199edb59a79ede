import type { ServiceContext } from '../platform/context.ts';
import { requirePermission } from '../platform/permissions.ts';
import { checklistOverview } from './checklist-service.ts';
import { coverage } from './contacts-service.ts';
import { countContacts } from './contacts-repository.ts';
import { verificationCutoff } from './coverage.ts';

/**
 * What in the directory needs those who keep it up to date, for the start page: contacts whose
 * verification is overdue (a count), participating municipalities without a representative, and
 * the checklist items not yet in place in the participating municipalities. The lists behind the
 * figures are bounded by the network's municipalities (tens), so this stays cheap.
 */
export async function directoryOverview(ctx: ServiceContext) {
	await requirePermission(ctx, 'directory.edit');
	const cutoff = verificationCutoff(ctx.network.timeZone, ctx.now);
	const [overdue, withoutRepresentative, checklists] = await Promise.all([
		countContacts(ctx.db, ctx.network.id, { overdueBefore: cutoff }),
		coverage(ctx, { withoutRepresentative: true }),
		checklistOverview(ctx)
	]);
	return {
		overdueVerifications: overdue,
		withoutRepresentative: withoutRepresentative.rows.length,
		checklistGaps: checklists.network.total - checklists.network.inPlace
	};
}
