import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Who made an admin a consultation handler. An admin may take the right themselves while nobody else
 * handles the network's consultations (decision 015); later admins must see that it was self-granted,
 * and by whom otherwise. Null for rows from before this migration and when the granter's account is
 * gone.
 */
export const consultationHandlerGrantedBy: Migration = {
	async up(db: Kysely<any>) {
		await db.schema
			.alterTable('consultation_handler')
			.addColumn('granted_by', 'text', (c) => c.references('user.id').onDelete('set null'))
			.execute();
	},
	async down(db: Kysely<any>) {
		await db.schema.alterTable('consultation_handler').dropColumn('granted_by').execute();
	}
};
