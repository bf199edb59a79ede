import type { Kysely } from 'kysely';
import { listOpenNetworks } from '../../networks/index.ts';
import type { Mailer } from '../../platform/context.ts';
import type { Database } from '../../platform/db/schema.ts';
import { enqueueMail } from '../../platform/mail/outbox.ts';
import { lockEvent, setSeatCounters, type EventRecord } from '../events-repository.ts';
import { freeSeats, poolsOf, seatHoldingStatuses, seatPool, type Participation, type SeatPool } from '../model.ts';
import * as registrations from '../registrations-repository.ts';
import { asLocale, newToken, registrationLink } from './links.ts';
import { queueEventMail, recipientOf, seatContext, type SeatContext } from './seat-mail.ts';

/**
 * The seat decision (docs/product.md#events-registration-rush, decision 012). Every change of an event's seats or waiting list runs inside one
 * transaction that first locks the event row (`lockEvent` of events-repository.ts: SELECT … FOR UPDATE on PostgreSQL;
 * SQLite's BEGIN IMMEDIATE writer transaction runs alone anyway), decides on the counters it read,
 * writes the registration, the counters and the outbox row, and commits them together. So capacity
 * is never exceeded, a waiting-list ticket is never given twice, and a mail exists exactly when the
 * change it tells about does — a crash before the commit leaves neither, after it both.
 *
 * Invariant kept by every function here: while a pool has a free seat, nobody waits for it — a
 * seat freed by a cancellation, an expired offer or a raised capacity goes to the first on the
 * waiting list in the same transaction.
 */

// ---------------------------------------------------------------- the counters

/** The counters of a locked event, changed in memory and written once before commit. */
export interface Counters {
	seatsTaken: number;
	seatsTakenOnSite: number;
	seatsTakenDigital: number;
	waitingLast: number;
}

export function countersOf(event: EventRecord): Counters {
	return {
		seatsTaken: event.seatsTaken,
		seatsTakenOnSite: event.seatsTakenOnSite,
		seatsTakenDigital: event.seatsTakenDigital,
		waitingLast: event.waitingLast
	};
}

function withCounters(event: EventRecord, c: Counters): EventRecord {
	return { ...event, ...c };
}

/** Whether the pool of this participation has a seat left. */
export function hasSeat(event: EventRecord, c: Counters, participation: Participation): boolean {
	const free = freeSeats(withCounters(event, c), seatPool(event.format, participation));
	return free === null || free > 0;
}

/** Counts every held seat in the total and in its participation's pool, whatever the format now is. */
export function takeSeat(c: Counters, participation: Participation): void {
	c.seatsTaken += 1;
	if (participation === 'on_site') c.seatsTakenOnSite += 1;
	else c.seatsTakenDigital += 1;
}

export function releaseSeat(c: Counters, participation: Participation): void {
	c.seatsTaken = Math.max(0, c.seatsTaken - 1);
	if (participation === 'on_site') c.seatsTakenOnSite = Math.max(0, c.seatsTakenOnSite - 1);
	else c.seatsTakenDigital = Math.max(0, c.seatsTakenDigital - 1);
}

export async function writeCounters(trx: Kysely<Database>, event: EventRecord, c: Counters): Promise<void> {
	const before = countersOf(event);
	if (
		before.seatsTaken === c.seatsTaken &&
		before.seatsTakenOnSite === c.seatsTakenOnSite &&
		before.seatsTakenDigital === c.seatsTakenDigital &&
		before.waitingLast === c.waitingLast
	)
		return;
	await setSeatCounters(trx, event.networkId, event.id, c);
}

/**
 * What a registration form gives the row: the address as one spelling, needs only for those on
 * site. The public form and staff adding someone by hand share it.
 */
export function registrantValues(
	input: Omit<registrations.RegistrantValues, 'participation' | 'locale' | 'userId' | 'needsDiet' | 'needsAccess'> & {
		needsDiet: string | null;
		needsAccess: string | null;
	},
	participation: Participation,
	who: { locale: string; userId: string | null }
): registrations.RegistrantValues {
	const onSite = participation === 'on_site';
	return {
		name: input.name,
		email: input.email.trim().toLowerCase(),
		organisation: input.organisation,
		organisationTypeId: input.organisationTypeId,
		municipalityId: input.municipalityId,
		needsDiet: onSite ? input.needsDiet : null,
		needsAccess: onSite ? input.needsAccess : null,
		participation,
		consent: input.consent,
		newsletterOptIn: input.newsletterOptIn,
		locale: who.locale,
		userId: who.userId
	};
}

// ---------------------------------------------------------------- the decision

export interface Decision {
	status: 'registered' | 'waiting';
	waitingPosition: number | null;
}

/** How many wait in the pool of this participation (the whole list unless the event is hybrid). */
export function waitingBefore(event: EventRecord, participation: Participation): number {
	if (event.format !== 'hybrid') return event.waitingOnSite + event.waitingDigital;
	return participation === 'on_site' ? event.waitingOnSite : event.waitingDigital;
}

/** A seat if the pool has one, else the next waiting-list ticket. Changes `c`; the caller writes it. */
export function decide(event: EventRecord, c: Counters, participation: Participation): Decision {
	if (hasSeat(event, c, participation)) {
		takeSeat(c, participation);
		return { status: 'registered', waitingPosition: null };
	}
	c.waitingLast += 1;
	return { status: 'waiting', waitingPosition: c.waitingLast };
}

/**
 * Gives freed seats to the first on the waiting list, pool by pool, until the pool is full or
 * nobody waits: registered at once with a mail, or (promotion mode 'offer') offered for the event's
 * offer hours. The promoted get a new personal link (only the hash of the old one is stored).
 * Call with the event locked; changes `c`; returns the ids promoted or offered.
 */
export async function fillFreedSeats(
	trx: Kysely<Database>,
	sc: SeatContext,
	event: EventRecord,
	c: Counters
): Promise<string[]> {
	const promoted: string[] = [];
	if (event.status !== 'published' || sc.now >= event.startAt) return promoted;
	for (const pool of poolsOf(event.format)) {
		for (;;) {
			const free = freeSeats(withCounters(event, c), pool);
			if (free !== null && free <= 0) break;
			const next = await registrations.firstWaiting(trx, event.networkId, event.id, participationOfPool(pool));
			if (!next) break;
			takeSeat(c, next.participation);
			const { token, hash } = newToken();
			const link = registrationLink(sc.publicOrigin, sc.network.slug, token, asLocale(next.locale, 'sv'));
			const to = recipientOf(next);
			if (event.promotionMode === 'offer') {
				// An offer never runs past the event's start: a seat offered "until tomorrow" for a training
				// that begins tonight would be answered after it began.
				const expiresAt = new Date(Math.min(sc.now.getTime() + event.offerHours * 3_600_000, event.startAt.getTime()));
				await registrations.setRegistrationStatus(
					trx,
					event.networkId,
					next.id,
					{ status: 'offered', waitingPosition: null, offerExpiresAt: expiresAt, tokenHash: hash },
					sc.now
				);
				await queueEventMail(trx, sc, event, to, 'event-offer', { expiresAt, link });
			} else {
				await registrations.setRegistrationStatus(
					trx,
					event.networkId,
					next.id,
					{ status: 'registered', waitingPosition: null, tokenHash: hash },
					sc.now
				);
				await queueEventMail(trx, sc, event, to, 'event-promoted', { link });
			}
			promoted.push(next.id);
		}
	}
	return promoted;
}

/**
 * Cancels a registration inside the caller's transaction, which holds the event's row lock: frees
 * its seat, gives it to the first waiting, and writes the counters. The caller audits who did it.
 * Returns how many people were promoted (their mails are queued; flush after commit).
 */
export async function cancelLocked(
	trx: Kysely<Database>,
	sc: SeatContext,
	event: EventRecord,
	registration: registrations.RegistrationRecord,
	now: Date
): Promise<number> {
	const c = countersOf(event);
	if (seatHoldingStatuses.includes(registration.status)) releaseSeat(c, registration.participation);
	await registrations.setRegistrationStatus(
		trx,
		event.networkId,
		registration.id,
		{ status: 'cancelled', waitingPosition: null, offerExpiresAt: null, cancelledAt: now },
		now
	);
	const promoted = await fillFreedSeats(trx, sc, event, c);
	await writeCounters(trx, event, c);
	return promoted.length;
}

function participationOfPool(pool: SeatPool): Participation | null {
	return pool === 'all' ? null : pool;
}

/**
 * The job's part of the offer mode: offers whose time ran out are withdrawn (the registration is
 * cancelled) and the seat passes to the next on the waiting list, each in its own transaction with
 * the event locked. The next one's mail carries the invite as a promotion by staff or by a
 * cancellation does: the job's seat context has the invites like every other.
 * Returns how many offers expired.
 */
export async function expireOffers(
	db: Kysely<Database>,
	now: Date,
	options: { publicOrigin: string; mail?: Pick<Mailer, 'enqueue'>; batchSize?: number }
): Promise<number> {
	const mail = options.mail ?? {
		enqueue: (trx: Kysely<Database>, m: Parameters<Mailer['enqueue']>[1]) => enqueueMail(trx, m, now)
	};
	const networks = new Map((await listOpenNetworks(db)).map((n) => [n.id, n]));
	let expired = 0;
	for (;;) {
		const due = await registrations.listExpiredOffers(db, now, options.batchSize ?? 200);
		let progressed = false;
		for (const offer of due) {
			const network = networks.get(offer.networkId);
			if (!network) continue;
			const done = await db.transaction().execute(async (trx) => {
				const event = await lockEvent(trx, network.id, offer.eventId);
				const registration = await registrations.findRegistration(trx, network.id, offer.id);
				if (!event || !registration || registration.status !== 'offered') return false;
				if (!registration.offerExpiresAt || registration.offerExpiresAt > now) return false;
				const c = countersOf(event);
				releaseSeat(c, registration.participation);
				await registrations.setRegistrationStatus(
					trx,
					network.id,
					registration.id,
					{ status: 'cancelled', cancelledAt: now },
					now
				);
				await fillFreedSeats(trx, seatContext({ network, now, mail, publicOrigin: options.publicOrigin }), event, c);
				await writeCounters(trx, event, c);
				return true;
			});
			if (done) {
				expired += 1;
				progressed = true;
			}
		}
		if (!progressed || due.length < (options.batchSize ?? 200)) break;
	}
	return expired;
}
