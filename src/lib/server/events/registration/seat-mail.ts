import type { Kysely } from 'kysely';
import type { Mailer, NetworkRef } from '../../platform/context.ts';
import type { Database } from '../../platform/db/schema.ts';
import { seatInvites, type KnownAttendees, type SeatInvites } from '../calendar/invites.ts';
import type { EventRecord } from '../events-repository.ts';
import { renderEventMail, type EventMailKind, type EventMailParams } from '../mail.ts';
import type { Participation } from '../model.ts';
import type { RegistrationRecord } from '../registrations-repository.ts';
import { asLocale } from './links.ts';

/**
 * What a change of seats needs to write its mails, and the mails themselves. Every mail that gives
 * someone a seat carries the calendar invite, and every one that takes a seat away its
 * cancellation: the invites are part of the context, so no caller (a route, a staff action, the
 * offer job) can leave them out.
 */
export interface SeatContext {
	network: NetworkRef;
	now: Date;
	mail: Pick<Mailer, 'enqueue'>;
	publicOrigin: string;
	/** The .ics invite (or its cancellation) of the mails that give or take a seat (calendar/invites.ts). */
	invites: SeatInvites;
}

/**
 * The seat context of a service context, a public one or a job's. `known` is what the caller
 * read before the transaction, so the invites read less inside it (calendar/invites.ts).
 */
export function seatContext(
	ctx: { network: NetworkRef; now: Date; mail: Pick<Mailer, 'enqueue'>; publicOrigin: string },
	known?: KnownAttendees
): SeatContext {
	return {
		network: ctx.network,
		now: ctx.now,
		mail: ctx.mail,
		publicOrigin: ctx.publicOrigin,
		invites: seatInvites(ctx.network, ctx.publicOrigin, known)
	};
}

/** The mails a change of seats sends; the reminder is the scheduled job's. */
type SeatMailKind = Exclude<EventMailKind, 'event-reminder'>;

/** Who a mail about a registration goes to: its address, language, pool, and the registration. */
export function recipientOf(r: Pick<RegistrationRecord, 'id' | 'email' | 'locale' | 'participation'>) {
	return { email: r.email, locale: r.locale, registrationId: r.id, participation: r.participation };
}

export async function queueEventMail<K extends SeatMailKind>(
	trx: Kysely<Database>,
	sc: SeatContext,
	event: EventRecord,
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
		givesSeat || takesSeat
			? await sc.invites({ event, registrationId: to.registrationId, locale, trx, withdraw: takesSeat })
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
