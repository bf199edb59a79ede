import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { booleanType, falseDefault } from './helpers.ts';

/**
 * Which organisation types a network expects in each municipality (decision 018). Coverage lists
 * only these as missing; before, every type was, so every municipality looked empty. The default
 * types social services, school, police and health care are expected; the network changes the set
 * on its organisation types page. Frozen: the keys are written out, not imported from the app.
 */
const EXPECTED_DEFAULT_KEYS = ['social_services', 'school', 'police', 'health_care'];

export const coverageExpectedTypes: Migration = {
	async up(db: Kysely<any>) {
		await db.schema
			.alterTable('organisation_type')
			.addColumn('expected', booleanType(db), (c) => c.notNull().defaultTo(falseDefault(db)))
			.execute();
		await db.updateTable('organisation_type').set({ expected: 1 }).where('key', 'in', EXPECTED_DEFAULT_KEYS).execute();
	},
	async down(db: Kysely<any>) {
		await db.schema.alterTable('organisation_type').dropColumn('expected').execute();
	}
};
