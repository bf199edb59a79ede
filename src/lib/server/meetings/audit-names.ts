import type { Kysely } from 'kysely';
import { formatDateTime } from '../../format.ts';
import type { Locale } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { toDate } from '../platform/db/values.ts';

/**
 * What the audit log calls a meeting series (its title) and a meeting (its title and when it
 * starts, in the network's zone). Only for the log (see src/lib/server/audit-targets.ts); every
 * query names the network.
 */
export async function meetingTargetNames(
	db: Kysely<Database>,
	networkId: string,
	type: string,
	ids: string[],
	locale: Locale
): Promise<Map<string, string> | null> {
	if (type === 'meeting_series') {
		const rows = await db
			.selectFrom('meeting_series')
			.select(['id', 'title'])
			.where('network_id', '=', networkId)
			.where('id', 'in', ids)
			.execute();
		return new Map(rows.map((r) => [r.id, r.title]));
	}
	if (type === 'meeting') {
		const rows = await db
			.selectFrom('meeting')
			.innerJoin('network', 'network.id', 'meeting.network_id')
			.select(['meeting.id', 'meeting.title', 'meeting.start_at', 'network.time_zone'])
			.where('meeting.network_id', '=', networkId)
			.where('meeting.id', 'in', ids)
			.execute();
		return new Map(rows.map((r) => [r.id, `${r.title}, ${formatDateTime(toDate(r.start_at), locale, r.time_zone)}`]));
	}
	return null;
}
