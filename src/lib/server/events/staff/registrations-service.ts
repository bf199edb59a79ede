import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
	findType,
	listNetworkMunicipalities,
	listTypes,
	networkMunicipalityExists,
	typeLabel
} from '../../directory/index.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { requirePermission } from '../../platform/permissions.ts';
import { failure, ok, type Result } from '../../platform/result.ts';
import * as eventRepo from '../events-repository.ts';
import { registrationFormSchema } from '../forms.ts';
import { participationFor, registrationStatuses, seatPool, type RegistrationStatus } from '../model.ts';
import { asLocale, newToken, registrationLink } from '../registration/links.ts';
import { queueEventMail, recipientOf, seatContext } from '../registration/seat-mail.ts';
import {
	cancelLocked,
	countersOf,
	decide,
	hasSeat,
	registrantValues,
	takeSeat,
	writeCounters
} from '../registration/seats.ts';
import * as registrationRepo from '../registrations-repository.ts';
import { attendanceRules } from './check-in-service.ts';
import * as staffRepo from './repository.ts';
import { matches } from './search.ts';

/**
 * An event's registrations for staff (docs/product.md#events-staff-work): the list with search and
 * filters, and the changes by hand — adding someone, cancelling for them, moving them from the
 * waiting list. Every function checks `events.manage` first. Seat changes keep the seat decision's
 * invariants (registration/seats.ts): they lock the event, decide on its counters, write
 * registration, counters and outbox row in one transaction, and give a freed seat to the first on
 * the waiting list before committing; the seat mails carry the calendar invite.
 */

export const registrationFilters = ['all', ...registrationStatuses] as const;
export type RegistrationFilter = (typeof registrationFilters)[number];

export interface RegistrationQuery {
	q?: string;
	status?: string;
}

const LIST_LIMIT = 500;

/**
 * The registrations of an event with search and a status filter: personal data, so the read is
 * written to the audit log.
 */
export async function staffRegistrations(ctx: ServiceContext, eventId: string, query: RegistrationQuery = {}) {
	await requirePermission(ctx, 'events.manage');
	const event = await eventRepo.findEvent(ctx.db, ctx.network.id, eventId);
	if (!event) return failure('error_not_found');
	const status: RegistrationFilter = registrationFilters.find((s) => s === query.status) ?? 'all';
	const [all, types, municipalities] = await Promise.all([
		registrationRepo.listRegistrations(ctx.db, ctx.network.id, eventId),
		listTypes(ctx.db, ctx.network.id),
		listNetworkMunicipalities(ctx.db, ctx.network.id)
	]);
	const typeName = new Map(types.map((t) => [t.id, typeLabel(t, ctx.locale)]));
	const municipalityName = new Map(municipalities.map((x) => [x.id, x.name]));
	const present = all.filter((r) => r.erasedAt === null);
	const found = present
		.filter((r) => status === 'all' || r.status === status)
		.filter((r) => matches(r, query.q ?? ''))
		// The waiting list in its order; everything else by name.
		.sort((a, b) =>
			status === 'waiting'
				? (a.waitingPosition ?? 0) - (b.waitingPosition ?? 0)
				: a.name.localeCompare(b.name, ctx.locale)
		);
	await ctx.audit.read({ type: 'event_registrations', id: eventId });
	const counts = Object.fromEntries(registrationStatuses.map((s) => [s, 0])) as Record<RegistrationStatus, number>;
	for (const r of present) counts[r.status] += 1;
	return ok({
		event,
		status,
		q: query.q ?? '',
		total: found.length,
		counts,
		rules: attendanceRules(event, ctx.now),
		registrations: found.slice(0, LIST_LIMIT).map((r) => ({
			id: r.id,
			name: r.name,
			email: r.email,
			organisation: r.organisation,
			organisationType: r.organisationTypeId ? (typeName.get(r.organisationTypeId) ?? null) : null,
			municipality: r.municipalityId ? (municipalityName.get(r.municipalityId) ?? null) : null,
			participation: r.participation,
			status: r.status,
			waitingPosition: r.waitingPosition,
			needsDiet: r.needsDiet,
			needsAccess: r.needsAccess,
			createdAt: r.createdAt,
			checkedInAt: r.checkedInAt
		})),
		capped: found.length > LIST_LIMIT
	});
}

/** What the manual-add form offers. */
export async function registrationFormOptions(ctx: ServiceContext) {
	await requirePermission(ctx, 'events.manage');
	const [types, municipalities] = await Promise.all([
		listTypes(ctx.db, ctx.network.id),
		listNetworkMunicipalities(ctx.db, ctx.network.id)
	]);
	return {
		organisationTypes: types.filter((t) => !t.hidden).map((t) => ({ id: t.id, label: typeLabel(t, ctx.locale) })),
		municipalities: municipalities.map((x) => ({ id: x.id, label: x.name }))
	};
}

/**
 * The form staff fill in for someone who registered by phone or at the door. Consent is the
 * staff member's to confirm, as on the public form.
 */
export const staffRegistrationSchema = registrationFormSchema.extend({
	locale: z.enum(['sv', 'nb', 'en'], { message: 'error_invalid' }).default('sv')
});
export type StaffRegistrationForm = z.infer<typeof staffRegistrationSchema>;

/**
 * Adds a registration by hand. The same seat decision as the public form: a seat if the pool has
 * one, else the waiting list — staff cannot overbook. It works also when registration is closed or
 * not yet open (that is what adding by hand is for), but not for a cancelled event. The person gets
 * the same mail as on the public form, with their personal link.
 */
export async function addRegistration(
	ctx: ServiceContext,
	eventId: string,
	input: StaffRegistrationForm
): Promise<Result<{ id: string; status: 'registered' | 'waiting' }>> {
	await requirePermission(ctx, 'events.manage');
	if (input.organisationTypeId && !(await findType(ctx.db, ctx.network.id, input.organisationTypeId)))
		return failure('error_events_organisation_type_invalid', 'organisationTypeId');
	if (input.municipalityId && !(await networkMunicipalityExists(ctx.db, ctx.network.id, input.municipalityId)))
		return failure('error_events_municipality_invalid', 'municipalityId');
	const sc = seatContext(ctx);
	const result = await ctx.db.transaction().execute(async (trx) => {
		const event = await eventRepo.lockEvent(trx, ctx.network.id, eventId);
		if (!event) return failure('error_not_found');
		if (event.status === 'cancelled') return failure('error_events_cancelled');
		if (event.status === 'draft') return failure('error_events_staff_draft');
		const email = input.email.trim().toLowerCase();
		const existing = await registrationRepo.findRegistrationByEmail(trx, ctx.network.id, eventId, email);
		if (existing && existing.status !== 'cancelled' && existing.erasedAt === null)
			return failure('error_events_staff_already_registered', 'email');
		const participation = participationFor(event.format, input.participation);
		const c = countersOf(event);
		const decision = decide(event, c, participation);
		const { token, hash } = newToken();
		const id = existing?.id ?? randomUUID();
		const row = {
			...registrantValues(input, participation, { locale: input.locale, userId: null }),
			...decision,
			tokenHash: hash,
			offerExpiresAt: null
		};
		if (existing) await registrationRepo.reviveRegistration(trx, ctx.network.id, id, row, ctx.now);
		else await registrationRepo.insertRegistration(trx, ctx.network.id, eventId, { ...row, id }, ctx.now);
		await writeCounters(trx, event, c);
		const link = registrationLink(ctx.publicOrigin, ctx.network.slug, token, asLocale(input.locale, 'sv'));
		const to = { email, locale: input.locale, registrationId: id, participation };
		if (decision.status === 'registered') await queueEventMail(trx, sc, event, to, 'event-registered', { link });
		else {
			const position = await registrationRepo.waitingRank(
				trx,
				ctx.network.id,
				eventId,
				decision.waitingPosition!,
				event.format === 'hybrid' ? participation : null
			);
			await queueEventMail(trx, sc, event, to, 'event-waiting', { position, link });
		}
		await ctx.audit.record('events.registration_added', { type: 'event_registration', id }, 'success', trx);
		return ok({ id, status: decision.status });
	});
	if (result.ok) ctx.mail.flush();
	return result;
}

/**
 * Cancels a registration for someone (they phoned). The seat freed goes to the first on the
 * waiting list in the same transaction, with their mail. Cancelling twice is fine.
 */
export async function cancelRegistrationByStaff(
	ctx: ServiceContext,
	eventId: string,
	registrationId: string
): Promise<Result<{ promoted: number }>> {
	await requirePermission(ctx, 'events.manage');
	const sc = seatContext(ctx);
	const result = await ctx.db.transaction().execute(async (trx): Promise<Result<{ promoted: number }>> => {
		const event = await eventRepo.lockEvent(trx, ctx.network.id, eventId);
		const registration = await registrationRepo.findRegistration(trx, ctx.network.id, registrationId);
		if (!event || !registration || registration.eventId !== eventId) return failure('error_not_found');
		if (registration.status === 'cancelled') return ok({ promoted: 0 });
		const promoted = await cancelLocked(trx, sc, event, registration, ctx.now);
		// So nobody turns up for a seat that is no longer theirs, or waits for one in vain.
		const to = { ...recipientOf(registration), heldSeat: registration.status === 'registered' };
		await queueEventMail(trx, sc, event, to, 'event-staff-cancel', { contact: ctx.network.contactEmail });
		await ctx.audit.record(
			'events.registration_cancelled_by_staff',
			{ type: 'event_registration', id: registration.id },
			'success',
			trx
		);
		return ok({ promoted });
	});
	if (result.ok) ctx.mail.flush();
	return result;
}

/**
 * Moves someone from the waiting list by hand. A free seat in their pool is theirs at once (with
 * the promotion mail); with none free — the usual case, as a freed seat goes to the list on its
 * own — they move to the front of the list and get the next seat freed. Capacity is never
 * exceeded: to let someone in beyond it, raise the capacity.
 */
export async function moveFromWaitingList(
	ctx: ServiceContext,
	eventId: string,
	registrationId: string
): Promise<Result<{ outcome: 'registered' | 'first' }>> {
	await requirePermission(ctx, 'events.manage');
	const sc = seatContext(ctx);
	const result = await ctx.db
		.transaction()
		.execute(async (trx): Promise<Result<{ outcome: 'registered' | 'first' }>> => {
			const event = await eventRepo.lockEvent(trx, ctx.network.id, eventId);
			const registration = await registrationRepo.findRegistration(trx, ctx.network.id, registrationId);
			if (!event || !registration || registration.eventId !== eventId) return failure('error_not_found');
			if (registration.status !== 'waiting') return failure('error_events_staff_not_waiting');
			if (event.status === 'cancelled') return failure('error_events_cancelled');
			const c = countersOf(event);
			if (hasSeat(event, c, registration.participation)) {
				takeSeat(c, registration.participation);
				const { token, hash } = newToken();
				await registrationRepo.setRegistrationStatus(
					trx,
					ctx.network.id,
					registration.id,
					{ status: 'registered', waitingPosition: null, tokenHash: hash },
					ctx.now
				);
				await writeCounters(trx, event, c);
				const link = registrationLink(ctx.publicOrigin, ctx.network.slug, token, asLocale(registration.locale, 'sv'));
				await queueEventMail(trx, sc, event, recipientOf(registration), 'event-promoted', { link });
				await ctx.audit.record(
					'events.registration_moved',
					{ type: 'event_registration', id: registration.id },
					'success',
					trx
				);
				return ok({ outcome: 'registered' });
			}
			const pool = seatPool(event.format, registration.participation);
			const lowest = await staffRepo.lowestWaitingTicket(trx, ctx.network.id, eventId, pool === 'all' ? null : pool);
			if (lowest !== null && lowest < (registration.waitingPosition ?? Infinity))
				await staffRepo.setWaitingTicket(trx, ctx.network.id, registration.id, lowest - 1, ctx.now);
			await ctx.audit.record(
				'events.registration_moved_first',
				{ type: 'event_registration', id: registration.id },
				'success',
				trx
			);
			return ok({ outcome: 'first' });
		});
	if (result.ok && result.value.outcome === 'registered') ctx.mail.flush();
	return result;
}
