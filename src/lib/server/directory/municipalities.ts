import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { noMunicipalities } from './data/no-municipalities.ts';
import { seMunicipalities } from './data/se-municipalities.ts';

export interface Municipality {
	id: string;
	country: 'SE' | 'NO';
	code: string;
	name: string;
	countyCode: string;
	countyName: string;
}

/** The official lists shipped with the product (data/SOURCES.md). */
export function officialMunicipalities(): Municipality[] {
	const toMunicipality =
		(country: 'SE' | 'NO') =>
		([code, name, countyCode, countyName]: readonly [string, string, string, string]): Municipality => ({
			id: `${country}-${code}`,
			country,
			code,
			name,
			countyCode,
			countyName
		});
	return [...seMunicipalities.map(toMunicipality('SE')), ...noMunicipalities.map(toMunicipality('NO'))];
}

/**
 * Brings the `municipality` table in line with the shipped lists: inserts new ones and updates names
 * and counties. Municipalities that disappear from a list (a merger) stay, because networks and
 * statistics may still refer to them. Runs at every start and in test databases.
 */
export async function syncMunicipalities(db: Kysely<Database>): Promise<number> {
	const all = officialMunicipalities();
	await db.transaction().execute(async (trx) => {
		for (let i = 0; i < all.length; i += 200) {
			const batch = all.slice(i, i + 200).map((m) => ({
				id: m.id,
				country: m.country,
				code: m.code,
				name: m.name,
				county_code: m.countyCode,
				county_name: m.countyName
			}));
			await trx
				.insertInto('municipality')
				.values(batch)
				.onConflict((oc) =>
					oc.column('id').doUpdateSet((eb) => ({
						name: eb.ref('excluded.name'),
						county_code: eb.ref('excluded.county_code'),
						county_name: eb.ref('excluded.county_name')
					}))
				)
				.execute();
		}
	});
	return all.length;
}
