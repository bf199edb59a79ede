import type { Kysely } from 'kysely';
import { localizedPath } from '#lib/i18n.ts';
import { m } from '#lib/paraglide/messages.js';
import type { PublicContext } from '../platform/context.ts';
import type { Locale, NetworkRef } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import type { MailAttachment } from '../platform/mail/outbox.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import {
	cancelledInvite,
	eventFile,
	eventInvite,
	eventTimeZones,
	publicFeed,
	type CalendarEvent,
	type CalendarFile,
	type EventTimeZone
} from './calendar.ts';
import { attendanceCertificate, type CertificateFile } from './certificate.ts';
import type { RegistrationForm } from './forms.ts';
import type { LimitRefusal } from './limits.ts';
import { participationFor } from './model.ts';
import { plainDescription } from './public-service.ts';
import { waitingHead } from './public-repository.ts';
import { asLocale, eventPageLink, hashToken, type AttachmentsFor } from './registration.ts';
import * as repo from './repository.ts';
import {
	acceptOffer,
	cancelRegistration,
	registerForEvent,
	type RegisterOptions,
	type RegistrationOutcome
} from './service.ts';

/**
 * Glue between the routes and the events service: the calendar invite attached to the mails that
 * give someone a seat (and its cancellation for those that take one away), the public `.ics`
 * files, and the certificate.
 *
 * The service builds its mails inside the transaction that decides the seat and calls the
 * `attachments` callback there, handing it that transaction: any read the callback makes must use
 * it (on SQLite the transaction holds the only connection; on PostgreSQL another connection would
 * not see the row being written).
 */

function zoneOf(network: NetworkRef): EventTimeZone {
	return (eventTimeZones as readonly string[]).includes(network.timeZone)
		? (network.timeZone as EventTimeZone)
		: network.country === 'NO'
			? 'Europe/Oslo'
			: 'Europe/Stockholm';
}

/** The public event page, absolute. */
export const eventUrl = eventPageLink;

/**
 * RFC 5546 SEQUENCE from the last change: grows with every change a registrant should see, and
 * stays below 2^31 for decades (seconds since 2024).
 */
function sequenceOf(updatedAt: Date): number {
	return Math.max(0, Math.floor(updatedAt.getTime() / 1000) - 1_704_067_200);
}

type Sessions = { startAt: Date; endAt: Date }[];

/** An event as the calendar module reads it. `videoLink` only for a personal invite. */
export function calendarEventOf(
	network: NetworkRef,
	event: repo.EventRecord,
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
		url: eventUrl(publicOrigin, network.slug, event.id, options.locale),
		organiser: { name: network.name, email: network.contactEmail },
		status: event.status === 'cancelled' ? 'cancelled' : 'published',
		updatedAt: event.updatedAt,
		sequence: sequenceOf(event.updatedAt)
	};
}

export function toAttachment(file: CalendarFile): MailAttachment {
	return {
		filename: file.filename,
		contentType: file.contentType,
		contentBase64: Buffer.from(file.content, 'utf8').toString('base64')
	};
}

type Person = { name: string; email: string; participation: 'on_site' | 'digital' };

/**
 * The `attachments` callback of the service: the personal invite for whoever the mail gives a seat
 * to, looked up among the people read beforehand. Someone not among them (a waiting list that grew
 * between the read and the cancellation) gets the mail without the invite rather than no mail.
 */
export function inviteAttachments(
	network: NetworkRef,
	publicOrigin: string,
	sessions: Sessions,
	people: Map<string, Person> | ((registrationId: string) => Person | undefined)
): AttachmentsFor {
	const find = typeof people === 'function' ? people : (id: string) => people.get(id);
	return ({ event, registrationId, locale }) => {
		const person = find(registrationId);
		if (!person) return [];
		const calendarEvent = calendarEventOf(network, event, sessions, publicOrigin, {
			locale,
			videoLink: person.participation === 'digital' ? event.videoLink : null
		});
		return [toAttachment(eventInvite(calendarEvent, { name: person.name, email: person.email, locale }))];
	};
}

/**
 * The `attachments` callback for mails that staff actions and the event's own changes send (a seat
 * added or freed by hand, a raised capacity, a cancellation): the person and the sessions are read
 * in the mail's transaction, and the file is the invite — or its cancellation when the mail takes
 * the seat away.
 */
export function storedInvites(network: NetworkRef, publicOrigin: string): AttachmentsFor {
	return async ({ event, registrationId, locale, trx, withdraw }) => {
		const person = await repo.findRegistration(trx, network.id, registrationId);
		if (!person || person.erasedAt) return [];
		const sessions = await sessionsOf(trx, network.id, event.id);
		const calendarEvent = calendarEventOf(network, event, sessions, publicOrigin, {
			locale,
			videoLink: !withdraw && person.participation === 'digital' ? event.videoLink : null
		});
		const attendee = { name: person.name, email: person.email, locale };
		return [toAttachment(withdraw ? cancelledInvite(calendarEvent, attendee) : eventInvite(calendarEvent, attendee))];
	};
}

async function sessionsOf(db: Kysely<Database>, networkId: string, eventId: string): Promise<Sessions> {
	return repo.listSessions(db, networkId, eventId);
}

/**
 * Where the registration form sends the browser afterwards: the confirmation page, told only what
 * it says — registered, or waiting (with the place); nothing personal, no token, and nothing that
 * tells a registration again from a new one (decision 013).
 */
export function registeredLocation(
	slug: string,
	eventId: string,
	locale: Locale,
	outcome: RegistrationOutcome
): string {
	const { status, position } = outcome;
	const query = new URLSearchParams({ outcome: status === 'waiting' ? 'waiting' : 'registered' });
	if (status === 'waiting' && position !== null) query.set('position', String(position));
	return `${localizedPath(`/${slug}/events/${eventId}/registered`, locale)}?${query}`;
}

/** Registers with the invite attached to the confirmation (the registrant is the only one who gets a seat). */
export async function registerWithInvite(
	pub: PublicContext,
	eventId: string,
	input: RegistrationForm,
	options: Omit<RegisterOptions, 'attachments'> = {}
): Promise<Result<RegistrationOutcome> | LimitRefusal> {
	// Only those who get a seat get an invite, and only they need the sessions (in a rush most join
	// the waiting list). The participation is the one the service decided on the locked event, so
	// the video link is in the invite exactly when it is in the mail.
	const attachments: AttachmentsFor = async (seat) => {
		const sessions = await sessionsOf(seat.trx, pub.network.id, eventId);
		const person: Person = {
			name: input.name,
			email: input.email.trim().toLowerCase(),
			participation: participationFor(seat.event.format, input.participation)
		};
		return inviteAttachments(pub.network, pub.publicOrigin, sessions, () => person)(seat);
	};
	return registerForEvent(pub, eventId, input, { ...options, attachments });
}

/** How many of the waiting list a cancellation may promote at once (a seat, or a raised pool). */
const PROMOTION_LOOKAHEAD = 50;

/** Cancels through the personal link; whoever gets the freed seat gets the invite with their mail. */
export async function cancelWithInvites(pub: PublicContext, token: string): Promise<Result<{ promoted: number }>> {
	const found = await repo.findRegistrationByTokenHash(pub.db, pub.network.id, hashToken(token));
	if (!found) return cancelRegistration(pub, token);
	const [sessions, head] = await Promise.all([
		sessionsOf(pub.db, pub.network.id, found.eventId),
		waitingHead(pub.db, pub.network.id, found.eventId, PROMOTION_LOOKAHEAD)
	]);
	const people = new Map(head.map((p) => [p.id, p]));
	return cancelRegistration(pub, token, {
		attachments: inviteAttachments(pub.network, pub.publicOrigin, sessions, people)
	});
}

/** Accepts an offered seat; the confirmation carries the invite. */
export async function acceptWithInvite(pub: PublicContext, token: string): Promise<Result<void>> {
	const found = await repo.findRegistrationByTokenHash(pub.db, pub.network.id, hashToken(token));
	if (!found) return acceptOffer(pub, token);
	const sessions = await sessionsOf(pub.db, pub.network.id, found.eventId);
	const people = new Map([[found.id, { name: found.name, email: found.email, participation: found.participation }]]);
	return acceptOffer(pub, token, { attachments: inviteAttachments(pub.network, pub.publicOrigin, sessions, people) });
}

// ---------------------------------------------------------------- public calendar files

/** `/{network}/events.ics`: public events, published and cancelled (so subscribers drop them), no video links. */
export async function publicFeedFile(
	db: Kysely<Database>,
	network: NetworkRef,
	publicOrigin: string
): Promise<CalendarFile> {
	const [published, cancelled] = await Promise.all([
		repo.listEvents(db, network.id, { status: 'published', visibility: 'public' }),
		repo.listEvents(db, network.id, { status: 'cancelled', visibility: 'public' })
	]);
	const events = [...published, ...cancelled].sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
	const withSessions = await Promise.all(
		events.map(async (e) =>
			calendarEventOf(network, e, await sessionsOf(db, network.id, e.id), publicOrigin, { videoLink: null })
		)
	);
	return publicFeed({ slug: network.slug, name: network.name }, withSessions);
}

/** One public event's `.ics`; not found for drafts and members-only events. */
export async function publicEventFile(
	db: Kysely<Database>,
	network: NetworkRef,
	eventId: string,
	publicOrigin: string,
	locale: Locale
): Promise<Result<CalendarFile>> {
	const event = await repo.findEvent(db, network.id, eventId);
	if (!event || event.visibility !== 'public' || event.status === 'draft') return failure('error_events_not_found');
	const sessions = await sessionsOf(db, network.id, eventId);
	return ok(eventFile(calendarEventOf(network, event, sessions, publicOrigin, { videoLink: null, locale })));
}

// ---------------------------------------------------------------- certificate

/** The attendance certificate of the personal page, in the registrant's language; only once attended. */
export async function certificateByToken(pub: PublicContext, token: string): Promise<Result<CertificateFile>> {
	const registration = await repo.findRegistrationByTokenHash(pub.db, pub.network.id, hashToken(token));
	if (!registration) return failure('error_events_registration_not_found');
	if (registration.status !== 'attended') return failure('error_not_found');
	const event = await repo.findEvent(pub.db, pub.network.id, registration.eventId);
	if (!event) return failure('error_events_registration_not_found');
	const sessions = await sessionsOf(pub.db, pub.network.id, event.id);
	const file = await attendanceCertificate({
		locale: asLocale(registration.locale, pub.network.defaultLocale),
		participantName: registration.name,
		eventTitle: event.title,
		networkName: pub.network.name,
		timeZone: pub.network.timeZone,
		sessions: (sessions.length ? sessions : [event]).map((s) => ({ start: s.startAt, end: s.endAt })),
		issuedAt: pub.now,
		reference: registration.id.slice(0, 8).toUpperCase()
	});
	return ok(file);
}
