import { m } from '#lib/paraglide/messages.js';
import { formatDay } from '../../format.ts';
import type { Locale } from '../platform/context.ts';
import { composeMail, type RenderedMail } from '../platform/mail/layout.ts';

const locales: readonly Locale[] = ['sv', 'nb', 'en'];

/** A stored locale, when it is one the app speaks. */
function asLocale(value: string | null | undefined): Locale | null {
	return locales.includes(value as Locale) ? (value as Locale) : null;
}

/** The mail's language: the person's own choice, else the network's. */
export function mailLocale(userLocale: string | null, networkLocale: string): Locale {
	return asLocale(userLocale) ?? asLocale(networkLocale) ?? 'sv';
}

/** A consultation's mails carry its reference, a date and a link, never a case text. */
export interface ConsultationMailParams {
	/** To a consultation's assignee on its follow-up day. */
	'consultation-follow-up': { networkName: string; reference: string; followUpOn: string; link: string };
	/** To the member who asked: that there is an answer, never the answer itself. */
	'consultation-answered': { networkName: string; reference: string; link: string };
	/** To the network's handlers: a question came in by the app or the anonymous form. No content. */
	'consultation-new': { networkName: string; reference: string; source: string; urgency: string; link: string };
}

export function followUpMail(locale: Locale, p: ConsultationMailParams['consultation-follow-up']): RenderedMail {
	const o = { locale };
	return composeMail(
		locale,
		p.networkName,
		m.mail_consultation_follow_up_subject({ reference: p.reference }, o),
		m.mail_consultation_follow_up_body(
			{ reference: p.reference, network: p.networkName, date: formatDay(p.followUpOn, locale), link: p.link },
			o
		),
		{ label: m.mail_consultation_follow_up_action({}, o), link: p.link }
	);
}

export function answeredMail(locale: Locale, p: ConsultationMailParams['consultation-answered']): RenderedMail {
	const o = { locale };
	return composeMail(
		locale,
		p.networkName,
		m.mail_consultation_answered_subject({ reference: p.reference }, o),
		m.mail_consultation_answered_body({ reference: p.reference, network: p.networkName, link: p.link }, o),
		{ label: m.mail_consultation_answered_action({}, o), link: p.link }
	);
}

export function newConsultationMail(locale: Locale, p: ConsultationMailParams['consultation-new']): RenderedMail {
	const o = { locale };
	return composeMail(
		locale,
		p.networkName,
		m.mail_consultation_new_subject({ reference: p.reference }, o),
		m.mail_consultation_new_body(
			{ reference: p.reference, network: p.networkName, source: p.source, urgency: p.urgency, link: p.link },
			o
		),
		{ label: m.mail_consultation_new_action({}, o), link: p.link }
	);
}
