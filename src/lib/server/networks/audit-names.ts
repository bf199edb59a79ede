import type { Kysely } from 'kysely';
import { m } from '#lib/paraglide/messages.js';
import type { Locale } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';

/**
 * What the audit log calls this module's targets: a member by name, an invitation by its address, a
 * public text by its title and language. SQL lives here because it is only for the log (see
 * src/lib/server/audit-targets.ts); every query names the network, so an id of another network
 * finds nothing and its entry reads "no longer exists".
 */
export async function networkTargetNames(
	db: Kysely<Database>,
	networkId: string,
	type: string,
	ids: string[],
	locale: Locale
): Promise<Map<string, string> | null> {
	if (type === 'network') {
		const rows = await db.selectFrom('network').select(['id', 'name']).where('id', '=', networkId).execute();
		return new Map(rows.filter((r) => ids.includes(r.id)).map((r) => [r.id, r.name]));
	}
	if (type === 'membership') {
		const rows = await db
			.selectFrom('membership')
			.innerJoin('user', 'user.id', 'membership.user_id')
			.select(['membership.id as id', 'user.name as name'])
			.where('membership.network_id', '=', networkId)
			.where('membership.id', 'in', ids)
			.execute();
		return new Map(rows.map((r) => [r.id, r.name]));
	}
	if (type === 'user') {
		// only people of this network: a user id alone says nothing about who they are elsewhere
		const rows = await db
			.selectFrom('membership')
			.innerJoin('user', 'user.id', 'membership.user_id')
			.select(['user.id as id', 'user.name as name'])
			.where('membership.network_id', '=', networkId)
			.where('user.id', 'in', ids)
			.execute();
		return new Map(rows.map((r) => [r.id, r.name]));
	}
	if (type === 'invitation') {
		const rows = await db
			.selectFrom('invitation')
			.select(['id', 'email'])
			.where('network_id', '=', networkId)
			.where('id', 'in', ids)
			.execute();
		return new Map(rows.map((r) => [r.id, r.email]));
	}
	if (type === 'network_text') {
		const messages = m as unknown as Record<string, ((i: object, o: object) => string) | undefined>;
		const names = new Map<string, string>();
		for (const id of ids) {
			const [kind, language] = id.split(':');
			const title = messages[`pubtext_${kind}`]?.({}, { locale });
			const languageName = messages[`language_${language}`]?.({}, { locale });
			if (title) names.set(id, languageName ? `${title} (${languageName})` : title);
		}
		return names;
	}
	return null;
}
