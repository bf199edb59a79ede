import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * A network's own quick-exit site (an https address chosen in its public page settings). Null: the
 * neutral site of the visitor's language (docs/decisions/019-public-languages.md).
 */
export const networkQuickExit: Migration = {
	async up(db: Kysely<any>) {
		await db.schema.alterTable('network').addColumn('quick_exit_url', 'text').execute();
	},
	async down(db: Kysely<any>) {
		await db.schema.alterTable('network').dropColumn('quick_exit_url').execute();
	}
};
