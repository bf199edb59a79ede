import { m } from '#lib/paraglide/messages.js';
import { listNetworkMunicipalities, listTypes, typeLabel } from '../../directory/index.ts';
import type { Locale, ServiceContext } from '../../platform/context.ts';
import { csvSeparator, toCsv } from '../../platform/csv.ts';
import { requirePermission } from '../../platform/permissions.ts';
import { failure, ok, type Result } from '../../platform/result.ts';
import { utcToZoned } from '../../platform/time.ts';
import * as eventRepo from '../events-repository.ts';
import type { RegistrationStatus } from '../model.ts';
import * as registrationRepo from '../registrations-repository.ts';
import { mailedStatuses } from './mail-all-service.ts';

/**
 * An event's participant list as CSV for Excel and as a printable page
 * (docs/product.md#events-staff-work): personal data, so each is written to the audit log.
 */

const statusLabel = (status: RegistrationStatus, locale: Locale) =>
	({
		registered: m.events_staff_status_registered,
		waiting: m.events_staff_status_waiting,
		offered: m.events_staff_status_offered,
		cancelled: m.events_staff_status_cancelled,
		attended: m.events_staff_status_attended,
		no_show: m.events_staff_status_no_show
	})[status]({}, { locale });

/** Everyone with a seat or waiting, for the printed list and the export (not the cancelled). */
async function participants(ctx: ServiceContext, eventId: string) {
	const event = await eventRepo.findEvent(ctx.db, ctx.network.id, eventId);
	if (!event) return null;
	const [people, types, municipalities] = await Promise.all([
		registrationRepo.listRegistrations(ctx.db, ctx.network.id, eventId, mailedStatuses),
		listTypes(ctx.db, ctx.network.id),
		listNetworkMunicipalities(ctx.db, ctx.network.id)
	]);
	const typeName = new Map(types.map((t) => [t.id, typeLabel(t, ctx.locale)]));
	const municipalityName = new Map(municipalities.map((x) => [x.id, x.name]));
	return {
		event,
		people: people
			.filter((r) => r.erasedAt === null)
			.sort((a, b) => a.name.localeCompare(b.name, ctx.locale))
			.map((r) => ({
				id: r.id,
				name: r.name,
				email: r.email,
				organisation: r.organisation,
				organisationType: r.organisationTypeId ? (typeName.get(r.organisationTypeId) ?? null) : null,
				municipality: r.municipalityId ? (municipalityName.get(r.municipalityId) ?? null) : null,
				participation: r.participation,
				status: r.status,
				needsDiet: r.needsDiet,
				needsAccess: r.needsAccess,
				createdAt: r.createdAt,
				checkedInAt: r.checkedInAt
			}))
	};
}

/** The participant list as CSV for Excel; the export is written to the audit log. */
export async function exportRegistrationsCsv(
	ctx: ServiceContext,
	eventId: string
): Promise<Result<{ csv: string; title: string }>> {
	await requirePermission(ctx, 'events.manage');
	const found = await participants(ctx, eventId);
	if (!found) return failure('error_not_found');
	const locale = ctx.locale;
	const header = [
		m.events_staff_col_name({}, { locale }),
		m.events_staff_col_email({}, { locale }),
		m.events_staff_col_organisation({}, { locale }),
		m.events_staff_col_organisation_type({}, { locale }),
		m.events_staff_col_municipality({}, { locale }),
		m.events_staff_col_participation({}, { locale }),
		m.events_staff_col_status({}, { locale }),
		m.events_staff_col_needs_diet({}, { locale }),
		m.events_staff_col_needs_access({}, { locale }),
		m.events_staff_col_registered_at({}, { locale })
	];
	const participation = (p: string) =>
		p === 'digital'
			? m.events_staff_participation_digital({}, { locale })
			: m.events_staff_participation_on_site({}, { locale });
	const rows = found.people.map((p) => [
		p.name,
		p.email,
		p.organisation,
		p.organisationType,
		p.municipality,
		participation(p.participation),
		statusLabel(p.status, locale),
		p.needsDiet,
		p.needsAccess,
		utcToZoned(p.createdAt, ctx.network.timeZone).replace('T', ' ')
	]);
	await ctx.audit.exported('event_registrations', eventId);
	return ok({ csv: toCsv(header, rows, { separator: csvSeparator(locale) }), title: found.event.title });
}

/** The printable participant list (a read of personal data, audited). */
export async function printableList(ctx: ServiceContext, eventId: string) {
	await requirePermission(ctx, 'events.manage');
	const found = await participants(ctx, eventId);
	if (!found) return failure('error_not_found');
	await ctx.audit.read({ type: 'event_registrations', id: eventId });
	return ok({ event: found.event, people: found.people.filter((p) => p.status !== 'waiting') });
}
