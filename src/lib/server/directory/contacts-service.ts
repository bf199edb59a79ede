import { randomUUID } from 'node:crypto';
import { m } from '#lib/paraglide/messages.js';
import type { ServiceContext } from '../platform/context.ts';
import { csvSeparator } from '../platform/csv.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import type { ContactForm, ContactQuery } from './contact-forms.ts';
import * as repo from './contacts-repository.ts';
import { computeCoverage, isOverdue, verificationCutoff, type MunicipalityCoverage } from './coverage.ts';
import { todayIn } from '../platform/time.ts';
import { contactsCsv, contactsVcard, contactVcard, type ContactExport } from './exports.ts';
import { listOrganisationOptions, organisationTypeLabels } from './organisations-service.ts';
import { formatPhone, normalisePhone } from './phone.ts';
import type { RepresentativeKind } from './tables.ts';

export const PAGE_SIZE = 50;
/** An export holds at most this many contacts; more than a directory of 50 000 never needs. */
export const EXPORT_LIMIT = 100_000;

export interface ContactListItem extends repo.ContactListRow {
	typeLabel: string;
	phoneFormatted: string;
	overdue: boolean;
}

function toFilter(query: Partial<ContactQuery>, cutoff: string): repo.ContactFilter {
	return {
		name: query.name || undefined,
		organisation: query.organisation || undefined,
		function: query.function || undefined,
		typeId: query.typeId || undefined,
		municipalityId: query.municipalityId || undefined,
		overdueBefore: query.overdue ? cutoff : undefined,
		includeInactive: query.inactive ?? false
	};
}

function decorate(
	ctx: ServiceContext,
	rows: repo.ContactListRow[],
	labels: Record<string, { label: string }>,
	cutoff: string
): ContactListItem[] {
	return rows.map((row) => ({
		...row,
		typeLabel: labels[row.typeId]?.label ?? '',
		phoneFormatted: formatPhone(row.phone, ctx.network.country),
		overdue: isOverdue(row.lastVerifiedOn, cutoff)
	}));
}

/** The filtered, paged contact list: the directory's start page. */
export async function listContacts(ctx: ServiceContext, query: Partial<ContactQuery>) {
	await requirePermission(ctx, 'directory.read');
	const cutoff = verificationCutoff(ctx.network.timeZone, ctx.now);
	const filter = toFilter(query, cutoff);
	const total = await repo.countContacts(ctx.db, ctx.network.id, filter);
	const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const page = Math.min(query.page ?? 1, pageCount);
	const [rows, labels] = await Promise.all([
		total === 0
			? Promise.resolve([])
			: repo.listContacts(ctx.db, ctx.network.id, filter, {
					sort: query.sort ?? 'name',
					limit: PAGE_SIZE,
					offset: (page - 1) * PAGE_SIZE
				}),
		organisationTypeLabels(ctx)
	]);
	return { contacts: decorate(ctx, rows, labels, cutoff), total, page, pageCount };
}

/** What the list's filters offer: the network's organisation types and municipalities. */
export async function contactFilterOptions(ctx: ServiceContext) {
	await requirePermission(ctx, 'directory.read');
	const [labels, municipalities] = await Promise.all([
		organisationTypeLabels(ctx),
		repo.listNetworkMunicipalities(ctx.db, ctx.network.id)
	]);
	return {
		types: Object.entries(labels)
			.filter(([, t]) => !t.hidden)
			.map(([id, t]) => ({ id, label: t.label, expected: t.expected })),
		municipalities
	};
}

/** What the contact form offers: organisations and the network's members. */
export async function contactFormOptions(ctx: ServiceContext) {
	await requirePermission(ctx, 'directory.edit');
	const [organisations, members] = await Promise.all([
		listOrganisationOptions(ctx),
		repo.listMemberOptions(ctx.db, ctx.network.id)
	]);
	return { organisations, members };
}

export async function getContact(ctx: ServiceContext, contactId: string) {
	await requirePermission(ctx, 'directory.read');
	const contact = await repo.findContact(ctx.db, ctx.network.id, contactId);
	if (!contact) return failure('error_not_found');
	const [labels, representatives] = await Promise.all([
		organisationTypeLabels(ctx),
		repo.listRepresentatives(ctx.db, ctx.network.id, { contactId })
	]);
	const cutoff = verificationCutoff(ctx.network.timeZone, ctx.now);
	const [item] = decorate(ctx, [contact], labels, cutoff);
	return ok({
		...item,
		notes: contact.notes,
		memberUserId: contact.memberUserId,
		memberName: contact.memberName,
		representatives
	});
}

/** Checks references and the phone number; the values to store, or the field that is wrong. */
async function validate(ctx: ServiceContext, input: ContactForm): Promise<Result<repo.ContactValues>> {
	// A check that has not happened yet would hide the contact from the twelve-month check until long after.
	if (input.lastVerifiedOn !== null && input.lastVerifiedOn > todayIn(ctx.network.timeZone, ctx.now))
		return failure('error_contacts_verified_in_future', 'lastVerifiedOn');
	const phone = normalisePhone(input.phone, ctx.network.country);
	if (!phone.ok) return phone;
	if (!(await repo.organisationExists(ctx.db, ctx.network.id, input.organisationId)))
		return failure('error_contacts_organisation_required', 'organisationId');
	if (input.memberUserId && !(await repo.memberExists(ctx.db, ctx.network.id, input.memberUserId)))
		return failure('error_contacts_member_invalid', 'memberUserId');
	return ok({
		name: input.name,
		organisationId: input.organisationId,
		function: input.function,
		phone: phone.value,
		email: input.email,
		memberUserId: input.memberUserId,
		lastVerifiedOn: input.lastVerifiedOn,
		notes: input.notes,
		active: input.active
	});
}

export async function createContact(ctx: ServiceContext, input: ContactForm): Promise<Result<string>> {
	await requirePermission(ctx, 'directory.edit');
	const values = await validate(ctx, input);
	if (!values.ok) return values;
	const id = randomUUID();
	await ctx.db.transaction().execute(async (trx) => {
		await repo.insertContact(trx, ctx.network.id, id, values.value, ctx.now);
		await ctx.audit.record('directory.contact_created', { type: 'contact', id }, 'success', trx);
	});
	return ok(id);
}

export async function updateContact(ctx: ServiceContext, contactId: string, input: ContactForm): Promise<Result<void>> {
	await requirePermission(ctx, 'directory.edit');
	if (!(await repo.findContact(ctx.db, ctx.network.id, contactId))) return failure('error_not_found');
	const values = await validate(ctx, input);
	if (!values.ok) return values;
	return ctx.db.transaction().execute(async (trx) => {
		if (!(await repo.updateContact(trx, ctx.network.id, contactId, values.value, ctx.now)))
			return failure('error_not_found');
		await ctx.audit.record('directory.contact_updated', { type: 'contact', id: contactId }, 'success', trx);
		return ok(undefined);
	});
}

export async function deleteContact(ctx: ServiceContext, contactId: string): Promise<Result<void>> {
	await requirePermission(ctx, 'directory.edit');
	return ctx.db.transaction().execute(async (trx) => {
		if (!(await repo.deleteContact(trx, ctx.network.id, contactId))) return failure('error_not_found');
		await ctx.audit.record('directory.contact_deleted', { type: 'contact', id: contactId }, 'success', trx);
		return ok(undefined);
	});
}

/** "Mark verified": the contact was checked today (in the network's time zone). */
export async function markContactVerified(ctx: ServiceContext, contactId: string): Promise<Result<string>> {
	await requirePermission(ctx, 'directory.edit');
	const today = todayIn(ctx.network.timeZone, ctx.now);
	return ctx.db.transaction().execute(async (trx) => {
		if (!(await repo.setLastVerified(trx, ctx.network.id, contactId, today, ctx.now)))
			return failure('error_not_found');
		await ctx.audit.record('directory.contact_verified', { type: 'contact', id: contactId }, 'success', trx);
		return ok(today);
	});
}

/**
 * Makes the contact a fixed representative of the network for a municipality. A municipality has
 * one primary: a new primary makes the old one a deputy (returned, so the page can say so).
 */
export async function setRepresentative(
	ctx: ServiceContext,
	contactId: string,
	municipalityId: string,
	kind: RepresentativeKind
): Promise<Result<{ demoted: { contactId: string; name: string } | null }>> {
	await requirePermission(ctx, 'directory.edit');
	const contact = await repo.findContact(ctx.db, ctx.network.id, contactId);
	if (!contact) return failure('error_not_found');
	// An inactive contact would make the coverage view count a municipality as covered by nobody reachable.
	if (!contact.active) return failure('error_contacts_representative_inactive', 'municipalityId');
	if (!(await repo.networkMunicipalityExists(ctx.db, ctx.network.id, municipalityId)))
		return failure('error_contacts_municipality_required', 'municipalityId');
	return ctx.db.transaction().execute(async (trx) => {
		let demoted: { contactId: string; name: string } | null = null;
		if (kind === 'primary') {
			const old = await repo.demotePrimary(trx, ctx.network.id, municipalityId);
			if (old && old !== contactId) {
				const oldContact = await repo.findContact(trx, ctx.network.id, old);
				demoted = { contactId: old, name: oldContact?.name ?? '' };
				await ctx.audit.record('directory.representative_changed', { type: 'contact', id: old }, 'success', trx);
			}
		}
		await repo.upsertRepresentative(trx, ctx.network.id, municipalityId, contactId, kind, ctx.now);
		await ctx.audit.record('directory.representative_changed', { type: 'contact', id: contactId }, 'success', trx);
		return ok({ demoted });
	});
}

export async function removeRepresentative(
	ctx: ServiceContext,
	contactId: string,
	municipalityId: string
): Promise<Result<void>> {
	await requirePermission(ctx, 'directory.edit');
	return ctx.db.transaction().execute(async (trx) => {
		if (!(await repo.deleteRepresentative(trx, ctx.network.id, municipalityId, contactId)))
			return failure('error_not_found');
		await ctx.audit.record('directory.representative_removed', { type: 'contact', id: contactId }, 'success', trx);
		return ok(undefined);
	});
}

function toExport(item: ContactListItem): ContactExport {
	return {
		id: item.id,
		name: item.name,
		organisation: item.organisationName,
		organisationType: item.typeLabel,
		municipality: item.municipalityName ?? '',
		function: item.function,
		phone: item.phone,
		phoneFormatted: item.phoneFormatted,
		email: item.email,
		lastVerifiedOn: item.lastVerifiedOn
	};
}

async function exportRows(ctx: ServiceContext, query: Partial<ContactQuery>): Promise<ContactExport[]> {
	const cutoff = verificationCutoff(ctx.network.timeZone, ctx.now);
	const [rows, labels] = await Promise.all([
		repo.listContacts(ctx.db, ctx.network.id, toFilter(query, cutoff), {
			sort: query.sort ?? 'name',
			limit: EXPORT_LIMIT,
			offset: 0
		}),
		organisationTypeLabels(ctx)
	]);
	return decorate(ctx, rows, labels, cutoff).map(toExport);
}

/** The filtered list as CSV for Excel (column names in the reader's language); audit-logged. */
export async function exportContactsCsv(ctx: ServiceContext, query: Partial<ContactQuery>): Promise<string> {
	await requirePermission(ctx, 'directory.export');
	const rows = await exportRows(ctx, query);
	// What left the system: the format and how many people (the filter is in the request log).
	await ctx.audit.exported('contact', `csv:${rows.length}`);
	const locale = { locale: ctx.locale };
	return contactsCsv(
		{
			name: m.contacts_col_name({}, locale),
			organisation: m.contacts_col_organisation({}, locale),
			type: m.contacts_col_type({}, locale),
			municipality: m.contacts_col_municipality({}, locale),
			function: m.contacts_col_function({}, locale),
			phone: m.contacts_col_phone({}, locale),
			email: m.contacts_col_email({}, locale),
			lastVerified: m.contacts_col_last_verified({}, locale)
		},
		rows,
		csvSeparator(ctx.locale)
	);
}

export async function exportContactsVcard(ctx: ServiceContext, query: Partial<ContactQuery>): Promise<string> {
	await requirePermission(ctx, 'directory.export');
	const rows = await exportRows(ctx, query);
	await ctx.audit.exported('contact', `vcard:${rows.length}`);
	return contactsVcard(rows);
}

export async function exportContactVcard(ctx: ServiceContext, contactId: string): Promise<Result<string>> {
	await requirePermission(ctx, 'directory.export');
	const contact = await getContact(ctx, contactId);
	if (!contact.ok) return contact;
	await ctx.audit.record('export', { type: 'contact', id: contactId });
	return ok(contactVcard(toExport(contact.value)));
}

/** Coverage of the network's municipalities, optionally only participating ones without a representative. */
export async function coverage(
	ctx: ServiceContext,
	options: { withoutRepresentative?: boolean } = {}
): Promise<{ rows: MunicipalityCoverage[]; cutoff: string }> {
	await requirePermission(ctx, 'directory.read');
	const cutoff = verificationCutoff(ctx.network.timeZone, ctx.now);
	const [municipalities, labels, groups, representatives] = await Promise.all([
		repo.listNetworkMunicipalities(ctx.db, ctx.network.id),
		organisationTypeLabels(ctx),
		repo.listCoverageGroups(ctx.db, ctx.network.id, cutoff),
		repo.listRepresentatives(ctx.db, ctx.network.id)
	]);
	let rows = computeCoverage({
		municipalities,
		types: Object.entries(labels)
			.filter(([, t]) => !t.hidden)
			.map(([id, t]) => ({ id, label: t.label, expected: t.expected })),
		groups,
		representatives: representatives.map((r) => ({
			municipalityId: r.municipalityId,
			contactId: r.contactId,
			name: r.contactName,
			kind: r.kind
		}))
	});
	if (options.withoutRepresentative) rows = rows.filter((r) => r.participating && !r.hasRepresentative);
	return { rows, cutoff };
}
