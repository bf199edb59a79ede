import { listNetworkMunicipalities, listTypes, typeLabel } from '../../directory/index.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { requirePermission } from '../../platform/permissions.ts';
import { failure, ok } from '../../platform/result.ts';
import * as eventRepo from '../events-repository.ts';
import { registrationStatuses, type RegistrationStatus } from '../model.ts';
import * as staffRepo from './repository.ts';

/** One event's figures for staff (docs/product.md#events-staff-work); a period's are in period-statistics.ts. */

export interface BreakdownRow {
	id: string | null;
	label: string | null;
	registered: number;
	attended: number;
}

/**
 * An event's figures: registrations (all but the cancelled), by status, the attendance rate
 * (attended of those with a seat once check-in has begun, i.e. attended and no-shows and those
 * still registered), by organisation type and municipality, and how many of the network's
 * participating municipalities it reached (by registration and by attendance).
 */
export async function eventStatistics(ctx: ServiceContext, eventId: string) {
	await requirePermission(ctx, 'events.manage');
	const event = await eventRepo.findEvent(ctx.db, ctx.network.id, eventId);
	if (!event) return failure('error_not_found');
	const [rows, types, municipalities] = await Promise.all([
		staffRepo.registrationBreakdown(ctx.db, ctx.network.id, eventId),
		listTypes(ctx.db, ctx.network.id),
		listNetworkMunicipalities(ctx.db, ctx.network.id)
	]);
	const byStatus = Object.fromEntries(registrationStatuses.map((s) => [s, 0])) as Record<RegistrationStatus, number>;
	const byType = new Map<string | null, BreakdownRow>();
	const byMunicipality = new Map<string | null, BreakdownRow>();
	const typeName = new Map(types.map((t) => [t.id, typeLabel(t, ctx.locale)]));
	const municipalityName = new Map(municipalities.map((x) => [x.id, x.name]));
	const participating = new Set(municipalities.filter((x) => x.participating).map((x) => x.id));
	const reachedRegistered = new Set<string>();
	const reachedAttended = new Set<string>();
	const participation = { on_site: 0, digital: 0 };
	for (const row of rows) {
		byStatus[row.status] += row.count;
		if (row.status === 'cancelled') continue;
		participation[row.participation] += row.count;
		const attended = row.status === 'attended' ? row.count : 0;
		const add = (map: Map<string | null, BreakdownRow>, id: string | null, label: string | null) => {
			const entry = map.get(id) ?? { id, label, registered: 0, attended: 0 };
			entry.registered += row.count;
			entry.attended += attended;
			map.set(id, entry);
		};
		add(byType, row.organisationTypeId, row.organisationTypeId ? (typeName.get(row.organisationTypeId) ?? null) : null);
		add(
			byMunicipality,
			row.municipalityId,
			row.municipalityId ? (municipalityName.get(row.municipalityId) ?? null) : null
		);
		if (row.municipalityId && participating.has(row.municipalityId)) {
			reachedRegistered.add(row.municipalityId);
			if (attended) reachedAttended.add(row.municipalityId);
		}
	}
	const registrations = registrationStatuses.filter((s) => s !== 'cancelled').reduce((sum, s) => sum + byStatus[s], 0);
	const withSeat = byStatus.registered + byStatus.attended + byStatus.no_show;
	const sorted = (map: Map<string | null, BreakdownRow>) =>
		[...map.values()].sort((a, b) => b.registered - a.registered || (a.label ?? '').localeCompare(b.label ?? ''));
	return ok({
		event,
		registrations,
		byStatus,
		participation,
		attendanceRate: withSeat && byStatus.attended ? byStatus.attended / withSeat : null,
		byOrganisationType: sorted(byType),
		byMunicipality: sorted(byMunicipality),
		municipalities: {
			participating: participating.size,
			reachedByRegistration: reachedRegistered.size,
			reachedByAttendance: reachedAttended.size
		}
	});
}
