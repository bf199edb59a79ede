import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
	cancelledInvite,
	eventFile,
	eventInvite,
	publicFeed,
	type CalendarAttendee,
	type CalendarEvent,
	type EventTimeZone
} from './ics.ts';

const network = { slug: 'kompetensteam-vast', name: 'Kompetensteam Väst, Göteborg; Borås' };

function event(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
	return {
		id: 'evt_42',
		network,
		title: 'Utbildning om hedersrelaterat våld',
		description: 'Om förtryck, våld; och stöd.\nAndra raden.',
		start: new Date('2026-10-27T08:00:00Z'),
		end: new Date('2026-10-27T15:00:00Z'),
		timeZone: 'Europe/Stockholm',
		location: 'Storgatan 1, Göteborg',
		videoLink: 'https://video.example.org/secret-room-123',
		url: 'https://samverkan.example.org/kompetensteam-vast/events/evt_42',
		organiser: { name: 'Kompetensteam Väst', email: 'kontakt@example.org' },
		status: 'published',
		updatedAt: new Date('2026-09-01T10:00:00Z'),
		sequence: 2,
		...overrides
	};
}

const attendee: CalendarAttendee = { name: 'Østby, Åse', email: 'ase@example.org', locale: 'sv' };

/** Parses with ical.js and registers the file's own VTIMEZONEs, so times are resolved by them. */
function parse(content: string) {
	const calendar = new ICAL.Component(ICAL.parse(content));
	for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) {
		ICAL.TimezoneService.register(vtimezone);
	}
	const events = calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
	return { calendar, events };
}

afterEach(() => ICAL.TimezoneService.reset());

/** Stockholm/Oslo wall-clock time of an instant, from Intl (the tz database), for comparison. */
function wallClock(date: Date, timeZone: EventTimeZone): string {
	return new Intl.DateTimeFormat('sv-SE', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit'
	}).format(date);
}

describe('time zones', () => {
	it('writes 09:00 Stockholm on both sides of the October change, with the right UTC instant', () => {
		// Summer time ends on Sunday 25 October 2026.
		const before = event({ start: new Date('2026-10-24T07:00:00Z'), end: new Date('2026-10-24T09:00:00Z') });
		const after = event({
			id: 'evt_43',
			start: new Date('2026-10-26T08:00:00Z'),
			end: new Date('2026-10-26T10:00:00Z')
		});
		const { content } = publicFeed(network, [before, after]);

		expect(content).toContain('DTSTART;TZID=Europe/Stockholm:20261024T090000');
		expect(content).toContain('DTSTART;TZID=Europe/Stockholm:20261026T090000');
		expect(content).toContain('BEGIN:VTIMEZONE');

		const { events } = parse(content);
		expect(events).toHaveLength(2);
		expect(events[0].component.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Europe/Stockholm');
		expect(events[0].startDate.toJSDate().toISOString()).toBe('2026-10-24T07:00:00.000Z');
		expect(events[0].endDate.toJSDate().toISOString()).toBe('2026-10-24T09:00:00.000Z');
		expect(events[1].startDate.toJSDate().toISOString()).toBe('2026-10-26T08:00:00.000Z');
		expect(events[1].endDate.toJSDate().toISOString()).toBe('2026-10-26T10:00:00.000Z');
	});

	it('does not depend on the server time zone', () => {
		const previous = process.env.TZ;
		process.env.TZ = 'America/New_York';
		try {
			const { content } = eventFile(
				event({ start: new Date('2026-03-30T07:00:00Z'), end: new Date('2026-03-30T08:00:00Z') })
			);
			expect(content).toContain('DTSTART;TZID=Europe/Stockholm:20260330T090000');
		} finally {
			if (previous === undefined) delete process.env.TZ;
			else process.env.TZ = previous;
		}
	});

	it('agrees with the tz database around every change from 2025 to 2035, in both zones', () => {
		const zones: EventTimeZone[] = ['Europe/Stockholm', 'Europe/Oslo'];
		const instants: Date[] = [];
		for (let year = 2025; year <= 2035; year++) {
			for (const month of [2, 9]) {
				// The last Sunday of March / October and the days either side, at several hours. Not the
				// hour 02:00–03:00 local of the October night, which happens twice: a wall-clock time with
				// a TZID cannot say which (RFC 5545 means the first, ical.js reads the second), and no
				// event is held then.
				const lastDay = new Date(Date.UTC(year, month + 1, 0));
				const sunday = lastDay.getUTCDate() - lastDay.getUTCDay();
				for (const day of [sunday - 1, sunday, sunday + 1]) {
					for (const hour of [2, 3, 8, 22]) instants.push(new Date(Date.UTC(year, month, day, hour)));
				}
			}
		}
		for (const timeZone of zones) {
			const events = instants.map((start, index) =>
				event({ id: `e${index}`, timeZone, start, end: new Date(start.getTime() + 3_600_000) })
			);
			const parsed = parse(publicFeed(network, events).content).events;
			parsed.forEach((vevent, index) => {
				expect(vevent.startDate.toJSDate().toISOString()).toBe(instants[index].toISOString());
				const local = vevent.startDate;
				const text = `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')} ${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
				expect(text).toBe(wallClock(instants[index], timeZone));
			});
			ICAL.TimezoneService.reset();
		}
	});

	it('writes Oslo events with their own TZID', () => {
		const { content } = eventFile(event({ timeZone: 'Europe/Oslo' }));
		expect(content).toContain('TZID:Europe/Oslo');
		expect(parse(content).events[0].startDate.toJSDate().toISOString()).toBe('2026-10-27T08:00:00.000Z');
	});

	it('keeps DTSTAMP and LAST-MODIFIED in UTC', () => {
		const { content } = eventFile(event());
		expect(content).toContain('DTSTAMP:20260901T100000Z');
		expect(content).toContain('LAST-MODIFIED:20260901T100000Z');
	});
});

describe('sessions', () => {
	it('gives a two-day training two VEVENTs with stable UIDs', () => {
		const training = event({
			sessions: [
				{ start: new Date('2026-10-27T08:00:00Z'), end: new Date('2026-10-27T15:00:00Z') },
				{ start: new Date('2026-10-28T08:00:00Z'), end: new Date('2026-10-28T12:00:00Z') }
			]
		});
		const { events } = parse(eventFile(training).content);
		expect(events.map((e) => e.uid)).toEqual(['evt_42-0@samverkan', 'evt_42-1@samverkan']);
		expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual([
			'2026-10-27T08:00:00.000Z',
			'2026-10-28T08:00:00.000Z'
		]);
		expect(events[1].endDate.toJSDate().toISOString()).toBe('2026-10-28T12:00:00.000Z');
		expect(events[0].summary).toBe('Utbildning om hedersrelaterat våld (1/2)');
		expect(parse(eventFile(training).content).events.map((e) => e.uid)).toEqual(events.map((e) => e.uid));
	});
});

describe('video link', () => {
	it('never appears in the public feed or the public event file', () => {
		for (const { content } of [publicFeed(network, [event(), event({ id: 'evt_2' })]), eventFile(event())]) {
			expect(content.replace(/\r\n[ \t]/g, '')).not.toContain('secret-room-123');
			expect(parse(content).calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
		}
	});

	it('is in the personal invite, but not in the cancellation', () => {
		expect(parse(eventInvite(event(), attendee).content).events[0].description).toContain(
			'Videolänk: https://video.example.org/secret-room-123'
		);
		expect(cancelledInvite(event(), attendee).content.replace(/\r\n[ \t]/g, '')).not.toContain('secret-room-123');
	});
});

describe('invite and cancellation', () => {
	it('is a METHOD:REQUEST with the attendee and the organiser', () => {
		const invite = eventInvite(event(), attendee);
		expect(invite.contentType).toBe('text/calendar; method=REQUEST; charset=utf-8');
		expect(invite.filename).toBe('kompetensteam-vast-evt_42.ics');
		const { calendar, events } = parse(invite.content);
		expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
		const [vevent] = events;
		expect(vevent.attendees).toHaveLength(1);
		expect(String(vevent.attendees[0].getFirstValue()).toLowerCase()).toBe('mailto:ase@example.org');
		expect(vevent.attendees[0].getParameter('cn')).toBe('Østby, Åse');
		expect(vevent.attendees[0].getParameter('partstat')).toBe('ACCEPTED');
		expect(vevent.organizer.toLowerCase()).toBe('mailto:kontakt@example.org');
		expect(vevent.sequence).toBe(2);
		expect(vevent.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
	});

	it('is cancelled with METHOD:CANCEL, the same UIDs and a higher SEQUENCE', () => {
		const training = event({
			sessions: [
				{ start: new Date('2026-10-27T08:00:00Z'), end: new Date('2026-10-27T15:00:00Z') },
				{ start: new Date('2026-10-28T08:00:00Z'), end: new Date('2026-10-28T12:00:00Z') }
			]
		});
		const invite = parse(eventInvite(training, attendee).content);
		ICAL.TimezoneService.reset();
		const cancel = cancelledInvite(training, attendee);
		expect(cancel.contentType).toBe('text/calendar; method=CANCEL; charset=utf-8');
		const parsed = parse(cancel.content);
		expect(parsed.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
		expect(parsed.events.map((e) => e.uid)).toEqual(invite.events.map((e) => e.uid));
		for (const vevent of parsed.events) {
			expect(vevent.sequence).toBeGreaterThan(2);
			expect(vevent.component.getFirstPropertyValue('status')).toBe('CANCELLED');
			expect(String(vevent.attendees[0].getFirstValue()).toLowerCase()).toBe('mailto:ase@example.org');
		}
	});

	it('writes the labels in the attendee’s language', () => {
		const description = parse(eventInvite(event(), { ...attendee, locale: 'nb' }).content).events[0].description;
		expect(description).toContain('Videolenke: https://video.example.org/secret-room-123');
		expect(description).toContain('Mer informasjon: https://samverkan.example.org/');
	});

	it('marks a cancelled event as cancelled in the public feed', () => {
		const { events } = parse(publicFeed(network, [event({ status: 'cancelled' })]).content);
		expect(events[0].component.getFirstPropertyValue('status')).toBe('CANCELLED');
	});
});

describe('text', () => {
	const title = 'Æresrelatert vold, tvangsekteskap; og negativ sosial kontroll – å møte barn og familier i Øst-Viken';
	const description =
		'Välkommen! Vi går igenom: skydd, stöd; samverkan.\nAndra raden med å, ä, ö, æ, ø, Å, Ä, Ö, Æ, Ø.\n\nEn backslash \\ också. ' +
		'En lång rad som måste vikas flera gånger eftersom den är mycket längre än sjuttiofem oktetter i UTF-8, särskilt med åäöæø.';

	it('escapes commas, semicolons, backslashes and newlines and folds at 75 octets without splitting characters', () => {
		const { content } = eventFile(event({ title, description, location: 'Storgata 5, 0155 Oslo' }));
		const lines = content.split('\r\n');
		for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
		expect(lines.some((line) => line.startsWith(' '))).toBe(true);
		// No physical line may cut a character in two (a lone surrogate would show as U+FFFD).
		for (const line of lines) expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
		expect(content.replace(/\r\n[ \t]/g, '')).toContain('SUMMARY:Æresrelatert vold\\, tvangsekteskap\\; og');

		const [vevent] = parse(content).events;
		expect(vevent.summary).toBe(title);
		expect(vevent.description).toBe(
			`${description.trim()}\n\nhttps://samverkan.example.org/kompetensteam-vast/events/evt_42`
		);
		expect(vevent.location).toBe('Storgata 5, 0155 Oslo');
	});

	it('names the feed after the network, escaped', () => {
		// NAME is TEXT (RFC 7986) and X-WR-CALNAME is read as TEXT by calendar apps; ical.js knows
		// neither and returns them as written, so the escaped lines are what is checked.
		const lines = publicFeed(network, [event()])
			.content.replace(/\r\n[ \t]/g, '')
			.split('\r\n');
		expect(lines).toContain('NAME:Kompetensteam Väst\\, Göteborg\\; Borås');
		expect(lines).toContain('X-WR-CALNAME:Kompetensteam Väst\\, Göteborg\\; Borås');
	});
});
