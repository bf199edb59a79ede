import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';

/** SQL of the anonymity guard: what the network itself has published. */

/**
 * What the network has published of its own contact details and its directory's: the contact texts
 * of its public page (every language) and its active organisations' switchboards and visiting
 * addresses. The anonymity guard lets these through (decision 016).
 */
export async function publishedContactTexts(db: Kysely<Database>, networkId: string): Promise<string[]> {
	const [texts, organisations] = await Promise.all([
		db
			.selectFrom('network_text')
			.select('body')
			.where('network_id', '=', networkId)
			.where('kind', '=', 'contact')
			.execute(),
		db
			.selectFrom('organisation')
			.select(['switchboard', 'visiting_address'])
			.where('network_id', '=', networkId)
			.where('active', '=', 1)
			.execute()
	]);
	return [
		...texts.map((row) => row.body),
		...organisations.flatMap((row) => [row.switchboard, row.visiting_address]).filter((v): v is string => Boolean(v))
	];
}
