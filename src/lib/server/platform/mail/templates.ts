import { escapeHtml } from '../html.ts';
import { m } from '#lib/paraglide/messages.js';
import { formatDateTime, formatDateTimeRange, formatDay } from '../../../format.ts';
import type { Locale } from '../context.ts';
import type { Role } from '../../../roles.ts';

export interface RenderedMail {
	subject: string;
	text: string;
	html: string;
}

/** Plain text paragraphs and one call-to-action link, as simple, accessible HTML. */
function layout(
	locale: Locale,
	subject: string,
	text: string,
	action: { label: string; link: string } | null,
	footer: string
): string {
	const paragraphs = text
		.split('\n\n')
		.map((p) =>
			action && p.includes(action.link)
				? `<p><a href="${escapeHtml(action.link)}" style="display:inline-block;padding:12px 20px;background:#0b5a6b;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(action.label)}</a></p><p style="font-size:14px;color:#444">${escapeHtml(action.link)}</p>`
				: `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`
		)
		.join('\n');
	return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f6f7;font-family:Inter,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">
<main style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:8px">
${paragraphs}
<hr style="border:none;border-top:1px solid #ddd;margin:24px 0">
<p style="font-size:13px;color:#555">${escapeHtml(footer)}</p>
</main></body></html>`;
}

const roleName = (role: Role, locale: Locale) =>
	({ admin: m.role_admin, coordinator: m.role_coordinator, communicator: m.role_communicator, member: m.role_member })[
		role
	]({}, { locale });

export interface MailParams {
	invitation: { networkName: string; inviterName: string; role: Role; link: string; expiresAt: Date; timeZone: string };
	'password-reset': { networkName: string; link: string };
	/** To a consultation's assignee. Reference, date and link only: a mail never carries case texts. */
	'consultation-follow-up': { networkName: string; reference: string; followUpOn: string; link: string };
	/** To the member who asked: that there is an answer, never the answer itself. */
	'consultation-answered': { networkName: string; reference: string; link: string };
	/** To the network's handlers: a question came in by the app or the anonymous form. No content. */
	'consultation-new': { networkName: string; reference: string; source: string; urgency: string; link: string };
	/** To a registrant: the seat is theirs. The video link is only ever in mails and the personal page. */
	'event-registered': EventMailBase & { address: string | null; videoLink: string | null; link: string };
	/** A second registration with the same address: the personal link again, no second seat. */
	'event-link': EventMailBase & { link: string };
	'event-waiting': EventMailBase & { position: number; link: string };
	/** A freed seat went to the first on the waiting list. */
	'event-promoted': EventMailBase & { address: string | null; videoLink: string | null; link: string };
	/** A freed seat is offered until `expiresAt`, then passes on. */
	'event-offer': EventMailBase & { expiresAt: Date; link: string };
	/** The registrant cancelled through their personal link: a receipt, with the event's page to come back. */
	'event-own-cancel': EventMailBase & { link: string };
	/** The organiser cancelled the event. */
	'event-cancelled': EventMailBase & { contact: string };
	/** The organiser cancelled this person's registration (or took them off the waiting list). */
	'event-staff-cancel': EventMailBase & { contact: string };
	/** N days or N hours before the start, to those with a seat: with a fresh personal link. */
	'event-reminder': EventMailBase & { address: string | null; videoLink: string | null; link: string };
}

/** What every event mail names: the event, when it starts (in the network's time zone). */
interface EventMailBase {
	networkName: string;
	title: string;
	startAt: Date;
	/** When it ends: the mail then names the whole span, "10 februari 2027 kl. 09.00–16.00". */
	endAt?: Date;
	timeZone: string;
}

const eventKinds = [
	'event-registered',
	'event-link',
	'event-waiting',
	'event-promoted',
	'event-offer',
	'event-cancelled',
	'event-own-cancel',
	'event-staff-cancel',
	'event-reminder'
] as const;
type EventKind = (typeof eventKinds)[number];

function renderEventMail(kind: EventKind, locale: Locale, params: MailParams[EventKind]): RenderedMail {
	const o = { locale };
	const network = params.networkName;
	const title = params.title;
	const when = params.endAt
		? formatDateTimeRange(params.startAt, params.endAt, locale, params.timeZone)
		: formatDateTime(params.startAt, locale, params.timeZone);
	const where = (p: { address: string | null }) => p.address ?? m.mail_event_where_digital({}, o);
	const withLink = (body: string, link: string, video: string | null = null) =>
		[body, video ? m.mail_event_video({ videoLink: video }, o) : null, m.mail_event_link_paragraph({ link }, o)]
			.filter(Boolean)
			.join('\n\n');
	const action = (link: string, label = m.mail_event_action({}, o)) => ({ label, link });
	const footer = m.mail_footer({ network }, o);
	const mail = (subject: string, body: string, act: { label: string; link: string } | null): RenderedMail => ({
		subject,
		text: `${body}\n\n-- \n${footer}`,
		html: layout(locale, subject, body, act, footer)
	});
	switch (kind) {
		case 'event-registered':
		case 'event-promoted': {
			const p = params as MailParams['event-registered'];
			const body = (kind === 'event-registered' ? m.mail_event_registered_body : m.mail_event_promoted_body)(
				{ title, network, when, where: where(p) },
				o
			);
			const subject = (kind === 'event-registered' ? m.mail_event_registered_subject : m.mail_event_promoted_subject)(
				{ title },
				o
			);
			return mail(subject, withLink(body, p.link, p.videoLink), action(p.link));
		}
		case 'event-link': {
			// The registration's earlier links keep working (decision 013), unlike a promotion's.
			const p = params as MailParams['event-link'];
			const body = [
				m.mail_event_link_body({ title, network }, o),
				m.mail_event_link_again_paragraph({ link: p.link }, o)
			];
			return mail(m.mail_event_link_subject({ title }, o), body.join('\n\n'), action(p.link));
		}
		case 'event-waiting': {
			const p = params as MailParams['event-waiting'];
			return mail(
				m.mail_event_waiting_subject({ title }, o),
				withLink(m.mail_event_waiting_body({ title, network, when, position: String(p.position) }, o), p.link),
				action(p.link)
			);
		}
		case 'event-offer': {
			const p = params as MailParams['event-offer'];
			const expires = formatDateTime(p.expiresAt, locale, p.timeZone);
			return mail(
				m.mail_event_offer_subject({ title }, o),
				withLink(m.mail_event_offer_body({ title, network, when, expires }, o), p.link),
				action(p.link, m.mail_event_offer_action({}, o))
			);
		}
		case 'event-cancelled':
		case 'event-staff-cancel': {
			const p = params as MailParams['event-cancelled'];
			const byEvent = kind === 'event-cancelled';
			return mail(
				(byEvent ? m.mail_event_cancelled_subject : m.mail_event_staff_cancel_subject)({ title }, o),
				(byEvent ? m.mail_event_cancelled_body : m.mail_event_staff_cancel_body)(
					{ title, network, when, contact: p.contact },
					o
				),
				null
			);
		}
		case 'event-own-cancel': {
			const p = params as MailParams['event-own-cancel'];
			return mail(
				m.mail_event_own_cancel_subject({ title }, o),
				m.mail_event_own_cancel_body({ title, network, when, link: p.link }, o),
				action(p.link, m.mail_event_own_cancel_action({}, o))
			);
		}
		case 'event-reminder': {
			const p = params as MailParams['event-reminder'];
			return mail(
				m.mail_event_reminder_subject({ title }, o),
				withLink(m.mail_event_reminder_body({ title, network, when, where: where(p) }, o), p.link, p.videoLink),
				action(p.link)
			);
		}
	}
}

/** A mail made of one body message with a single link, signed with the network's footer. */
function simpleMail(
	locale: Locale,
	networkName: string,
	subject: string,
	body: string,
	action: { label: string; link: string }
): RenderedMail {
	const footer = m.mail_footer({ network: networkName }, { locale });
	return { subject, text: `${body}\n\n-- \n${footer}`, html: layout(locale, subject, body, action, footer) };
}

/** Renders a mail in the recipient's language: subject, plain text and HTML. */
export function renderMail<K extends keyof MailParams>(kind: K, locale: Locale, params: MailParams[K]): RenderedMail {
	if ((eventKinds as readonly string[]).includes(kind))
		return renderEventMail(kind as EventKind, locale, params as MailParams[EventKind]);
	if (kind === 'invitation') {
		const p = params as MailParams['invitation'];
		const subject = m.mail_invitation_subject({ network: p.networkName }, { locale });
		const body = m.mail_invitation_body(
			{
				inviter: p.inviterName,
				network: p.networkName,
				role: roleName(p.role, locale),
				link: p.link,
				expires: formatDateTime(p.expiresAt, locale, p.timeZone)
			},
			{ locale }
		);
		const footer = m.mail_footer({ network: p.networkName }, { locale });
		return {
			subject,
			text: `${body}\n\n-- \n${footer}`,
			html: layout(locale, subject, body, { label: m.mail_invitation_action({}, { locale }), link: p.link }, footer)
		};
	}
	if (kind === 'consultation-follow-up') {
		const p = params as MailParams['consultation-follow-up'];
		return simpleMail(
			locale,
			p.networkName,
			m.mail_consultation_follow_up_subject({ reference: p.reference }, { locale }),
			m.mail_consultation_follow_up_body(
				{ reference: p.reference, network: p.networkName, date: formatDay(p.followUpOn, locale), link: p.link },
				{ locale }
			),
			{ label: m.mail_consultation_follow_up_action({}, { locale }), link: p.link }
		);
	}
	if (kind === 'consultation-answered') {
		const p = params as MailParams['consultation-answered'];
		return simpleMail(
			locale,
			p.networkName,
			m.mail_consultation_answered_subject({ reference: p.reference }, { locale }),
			m.mail_consultation_answered_body({ reference: p.reference, network: p.networkName, link: p.link }, { locale }),
			{ label: m.mail_consultation_answered_action({}, { locale }), link: p.link }
		);
	}
	if (kind === 'consultation-new') {
		const p = params as MailParams['consultation-new'];
		return simpleMail(
			locale,
			p.networkName,
			m.mail_consultation_new_subject({ reference: p.reference }, { locale }),
			m.mail_consultation_new_body(
				{ reference: p.reference, network: p.networkName, source: p.source, urgency: p.urgency, link: p.link },
				{ locale }
			),
			{ label: m.mail_consultation_new_action({}, { locale }), link: p.link }
		);
	}
	const p = params as MailParams['password-reset'];
	const subject = m.mail_reset_subject({}, { locale });
	const body = m.mail_reset_body({ link: p.link }, { locale });
	const footer = m.mail_footer({ network: p.networkName }, { locale });
	return {
		subject,
		text: `${body}\n\n-- \n${footer}`,
		html: layout(locale, subject, body, { label: m.mail_reset_action({}, { locale }), link: p.link }, footer)
	};
}
