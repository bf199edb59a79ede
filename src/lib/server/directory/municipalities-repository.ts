import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toBool } from '../platform/db/values.ts';

export interface NetworkMunicipality {
	id: string;
	name: string;
	countyCode: string;
	countyName: string;
	participating: boolean;
	joinedOn: string | null;
}

export interface CountryMunicipality {
	id: string;
	name: string;
	countyCode: string;
	countyName: string;
}

/** The network's municipalities, by county and name. */
export async function listNetworkMunicipalities(
	db: Kysely<Database>,
	networkId: string
): Promise<NetworkMunicipality[]> {
	const rows = await db
		.selectFrom('network_municipality as nm')
		.innerJoin('municipality as mu', 'mu.id', 'nm.municipality_id')
		.select(['mu.id', 'mu.name', 'mu.county_code', 'mu.county_name', 'nm.participating', 'nm.joined_on'])
		.where('nm.network_id', '=', networkId)
		.orderBy('mu.county_code')
		.orderBy('mu.name')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		name: row.name,
		countyCode: row.county_code,
		countyName: row.county_name,
		participating: toBool(row.participating),
		joinedOn: row.joined_on
	}));
}

export async function findNetworkMunicipality(
	db: Kysely<Database>,
	networkId: string,
	municipalityId: string
): Promise<NetworkMunicipality | undefined> {
	const all = await db
		.selectFrom('network_municipality as nm')
		.innerJoin('municipality as mu', 'mu.id', 'nm.municipality_id')
		.select(['mu.id', 'mu.name', 'mu.county_code', 'mu.county_name', 'nm.participating', 'nm.joined_on'])
		.where('nm.network_id', '=', networkId)
		.where('nm.municipality_id', '=', municipalityId)
		.executeTakeFirst();
	return all
		? {
				id: all.id,
				name: all.name,
				countyCode: all.county_code,
				countyName: all.county_name,
				participating: toBool(all.participating),
				joinedOn: all.joined_on
			}
		: undefined;
}

/** The official list of a country (reference data, the same for every network). */
export async function listCountryMunicipalities(
	db: Kysely<Database>,
	country: 'SE' | 'NO'
): Promise<CountryMunicipality[]> {
	const rows = await db
		.selectFrom('municipality')
		.select(['id', 'name', 'county_code', 'county_name'])
		.where('country', '=', country)
		.orderBy('county_code')
		.orderBy('name')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		name: row.name,
		countyCode: row.county_code,
		countyName: row.county_name
	}));
}

/** Adds municipalities to the network; those already there stay as they are. Returns how many were new. */
export async function insertNetworkMunicipalities(
	db: Kysely<Database>,
	networkId: string,
	municipalityIds: string[],
	values: { participating: boolean; joinedOn: string | null },
	now: Date
): Promise<number> {
	if (municipalityIds.length === 0) return 0;
	const existing = new Set(
		(
			await db
				.selectFrom('network_municipality')
				.select('municipality_id')
				.where('network_id', '=', networkId)
				.where('municipality_id', 'in', municipalityIds)
				.execute()
		).map((row) => row.municipality_id)
	);
	const fresh = municipalityIds.filter((id) => !existing.has(id));
	if (fresh.length === 0) return 0;
	await db
		.insertInto('network_municipality')
		.values(
			fresh.map((id) => ({
				network_id: networkId,
				municipality_id: id,
				participating: values.participating ? 1 : 0,
				joined_on: values.joinedOn,
				created_at: timestamp(now)
			}))
		)
		.execute();
	return fresh.length;
}

export async function updateNetworkMunicipality(
	db: Kysely<Database>,
	networkId: string,
	municipalityId: string,
	values: { participating: boolean; joinedOn: string | null }
): Promise<boolean> {
	const result = await db
		.updateTable('network_municipality')
		.set({ participating: values.participating ? 1 : 0, joined_on: values.joinedOn })
		.where('network_id', '=', networkId)
		.where('municipality_id', '=', municipalityId)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

export async function deleteNetworkMunicipality(
	db: Kysely<Database>,
	networkId: string,
	municipalityId: string
): Promise<boolean> {
	const result = await db
		.deleteFrom('network_municipality')
		.where('network_id', '=', networkId)
		.where('municipality_id', '=', municipalityId)
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}

/** What in the network refers to a municipality, and so keeps it from being removed. */
export async function countMunicipalityReferences(
	db: Kysely<Database>,
	networkId: string,
	municipalityId: string
): Promise<{ organisations: number; representatives: number; checklist: number }> {
	const count = async (table: 'organisation' | 'representative' | 'checklist_status') =>
		Number(
			(
				await db
					.selectFrom(table)
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.where('network_id', '=', networkId)
					.where('municipality_id', '=', municipalityId)
					.executeTakeFirstOrThrow()
			).n
		);
	return {
		organisations: await count('organisation'),
		representatives: await count('representative'),
		checklist: await count('checklist_status')
	};
}
