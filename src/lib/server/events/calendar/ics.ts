import { TZDate } from '@date-fns/tz';
import ical, {
	escape,
	ICalAttendeeRole,
	ICalAttendeeStatus,
	ICalCalendarMethod,
	ICalEventStatus,
	type ICalCalendar
} from 'ical-generator';
import { m } from '#lib/paraglide/messages.js';
import type { Locale } from '../../platform/context.ts';

/**
 * iCalendar output for events (decision 011): the invite attached to the confirmation
 * mail, its cancellation, one event's `.ics` and a network's feed of public events.
 *
 * Times are written as wall-clock times with a TZID and a VTIMEZONE, so a calendar shows 09:00 on
 * both sides of a daylight-saving change and keeps doing so if a country's rules ever change for
 * the future. ical-generator formats a plain `Date` in the *server's* zone when a TZID is set, so
 * every time goes in as a `TZDate` from `@date-fns/tz`, whose local fields are in the event's zone.
 *
 * The video link of a digital event goes only into the personal invite: the feed and the public
 * `.ics` are fetched without signing in, and a link there would let anyone into the meeting.
 */

export const eventTimeZones = ['Europe/Stockholm', 'Europe/Oslo'] as const;
export type EventTimeZone = (typeof eventTimeZones)[number];

export interface CalendarSession {
	start: Date;
	end: Date;
}

export interface CalendarEvent {
	id: string;
	network: { slug: string; name: string };
	title: string;
	/** Plain text; line breaks are kept. */
	description: string;
	/** The whole event; used as the only session when `sessions` is empty or missing. */
	start: Date;
	end: Date;
	/** Several days or parts (a two-day training): one VEVENT each, in this order. */
	sessions?: readonly CalendarSession[];
	timeZone: EventTimeZone;
	/** A street address, or "Digital" for an event that has none. */
	location: string;
	/** Only ever written into the personal invite. */
	videoLink?: string | null;
	/** The public event page. */
	url: string;
	organiser: { name: string; email: string };
	status: 'published' | 'cancelled';
	updatedAt: Date;
	/** Raised by the events service on every change a registrant should see (RFC 5546 SEQUENCE). */
	sequence: number;
}

export interface CalendarAttendee {
	name: string;
	email: string;
	/** The language of the labels added to the description (video link, more information). */
	locale: Locale;
}

export interface CalendarFile {
	filename: string;
	contentType: string;
	content: string;
}

/**
 * The two zones the product supports, written by hand from the EU rules that both Sweden and
 * Norway follow since 1996: summer time from the last Sunday of March at 01:00 UTC (02:00 local)
 * to the last Sunday of October at 01:00 UTC (03:00 local). No dependency, no data files to find
 * at run time, and the test checks the result against Intl for years on both sides.
 */
function vtimezone(tzid: string): string | null {
	if (!(eventTimeZones as readonly string[]).includes(tzid)) return null;
	return [
		'BEGIN:VTIMEZONE',
		`TZID:${tzid}`,
		`X-LIC-LOCATION:${tzid}`,
		'BEGIN:DAYLIGHT',
		'TZOFFSETFROM:+0100',
		'TZOFFSETTO:+0200',
		'TZNAME:CEST',
		'DTSTART:19810329T020000',
		'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
		'END:DAYLIGHT',
		'BEGIN:STANDARD',
		'TZOFFSETFROM:+0200',
		'TZOFFSETTO:+0100',
		'TZNAME:CET',
		'DTSTART:19961027T030000',
		'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
		'END:STANDARD',
		'END:VTIMEZONE'
	].join('\r\n');
}

export function sessionsOf(event: Pick<CalendarEvent, 'start' | 'end' | 'sessions'>): CalendarSession[] {
	return event.sessions && event.sessions.length > 0 ? [...event.sessions] : [{ start: event.start, end: event.end }];
}

/** Stable across re-sends, so a calendar updates the entry it has instead of adding another. */
export function sessionUid(eventId: string, sessionIndex: number): string {
	return `${eventId}-${sessionIndex}@samverkan`;
}

type Method = ICalCalendarMethod.REQUEST | ICalCalendarMethod.CANCEL | ICalCalendarMethod.PUBLISH;

function newCalendar(method: Method, name?: string): ICalCalendar {
	return ical({
		prodId: { company: 'Samverkan', product: 'Samverkan events', language: 'SV' },
		method,
		// ical-generator writes NAME/X-WR-CALNAME unescaped; a network name may contain a comma.
		name: name ? escape(name, false) : null,
		// No calendar-wide zone name: DTSTAMP and LAST-MODIFIED then stay in UTC as RFC 5545 requires,
		// while the generator still writes a VTIMEZONE for every zone the events use.
		timezone: { name: null, generator: vtimezone }
	});
}

interface Personal {
	attendee: CalendarAttendee;
	cancel: boolean;
}

function addEvent(calendar: ICalCalendar, event: CalendarEvent, personal: Personal | null): void {
	const sessions = sessionsOf(event);
	const parts = [event.description.trim()];
	if (personal) {
		const { locale } = personal.attendee;
		if (!personal.cancel && event.videoLink) {
			parts.push(`${m.event_documents_calendar_video_link({}, { locale })}: ${event.videoLink}`);
		}
		parts.push(`${m.event_documents_calendar_more_information({}, { locale })}: ${event.url}`);
	} else {
		// Public output has no reader's language; the URL alone is understood in every one.
		parts.push(event.url);
	}
	const description = parts.filter(Boolean).join('\n\n');
	const cancelled = personal?.cancel || event.status === 'cancelled';
	// A CANCEL must not carry a lower SEQUENCE than the invite it withdraws, or clients ignore it.
	const sequence = personal?.cancel ? event.sequence + 1 : event.sequence;

	sessions.forEach((session, index) => {
		const vevent = calendar.createEvent({
			id: sessionUid(event.id, index),
			sequence,
			stamp: event.updatedAt,
			lastModified: event.updatedAt,
			start: new TZDate(session.start.getTime(), event.timeZone),
			end: new TZDate(session.end.getTime(), event.timeZone),
			timezone: event.timeZone,
			summary: sessions.length > 1 ? `${event.title} (${index + 1}/${sessions.length})` : event.title,
			description,
			location: event.location,
			url: event.url,
			organizer: { name: event.organiser.name, email: event.organiser.email },
			status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED
		});
		if (personal) {
			vevent.createAttendee({
				name: personal.attendee.name,
				email: personal.attendee.email,
				role: ICalAttendeeRole.REQ,
				status: personal.cancel ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
				rsvp: false
			});
		}
	});
}

function file(calendar: ICalCalendar, filename: string, method: Method): CalendarFile {
	return {
		filename,
		contentType: `text/calendar; method=${method}; charset=utf-8`,
		content: calendar.toString()
	};
}

/** The confirmation mail's attachment: the registrant is already confirmed, so no RSVP is asked. */
export function eventInvite(event: CalendarEvent, attendee: CalendarAttendee): CalendarFile {
	const calendar = newCalendar(ICalCalendarMethod.REQUEST);
	addEvent(calendar, event, { attendee, cancel: false });
	return file(calendar, `${event.network.slug}-${event.id}.ics`, ICalCalendarMethod.REQUEST);
}

/**
 * Withdraws the invite from the registrant's calendar: when they cancel, are moved off the event,
 * or the event is cancelled. Same UIDs as the invite.
 */
export function cancelledInvite(event: CalendarEvent, attendee: CalendarAttendee): CalendarFile {
	const calendar = newCalendar(ICalCalendarMethod.CANCEL);
	addEvent(calendar, event, { attendee, cancel: true });
	return file(calendar, `${event.network.slug}-${event.id}-cancelled.ics`, ICalCalendarMethod.CANCEL);
}

/** One event's public `.ics` (the "add to calendar" link on the event page). */
export function eventFile(event: CalendarEvent): CalendarFile {
	const calendar = newCalendar(ICalCalendarMethod.PUBLISH);
	addEvent(calendar, event, null);
	return file(calendar, `${event.network.slug}-${event.id}.ics`, ICalCalendarMethod.PUBLISH);
}

/**
 * `/{network}/events.ics`: the events the caller has chosen as public (published, and cancelled
 * ones so subscribed calendars drop them), without video links.
 */
export function publicFeed(network: { slug: string; name: string }, events: readonly CalendarEvent[]): CalendarFile {
	const calendar = newCalendar(ICalCalendarMethod.PUBLISH, network.name);
	calendar.ttl(60 * 60);
	for (const event of events) addEvent(calendar, event, null);
	return file(calendar, `${network.slug}-events.ics`, ICalCalendarMethod.PUBLISH);
}
