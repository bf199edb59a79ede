import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findType } from '../../directory/index.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Database } from '../../platform/db/schema.ts';
import { can, requirePermission } from '../../platform/permissions.ts';
import { failure, ok, type Result } from '../../platform/result.ts';
import { zonedToUtc } from '../../platform/time.ts';
import * as partsRepo from '../event-parts-repository.ts';
import * as eventRepo from '../events-repository.ts';
import type { EventForm } from '../forms.ts';
import { activeStatuses, type EventStatus, type EventType } from '../model.ts';
import { sanitiseDescription } from '../public/sanitise.ts';
import * as registrationRepo from '../registrations-repository.ts';
import { queueEventMail, recipientOf, seatContext } from '../registration/seat-mail.ts';
import { countersOf, fillFreedSeats, writeCounters } from '../registration/seats.ts';
import * as staffRepo from './repository.ts';

/**
 * The staff's events (docs/product.md#events-staff-work): create, change, publish and cancel, and
 * the lists. Every write checks `events.manage` first; a change that frees or adds seats gives them
 * to the waiting list in its own transaction, by the seat decision (registration/seats.ts).
 */

async function validateEvent(ctx: ServiceContext, input: EventForm): Promise<Result<eventRepo.EventValues>> {
	const zone = ctx.network.timeZone;
	if (input.contactUserId && !(await eventRepo.isActiveMember(ctx.db, ctx.network.id, input.contactUserId)))
		return failure('error_events_contact_invalid', 'contactUserId');
	if (input.themeWeekId) {
		const week = await eventRepo.findThemeWeekDays(ctx.db, ctx.network.id, input.themeWeekId);
		if (!week) return failure('error_events_theme_week_invalid', 'themeWeekId');
		// An event of a theme week starts on one of the week's days (both in the network's zone).
		const day = input.startAt.slice(0, 10);
		if (day < week.startsOn || day > week.endsOn) return failure('error_events_outside_theme_week', 'themeWeekId');
	}
	for (const typeId of input.audienceTypeIds)
		if (!(await findType(ctx.db, ctx.network.id, typeId)))
			return failure('error_events_audience_invalid', 'audienceTypeIds');
	const hybrid = input.format === 'hybrid';
	return ok({
		title: input.title,
		// Rich text from the form: only the tags the public page may show survive (public/sanitise.ts).
		descriptionHtml: sanitiseDescription(input.descriptionHtml),
		type: input.type,
		format: input.format,
		videoLink: input.format === 'on_site' ? null : input.videoLink,
		address: input.format === 'digital' ? null : input.address,
		startAt: zonedToUtc(input.startAt, zone),
		endAt: zonedToUtc(input.endAt, zone),
		targetAudience: input.targetAudience,
		capacity: hybrid ? null : input.capacity,
		capacityOnSite: hybrid ? input.capacityOnSite : null,
		capacityDigital: hybrid ? input.capacityDigital : null,
		registrationOpensAt: input.registrationOpensAt ? zonedToUtc(input.registrationOpensAt, zone) : null,
		registrationClosesAt: input.registrationClosesAt ? zonedToUtc(input.registrationClosesAt, zone) : null,
		visibility: input.visibility,
		language: input.language,
		contactUserId: input.contactUserId,
		themeWeekId: input.themeWeekId,
		promotionMode: input.promotionMode,
		offerHours: input.offerHours,
		reminderDays: input.reminderDays,
		reminderHours: input.reminderHours,
		dataRetentionMonths: input.dataRetentionMonths
	});
}

async function saveParts(trx: Kysely<Database>, ctx: ServiceContext, eventId: string, input: EventForm) {
	const zone = ctx.network.timeZone;
	await partsRepo.replaceSessions(
		trx,
		ctx.network.id,
		eventId,
		input.sessions.map((s) => ({
			id: randomUUID(),
			title: s.title,
			startAt: zonedToUtc(s.startAt, zone),
			endAt: zonedToUtc(s.endAt, zone)
		}))
	);
	await partsRepo.replaceSpeakers(
		trx,
		ctx.network.id,
		eventId,
		input.speakers.map((s) => ({ id: randomUUID(), ...s }))
	);
	await partsRepo.replaceAudienceTypes(trx, ctx.network.id, eventId, input.audienceTypeIds);
}

/** A new event, as a draft. */
export async function createEvent(ctx: ServiceContext, input: EventForm): Promise<Result<string>> {
	await requirePermission(ctx, 'events.manage');
	const values = await validateEvent(ctx, input);
	if (!values.ok) return values;
	const id = randomUUID();
	await ctx.db.transaction().execute(async (trx) => {
		await eventRepo.insertEvent(trx, ctx.network.id, id, values.value, ctx.actor.userId, ctx.now);
		await saveParts(trx, ctx, id, input);
		await ctx.audit.record('events.created', { type: 'event', id }, 'success', trx);
	});
	return ok(id);
}

/**
 * Changes an event. A raised capacity gives the new seats to the waiting list in the same
 * transaction (with mails); a capacity below the seats already taken is refused.
 */
export async function updateEvent(
	ctx: ServiceContext,
	id: string,
	input: EventForm
): Promise<Result<{ promoted: number }>> {
	await requirePermission(ctx, 'events.manage');
	const values = await validateEvent(ctx, input);
	if (!values.ok) return values;
	const result = await ctx.db.transaction().execute(async (trx): Promise<Result<{ promoted: number }>> => {
		const before = await eventRepo.lockEvent(trx, ctx.network.id, id);
		if (!before) return failure('error_not_found');
		if (before.status === 'cancelled') return failure('error_events_cancelled');
		const v = values.value;
		const below = (capacity: number | null, taken: number) => capacity !== null && capacity < taken;
		if (
			below(v.capacity, before.seatsTaken) ||
			(v.format === 'hybrid' &&
				(below(v.capacityOnSite, before.seatsTakenOnSite) || below(v.capacityDigital, before.seatsTakenDigital)))
		)
			return failure('error_events_capacity_below_taken', 'capacity');
		await eventRepo.updateEvent(trx, ctx.network.id, id, v, ctx.now);
		await saveParts(trx, ctx, id, input);
		const after = { ...before, ...v };
		const c = countersOf(before);
		const promoted = await fillFreedSeats(trx, seatContext(ctx), after, c);
		await writeCounters(trx, before, c);
		await ctx.audit.record('events.updated', { type: 'event', id }, 'success', trx);
		return ok({ promoted: promoted.length });
	});
	if (result.ok && result.value.promoted) ctx.mail.flush();
	return result;
}

export async function publishEvent(ctx: ServiceContext, id: string): Promise<Result<void>> {
	await requirePermission(ctx, 'events.manage');
	const event = await eventRepo.findEvent(ctx.db, ctx.network.id, id);
	if (!event) return failure('error_not_found');
	if (event.status !== 'draft') return failure('error_events_not_draft');
	return ctx.db.transaction().execute(async (trx) => {
		if (!(await eventRepo.setEventStatus(trx, ctx.network.id, id, 'draft', 'published', ctx.now)))
			return failure('error_events_changed_meanwhile');
		await ctx.audit.record('events.published', { type: 'event', id }, 'success', trx);
		return ok(undefined);
	});
}

/**
 * Cancels an event: everyone registered, offered a seat or waiting gets a mail, queued in the same
 * transaction as the status change; those with a seat get the cancellation of their invite with it
 * (the seat context's invites). Their registrations stay as they were, for the statistics.
 */
export async function cancelEvent(ctx: ServiceContext, id: string): Promise<Result<{ mailed: number }>> {
	await requirePermission(ctx, 'events.manage');
	const sc = seatContext(ctx);
	const result = await ctx.db.transaction().execute(async (trx): Promise<Result<{ mailed: number }>> => {
		const event = await eventRepo.lockEvent(trx, ctx.network.id, id);
		if (!event) return failure('error_not_found');
		if (event.status === 'cancelled') return failure('error_events_cancelled');
		if (!(await eventRepo.setEventStatus(trx, ctx.network.id, id, event.status, 'cancelled', ctx.now)))
			return failure('error_events_changed_meanwhile');
		const people =
			event.status === 'published'
				? await registrationRepo.listRegistrations(trx, ctx.network.id, id, activeStatuses)
				: [];
		for (const person of people) {
			const to = { ...recipientOf(person), heldSeat: person.status === 'registered' };
			await queueEventMail(trx, sc, event, to, 'event-cancelled', { contact: ctx.network.contactEmail });
		}
		await ctx.audit.record('events.cancelled', { type: 'event', id }, 'success', trx);
		return ok({ mailed: people.length });
	});
	if (result.ok && result.value.mailed) ctx.mail.flush();
	return result;
}

export interface EventListQuery {
	status?: EventStatus;
	type?: EventType;
	/** Only events that end at or after this instant (upcoming). */
	from?: Date;
	to?: Date;
}

/** The network's events for staff and members (members see published ones only). */
export async function listEvents(ctx: ServiceContext, query: EventListQuery = {}) {
	await requirePermission(ctx, 'events.read');
	const manager = can(ctx, 'events.manage');
	const rows = await eventRepo.listEvents(ctx.db, ctx.network.id, {
		...query,
		status: manager ? query.status : 'published'
	});
	return rows.map((event) => ({ ...event, videoLink: manager ? event.videoLink : null }));
}

/** One event with its sessions, speakers and registration counts (staff). */
export async function getEvent(ctx: ServiceContext, id: string) {
	await requirePermission(ctx, 'events.manage');
	const event = await eventRepo.findEvent(ctx.db, ctx.network.id, id);
	if (!event) return failure('error_not_found');
	const [sessions, speakers, audienceTypeIds, counts] = await Promise.all([
		partsRepo.listSessions(ctx.db, ctx.network.id, id),
		partsRepo.listSpeakers(ctx.db, ctx.network.id, id),
		partsRepo.listAudienceTypeIds(ctx.db, ctx.network.id, id),
		registrationRepo.countByStatus(ctx.db, ctx.network.id, id)
	]);
	return ok({ event, sessions, speakers, audienceTypeIds, counts });
}

/** The network's events for staff, each with its counts, split into upcoming and past. */
export async function staffEventList(ctx: ServiceContext, query: { status?: string } = {}) {
	await requirePermission(ctx, 'events.manage');
	const status = (['draft', 'published', 'cancelled'] as const).find((s) => s === query.status);
	const [events, counts] = await Promise.all([
		eventRepo.listEvents(ctx.db, ctx.network.id, status ? { status } : {}),
		staffRepo.countsPerEvent(ctx.db, ctx.network.id)
	]);
	const rows = events.map((e) => ({
		id: e.id,
		title: e.title,
		type: e.type,
		format: e.format,
		status: e.status,
		startAt: e.startAt,
		endAt: e.endAt,
		capacity: e.format === 'hybrid' ? sumOrNull(e.capacityOnSite, e.capacityDigital) : e.capacity,
		seatsTaken: e.seatsTaken,
		counts: counts.get(e.id) ?? { registered: 0, waiting: 0, attended: 0 }
	}));
	return {
		upcoming: rows.filter((e) => e.endAt >= ctx.now),
		past: rows.filter((e) => e.endAt < ctx.now).reverse()
	};
}

function sumOrNull(a: number | null, b: number | null): number | null {
	return a === null || b === null ? null : a + b;
}
