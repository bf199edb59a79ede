import { m } from '#lib/paraglide/messages.js';
import { formatDateTime, formatDateTimeRange } from '../../format.ts';
import type { Locale } from '../platform/context.ts';
import { composeMail, type MailAction, type RenderedMail } from '../platform/mail/layout.ts';

/** What every event mail names: the event, when and where (in the network's time zone). */
export interface EventMailBase {
	networkName: string;
	title: string;
	startAt: Date;
	/** When it ends: the mail then names the whole span, "10 februari 2027 kl. 09.00–16.00". */
	endAt?: Date;
	timeZone: string;
	/** Null for those who take part online. */
	address: string | null;
	/** The video link is only ever in mails and the personal page, and only for those online. */
	videoLink: string | null;
}

/** What each kind of event mail adds to the base. */
export interface EventMailParams {
	/** To a registrant: the seat is theirs. */
	'event-registered': { link: string };
	/** A second registration with the same address: the personal link again, no second seat. */
	'event-link': { link: string };
	'event-waiting': { position: number; link: string };
	/** A freed seat went to the first on the waiting list. */
	'event-promoted': { link: string };
	/** A freed seat is offered until `expiresAt`, then passes on. */
	'event-offer': { expiresAt: Date; link: string };
	/** The registrant cancelled through their personal link: a receipt, with the event's page to come back. */
	'event-own-cancel': { link: string };
	/** The organiser cancelled the event. */
	'event-cancelled': { contact: string };
	/** The organiser cancelled this person's registration (or took them off the waiting list). */
	'event-staff-cancel': { contact: string };
	/** N days or N hours before the start, to those with a seat: with a fresh personal link. */
	'event-reminder': { link: string };
}

export type EventMailKind = keyof EventMailParams;

/** What every renderer starts from: the base's words in the mail's language. */
interface Words {
	locale: Locale;
	o: { locale: Locale };
	network: string;
	title: string;
	when: string;
	where: string;
	timeZone: string;
	videoLink: string | null;
	mail(subject: string, body: string, action: MailAction | null): RenderedMail;
}

/** The body's paragraphs, then the video link (for those online) and the personal link. */
function withLink(w: Words, body: string, link: string, video: string | null = null): string {
	return [
		body,
		video ? m.mail_event_video({ videoLink: video }, w.o) : null,
		m.mail_event_link_paragraph({ link }, w.o)
	]
		.filter(Boolean)
		.join('\n\n');
}

const open = (w: Words, link: string) => ({ label: m.mail_event_action({}, w.o), link });

const renderers: { [K in EventMailKind]: (w: Words, p: EventMailParams[K]) => RenderedMail } = {
	'event-registered': (w, p) =>
		w.mail(
			m.mail_event_registered_subject({ title: w.title }, w.o),
			withLink(w, m.mail_event_registered_body(w, w.o), p.link, w.videoLink),
			open(w, p.link)
		),
	'event-promoted': (w, p) =>
		w.mail(
			m.mail_event_promoted_subject({ title: w.title }, w.o),
			withLink(w, m.mail_event_promoted_body(w, w.o), p.link, w.videoLink),
			open(w, p.link)
		),
	// The registration's earlier links keep working (decision 013), unlike a promotion's.
	'event-link': (w, p) =>
		w.mail(
			m.mail_event_link_subject({ title: w.title }, w.o),
			[m.mail_event_link_body(w, w.o), m.mail_event_link_again_paragraph({ link: p.link }, w.o)].join('\n\n'),
			open(w, p.link)
		),
	'event-waiting': (w, p) =>
		w.mail(
			m.mail_event_waiting_subject({ title: w.title }, w.o),
			withLink(w, m.mail_event_waiting_body({ ...w, position: String(p.position) }, w.o), p.link),
			open(w, p.link)
		),
	'event-offer': (w, p) =>
		w.mail(
			m.mail_event_offer_subject({ title: w.title }, w.o),
			withLink(
				w,
				m.mail_event_offer_body({ ...w, expires: formatDateTime(p.expiresAt, w.locale, w.timeZone) }, w.o),
				p.link
			),
			{ label: m.mail_event_offer_action({}, w.o), link: p.link }
		),
	'event-cancelled': (w, p) =>
		w.mail(
			m.mail_event_cancelled_subject({ title: w.title }, w.o),
			m.mail_event_cancelled_body({ ...w, contact: p.contact }, w.o),
			null
		),
	'event-staff-cancel': (w, p) =>
		w.mail(
			m.mail_event_staff_cancel_subject({ title: w.title }, w.o),
			m.mail_event_staff_cancel_body({ ...w, contact: p.contact }, w.o),
			null
		),
	'event-own-cancel': (w, p) =>
		w.mail(
			m.mail_event_own_cancel_subject({ title: w.title }, w.o),
			m.mail_event_own_cancel_body({ ...w, link: p.link }, w.o),
			{ label: m.mail_event_own_cancel_action({}, w.o), link: p.link }
		),
	'event-reminder': (w, p) =>
		w.mail(
			m.mail_event_reminder_subject({ title: w.title }, w.o),
			withLink(w, m.mail_event_reminder_body(w, w.o), p.link, w.videoLink),
			open(w, p.link)
		)
};

/** Renders an event mail in the recipient's language: subject, plain text and HTML. */
export function renderEventMail<K extends EventMailKind>(
	kind: K,
	locale: Locale,
	base: EventMailBase,
	params: EventMailParams[K]
): RenderedMail {
	const o = { locale };
	const words: Words = {
		locale,
		o,
		network: base.networkName,
		title: base.title,
		when: base.endAt
			? formatDateTimeRange(base.startAt, base.endAt, locale, base.timeZone)
			: formatDateTime(base.startAt, locale, base.timeZone),
		where: base.address ?? m.mail_event_where_digital({}, o),
		timeZone: base.timeZone,
		videoLink: base.videoLink,
		mail: (subject, body, action) => composeMail(locale, base.networkName, subject, body, action)
	};
	return renderers[kind](words, params);
}
