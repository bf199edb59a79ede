import { sql, type Kysely } from 'kysely';
import { contains } from '../platform/db/text-search.ts';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toBool } from '../platform/db/values.ts';
import type { RepresentativeKind } from './tables.ts';

/** SQL of contact persons and fixed representatives. Every query is limited to one network. */

export interface ContactFilter {
	/** Part of the contact's name. */
	name?: string;
	/** Part of the organisation's name. */
	organisation?: string;
	/** Part of the function. */
	function?: string;
	typeId?: string;
	municipalityId?: string;
	/** Contacts verified before this day or never. */
	overdueBefore?: string;
	/** Also contacts marked inactive and contacts of inactive organisations (left out by default). */
	includeInactive?: boolean;
}

export type ContactSort = 'name' | '-name';

export interface ContactListRow {
	id: string;
	name: string;
	function: string | null;
	phone: string | null;
	email: string | null;
	lastVerifiedOn: string | null;
	active: boolean;
	organisationId: string;
	organisationName: string;
	typeId: string;
	typeKey: string | null;
	typeName: string | null;
	municipalityId: string | null;
	municipalityName: string | null;
}

/**
 * The filtered contacts, without joins: filters on the organisation (name, type, municipality) are
 * a subquery, so the unfiltered list and paging walk the (network_id, name, id) index alone.
 */
function filteredContacts(db: Kysely<Database>, networkId: string, filter: ContactFilter) {
	let query = db.selectFrom('contact').where('contact.network_id', '=', networkId);
	if (filter.name) query = query.where(contains(db, 'contact.name', filter.name));
	if (filter.function) query = query.where(contains(db, 'contact.function', filter.function));
	if (filter.organisation || filter.typeId || filter.municipalityId) {
		let organisations = db
			.selectFrom('organisation')
			.select('organisation.id')
			.where('organisation.network_id', '=', networkId);
		if (filter.organisation)
			organisations = organisations.where(contains(db, 'organisation.name', filter.organisation));
		if (filter.typeId) organisations = organisations.where('organisation.type_id', '=', filter.typeId);
		if (filter.municipalityId)
			organisations = organisations.where('organisation.municipality_id', '=', filter.municipalityId);
		query = query.where('contact.organisation_id', 'in', organisations);
	}
	if (!filter.includeInactive) {
		// As the coverage view counts: active people at active organisations. Inactive organisations
		// are few, so excluding them keeps the list on its (network_id, name, id) index.
		query = query
			.where('contact.active', '=', 1)
			.where(
				'contact.organisation_id',
				'not in',
				db
					.selectFrom('organisation')
					.select('organisation.id')
					.where('organisation.network_id', '=', networkId)
					.where('organisation.active', '=', 0)
			);
	}
	if (filter.overdueBefore) {
		const before = filter.overdueBefore;
		query = query.where((eb) =>
			eb.or([eb('contact.last_verified_on', 'is', null), eb('contact.last_verified_on', '<', before)])
		);
	}
	return query;
}

function withOrganisation(db: Kysely<Database>, networkId: string) {
	return db
		.selectFrom('contact')
		.innerJoin('organisation', 'organisation.id', 'contact.organisation_id')
		.where('contact.network_id', '=', networkId);
}

function listColumns<T extends ReturnType<typeof withOrganisation>>(query: T) {
	return query
		.innerJoin('organisation_type', 'organisation_type.id', 'organisation.type_id')
		.leftJoin('municipality', 'municipality.id', 'organisation.municipality_id')
		.select([
			'contact.id',
			'contact.name',
			'contact.function',
			'contact.phone',
			'contact.email',
			'contact.last_verified_on',
			'contact.active',
			'organisation.id as organisation_id',
			'organisation.name as organisation_name',
			'organisation.type_id',
			'organisation_type.key as type_key',
			'organisation_type.name as type_name',
			'organisation.municipality_id',
			'municipality.name as municipality_name'
		]);
}

type ListRow = {
	id: string;
	name: string;
	function: string | null;
	phone: string | null;
	email: string | null;
	last_verified_on: string | null;
	active: number | boolean;
	organisation_id: string;
	organisation_name: string;
	type_id: string;
	type_key: string | null;
	type_name: string | null;
	municipality_id: string | null;
	municipality_name: string | null;
};

function toListRow(r: ListRow): ContactListRow {
	return {
		id: r.id,
		name: r.name,
		function: r.function,
		phone: r.phone,
		email: r.email,
		lastVerifiedOn: r.last_verified_on,
		active: toBool(r.active),
		organisationId: r.organisation_id,
		organisationName: r.organisation_name,
		typeId: r.type_id,
		typeKey: r.type_key,
		typeName: r.type_name,
		municipalityId: r.municipality_id,
		municipalityName: r.municipality_name
	};
}

export async function countContacts(db: Kysely<Database>, networkId: string, filter: ContactFilter): Promise<number> {
	const row = await filteredContacts(db, networkId, filter)
		.select((eb) => eb.fn.countAll<number | string>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/**
 * One page of the filtered list, sorted by name (id breaks ties, so pages never overlap): first the
 * page's ids from the index, then the details of just those rows.
 */
export async function listContacts(
	db: Kysely<Database>,
	networkId: string,
	filter: ContactFilter,
	page: { sort: ContactSort; limit: number; offset: number }
): Promise<ContactListRow[]> {
	const direction = page.sort === '-name' ? 'desc' : 'asc';
	const ids = (
		await filteredContacts(db, networkId, filter)
			.select('contact.id')
			.orderBy('contact.name', direction)
			.orderBy('contact.id', direction)
			.limit(page.limit)
			.offset(page.offset)
			.execute()
	).map((r) => r.id);
	const rows: ContactListRow[] = [];
	// Bound parameters stay well below the databases' limits.
	for (let i = 0; i < ids.length; i += 500) {
		const chunk = ids.slice(i, i + 500);
		const found = await listColumns(withOrganisation(db, networkId)).where('contact.id', 'in', chunk).execute();
		const byId = new Map(found.map((r) => [r.id, toListRow(r as ListRow)]));
		for (const id of chunk) {
			const row = byId.get(id);
			if (row) rows.push(row);
		}
	}
	return rows;
}

export interface ContactRow extends ContactListRow {
	notes: string | null;
	memberUserId: string | null;
	memberName: string | null;
}

export async function findContact(
	db: Kysely<Database>,
	networkId: string,
	id: string
): Promise<ContactRow | undefined> {
	const row = await listColumns(withOrganisation(db, networkId))
		.leftJoin('user', 'user.id', 'contact.member_user_id')
		.select(['contact.notes', 'contact.member_user_id', 'user.name as member_name'])
		.where('contact.id', '=', id)
		.executeTakeFirst();
	if (!row) return undefined;
	return {
		...toListRow(row as ListRow),
		notes: row.notes,
		memberUserId: row.member_user_id,
		memberName: row.member_name
	};
}

export interface ContactValues {
	name: string;
	organisationId: string;
	function: string | null;
	phone: string | null;
	email: string | null;
	memberUserId: string | null;
	lastVerifiedOn: string | null;
	notes: string | null;
	active: boolean;
}

export async function insertContact(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	values: ContactValues,
	now: Date
): Promise<void> {
	await db
		.insertInto('contact')
		.values({
			id,
			network_id: networkId,
			name: values.name,
			organisation_id: values.organisationId,
			function: values.function,
			phone: values.phone,
			email: values.email,
			member_user_id: values.memberUserId,
			last_verified_on: values.lastVerifiedOn,
			notes: values.notes,
			active: values.active ? 1 : 0,
			created_at: timestamp(now),
			updated_at: timestamp(now)
		})
		.execute();
}

export async function updateContact(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	values: ContactValues,
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('contact')
		.set({
			name: values.name,
			organisation_id: values.organisationId,
			function: values.function,
			phone: values.phone,
			email: values.email,
			member_user_id: values.memberUserId,
			last_verified_on: values.lastVerifiedOn,
			notes: values.notes,
			active: values.active ? 1 : 0,
			updated_at: timestamp(now)
		})
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

export async function setLastVerified(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	day: string,
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('contact')
		.set({ last_verified_on: day, updated_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

export async function deleteContact(db: Kysely<Database>, networkId: string, id: string): Promise<boolean> {
	await db.deleteFrom('representative').where('network_id', '=', networkId).where('contact_id', '=', id).execute();
	const result = await db
		.deleteFrom('contact')
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}

export async function organisationExists(db: Kysely<Database>, networkId: string, id: string): Promise<boolean> {
	const row = await db
		.selectFrom('organisation')
		.select('id')
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return row !== undefined;
}

/** An active member of the network (a contact may be linked to their account). */
export async function memberExists(db: Kysely<Database>, networkId: string, userId: string): Promise<boolean> {
	const row = await db
		.selectFrom('membership')
		.select('id')
		.where('network_id', '=', networkId)
		.where('user_id', '=', userId)
		.where('active', '=', 1)
		.executeTakeFirst();
	return row !== undefined;
}

export async function listMemberOptions(db: Kysely<Database>, networkId: string) {
	return db
		.selectFrom('membership')
		.innerJoin('user', 'user.id', 'membership.user_id')
		.select(['user.id', 'user.name'])
		.where('membership.network_id', '=', networkId)
		.where('membership.active', '=', 1)
		.orderBy('user.name')
		.execute();
}

export async function networkMunicipalityExists(db: Kysely<Database>, networkId: string, municipalityId: string) {
	const row = await db
		.selectFrom('network_municipality')
		.select('municipality_id')
		.where('network_id', '=', networkId)
		.where('municipality_id', '=', municipalityId)
		.executeTakeFirst();
	return row !== undefined;
}

/** The network's municipalities, by name. */
export async function listNetworkMunicipalities(db: Kysely<Database>, networkId: string) {
	const rows = await db
		.selectFrom('network_municipality')
		.innerJoin('municipality', 'municipality.id', 'network_municipality.municipality_id')
		.select(['municipality.id', 'municipality.name', 'network_municipality.participating'])
		.where('network_municipality.network_id', '=', networkId)
		.orderBy('municipality.name')
		.execute();
	return rows.map((r) => ({ id: r.id, name: r.name, participating: toBool(r.participating) }));
}

/** The network's organisation types, visible ones first in their order. */
export async function listTypes(db: Kysely<Database>, networkId: string) {
	const rows = await db
		.selectFrom('organisation_type')
		.select(['id', 'key', 'name', 'hidden', 'sort_order'])
		.where('network_id', '=', networkId)
		.orderBy('sort_order')
		.execute();
	return rows.map((r) => ({ id: r.id, key: r.key, name: r.name, hidden: toBool(r.hidden) }));
}

export async function listOrganisationRows(db: Kysely<Database>, networkId: string) {
	return db
		.selectFrom('organisation')
		.select(['id', 'name'])
		.where('network_id', '=', networkId)
		.orderBy('name')
		.execute();
}

// Representatives -------------------------------------------------------------------------------

export interface RepresentativeRow {
	municipalityId: string;
	municipalityName: string;
	contactId: string;
	contactName: string;
	kind: RepresentativeKind;
}

export async function listRepresentatives(
	db: Kysely<Database>,
	networkId: string,
	where: { contactId?: string; municipalityId?: string } = {}
): Promise<RepresentativeRow[]> {
	let query = db
		.selectFrom('representative')
		.innerJoin('contact', 'contact.id', 'representative.contact_id')
		.innerJoin('municipality', 'municipality.id', 'representative.municipality_id')
		.select([
			'representative.municipality_id',
			'municipality.name as municipality_name',
			'representative.contact_id',
			'contact.name as contact_name',
			'representative.kind'
		])
		.where('representative.network_id', '=', networkId);
	if (where.contactId) query = query.where('representative.contact_id', '=', where.contactId);
	if (where.municipalityId) query = query.where('representative.municipality_id', '=', where.municipalityId);
	const rows = await query
		.orderBy('municipality.name')
		.orderBy('representative.kind', 'desc')
		.orderBy('contact.name')
		.execute();
	return rows.map((r) => ({
		municipalityId: r.municipality_id,
		municipalityName: r.municipality_name,
		contactId: r.contact_id,
		contactName: r.contact_name,
		kind: r.kind
	}));
}

/** Makes the municipality's current primary a deputy; returns whose role changed. */
export async function demotePrimary(
	db: Kysely<Database>,
	networkId: string,
	municipalityId: string
): Promise<string | null> {
	const current = await db
		.selectFrom('representative')
		.select('contact_id')
		.where('network_id', '=', networkId)
		.where('municipality_id', '=', municipalityId)
		.where('kind', '=', 'primary')
		.executeTakeFirst();
	if (!current) return null;
	await db
		.updateTable('representative')
		.set({ kind: 'deputy' })
		.where('network_id', '=', networkId)
		.where('municipality_id', '=', municipalityId)
		.where('contact_id', '=', current.contact_id)
		.execute();
	return current.contact_id;
}

export async function upsertRepresentative(
	db: Kysely<Database>,
	networkId: string,
	municipalityId: string,
	contactId: string,
	kind: RepresentativeKind,
	now: Date
): Promise<void> {
	await db
		.insertInto('representative')
		.values({
			network_id: networkId,
			municipality_id: municipalityId,
			contact_id: contactId,
			kind,
			created_at: timestamp(now)
		})
		.onConflict((oc) => oc.columns(['network_id', 'municipality_id', 'contact_id']).doUpdateSet({ kind }))
		.execute();
}

export async function deleteRepresentative(
	db: Kysely<Database>,
	networkId: string,
	municipalityId: string,
	contactId: string
): Promise<boolean> {
	const result = await db
		.deleteFrom('representative')
		.where('network_id', '=', networkId)
		.where('municipality_id', '=', municipalityId)
		.where('contact_id', '=', contactId)
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}

/**
 * Active contacts at active organisations that belong to a municipality, summed per municipality
 * and organisation type: what coverage counts. Summed in SQL, so a directory of 50 000 contacts
 * sends back a few hundred rows.
 */
export async function listCoverageGroups(db: Kysely<Database>, networkId: string, cutoff: string) {
	const rows = await db
		.selectFrom('contact')
		.innerJoin('organisation', 'organisation.id', 'contact.organisation_id')
		.select((eb) => [
			'organisation.municipality_id',
			'organisation.type_id',
			eb.fn.countAll<number | string>().as('count'),
			eb.fn.min('contact.last_verified_on').as('oldest'),
			eb.fn.max('contact.last_verified_on').as('newest'),
			sql<
				number | string
			>`sum(case when contact.last_verified_on is null or contact.last_verified_on < ${cutoff} then 1 else 0 end)`.as(
				'overdue'
			)
		])
		.where('contact.network_id', '=', networkId)
		.where('contact.active', '=', 1)
		.where('organisation.active', '=', 1)
		.where('organisation.municipality_id', 'is not', null)
		.groupBy(['organisation.municipality_id', 'organisation.type_id'])
		.execute();
	return rows.map((r) => ({
		municipalityId: r.municipality_id as string,
		typeId: r.type_id,
		count: Number(r.count),
		overdue: Number(r.overdue),
		oldestVerifiedOn: (r.oldest as string | null) ?? null,
		newestVerifiedOn: (r.newest as string | null) ?? null
	}));
}

/**
 * Where members work, as the directory knows it: the organisation (its type and municipality) of
 * each active contact linked to a member's account. A member linked to several contacts gets the
 * one verified most recently.
 */
export async function listMemberAffiliations(
	db: Kysely<Database>,
	networkId: string
): Promise<Map<string, { organisationTypeId: string; municipalityId: string | null }>> {
	const rows = await db
		.selectFrom('contact')
		.innerJoin('organisation', 'organisation.id', 'contact.organisation_id')
		.select([
			'contact.member_user_id as userId',
			'organisation.type_id as typeId',
			'organisation.municipality_id as municipalityId'
		])
		.where('contact.network_id', '=', networkId)
		.where('contact.member_user_id', 'is not', null)
		.where('contact.active', '=', 1)
		// Never verified sorts last on both databases (they order nulls differently).
		.orderBy(sql`coalesce(contact.last_verified_on, '')`, 'desc')
		.orderBy('contact.id')
		.execute();
	const byUser = new Map<string, { organisationTypeId: string; municipalityId: string | null }>();
	for (const row of rows)
		if (row.userId && !byUser.has(row.userId))
			byUser.set(row.userId, { organisationTypeId: row.typeId, municipalityId: row.municipalityId });
	return byUser;
}
