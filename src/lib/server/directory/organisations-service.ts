import type { Kysely } from 'kysely';
import type { Locale, ServiceContext } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { findNetworkMunicipality } from './municipalities-repository.ts';
import type { OrganisationInput } from './organisation-forms.ts';
import { normalisePhone } from './phone.ts';
import { typeLabel } from './organisation-types.ts';
import * as repo from './organisations-repository.ts';
import type { Organisation, OrganisationFilters, OrganisationValues } from './organisations-repository.ts';

// ---------------------------------------------------------------- organisation types

export interface OrganisationTypeView {
	id: string;
	key: string | null;
	label: string;
	/** The catalogue's name of a default type, shown beside a renamed one. */
	defaultLabel: string | null;
	renamed: boolean;
	hidden: boolean;
	/** Expected in every municipality: coverage lists it as missing where absent (decision 018). */
	expected: boolean;
	usage: number;
}

/** The network's types with names in the context's language; creates the defaults on first use. */
export async function listOrganisationTypes(ctx: ServiceContext): Promise<OrganisationTypeView[]> {
	await requirePermission(ctx, 'directory.read');
	await repo.ensureDefaultTypes(ctx.db, ctx.network.id);
	const [types, usage] = await Promise.all([
		repo.listTypes(ctx.db, ctx.network.id),
		repo.typeUsage(ctx.db, ctx.network.id)
	]);
	return types.map((type) => ({
		id: type.id,
		key: type.key,
		label: typeLabel(type, ctx.locale),
		defaultLabel: type.key ? typeLabel({ key: type.key, name: null }, ctx.locale) : null,
		renamed: Boolean(type.key && type.name),
		hidden: type.hidden,
		expected: type.expected,
		usage: usage.get(type.id) ?? 0
	}));
}

/**
 * id → translated (or renamed) name of every type of the network, hidden ones included and marked,
 * for other parts of the directory (contacts, coverage, search) that show an organisation's type.
 */
export async function organisationTypeLabels(
	ctx: ServiceContext
): Promise<Record<string, { label: string; hidden: boolean; expected: boolean; key: string | null }>> {
	await requirePermission(ctx, 'directory.read');
	await repo.ensureDefaultTypes(ctx.db, ctx.network.id);
	const types = await repo.listTypes(ctx.db, ctx.network.id);
	return Object.fromEntries(
		types.map((type) => [
			type.id,
			{ label: typeLabel(type, ctx.locale), hidden: type.hidden, expected: type.expected, key: type.key }
		])
	);
}

export async function addOrganisationType(ctx: ServiceContext, name: string): Promise<Result<string>> {
	await requirePermission(ctx, 'directory.settings');
	await repo.ensureDefaultTypes(ctx.db, ctx.network.id);
	// The check and the insert in one transaction, so two admins adding the same name cannot both succeed.
	return ctx.db.transaction().execute(async (trx) => {
		if (await nameTaken(trx, ctx.network.id, name)) return failure('error_directory_type_name_taken', 'name');
		const id = await repo.insertType(trx, ctx.network.id, name, ctx.now);
		await ctx.audit.record('directory.type_created', { type: 'organisation_type', id }, 'success', trx);
		return ok(id);
	});
}

/**
 * Whether another type already has this name in any of the three languages, so an admin working in
 * English cannot add "Polis" next to the default police type that Swedish readers see as "Polis".
 */
async function nameTaken(db: Kysely<Database>, networkId: string, name: string, exceptId?: string): Promise<boolean> {
	const wanted = name.trim().toLocaleLowerCase();
	const types = await repo.listTypes(db, networkId);
	return types.some(
		(type) =>
			type.id !== exceptId && LOCALES.some((locale) => typeLabel(type, locale).trim().toLocaleLowerCase() === wanted)
	);
}

const LOCALES: Locale[] = ['sv', 'nb', 'en'];

/** Renames a type; a renamed default keeps its key, so it is still known as that default. */
export async function renameOrganisationType(ctx: ServiceContext, typeId: string, name: string): Promise<Result<void>> {
	await requirePermission(ctx, 'directory.settings');
	return ctx.db.transaction().execute(async (trx) => {
		const type = await repo.findType(trx, ctx.network.id, typeId);
		if (!type) return failure('error_not_found');
		if (await nameTaken(trx, ctx.network.id, name, typeId)) return failure('error_directory_type_name_taken', 'name');
		await repo.updateType(trx, ctx.network.id, typeId, { name });
		await ctx.audit.record('directory.type_renamed', { type: 'organisation_type', id: typeId }, 'success', trx);
		return ok(undefined);
	});
}

/** Gives a renamed default its catalogue name back (translated again in every language). */
export async function resetOrganisationTypeName(ctx: ServiceContext, typeId: string): Promise<Result<void>> {
	await requirePermission(ctx, 'directory.settings');
	return ctx.db.transaction().execute(async (trx) => {
		const type = await repo.findType(trx, ctx.network.id, typeId);
		if (!type) return failure('error_not_found');
		if (!type.key) return failure('error_invalid');
		await repo.updateType(trx, ctx.network.id, typeId, { name: null });
		await ctx.audit.record('directory.type_renamed', { type: 'organisation_type', id: typeId }, 'success', trx);
		return ok(undefined);
	});
}

/** Hidden types are not offered for new organisations; organisations that have one keep it. */
export async function setOrganisationTypeHidden(
	ctx: ServiceContext,
	typeId: string,
	hidden: boolean
): Promise<Result<void>> {
	await requirePermission(ctx, 'directory.settings');
	return ctx.db.transaction().execute(async (trx) => {
		const type = await repo.findType(trx, ctx.network.id, typeId);
		if (!type) return failure('error_not_found');
		await repo.updateType(trx, ctx.network.id, typeId, { hidden });
		await ctx.audit.record(
			hidden ? 'directory.type_hidden' : 'directory.type_shown',
			{ type: 'organisation_type', id: typeId },
			'success',
			trx
		);
		return ok(undefined);
	});
}

/**
 * Sets which types the network expects in every municipality (decision 018): the ticked ones are
 * expected, all others not. Only changed types are written and audited. Returns how many changed.
 */
export async function setExpectedTypes(
	ctx: ServiceContext,
	expectedTypeIds: readonly string[]
): Promise<Result<number>> {
	await requirePermission(ctx, 'directory.settings');
	await repo.ensureDefaultTypes(ctx.db, ctx.network.id);
	return ctx.db.transaction().execute(async (trx) => {
		const types = await repo.listTypes(trx, ctx.network.id);
		const known = new Set(types.map((type) => type.id));
		if (expectedTypeIds.some((id) => !known.has(id))) return failure('error_not_found');
		const wanted = new Set(expectedTypeIds);
		let changed = 0;
		for (const type of types) {
			const expected = wanted.has(type.id);
			if (type.expected === expected) continue;
			await repo.updateType(trx, ctx.network.id, type.id, { expected });
			await ctx.audit.record(
				expected ? 'directory.type_expected' : 'directory.type_not_expected',
				{ type: 'organisation_type', id: type.id },
				'success',
				trx
			);
			changed += 1;
		}
		return ok(changed);
	});
}

/**
 * Deletes a type nothing uses. A type in use is refused with the number of organisations that have
 * it (hide it instead). A deleted default comes back on the next listing, so defaults are hidden, not deleted.
 */
export async function deleteOrganisationType(
	ctx: ServiceContext,
	typeId: string
): Promise<Result<void> | { ok: false; error: string; field?: string; count: number }> {
	await requirePermission(ctx, 'directory.settings');
	return ctx.db.transaction().execute(async (trx) => {
		const type = await repo.findType(trx, ctx.network.id, typeId);
		if (!type) return failure('error_not_found');
		if (type.key) return failure('error_directory_type_default_delete');
		const count = await repo.countOrganisationsOfType(trx, ctx.network.id, typeId);
		if (count > 0) return { ...failure('error_directory_type_in_use'), count };
		await repo.deleteType(trx, ctx.network.id, typeId);
		await ctx.audit.record('directory.type_deleted', { type: 'organisation_type', id: typeId }, 'success', trx);
		return ok(undefined);
	});
}

// ---------------------------------------------------------------- organisations

export async function listOrganisations(
	ctx: ServiceContext,
	filters: OrganisationFilters = {}
): Promise<Organisation[]> {
	await requirePermission(ctx, 'directory.read');
	return repo.listOrganisations(ctx.db, ctx.network.id, filters);
}

export const ORGANISATIONS_PER_PAGE = 100;

/** One page of the filtered list (pages count from 1), with the total for the pager. */
export async function browseOrganisations(
	ctx: ServiceContext,
	filters: OrganisationFilters,
	page: number
): Promise<{ organisations: Organisation[]; total: number; page: number; pages: number }> {
	await requirePermission(ctx, 'directory.read');
	const total = await repo.countOrganisations(ctx.db, ctx.network.id, filters);
	const pages = Math.max(1, Math.ceil(total / ORGANISATIONS_PER_PAGE));
	const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
	const organisations = await repo.listOrganisations(ctx.db, ctx.network.id, filters, {
		limit: ORGANISATIONS_PER_PAGE,
		offset: (current - 1) * ORGANISATIONS_PER_PAGE
	});
	return { organisations, total, page: current, pages };
}

/** Picker options for other parts of the directory: id, name and municipality's name. */
export async function listOrganisationOptions(
	ctx: ServiceContext
): Promise<{ id: string; name: string; municipalityName: string | null; active: boolean }[]> {
	await requirePermission(ctx, 'directory.read');
	return repo.listOrganisationOptionRows(ctx.db, ctx.network.id);
}

export async function getOrganisation(
	ctx: ServiceContext,
	organisationId: string
): Promise<
	Result<{ organisation: Organisation; contacts: Awaited<ReturnType<typeof repo.listContactsOfOrganisation>> }>
> {
	await requirePermission(ctx, 'directory.read');
	const organisation = await repo.findOrganisation(ctx.db, ctx.network.id, organisationId);
	if (!organisation) return failure('error_not_found');
	const contacts = await repo.listContactsOfOrganisation(ctx.db, ctx.network.id, organisationId);
	return ok({ organisation, contacts });
}

/** Checks what the form cannot: the type and municipality are the network's, the number is real. */
async function resolveValues(
	ctx: ServiceContext,
	input: OrganisationInput,
	current?: Organisation
): Promise<Result<OrganisationValues>> {
	const type = await repo.findType(ctx.db, ctx.network.id, input.typeId);
	// A hidden type stays allowed on an organisation that already has it.
	if (!type || (type.hidden && current?.typeId !== type.id)) return failure('error_directory_type_required', 'typeId');
	let scope: OrganisationValues['scope'] = 'municipal';
	let municipalityId: string | null = null;
	if (input.municipality === 'regional' || input.municipality === 'national') scope = input.municipality;
	else {
		const municipality = await findNetworkMunicipality(ctx.db, ctx.network.id, input.municipality);
		if (!municipality) return failure('error_directory_municipality_required', 'municipality');
		municipalityId = municipality.id;
	}
	const switchboard = normalisePhone(input.switchboard ?? '', ctx.network.country);
	if (!switchboard.ok) return failure('error_directory_phone_invalid', 'switchboard');
	return ok({
		name: input.name,
		typeId: type.id,
		scope,
		municipalityId,
		visitingAddress: input.visitingAddress,
		switchboard: switchboard.value,
		email: input.email,
		website: input.website,
		notes: input.notes
	});
}

export async function createOrganisation(ctx: ServiceContext, input: OrganisationInput): Promise<Result<string>> {
	await requirePermission(ctx, 'directory.edit');
	const values = await resolveValues(ctx, input);
	if (!values.ok) return values;
	return ctx.db.transaction().execute(async (trx) => {
		const id = await repo.insertOrganisation(trx, ctx.network.id, values.value, ctx.now);
		await ctx.audit.record('directory.organisation_created', { type: 'organisation', id }, 'success', trx);
		return ok(id);
	});
}

export async function updateOrganisation(
	ctx: ServiceContext,
	organisationId: string,
	input: OrganisationInput
): Promise<Result<void>> {
	await requirePermission(ctx, 'directory.edit');
	const current = await repo.findOrganisation(ctx.db, ctx.network.id, organisationId);
	if (!current) return failure('error_not_found');
	const values = await resolveValues(ctx, input, current);
	if (!values.ok) return values;
	return ctx.db.transaction().execute(async (trx) => {
		if (!(await repo.updateOrganisation(trx, ctx.network.id, organisationId, values.value, ctx.now)))
			return failure('error_not_found');
		await ctx.audit.record(
			'directory.organisation_updated',
			{ type: 'organisation', id: organisationId },
			'success',
			trx
		);
		return ok(undefined);
	});
}

export async function setOrganisationActive(
	ctx: ServiceContext,
	organisationId: string,
	active: boolean
): Promise<Result<void>> {
	await requirePermission(ctx, 'directory.edit');
	return ctx.db.transaction().execute(async (trx) => {
		if (!(await repo.setOrganisationActive(trx, ctx.network.id, organisationId, active, ctx.now)))
			return failure('error_not_found');
		await ctx.audit.record(
			active ? 'directory.organisation_reactivated' : 'directory.organisation_deactivated',
			{ type: 'organisation', id: organisationId },
			'success',
			trx
		);
		return ok(undefined);
	});
}
