import type { Kysely } from 'kysely';
import type { Locale } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { topicLabel } from './settings-service.ts';

/**
 * What the audit log calls a consultation: its reference number, never anything from its texts
 * (which may be encrypted and are not for every admin). A topic by its label. Only for the log
 * (see src/lib/server/audit-targets.ts); every query names the network.
 */
export async function consultationTargetNames(
	db: Kysely<Database>,
	networkId: string,
	type: string,
	ids: string[],
	locale: Locale
): Promise<Map<string, string> | null> {
	if (type === 'consultation') {
		const rows = await db
			.selectFrom('consultation')
			.select(['id', 'reference'])
			.where('network_id', '=', networkId)
			.where('id', 'in', ids)
			.execute();
		return new Map(rows.map((r) => [r.id, r.reference]));
	}
	if (type === 'consultation_topic') {
		const rows = await db
			.selectFrom('consultation_topic')
			.select(['id', 'key', 'name'])
			.where('network_id', '=', networkId)
			.where('id', 'in', ids)
			.execute();
		return new Map(rows.map((r) => [r.id, topicLabel(r, locale)]));
	}
	return null;
}
