import type { Kysely } from 'kysely';
import { m } from '#lib/paraglide/messages.js';
import type { Locale, NetworkRef } from '../../platform/context.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { MailAttachment } from '../../platform/mail/outbox.ts';
import { listSessions } from '../event-parts-repository.ts';
import type { EventRecord } from '../events-repository.ts';
import type { Participation } from '../model.ts';
import { plainDescription } from '../public/sanitise.ts';
import { eventPageLink } from '../registration/links.ts';
import { findRegistration } from '../registrations-repository.ts';
import {
	cancelledInvite,
	eventInvite,
	eventTimeZones,
	type CalendarEvent,
	type CalendarFile,
	type EventTimeZone
} from './ics.ts';

/**
 * The calendar invite attached to the mails that give someone a seat, and its cancellation for
 * those that take one away (docs/product.md#events-registration). Every seat context carries one
 * (registration/seat-mail.ts), so no seat change mails without it.
 *
 * The seat decision builds its mails inside the transaction that decides the seat and calls the
 * invite there, handing it that transaction: any read it makes must use it (on SQLite the
 * transaction holds the only connection; on PostgreSQL another connection would not see the row
 * being written).
 */

/** The calendar files of a seat mail; none for a mail that neither gives nor takes a seat. */
export type SeatInvites = (input: {
	event: EventRecord;
	registrationId: string;
	locale: Locale;
	/** The mail takes a seat away (the event or the registration cancelled): the invite's CANCEL. */
	withdraw: boolean;
	/** The transaction the mail is written in: any read must use it (SQLite has one connection). */
	trx: Kysely<Database>;
}) => MailAttachment[] | Promise<MailAttachment[]>;

type Sessions = { startAt: Date; endAt: Date }[];

/** Whom an invite names, and whether it carries the video link. */
export interface Attendee {
	name: string;
	email: string;
	participation: Participation;
}

/**
 * What a caller already knows before the seat decision's transaction, so the invite reads less
 * inside it: the event's sessions, and the people a seat mail may go to. Given `people`, anyone not
 * among them (a waiting list that grew between the read and the change) gets the mail without the
 * invite rather than no mail; without it, the person is read in the mail's transaction.
 */
export interface KnownAttendees {
	sessions?: Sessions;
	people?: (registrationId: string) => Attendee | undefined;
}

function zoneOf(network: NetworkRef): EventTimeZone {
	return (eventTimeZones as readonly string[]).includes(network.timeZone)
		? (network.timeZone as EventTimeZone)
		: network.country === 'NO'
			? 'Europe/Oslo'
			: 'Europe/Stockholm';
}

/**
 * RFC 5546 SEQUENCE from the last change: grows with every change a registrant should see, and
 * stays below 2^31 for decades (seconds since 2024).
 */
function sequenceOf(updatedAt: Date): number {
	return Math.max(0, Math.floor(updatedAt.getTime() / 1000) - 1_704_067_200);
}

/** An event as the calendar files read it. `videoLink` only for a personal invite. */
export function calendarEventOf(
	network: NetworkRef,
	event: EventRecord,
	sessions: Sessions,
	publicOrigin: string,
	options: { videoLink?: string | null; locale?: Locale } = {}
): CalendarEvent {
	return {
		id: event.id,
		network: { slug: network.slug, name: network.name },
		title: event.title,
		description: plainDescription(event.descriptionHtml),
		start: event.startAt,
		end: event.endAt,
		sessions: sessions.map((s) => ({ start: s.startAt, end: s.endAt })),
		timeZone: zoneOf(network),
		location:
			event.format !== 'digital' && event.address
				? event.address
				: m.events_public_calendar_location_digital({}, { locale: options.locale ?? network.defaultLocale }),
		videoLink: options.videoLink ?? null,
		url: eventPageLink(publicOrigin, network.slug, event.id, options.locale),
		organiser: { name: network.name, email: network.contactEmail },
		status: event.status === 'cancelled' ? 'cancelled' : 'published',
		updatedAt: event.updatedAt,
		sequence: sequenceOf(event.updatedAt)
	};
}

function toAttachment(file: CalendarFile): MailAttachment {
	return {
		filename: file.filename,
		contentType: file.contentType,
		contentBase64: Buffer.from(file.content, 'utf8').toString('base64')
	};
}

async function storedAttendee(trx: Kysely<Database>, networkId: string, registrationId: string) {
	const person = await findRegistration(trx, networkId, registrationId);
	return person && !person.erasedAt ? person : undefined;
}

/**
 * The invites of a network's seat mails: the personal invite for whoever the mail gives a seat to
 * (with the video link when they take part online), or its cancellation when the mail takes the
 * seat away. What `known` does not say is read in the mail's transaction.
 */
export function seatInvites(network: NetworkRef, publicOrigin: string, known: KnownAttendees = {}): SeatInvites {
	return async ({ event, registrationId, locale, trx, withdraw }) => {
		const person = known.people ? known.people(registrationId) : await storedAttendee(trx, network.id, registrationId);
		if (!person) return [];
		const sessions = known.sessions ?? (await listSessions(trx, network.id, event.id));
		const calendarEvent = calendarEventOf(network, event, sessions, publicOrigin, {
			locale,
			videoLink: !withdraw && person.participation === 'digital' ? event.videoLink : null
		});
		const attendee = { name: person.name, email: person.email, locale };
		return [toAttachment(withdraw ? cancelledInvite(calendarEvent, attendee) : eventInvite(calendarEvent, attendee))];
	};
}
