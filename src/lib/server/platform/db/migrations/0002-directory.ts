import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { booleanType, nowDefault, timestampType } from './helpers.ts';

/**
 * The network directory (docs/product.md#directory): municipalities (reference data, filled at start from the
 * shipped lists), the network's municipalities, organisation types, organisations, contact persons,
 * fixed representatives and the collaboration checklist. Every table but `municipality` belongs to
 * one network.
 */
export const directory: Migration = {
	async up(db: Kysely<any>) {
		const ts = timestampType(db);
		const bool = booleanType(db);

		// Official lists of Sweden and Norway; id is `SE-0114` / `NO-0301` (codes overlap between countries).
		await db.schema
			.createTable('municipality')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('country', 'text', (c) => c.notNull().check(sql`country in ('SE', 'NO')`))
			.addColumn('code', 'text', (c) => c.notNull())
			.addColumn('name', 'text', (c) => c.notNull())
			.addColumn('county_code', 'text', (c) => c.notNull())
			.addColumn('county_name', 'text', (c) => c.notNull())
			.execute();
		await db.schema
			.createIndex('municipality_country_county_idx')
			.on('municipality')
			.columns(['country', 'county_code'])
			.execute();

		await db.schema
			.createTable('network_municipality')
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
			.addColumn('participating', bool, (c) => c.notNull())
			// A calendar date (YYYY-MM-DD) in the network's time zone.
			.addColumn('joined_on', 'text')
			.addColumn('created_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
			.addPrimaryKeyConstraint('network_municipality_pk', ['network_id', 'municipality_id'])
			.execute();

		// Defaults have a `key` (translated name in the catalogues) until renamed; custom types have a name.
		await db.schema
			.createTable('organisation_type')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('key', 'text')
			.addColumn('name', 'text')
			.addColumn('hidden', bool, (c) => c.notNull())
			.addColumn('sort_order', 'integer', (c) => c.notNull())
			.addColumn('created_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
			.addUniqueConstraint('organisation_type_key_uq', ['network_id', 'key'])
			.execute();

		await db.schema
			.createTable('organisation')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('name', 'text', (c) => c.notNull())
			.addColumn('type_id', 'text', (c) => c.notNull().references('organisation_type.id'))
			// Null with scope 'regional' or 'national'; set with scope 'municipal'.
			.addColumn('municipality_id', 'text', (c) => c.references('municipality.id'))
			.addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('municipal', 'regional', 'national')`))
			.addColumn('visiting_address', 'text')
			.addColumn('switchboard', 'text')
			.addColumn('email', 'text')
			.addColumn('website', 'text')
			.addColumn('notes', 'text')
			.addColumn('active', bool, (c) => c.notNull())
			.addColumn('created_at', ts, (c) => c.notNull())
			.addColumn('updated_at', ts, (c) => c.notNull())
			.execute();
		await db.schema
			.createIndex('organisation_network_name_idx')
			.on('organisation')
			.columns(['network_id', 'name'])
			.execute();
		await db.schema
			.createIndex('organisation_network_municipality_idx')
			.on('organisation')
			.columns(['network_id', 'municipality_id'])
			.execute();
		await db.schema
			.createIndex('organisation_network_type_idx')
			.on('organisation')
			.columns(['network_id', 'type_id'])
			.execute();

		// Professionals' work contacts, never the people the network helps.
		await db.schema
			.createTable('contact')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('name', 'text', (c) => c.notNull())
			.addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id'))
			.addColumn('function', 'text')
			// E.164, e.g. +46920453000; shown formatted for the network's country.
			.addColumn('phone', 'text')
			.addColumn('email', 'text')
			.addColumn('member_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('last_verified_on', 'text')
			.addColumn('notes', 'text')
			.addColumn('active', bool, (c) => c.notNull())
			.addColumn('created_at', ts, (c) => c.notNull())
			.addColumn('updated_at', ts, (c) => c.notNull())
			.execute();
		await db.schema.createIndex('contact_network_name_idx').on('contact').columns(['network_id', 'name']).execute();
		await db.schema
			.createIndex('contact_network_organisation_idx')
			.on('contact')
			.columns(['network_id', 'organisation_id'])
			.execute();

		// The network's fixed representative(s) for a municipality: one primary, any deputies.
		await db.schema
			.createTable('representative')
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
			.addColumn('contact_id', 'text', (c) => c.notNull().references('contact.id').onDelete('cascade'))
			.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('primary', 'deputy')`))
			.addColumn('created_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
			.addPrimaryKeyConstraint('representative_pk', ['network_id', 'municipality_id', 'contact_id'])
			.execute();
		await sql`create unique index representative_one_primary_uq on representative (network_id, municipality_id) where kind = 'primary'`.execute(
			db
		);

		// Checklist items per network (defaults have a key, as organisation types).
		await db.schema
			.createTable('checklist_item')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('key', 'text')
			.addColumn('label', 'text')
			.addColumn('hidden', bool, (c) => c.notNull())
			.addColumn('sort_order', 'integer', (c) => c.notNull())
			.addColumn('created_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
			.addUniqueConstraint('checklist_item_key_uq', ['network_id', 'key'])
			.execute();

		await db.schema
			.createTable('checklist_status')
			.addColumn('network_id', 'text', (c) => c.notNull().references('network.id').onDelete('cascade'))
			.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
			.addColumn('item_id', 'text', (c) => c.notNull().references('checklist_item.id').onDelete('cascade'))
			.addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('missing', 'in_progress', 'in_place')`))
			.addColumn('owner_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addColumn('checked_on', 'text')
			.addColumn('note', 'text')
			.addColumn('link', 'text')
			.addColumn('updated_at', ts, (c) => c.notNull())
			.addColumn('updated_by', 'text', (c) => c.references('user.id').onDelete('set null'))
			.addPrimaryKeyConstraint('checklist_status_pk', ['network_id', 'municipality_id', 'item_id'])
			.execute();
	}
};
