import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findType, networkMunicipalityExists } from '../../directory/index.ts';
import type { PublicContext } from '../../platform/context.ts';
import { transactionBatcher } from '../../platform/db/batch.ts';
import type { Database } from '../../platform/db/schema.ts';
import { failure, ok, type Result } from '../../platform/result.ts';
import type { Attendee } from '../calendar/invites.ts';
import { listSessions } from '../event-parts-repository.ts';
import { findEvent, isActiveMember, lockEvent, type EventRecord } from '../events-repository.ts';
import type { RegistrationForm } from '../forms.ts';
import {
	activeStatuses,
	participationFor,
	seatHoldingStatuses,
	type Participation,
	type RegistrationStatus
} from '../model.ts';
import * as registrations from '../registrations-repository.ts';
import { takeRegistrationAllowance, type LimitRefusal } from './limits.ts';
import { asLocale, eventPageLink, hashToken, newToken, registrationLink } from './links.ts';
import { addRegistrationLink, countLinksSince } from './links-repository.ts';
import { queueEventMail, recipientOf, seatContext } from './seat-mail.ts';
import { cancelLocked, countersOf, decide, hasSeat, registrantValues, waitingBefore, writeCounters } from './seats.ts';

/**
 * Public registration (docs/product.md#events-registration): the form, the personal page reached
 * by the link in the mails, cancelling there and accepting an offered seat. No permission: the
 * personal link is the key. Every seat change is the seat decision of seats.ts, and every mail
 * that gives a seat carries the calendar invite (seat-mail.ts).
 */

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
	/** A signed-in member of the network registering: members-only events are open to them. */
	memberUserId?: string | null;
}

/** Whether registration is open now: published, within the window, before the start. */
export function registrationState(
	event: Pick<EventRecord, 'status' | 'registrationOpensAt' | 'registrationClosesAt' | 'startAt'>,
	now: Date
): 'open' | 'not_yet' | 'closed' {
	if (event.status !== 'published') return 'closed';
	if (event.registrationOpensAt && now < event.registrationOpensAt) return 'not_yet';
	if (event.registrationClosesAt && now >= event.registrationClosesAt) return 'closed';
	return now < event.startAt ? 'open' : 'closed';
}

async function position(db: Kysely<Database>, r: registrations.RegistrationRecord, format: EventRecord['format']) {
	if (r.status !== 'waiting' || r.waitingPosition === null) return null;
	return registrations.waitingRank(
		db,
		r.networkId,
		r.eventId,
		r.waitingPosition,
		format === 'hybrid' ? r.participation : null
	);
}

/** Why this registration cannot be taken, if it cannot: read with the event locked. */
async function refusal(
	trx: Kysely<Database>,
	pub: PublicContext,
	event: EventRecord | undefined,
	input: RegistrationForm,
	options: RegisterOptions
): Promise<Result<never> | null> {
	if (!event || event.status === 'draft') return failure('error_events_not_found');
	if (event.visibility === 'members') {
		const member = options.memberUserId && (await isActiveMember(trx, pub.network.id, options.memberUserId));
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
 * Registers someone for an event — the seat decision of seats.ts. A seat if one is free, else the
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
	// Registrations for one event that arrive together commit together (group commit, batch.ts):
	// each decision is still made alone, on the counters the one before it wrote. Every check reads
	// the event as it is locked here, so nothing decided on an older read.
	const result = await transactionBatcher(pub.db).run(
		eventId,
		async (trx): Promise<Result<RegistrationOutcome> | LimitRefusal> => {
			const locked = await lockEvent(trx, pub.network.id, eventId);
			const refused = await refusal(trx, pub, locked, input, options);
			if (refused || !locked) return refused ?? failure('error_events_not_found');
			const limited = await takeRegistrationAllowance(trx, locked, pub.clientAddress, pub.now);
			if (limited) return limited;
			const participation: Participation = participationFor(locked.format, input.participation);
			const values = registrantValues(input, participation, {
				locale: pub.locale,
				userId: options.memberUserId ?? null
			});
			// Only the registrant can get a seat here, and only those who get one need the sessions
			// for the invite (in a rush most join the waiting list): read then, in this transaction.
			// The participation is the one decided on the locked event, so the video link is in the
			// invite exactly when it is in the mail.
			const registrant: Attendee = { name: values.name, email: values.email, participation };
			const sc = seatContext(pub, { people: () => registrant });
			const existing = await registrations.findRegistrationByEmail(trx, pub.network.id, eventId, values.email);
			const { token, hash } = newToken();
			const link = registrationLink(pub.publicOrigin, pub.network.slug, token, pub.locale);
			const c = countersOf(locked);
			if (existing && existing.status !== 'cancelled') {
				// What a new registration would have been told, without taking anything.
				const seat = hasSeat(locked, c, participation);
				const since = new Date(pub.now.getTime() - 86_400_000);
				if ((await countLinksSince(trx, pub.network.id, existing.id, since)) < LINK_MAILS_PER_DAY) {
					await addRegistrationLink(trx, pub.network.id, existing.id, hash, pub.now);
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
			if (existing) await registrations.reviveRegistration(trx, pub.network.id, id, row, pub.now);
			else await registrations.insertRegistration(trx, pub.network.id, eventId, { ...row, id }, pub.now);
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
	const registration = await registrations.findRegistrationByTokenHash(pub.db, pub.network.id, hashToken(token));
	if (!registration) return failure('error_events_registration_not_found');
	const event = await findEvent(pub.db, pub.network.id, registration.eventId);
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

/** How many of the waiting list a cancellation may promote at once (a seat, or a raised pool). */
const PROMOTION_LOOKAHEAD = 50;

/**
 * Cancels through the personal link, until the start. A seat freed goes to the first on the
 * waiting list in the same transaction, with the invite in their mail. Cancelling twice is fine.
 */
export async function cancelRegistration(pub: PublicContext, token: string): Promise<Result<{ promoted: number }>> {
	const found = await registrations.findRegistrationByTokenHash(pub.db, pub.network.id, hashToken(token));
	if (!found) return failure('error_events_registration_not_found');
	// Whoever the freed seat goes to is among the first waiting: read them and the sessions before
	// the event is locked, so the invites read nothing while it is.
	const [sessions, head] = await Promise.all([
		listSessions(pub.db, pub.network.id, found.eventId),
		registrations.waitingHead(pub.db, pub.network.id, found.eventId, PROMOTION_LOOKAHEAD)
	]);
	const people = new Map(head.map((p) => [p.id, p]));
	const sc = seatContext(pub, { sessions, people: (id) => people.get(id) });
	const result = await pub.db.transaction().execute(async (trx): Promise<Result<{ promoted: number }>> => {
		const event = await lockEvent(trx, pub.network.id, found.eventId);
		const registration = await registrations.findRegistration(trx, pub.network.id, found.id);
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

/** Accepts an offered seat (promotion mode 'offer') before the offer runs out; the confirmation carries the invite. */
export async function acceptOffer(pub: PublicContext, token: string): Promise<Result<void>> {
	const found = await registrations.findRegistrationByTokenHash(pub.db, pub.network.id, hashToken(token));
	if (!found) return failure('error_events_registration_not_found');
	const sessions = await listSessions(pub.db, pub.network.id, found.eventId);
	const accepting: Attendee = { name: found.name, email: found.email, participation: found.participation };
	const sc = seatContext(pub, { sessions, people: (id) => (id === found.id ? accepting : undefined) });
	const result = await pub.db.transaction().execute(async (trx): Promise<Result<void>> => {
		const event = await lockEvent(trx, pub.network.id, found.eventId);
		const registration = await registrations.findRegistration(trx, pub.network.id, found.id);
		if (!event || !registration) return failure('error_events_registration_not_found');
		if (registration.status === 'registered') return ok(undefined);
		if (registration.status !== 'offered' || !registration.offerExpiresAt || pub.now >= registration.offerExpiresAt)
			return failure('error_events_offer_expired');
		// The seat is already counted since the offer; it only becomes theirs for good. The link they
		// came by stays theirs, so the confirmation carries it again.
		await registrations.setRegistrationStatus(
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
