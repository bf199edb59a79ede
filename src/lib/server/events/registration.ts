import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { localizedPath } from '#lib/i18n.ts';
import { listOpenNetworks } from '../networks/index.ts';
import type { Locale, Mailer, NetworkRef } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { enqueueMail, type MailAttachment } from '../platform/mail/outbox.ts';
import { freeSeats, poolsOf, seatHoldingStatuses, seatPool, type Participation, type SeatPool } from './model.ts';
import * as repo from './repository.ts';
import { renderEventMail, type EventMailKind, type EventMailParams } from './mail.ts';

/**
 * The seat decision (docs/product.md#events-registration-rush, decision 012). Every change of an event's seats or waiting list runs inside one
 * transaction that first locks the event row (`repo.lockEvent`: SELECT … FOR UPDATE on PostgreSQL;
 * SQLite's BEGIN IMMEDIATE writer transaction runs alone anyway), decides on the counters it read,
 * writes the registration, the counters and the outbox row, and commits them together. So capacity
 * is never exceeded, a waiting-list ticket is never given twice, and a mail exists exactly when the
 * change it tells about does — a crash before the commit leaves neither, after it both.
 *
 * Invariant kept by every function here: while a pool has a free seat, nobody waits for it — a
 * seat freed by a cancellation, an expired offer or a raised capacity goes to the first on the
 * waiting list in the same transaction.
 */

// ---------------------------------------------------------------- personal links

/** A personal-link token (256 bits) and its SHA-256, the only thing stored. */
export function newToken(): { token: string; hash: string } {
	const token = randomBytes(32).toString('base64url');
	return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export function registrationLink(publicOrigin: string, slug: string, token: string, locale: Locale): string {
	const path = `/${encodeURIComponent(slug)}/events/registration/${encodeURIComponent(token)}`;
	return `${publicOrigin.replace(/\/+$/, '')}${localizedPath(path, locale)}`;
}

/** The public page of an event (also where members-only events are, for members). */
export function eventPageLink(publicOrigin: string, slug: string, eventId: string, locale?: Locale): string {
	const path = `/${encodeURIComponent(slug)}/events/${encodeURIComponent(eventId)}`;
	return `${publicOrigin.replace(/\/+$/, '')}${localizedPath(path, locale)}`;
}

// Finnish too: a registration made on the Finnish public pages (docs/decisions/019-public-languages.md).
const locales: readonly Locale[] = ['sv', 'nb', 'en', 'fi'];
export function asLocale(value: string, fallback: Locale): Locale {
	return locales.includes(value as Locale) ? (value as Locale) : fallback;
}

// ---------------------------------------------------------------- what a seat change needs

/**
 * Builds the calendar attachments (.ics) of a mail that gives someone a seat. Written elsewhere
 * (`calendar.ts`); the seat decision only passes them into the confirmation and promotion mails.
 */
export type AttachmentsFor = (input: {
	event: repo.EventRecord;
	registrationId: string;
	locale: Locale;
	/** The mail takes a seat away (the event or the registration cancelled): the invite's CANCEL. */
	withdraw: boolean;
	/** The transaction the mail is written in: any read must use it (SQLite has one connection). */
	trx: Kysely<Database>;
}) => MailAttachment[] | Promise<MailAttachment[]>;

export interface SeatContext {
	network: NetworkRef;
	now: Date;
	mail: Pick<Mailer, 'enqueue'>;
	publicOrigin: string;
	/** The .ics invite for confirmation and promotion mails; none when not given. */
	attachments?: AttachmentsFor;
}

/** The counters of a locked event, changed in memory and written once before commit. */
export interface Counters {
	seatsTaken: number;
	seatsTakenOnSite: number;
	seatsTakenDigital: number;
	waitingLast: number;
}

export function countersOf(event: repo.EventRecord): Counters {
	return {
		seatsTaken: event.seatsTaken,
		seatsTakenOnSite: event.seatsTakenOnSite,
		seatsTakenDigital: event.seatsTakenDigital,
		waitingLast: event.waitingLast
	};
}

function withCounters(event: repo.EventRecord, c: Counters): repo.EventRecord {
	return { ...event, ...c };
}

/** Whether the pool of this participation has a seat left. */
export function hasSeat(event: repo.EventRecord, c: Counters, participation: Participation): boolean {
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

export async function writeCounters(trx: Kysely<Database>, event: repo.EventRecord, c: Counters): Promise<void> {
	const before = countersOf(event);
	if (
		before.seatsTaken === c.seatsTaken &&
		before.seatsTakenOnSite === c.seatsTakenOnSite &&
		before.seatsTakenDigital === c.seatsTakenDigital &&
		before.waitingLast === c.waitingLast
	)
		return;
	await repo.setSeatCounters(trx, event.networkId, event.id, c);
}

/**
 * What a registration form gives the row: the address as one spelling, needs only for those on
 * site. The public form and staff adding someone by hand share it.
 */
export function registrantValues(
	input: Omit<repo.RegistrantValues, 'participation' | 'locale' | 'userId' | 'needsDiet' | 'needsAccess'> & {
		needsDiet: string | null;
		needsAccess: string | null;
	},
	participation: Participation,
	who: { locale: string; userId: string | null }
): repo.RegistrantValues {
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

// ---------------------------------------------------------------- mails

/** The mails a change of seats sends; the reminder is the scheduled job's. */
type SeatMailKind = Exclude<EventMailKind, 'event-reminder'>;

/** Who a mail about a registration goes to: its address, language, pool, and the registration. */
export function recipientOf(r: Pick<repo.RegistrationRecord, 'id' | 'email' | 'locale' | 'participation'>) {
	return { email: r.email, locale: r.locale, registrationId: r.id, participation: r.participation };
}

export async function queueEventMail<K extends SeatMailKind>(
	trx: Kysely<Database>,
	sc: SeatContext,
	event: repo.EventRecord,
	to: {
		email: string;
		locale: string;
		registrationId: string;
		participation: Participation;
		/** Had a seat (and so an invite in their calendar) until this mail's change. */
		heldSeat?: boolean;
	},
	kind: K,
	params: EventMailParams[K]
): Promise<void> {
	const locale = asLocale(to.locale, sc.network.defaultLocale);
	const base = {
		networkName: sc.network.name,
		title: event.title,
		startAt: event.startAt,
		endAt: event.endAt,
		timeZone: sc.network.timeZone,
		address: event.format === 'digital' ? null : event.address,
		// The video link only for those who take part online.
		videoLink: to.participation === 'digital' ? event.videoLink : null
	};
	const rendered = renderEventMail(kind, locale, base, params);
	// Those who get a seat get the invite; those who lose one get its cancellation for their calendar.
	const givesSeat = kind === 'event-registered' || kind === 'event-promoted';
	const takesSeat = (kind === 'event-cancelled' || kind === 'event-staff-cancel') && to.heldSeat === true;
	const attachments =
		(givesSeat || takesSeat) && sc.attachments
			? await sc.attachments({ event, registrationId: to.registrationId, locale, trx, withdraw: takesSeat })
			: [];
	await sc.mail.enqueue(trx, {
		networkId: sc.network.id,
		kind,
		to: to.email,
		fromName: sc.network.name,
		...rendered,
		...(attachments.length ? { attachments } : {})
	});
}

// ---------------------------------------------------------------- the decision

export interface Decision {
	status: 'registered' | 'waiting';
	waitingPosition: number | null;
}

/** How many wait in the pool of this participation (the whole list unless the event is hybrid). */
export function waitingBefore(event: repo.EventRecord, participation: Participation): number {
	if (event.format !== 'hybrid') return event.waitingOnSite + event.waitingDigital;
	return participation === 'on_site' ? event.waitingOnSite : event.waitingDigital;
}

/** A seat if the pool has one, else the next waiting-list ticket. Changes `c`; the caller writes it. */
export function decide(event: repo.EventRecord, c: Counters, participation: Participation): Decision {
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
	event: repo.EventRecord,
	c: Counters
): Promise<string[]> {
	const promoted: string[] = [];
	if (event.status !== 'published' || sc.now >= event.startAt) return promoted;
	for (const pool of poolsOf(event.format)) {
		for (;;) {
			const free = freeSeats(withCounters(event, c), pool);
			if (free !== null && free <= 0) break;
			const next = await repo.firstWaiting(trx, event.networkId, event.id, participationOfPool(pool));
			if (!next) break;
			takeSeat(c, next.participation);
			const { token, hash } = newToken();
			const link = registrationLink(sc.publicOrigin, sc.network.slug, token, asLocale(next.locale, 'sv'));
			const to = recipientOf(next);
			if (event.promotionMode === 'offer') {
				// An offer never runs past the event's start: a seat offered "until tomorrow" for a training
				// that begins tonight would be answered after it began.
				const expiresAt = new Date(Math.min(sc.now.getTime() + event.offerHours * 3_600_000, event.startAt.getTime()));
				await repo.setRegistrationStatus(
					trx,
					event.networkId,
					next.id,
					{ status: 'offered', waitingPosition: null, offerExpiresAt: expiresAt, tokenHash: hash },
					sc.now
				);
				await queueEventMail(trx, sc, event, to, 'event-offer', { expiresAt, link });
			} else {
				await repo.setRegistrationStatus(
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
	event: repo.EventRecord,
	registration: repo.RegistrationRecord,
	now: Date
): Promise<number> {
	const c = countersOf(event);
	if (seatHoldingStatuses.includes(registration.status)) releaseSeat(c, registration.participation);
	await repo.setRegistrationStatus(
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
 * the event locked. Returns how many offers expired.
 */
export async function expireOffers(
	db: Kysely<Database>,
	now: Date,
	options: { publicOrigin: string; mail?: Pick<Mailer, 'enqueue'>; attachments?: AttachmentsFor; batchSize?: number }
): Promise<number> {
	const mail = options.mail ?? {
		enqueue: (trx: Kysely<Database>, m: Parameters<Mailer['enqueue']>[1]) => enqueueMail(trx, m, now)
	};
	const networks = new Map((await listOpenNetworks(db)).map((n) => [n.id, n]));
	let expired = 0;
	for (;;) {
		const due = await repo.listExpiredOffers(db, now, options.batchSize ?? 200);
		let progressed = false;
		for (const offer of due) {
			const network = networks.get(offer.networkId);
			if (!network) continue;
			const done = await db.transaction().execute(async (trx) => {
				const event = await repo.lockEvent(trx, network.id, offer.eventId);
				const registration = await repo.findRegistration(trx, network.id, offer.id);
				if (!event || !registration || registration.status !== 'offered') return false;
				if (!registration.offerExpiresAt || registration.offerExpiresAt > now) return false;
				const c = countersOf(event);
				releaseSeat(c, registration.participation);
				await repo.setRegistrationStatus(
					trx,
					network.id,
					registration.id,
					{ status: 'cancelled', cancelledAt: now },
					now
				);
				await fillFreedSeats(
					trx,
					{ network, now, mail, publicOrigin: options.publicOrigin, attachments: options.attachments },
					event,
					c
				);
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
