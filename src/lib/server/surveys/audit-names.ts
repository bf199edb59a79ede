import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';

/**
 * What the audit log calls a survey and a survey template: its title. Only for the log (see
 * src/lib/server/audit-targets.ts); every query names the network.
 */
export async function surveyTargetNames(
	db: Kysely<Database>,
	networkId: string,
	type: string,
	ids: string[]
): Promise<Map<string, string> | null> {
	if (type !== 'survey' && type !== 'survey_template') return null;
	const rows = await db
		.selectFrom(type)
		.select(['id', 'title'])
		.where('network_id', '=', networkId)
		.where('id', 'in', ids)
		.execute();
	return new Map(rows.map((r) => [r.id, r.title]));
}
