import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The contact list of a large directory (50 000 contacts) pages by name: with the id in the index
 * too, "page 400 sorted by name" walks the index alone instead of sorting the network's contacts.
 */
export const directoryIndexes: Migration = {
	async up(db: Kysely<any>) {
		await db.schema
			.createIndex('contact_network_name_id_idx')
			.on('contact')
			.columns(['network_id', 'name', 'id'])
			.execute();
	}
};
