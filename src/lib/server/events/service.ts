import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PublicContext } from '../platform/context.ts';
import { findType, networkMunicipalityExists } from '../directory/index.ts';
import type { ServiceContext } from '../platform/context.ts';
import { transactionBatcher } from '../platform/db/batch.ts';
import type { Database } from '../platform/db/schema.ts';
import { can, requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import type { EventForm, RegistrationForm } from './forms.ts';
import {
	activeStatuses,
	participationFor,
	seatHoldingStatuses,
	type EventStatus,
	type EventType,
	type Participation,
	type RegistrationStatus
} from './model.ts';
import { zonedToUtc } from '../platform/time.ts';
import {
	asLocale,
	cancelLocked,
	countersOf,
	decide,
	eventPageLink,
	hasSeat,
	fillFreedSeats,
	hashToken,
	newToken,
	queueEventMail,
	recipientOf,
	registrantValues,
	registrationLink,
	waitingBefore,
	writeCounters,
	type AttachmentsFor,
	type SeatContext
} from './registration.ts';
import { takeRegistrationAllowance, type LimitRefusal } from './limits.ts';
import * as repo from './repository.ts';
import { sanitiseDescription } from './sanitise.ts';

export type { AttachmentsFor };

// ---------------------------------------------------------------- staff: events

async function validateEvent(ctx: ServiceContext, input: EventForm): Promise<Result<repo.EventValues>> {
	const zone = ctx.network.timeZone;
	if (input.contactUserId && !(await repo.isActiveMember(ctx.db, ctx.network.id, input.contactUserId)))
		return failure('error_events_contact_invalid', 'contactUserId');
	if (input.themeWeekId) {
		const week = await repo.findThemeWeekDays(ctx.db, ctx.network.id, input.themeWeekId);
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
		// Rich text from the form: only the tags the public page may show survive (sanitise.ts).
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
	await repo.replaceSessions(
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
	await repo.replaceSpeakers(
		trx,
		ctx.network.id,
		eventId,
		input.speakers.map((s) => ({ id: randomUUID(), ...s }))
	);
	await repo.replaceAudienceTypes(trx, ctx.network.id, eventId, input.audienceTypeIds);
}

/** A new event, as a draft. */
export async function createEvent(ctx: ServiceContext, input: EventForm): Promise<Result<string>> {
	await requirePermission(ctx, 'events.manage');
	const values = await validateEvent(ctx, input);
	if (!values.ok) return values;
	const id = randomUUID();
	await ctx.db.transaction().execute(async (trx) => {
		await repo.insertEvent(trx, ctx.network.id, id, values.value, ctx.actor.userId, ctx.now);
		await saveParts(trx, ctx, id, input);
		await ctx.audit.record('events.created', { type: 'event', id }, 'success', trx);
	});
	return ok(id);
}

function seatContext(
	ctx: { network: ServiceContext['network']; now: Date; mail: ServiceContext['mail'] },
	publicOrigin: string,
	attachments?: AttachmentsFor
): SeatContext {
	return { network: ctx.network, now: ctx.now, mail: ctx.mail, publicOrigin, attachments };
}

/**
 * Changes an event. A raised capacity gives the new seats to the waiting list in the same
 * transaction (with mails); a capacity below the seats already taken is refused.
 */
export async function updateEvent(
	ctx: ServiceContext,
	id: string,
	input: EventForm,
	publicOrigin: string,
	options: { attachments?: AttachmentsFor } = {}
): Promise<Result<{ promoted: number }>> {
	await requirePermission(ctx, 'events.manage');
	const values = await validateEvent(ctx, input);
	if (!values.ok) return values;
	const result = await ctx.db.transaction().execute(async (trx): Promise<Result<{ promoted: number }>> => {
		const before = await repo.lockEvent(trx, ctx.network.id, id);
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
		await repo.updateEvent(trx, ctx.network.id, id, v, ctx.now);
		await saveParts(trx, ctx, id, input);
		const after = { ...before, ...v };
		const c = countersOf(before);
		const promoted = await fillFreedSeats(trx, seatContext(ctx, publicOrigin, options.attachments), after, c);
		await writeCounters(trx, before, c);
		await ctx.audit.record('events.updated', { type: 'event', id }, 'success', trx);
		return ok({ promoted: promoted.length });
	});
	if (result.ok && result.value.promoted) ctx.mail.flush();
	return result;
}

export async function publishEvent(ctx: ServiceContext, id: string): Promise<Result<void>> {
	await requirePermission(ctx, 'events.manage');
	const event = await repo.findEvent(ctx.db, ctx.network.id, id);
	if (!event) return failure('error_not_found');
	if (event.status !== 'draft') return failure('error_events_not_draft');
	return ctx.db.transaction().execute(async (trx) => {
		if (!(await repo.setEventStatus(trx, ctx.network.id, id, 'draft', 'published', ctx.now)))
			return failure('error_events_changed_meanwhile');
		await ctx.audit.record('events.published', { type: 'event', id }, 'success', trx);
		return ok(undefined);
	});
}

/**
 * Cancels an event: everyone registered, offered a seat or waiting gets a mail, queued in the same
 * transaction as the status change; those with a seat get the cancellation of their invite with it
 * (through `attachments`). Their registrations stay as they were, for the statistics.
 */
export async function cancelEvent(
	ctx: ServiceContext,
	id: string,
	publicOrigin: string,
	options: { attachments?: AttachmentsFor } = {}
): Promise<Result<{ mailed: number }>> {
	await requirePermission(ctx, 'events.manage');
	const sc = seatContext(ctx, publicOrigin, options.attachments);
	const result = await ctx.db.transaction().execute(async (trx): Promise<Result<{ mailed: number }>> => {
		const event = await repo.lockEvent(trx, ctx.network.id, id);
		if (!event) return failure('error_not_found');
		if (event.status === 'cancelled') return failure('error_events_cancelled');
		if (!(await repo.setEventStatus(trx, ctx.network.id, id, event.status, 'cancelled', ctx.now)))
			return failure('error_events_changed_meanwhile');
		const people =
			event.status === 'published' ? await repo.listRegistrations(trx, ctx.network.id, id, activeStatuses) : [];
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
	const rows = await repo.listEvents(ctx.db, ctx.network.id, {
		...query,
		status: manager ? query.status : 'published'
	});
	return rows.map((event) => ({ ...event, videoLink: manager ? event.videoLink : null }));
}

/** One event with its sessions, speakers and registration counts (staff). */
export async function getEvent(ctx: ServiceContext, id: string) {
	await requirePermission(ctx, 'events.manage');
	const event = await repo.findEvent(ctx.db, ctx.network.id, id);
	if (!event) return failure('error_not_found');
	const [sessions, speakers, audienceTypeIds, counts] = await Promise.all([
		repo.listSessions(ctx.db, ctx.network.id, id),
		repo.listSpeakers(ctx.db, ctx.network.id, id),
		repo.listAudienceTypeIds(ctx.db, ctx.network.id, id),
		repo.countByStatus(ctx.db, ctx.network.id, id)
	]);
	return ok({ event, sessions, speakers, audienceTypeIds, counts });
}

// ---------------------------------------------------------------- public: registration

export interface RegistrationOutcome {
	registrationId: string;
	status: RegistrationStatus;
	/** The place on the waiting list (1 = next), when waiting. */
	position: number | null;
	/**
	 * A second registration with the same address: nothing changed, a new personal link was mailed.
	 * Never shown to the visitor (status and position are what a new registration would have got).
	 */
	resent: boolean;
}

export interface RegisterOptions {
	/** The .ics invite(s) of the confirmation mail (calendar.ts); the mail goes without when absent. */
	attachments?: AttachmentsFor;
	/** A signed-in member of the network registering: members-only events are open to them. */
	memberUserId?: string | null;
}

/** Whether registration is open now: published, within the window, before the start. */
export function registrationState(
	event: Pick<repo.EventRecord, 'status' | 'registrationOpensAt' | 'registrationClosesAt' | 'startAt'>,
	now: Date
): 'open' | 'not_yet' | 'closed' {
	if (event.status !== 'published') return 'closed';
	if (event.registrationOpensAt && now < event.registrationOpensAt) return 'not_yet';
	if (event.registrationClosesAt && now >= event.registrationClosesAt) return 'closed';
	return now < event.startAt ? 'open' : 'closed';
}

async function position(db: Kysely<Database>, r: repo.RegistrationRecord, format: repo.EventRecord['format']) {
	if (r.status !== 'waiting' || r.waitingPosition === null) return null;
	return repo.waitingRank(db, r.networkId, r.eventId, r.waitingPosition, format === 'hybrid' ? r.participation : null);
}

/** Why this registration cannot be taken, if it cannot: read with the event locked. */
async function refusal(
	trx: Kysely<Database>,
	pub: PublicContext,
	event: repo.EventRecord | undefined,
	input: RegistrationForm,
	options: RegisterOptions
): Promise<Result<never> | null> {
	if (!event || event.status === 'draft') return failure('error_events_not_found');
	if (event.visibility === 'members') {
		const member = options.memberUserId && (await repo.isActiveMember(trx, pub.network.id, options.memberUserId));
		if (!member) return failure('error_events_members_only');
	}
	if (event.status === 'cancelled') return failure('error_events_cancelled');
	const state = registrationState(event, pub.now);
	if (state === 'not_yet') return failure('error_events_registration_not_open');
	if (state === 'closed') return failure('error_events_registration_closed');
	if (input.organisationTypeId && !(await findType(trx, pub.network.id, input.organisationTypeId)))
		return failure('error_events_organisation_type_invalid', 'organisationTypeId');
	if (input.municipalityId && !(await networkMunicipalityExists(trx, pub.network.id, input.municipalityId)))
		return failure('error_events_municipality_invalid', 'municipalityId');
	return null;
}

/** Links mailed to one registration in a day when its address registers again; then no more mails. */
const LINK_MAILS_PER_DAY = 3;

/**
 * Registers someone for an event — the seat decision of registration.ts. A seat if one is free, else the
 * waiting list. The registration, the counters and the mail commit in one transaction.
 *
 * A second registration with the same e-mail address takes nothing: the address gets a mail with
 * a new personal link (the first keeps working), and the visitor sees what a new registration
 * would have seen — the form must not tell anyone whether an address is registered (decision 013).
 * The client's limits (limits.ts) are checked before the address is looked up, for the same reason.
 */
export async function registerForEvent(
	pub: PublicContext,
	eventId: string,
	input: RegistrationForm,
	options: RegisterOptions = {}
): Promise<Result<RegistrationOutcome> | LimitRefusal> {
	const sc = seatContext(pub, pub.publicOrigin, options.attachments);
	// Registrations for one event that arrive together commit together (group commit, batch.ts):
	// each decision is still made alone, on the counters the one before it wrote. Every check reads
	// the event as it is locked here, so nothing decided on an older read.
	const result = await transactionBatcher(pub.db).run(
		eventId,
		async (trx): Promise<Result<RegistrationOutcome> | LimitRefusal> => {
			const locked = await repo.lockEvent(trx, pub.network.id, eventId);
			const refused = await refusal(trx, pub, locked, input, options);
			if (refused || !locked) return refused ?? failure('error_events_not_found');
			const limited = await takeRegistrationAllowance(trx, locked, pub.clientAddress, pub.now);
			if (limited) return limited;
			const participation: Participation = participationFor(locked.format, input.participation);
			const values = registrantValues(input, participation, {
				locale: pub.locale,
				userId: options.memberUserId ?? null
			});
			const existing = await repo.findRegistrationByEmail(trx, pub.network.id, eventId, values.email);
			const { token, hash } = newToken();
			const link = registrationLink(pub.publicOrigin, pub.network.slug, token, pub.locale);
			const c = countersOf(locked);
			if (existing && existing.status !== 'cancelled') {
				// What a new registration would have been told, without taking anything.
				const seat = hasSeat(locked, c, participation);
				const since = new Date(pub.now.getTime() - 86_400_000);
				if ((await repo.countLinksSince(trx, pub.network.id, existing.id, since)) < LINK_MAILS_PER_DAY) {
					await repo.addRegistrationLink(trx, pub.network.id, existing.id, hash, pub.now);
					const to = {
						email: existing.email,
						locale: pub.locale,
						registrationId: existing.id,
						participation: existing.participation
					};
					await queueEventMail(trx, sc, locked, to, 'event-link', { link });
				}
				await pub.audit.record(
					'events.registration_link_resent',
					{ type: 'event_registration', id: existing.id },
					'success',
					trx
				);
				return ok({
					registrationId: existing.id,
					status: seat ? 'registered' : 'waiting',
					position: seat ? null : 1 + waitingBefore(locked, participation),
					resent: true
				});
			}
			const decision = decide(locked, c, participation);
			const id = existing?.id ?? randomUUID();
			const row = { ...values, ...decision, tokenHash: hash, offerExpiresAt: null };
			if (existing) await repo.reviveRegistration(trx, pub.network.id, id, row, pub.now);
			else await repo.insertRegistration(trx, pub.network.id, eventId, { ...row, id }, pub.now);
			await writeCounters(trx, locked, c);
			const to = { email: values.email, locale: pub.locale, registrationId: id, participation };
			let place: number | null = null;
			if (decision.status === 'registered') await queueEventMail(trx, sc, locked, to, 'event-registered', { link });
			else {
				// The new ticket is the last of its list: its place is how many waited before it.
				place = 1 + waitingBefore(locked, participation);
				await queueEventMail(trx, sc, locked, to, 'event-waiting', { position: place, link });
			}
			await pub.audit.record(`events.${decision.status}`, { type: 'event_registration', id }, 'success', trx);
			return ok({ registrationId: id, status: decision.status, position: place, resent: false });
		}
	);
	if (result.ok) pub.mail.flush();
	return result;
}

/** What the personal page shows: the registration and its event, the video link included. */
export async function registrationByToken(pub: PublicContext, token: string) {
	const registration = await repo.findRegistrationByTokenHash(pub.db, pub.network.id, hashToken(token));
	if (!registration) return failure('error_events_registration_not_found');
	const event = await repo.findEvent(pub.db, pub.network.id, registration.eventId);
	if (!event) return failure('error_events_registration_not_found');
	const holds = seatHoldingStatuses.includes(registration.status);
	return ok({
		registration: {
			id: registration.id,
			name: registration.name,
			email: registration.email,
			organisation: registration.organisation,
			participation: registration.participation,
			status: registration.status,
			position: await position(pub.db, registration, event.format),
			offerExpiresAt: registration.offerExpiresAt,
			createdAt: registration.createdAt
		},
		event: {
			id: event.id,
			title: event.title,
			type: event.type,
			format: event.format,
			startAt: event.startAt,
			endAt: event.endAt,
			address: event.format === 'digital' ? null : event.address,
			// The personal page is one of the two places the video link appears (with the mails).
			videoLink: holds && registration.participation === 'digital' ? event.videoLink : null,
			status: event.status
		},
		canCancel: activeStatuses.includes(registration.status) && pub.now < event.startAt && event.status !== 'cancelled',
		canAccept:
			registration.status === 'offered' && registration.offerExpiresAt !== null && pub.now < registration.offerExpiresAt
	});
}

/**
 * Cancels through the personal link, until the start. A seat freed goes to the first on the
 * waiting list in the same transaction. Cancelling twice is fine.
 */
export async function cancelRegistration(
	pub: PublicContext,
	token: string,
	options: { attachments?: AttachmentsFor } = {}
): Promise<Result<{ promoted: number }>> {
	const found = await repo.findRegistrationByTokenHash(pub.db, pub.network.id, hashToken(token));
	if (!found) return failure('error_events_registration_not_found');
	const sc = seatContext(pub, pub.publicOrigin, options.attachments);
	const result = await pub.db.transaction().execute(async (trx): Promise<Result<{ promoted: number }>> => {
		const event = await repo.lockEvent(trx, pub.network.id, found.eventId);
		const registration = await repo.findRegistration(trx, pub.network.id, found.id);
		if (!event || !registration) return failure('error_events_registration_not_found');
		if (registration.status === 'cancelled') return ok({ promoted: 0 });
		if (!activeStatuses.includes(registration.status)) return failure('error_events_cancel_not_possible');
		if (pub.now >= event.startAt) return failure('error_events_cancel_too_late');
		const promoted = await cancelLocked(trx, sc, event, registration, pub.now);
		// A receipt, so someone who cancelled on a shared or borrowed device knows it went through.
		const to = recipientOf(registration);
		const link = eventPageLink(pub.publicOrigin, pub.network.slug, event.id, asLocale(registration.locale, pub.locale));
		await queueEventMail(trx, sc, event, to, 'event-own-cancel', { link });
		await pub.audit.record(
			'events.registration_cancelled',
			{ type: 'event_registration', id: registration.id },
			'success',
			trx
		);
		return ok({ promoted });
	});
	if (result.ok) pub.mail.flush();
	return result;
}

/** Accepts an offered seat (promotion mode 'offer') before the offer runs out. */
export async function acceptOffer(
	pub: PublicContext,
	token: string,
	options: { attachments?: AttachmentsFor } = {}
): Promise<Result<void>> {
	const found = await repo.findRegistrationByTokenHash(pub.db, pub.network.id, hashToken(token));
	if (!found) return failure('error_events_registration_not_found');
	const sc = seatContext(pub, pub.publicOrigin, options.attachments);
	const result = await pub.db.transaction().execute(async (trx): Promise<Result<void>> => {
		const event = await repo.lockEvent(trx, pub.network.id, found.eventId);
		const registration = await repo.findRegistration(trx, pub.network.id, found.id);
		if (!event || !registration) return failure('error_events_registration_not_found');
		if (registration.status === 'registered') return ok(undefined);
		if (registration.status !== 'offered' || !registration.offerExpiresAt || pub.now >= registration.offerExpiresAt)
			return failure('error_events_offer_expired');
		// The seat is already counted since the offer; it only becomes theirs for good. The link they
		// came by stays theirs, so the confirmation carries it again.
		await repo.setRegistrationStatus(
			trx,
			pub.network.id,
			registration.id,
			{ status: 'registered', offerExpiresAt: null },
			pub.now
		);
		const link = registrationLink(pub.publicOrigin, pub.network.slug, token, asLocale(registration.locale, pub.locale));
		await queueEventMail(trx, sc, event, recipientOf(registration), 'event-registered', { link });
		await pub.audit.record(
			'events.offer_accepted',
			{ type: 'event_registration', id: registration.id },
			'success',
			trx
		);
		return ok(undefined);
	});
	if (result.ok) pub.mail.flush();
	return result;
}

export { expireOffers } from './registration.ts';
