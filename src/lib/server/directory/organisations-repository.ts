import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { contains } from '../platform/db/text-search.ts';
import { timestamp, toBool, toDate } from '../platform/db/values.ts';
import { defaultTypesFor } from './organisation-types.ts';
import type { OrganisationScope } from './tables.ts';

// ---------------------------------------------------------------- organisation types

export interface OrganisationTypeRow {
	id: string;
	key: string | null;
	name: string | null;
	hidden: boolean;
	expected: boolean;
	sortOrder: number;
}

/**
 * Creates the default types the network lacks. Idempotent: a default that exists (renamed or
 * hidden) is left alone, and the unique (network, key) constraint stops a concurrent double insert.
 */
export async function ensureDefaultTypes(db: Kysely<Database>, networkId: string): Promise<void> {
	const network = await db.selectFrom('network').select('country').where('id', '=', networkId).executeTakeFirst();
	if (!network) return;
	const defaults = defaultTypesFor(network.country);
	const existing = await db
		.selectFrom('organisation_type')
		.select(['key', 'sort_order'])
		.where('network_id', '=', networkId)
		.execute();
	const present = new Set(existing.map((row) => row.key));
	const missing = defaults.filter((type) => !present.has(type.key));
	if (missing.length === 0) return;
	await db
		.insertInto('organisation_type')
		.values(
			missing.map((type) => ({
				id: randomUUID(),
				network_id: networkId,
				key: type.key,
				name: null,
				hidden: 0,
				expected: type.expected ? 1 : 0,
				// Defaults keep their place in the product's order; custom types come after them.
				sort_order: defaults.indexOf(type) + 1,
				created_at: timestamp(new Date())
			}))
		)
		.onConflict((oc) => oc.columns(['network_id', 'key']).doNothing())
		.execute();
}

function toType(row: {
	id: string;
	key: string | null;
	name: string | null;
	hidden: number | boolean;
	expected: number | boolean;
	sort_order: number;
}): OrganisationTypeRow {
	return {
		id: row.id,
		key: row.key,
		name: row.name,
		hidden: toBool(row.hidden),
		expected: toBool(row.expected),
		sortOrder: row.sort_order
	};
}

export async function listTypes(db: Kysely<Database>, networkId: string): Promise<OrganisationTypeRow[]> {
	const rows = await db
		.selectFrom('organisation_type')
		.select(['id', 'key', 'name', 'hidden', 'expected', 'sort_order'])
		.where('network_id', '=', networkId)
		.orderBy('sort_order')
		.orderBy('created_at')
		.execute();
	return rows.map(toType);
}

export async function findType(
	db: Kysely<Database>,
	networkId: string,
	typeId: string
): Promise<OrganisationTypeRow | undefined> {
	const row = await db
		.selectFrom('organisation_type')
		.select(['id', 'key', 'name', 'hidden', 'expected', 'sort_order'])
		.where('network_id', '=', networkId)
		.where('id', '=', typeId)
		.executeTakeFirst();
	return row ? toType(row) : undefined;
}

export async function insertType(db: Kysely<Database>, networkId: string, name: string, now: Date): Promise<string> {
	const last = await db
		.selectFrom('organisation_type')
		.select((eb) => eb.fn.max('sort_order').as('max'))
		.where('network_id', '=', networkId)
		.executeTakeFirst();
	const id = randomUUID();
	await db
		.insertInto('organisation_type')
		.values({
			id,
			network_id: networkId,
			key: null,
			name,
			hidden: 0,
			expected: 0,
			sort_order: Number(last?.max ?? 0) + 1,
			created_at: timestamp(now)
		})
		.execute();
	return id;
}

export async function updateType(
	db: Kysely<Database>,
	networkId: string,
	typeId: string,
	changes: { name?: string | null; hidden?: boolean; expected?: boolean }
): Promise<void> {
	await db
		.updateTable('organisation_type')
		.set({
			...(changes.name !== undefined ? { name: changes.name } : {}),
			...(changes.hidden !== undefined ? { hidden: changes.hidden ? 1 : 0 } : {}),
			...(changes.expected !== undefined ? { expected: changes.expected ? 1 : 0 } : {})
		})
		.where('network_id', '=', networkId)
		.where('id', '=', typeId)
		.execute();
}

export async function deleteType(db: Kysely<Database>, networkId: string, typeId: string): Promise<void> {
	await db.deleteFrom('organisation_type').where('network_id', '=', networkId).where('id', '=', typeId).execute();
}

export async function countOrganisationsOfType(
	db: Kysely<Database>,
	networkId: string,
	typeId: string
): Promise<number> {
	const row = await db
		.selectFrom('organisation')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('network_id', '=', networkId)
		.where('type_id', '=', typeId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** How many organisations use each type of the network. */
export async function typeUsage(db: Kysely<Database>, networkId: string): Promise<Map<string, number>> {
	const rows = await db
		.selectFrom('organisation')
		.select(['type_id', (eb) => eb.fn.countAll<number>().as('n')])
		.where('network_id', '=', networkId)
		.groupBy('type_id')
		.execute();
	return new Map(rows.map((row) => [row.type_id, Number(row.n)]));
}

// ---------------------------------------------------------------- organisations

export interface OrganisationValues {
	name: string;
	typeId: string;
	scope: OrganisationScope;
	municipalityId: string | null;
	visitingAddress: string | null;
	switchboard: string | null;
	email: string | null;
	website: string | null;
	notes: string | null;
}

export interface Organisation extends OrganisationValues {
	id: string;
	municipalityName: string | null;
	active: boolean;
	createdAt: Date;
	updatedAt: Date;
}

export interface OrganisationFilters {
	typeId?: string | null;
	/** A municipality id, or 'regional' / 'national'. */
	municipality?: string | null;
	active?: boolean | null;
	q?: string | null;
}

function organisationQuery(db: Kysely<Database>, networkId: string) {
	return db
		.selectFrom('organisation as o')
		.leftJoin('municipality as mu', 'mu.id', 'o.municipality_id')
		.select([
			'o.id',
			'o.name',
			'o.type_id',
			'o.scope',
			'o.municipality_id',
			'mu.name as municipality_name',
			'o.visiting_address',
			'o.switchboard',
			'o.email',
			'o.website',
			'o.notes',
			'o.active',
			'o.created_at',
			'o.updated_at'
		])
		.where('o.network_id', '=', networkId);
}

type OrganisationSelect = Awaited<ReturnType<ReturnType<typeof organisationQuery>['executeTakeFirstOrThrow']>>;

function toOrganisation(row: OrganisationSelect): Organisation {
	return {
		id: row.id,
		name: row.name,
		typeId: row.type_id,
		scope: row.scope,
		municipalityId: row.municipality_id,
		municipalityName: row.municipality_name,
		visitingAddress: row.visiting_address,
		switchboard: row.switchboard,
		email: row.email,
		website: row.website,
		notes: row.notes,
		active: toBool(row.active),
		createdAt: toDate(row.created_at),
		updatedAt: toDate(row.updated_at)
	};
}

type OrganisationQuery = ReturnType<typeof organisationQuery>;

function applyFilters(db: Kysely<Database>, query: OrganisationQuery, filters: OrganisationFilters): OrganisationQuery {
	if (filters.typeId) query = query.where('o.type_id', '=', filters.typeId);
	if (filters.municipality === 'regional' || filters.municipality === 'national')
		query = query.where('o.scope', '=', filters.municipality);
	else if (filters.municipality) query = query.where('o.municipality_id', '=', filters.municipality);
	if (filters.active !== undefined && filters.active !== null)
		query = query.where('o.active', '=', filters.active ? 1 : 0);
	if (filters.q) query = query.where(contains(db, 'o.name', filters.q));
	return query;
}

export async function listOrganisations(
	db: Kysely<Database>,
	networkId: string,
	filters: OrganisationFilters = {},
	page: { limit: number; offset: number } = { limit: 500, offset: 0 }
): Promise<Organisation[]> {
	const rows = await applyFilters(db, organisationQuery(db, networkId), filters)
		.orderBy('o.name')
		.orderBy('o.id')
		.limit(page.limit)
		.offset(page.offset)
		.execute();
	return rows.map(toOrganisation);
}

export async function countOrganisations(
	db: Kysely<Database>,
	networkId: string,
	filters: OrganisationFilters = {}
): Promise<number> {
	const row = await applyFilters(db, organisationQuery(db, networkId), filters)
		.clearSelect()
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function findOrganisation(
	db: Kysely<Database>,
	networkId: string,
	organisationId: string
): Promise<Organisation | undefined> {
	const row = await organisationQuery(db, networkId).where('o.id', '=', organisationId).executeTakeFirst();
	return row ? toOrganisation(row) : undefined;
}

function columns(values: OrganisationValues) {
	return {
		name: values.name,
		type_id: values.typeId,
		scope: values.scope,
		municipality_id: values.municipalityId,
		visiting_address: values.visitingAddress,
		switchboard: values.switchboard,
		email: values.email,
		website: values.website,
		notes: values.notes
	};
}

export async function insertOrganisation(
	db: Kysely<Database>,
	networkId: string,
	values: OrganisationValues,
	now: Date,
	id: string = randomUUID()
): Promise<string> {
	await db
		.insertInto('organisation')
		.values({
			id,
			network_id: networkId,
			...columns(values),
			active: 1,
			created_at: timestamp(now),
			updated_at: timestamp(now)
		})
		.execute();
	return id;
}

export async function updateOrganisation(
	db: Kysely<Database>,
	networkId: string,
	organisationId: string,
	values: OrganisationValues,
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('organisation')
		.set({ ...columns(values), updated_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', organisationId)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

export async function setOrganisationActive(
	db: Kysely<Database>,
	networkId: string,
	organisationId: string,
	active: boolean,
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('organisation')
		.set({ active: active ? 1 : 0, updated_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', organisationId)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** Short list for pickers: every organisation of the network with its municipality's name. */
export async function listOrganisationOptionRows(
	db: Kysely<Database>,
	networkId: string
): Promise<{ id: string; name: string; municipalityName: string | null; active: boolean }[]> {
	const rows = await db
		.selectFrom('organisation as o')
		.leftJoin('municipality as mu', 'mu.id', 'o.municipality_id')
		.select(['o.id', 'o.name', 'mu.name as municipality_name', 'o.active'])
		.where('o.network_id', '=', networkId)
		.orderBy('o.name')
		.orderBy('o.id')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		name: row.name,
		municipalityName: row.municipality_name,
		active: toBool(row.active)
	}));
}

/** The contacts of one organisation, read-only (the contacts module owns them). */
export async function listContactsOfOrganisation(
	db: Kysely<Database>,
	networkId: string,
	organisationId: string
): Promise<
	{ id: string; name: string; function: string | null; phone: string | null; email: string | null; active: boolean }[]
> {
	const rows = await db
		.selectFrom('contact')
		.select(['id', 'name', 'function', 'phone', 'email', 'active'])
		.where('network_id', '=', networkId)
		.where('organisation_id', '=', organisationId)
		.orderBy('name')
		.orderBy('id')
		.execute();
	return rows.map((row) => ({ ...row, active: toBool(row.active) }));
}
