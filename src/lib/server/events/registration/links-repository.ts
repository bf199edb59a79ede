import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { timestamp } from '../../platform/db/values.ts';

/**
 * SQL of the extra personal links a registration gets when its address registers again (links.ts,
 * decision 013); the registration's own link is its row's token hash (registrations-repository.ts).
 */

/** One more personal link for a registration; the links it had keep working. */
export async function addRegistrationLink(
	trx: Kysely<Database>,
	networkId: string,
	registrationId: string,
	tokenHash: string,
	now: Date
): Promise<void> {
	await trx
		.insertInto('event_registration_link')
		.values({
			token_hash: tokenHash,
			network_id: networkId,
			registration_id: registrationId,
			created_at: timestamp(now)
		})
		.execute();
}

/** How many links were added to a registration since `since`. */
export async function countLinksSince(
	db: Kysely<Database>,
	networkId: string,
	registrationId: string,
	since: Date
): Promise<number> {
	const row = await db
		.selectFrom('event_registration_link')
		.select((eb) => eb.fn.countAll<number | string>().as('n'))
		.where('network_id', '=', networkId)
		.where('registration_id', '=', registrationId)
		.where('created_at', '>', timestamp(since))
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}
