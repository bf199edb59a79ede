import ical, {
	escape,
	ICalAlarmType,
	ICalAttendeeRole,
	ICalAttendeeStatus,
	ICalCalendarMethod,
	ICalEventStatus,
	type ICalCalendar
} from 'ical-generator';
import { m } from '#lib/paraglide/messages.js';
import type { Locale } from '../platform/context.ts';
import type { MeetingStatus } from './model.ts';

/**
 * iCalendar output for team meetings (docs/decisions/022-meeting-calendars.md): the invitation and
 * its updates (METHOD:REQUEST), the cancellation (METHOD:CANCEL), one meeting's file and a member's
 * personal feed (METHOD:PUBLISH).
 *
 * Every occurrence is its own VEVENT with a UID that never changes (the meeting's id) and the
 * meeting's `sequence` as SEQUENCE, so a calendar updates the entry it has. Times are written in
 * UTC: each occurrence was already turned from the network's wall clock into an instant when it was
 * made (meetings/recurrence.ts), there is no RRULE for a client to expand, so no zone rules are
 * needed and nothing depends on the server's `TZ`. ical-generator escapes TEXT values and folds
 * lines at 75 octets without splitting a character.
 */

/** How long before a meeting the calendar reminds, in seconds. */
export const REMINDER_SECONDS = 30 * 60;

export interface CalendarMeeting {
	id: string;
	title: string;
	startAt: Date;
	endAt: Date;
	place: string | null;
	/** Written only when the reader is invited; the caller decides. */
	videoLink: string | null;
	status: MeetingStatus;
	sequence: number;
	updatedAt: Date;
	/** The meeting's page in the app, in the reader's language. */
	url: string;
}

export interface CalendarNetwork {
	slug: string;
	name: string;
	contactEmail: string;
}

export interface CalendarPerson {
	name: string;
	email: string;
}

export interface CalendarFile {
	filename: string;
	contentType: string;
	content: string;
}

/** Stable for the life of the occurrence, whatever is changed on it (moved, renamed, cancelled). */
export function meetingUid(meetingId: string): string {
	return `meeting-${meetingId}@samverkan`;
}

/**
 * The SEQUENCE a cancellation carries: above the last invitation's, or calendars ignore it. A
 * meeting cancelled in the app has had its sequence raised already; one removed, or an invitation
 * taken back from one person, has not.
 */
export function cancelSequence(meeting: Pick<CalendarMeeting, 'status' | 'sequence'>): number {
	return meeting.status === 'cancelled' ? meeting.sequence : meeting.sequence + 1;
}

type Method = ICalCalendarMethod.REQUEST | ICalCalendarMethod.CANCEL | ICalCalendarMethod.PUBLISH;

function newCalendar(method: Method, name: string | null = null): ICalCalendar {
	return ical({
		prodId: { company: 'Samverkan', product: 'Samverkan meetings', language: 'SV' },
		method,
		// ical-generator writes NAME/X-WR-CALNAME unescaped; a network's name may hold a comma.
		name: name ? escape(name, false) : null
	});
}

interface Options {
	locale: Locale;
	/** The invited person, in a mail's REQUEST or CANCEL. */
	attendee: CalendarPerson | null;
	cancel: boolean;
	stamp: Date;
}

function addMeeting(calendar: ICalCalendar, network: CalendarNetwork, meeting: CalendarMeeting, o: Options): void {
	const cancelled = o.cancel || meeting.status === 'cancelled';
	const lang = { locale: o.locale };
	const description = [
		cancelled ? m.meetings_calendar_ics_cancelled({}, lang) : null,
		!cancelled && meeting.videoLink ? m.meetings_calendar_ics_video({ link: meeting.videoLink }, lang) : null,
		m.meetings_calendar_ics_page({ link: meeting.url }, lang)
	]
		.filter(Boolean)
		.join('\n\n');
	const location = meeting.place ?? (meeting.videoLink && !cancelled ? m.meetings_calendar_ics_online({}, lang) : null);
	const vevent = calendar.createEvent({
		id: meetingUid(meeting.id),
		sequence: o.cancel ? cancelSequence(meeting) : meeting.sequence,
		stamp: o.stamp,
		lastModified: meeting.updatedAt,
		start: meeting.startAt,
		end: meeting.endAt,
		summary: meeting.title,
		description,
		location,
		url: meeting.url,
		organizer: { name: network.name, email: network.contactEmail },
		status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED
	});
	if (o.attendee)
		vevent.createAttendee({
			name: o.attendee.name,
			email: o.attendee.email,
			role: ICalAttendeeRole.REQ,
			// Answers are given in the app ("I can't come"), not by mail to the network's address.
			status: o.cancel ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
			rsvp: false
		});
	if (!cancelled)
		vevent.createAlarm({
			type: ICalAlarmType.display,
			trigger: REMINDER_SECONDS,
			description: meeting.title
		});
}

function file(calendar: ICalCalendar, filename: string, method: Method): CalendarFile {
	return { filename, contentType: `text/calendar; method=${method}; charset=utf-8`, content: calendar.toString() };
}

const day = (meeting: CalendarMeeting) => meeting.startAt.toISOString().slice(0, 10);

/** The invitation (or its update) to one occurrence, attached to a mail to one invited person. */
export function meetingInvite(
	network: CalendarNetwork,
	meeting: CalendarMeeting,
	attendee: CalendarPerson,
	locale: Locale,
	stamp: Date
): CalendarFile {
	const calendar = newCalendar(ICalCalendarMethod.REQUEST);
	addMeeting(calendar, network, meeting, { locale, attendee, cancel: false, stamp });
	return file(calendar, `${network.slug}-meeting-${day(meeting)}.ics`, ICalCalendarMethod.REQUEST);
}

/** Takes the occurrence out of one person's calendar: cancelled, removed, or no longer invited. */
export function meetingCancel(
	network: CalendarNetwork,
	meeting: CalendarMeeting,
	attendee: CalendarPerson,
	locale: Locale,
	stamp: Date
): CalendarFile {
	const calendar = newCalendar(ICalCalendarMethod.CANCEL);
	addMeeting(calendar, network, { ...meeting, videoLink: null }, { locale, attendee, cancel: true, stamp });
	return file(calendar, `${network.slug}-meeting-${day(meeting)}-cancelled.ics`, ICalCalendarMethod.CANCEL);
}

/** One meeting's file to download and open in a calendar. */
export function meetingFile(network: CalendarNetwork, meeting: CalendarMeeting, locale: Locale): CalendarFile {
	const calendar = newCalendar(ICalCalendarMethod.PUBLISH);
	addMeeting(calendar, network, meeting, { locale, attendee: null, cancel: false, stamp: meeting.updatedAt });
	return file(calendar, `${network.slug}-meeting-${day(meeting)}.ics`, ICalCalendarMethod.PUBLISH);
}

/**
 * A member's personal feed: the meetings they are invited to, cancelled ones as STATUS:CANCELLED so
 * a subscribed calendar drops them. The same UIDs as the mails', so an entry added from a mail and
 * the feed's are one. DTSTAMP is each meeting's last change, so an unchanged feed gives the same bytes.
 */
export function memberFeed(
	network: CalendarNetwork,
	meetings: readonly CalendarMeeting[],
	locale: Locale
): CalendarFile {
	const calendar = newCalendar(
		ICalCalendarMethod.PUBLISH,
		m.meetings_calendar_feed_name({ network: network.name }, { locale })
	);
	// Calendar apps ask again after this long (REFRESH-INTERVAL, X-PUBLISHED-TTL); Google and Outlook
	// decide for themselves, within hours.
	calendar.ttl(60 * 60);
	for (const meeting of meetings)
		addMeeting(calendar, network, meeting, { locale, attendee: null, cancel: false, stamp: meeting.updatedAt });
	return file(calendar, `${network.slug}-meetings.ics`, ICalCalendarMethod.PUBLISH);
}
