import type { Kysely } from 'kysely';
import type { Locale } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { checklistItemLabel } from './checklist-service.ts';
import { typeLabel } from './organisation-types.ts';

/**
 * What the audit log calls the directory's targets: a contact person or an organisation by name,
 * a type or checklist item by its label, a municipality by its name. Only for the log (see
 * src/lib/server/audit-targets.ts); every query names the network, so another network's id finds
 * nothing. Municipalities and counties are public reference data, shared by every network.
 */
export async function directoryTargetNames(
	db: Kysely<Database>,
	networkId: string,
	type: string,
	ids: string[],
	locale: Locale
): Promise<Map<string, string> | null> {
	if (type === 'contact' || type === 'organisation') {
		const rows = await db
			.selectFrom(type)
			.select(['id', 'name'])
			.where('network_id', '=', networkId)
			.where('id', 'in', ids)
			.execute();
		return new Map(rows.map((r) => [r.id, r.name]));
	}
	if (type === 'organisation_type') {
		const rows = await db
			.selectFrom('organisation_type')
			.select(['id', 'key', 'name'])
			.where('network_id', '=', networkId)
			.where('id', 'in', ids)
			.execute();
		return new Map(rows.map((r) => [r.id, typeLabel(r, locale)]));
	}
	if (type === 'checklist_item') {
		const rows = await db
			.selectFrom('checklist_item')
			.select(['id', 'key', 'label'])
			.where('network_id', '=', networkId)
			.where('id', 'in', ids)
			.execute();
		return new Map(rows.map((r) => [r.id, checklistItemLabel(r, locale)]));
	}
	if (type === 'municipality') {
		const rows = await db.selectFrom('municipality').select(['id', 'name']).where('id', 'in', ids).execute();
		return new Map(rows.map((r) => [r.id, r.name]));
	}
	if (type === 'county') {
		// `SE-25`: the country and the county's code
		const names = new Map<string, string>();
		for (const id of ids) {
			const [country, code] = id.split('-');
			const row = await db
				.selectFrom('municipality')
				.select('county_name')
				.where('country', '=', country as 'SE' | 'NO')
				.where('county_code', '=', code ?? '')
				.executeTakeFirst();
			if (row) names.set(id, row.county_name);
		}
		return names;
	}
	if (type === 'checklist_status') {
		// `<municipality id>:<item id>`: the item's label for that municipality
		const pairs = ids.map((id) => id.split(':') as [string, string]);
		const [municipalities, items] = await Promise.all([
			directoryTargetNames(db, networkId, 'municipality', [...new Set(pairs.map((p) => p[0]))], locale),
			directoryTargetNames(db, networkId, 'checklist_item', [...new Set(pairs.map((p) => p[1]))], locale)
		]);
		const names = new Map<string, string>();
		for (const [i, [municipality, item]] of pairs.entries()) {
			const itemName = items?.get(item);
			if (itemName) names.set(ids[i], [municipalities?.get(municipality), itemName].filter(Boolean).join(': '));
		}
		return names;
	}
	return null;
}
