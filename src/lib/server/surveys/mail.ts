import { m } from '#lib/paraglide/messages.js';
import { formatDate } from '../../format.ts';
import type { Locale } from '../platform/context.ts';
import { composeMail, type RenderedMail } from '../platform/mail/layout.ts';

/**
 * The evaluations' mails: the invitation and up to two reminders, each with the person's own
 * one-time link, in the person's language. They name the survey and the network, never anything
 * about other recipients.
 */

const appLocales: readonly Locale[] = ['sv', 'nb', 'en'];

/** The mail's language: the person's own choice, else the network's (the app speaks sv, nb, en). */
export function surveyMailLocale(personLocale: string | null, networkLocale: string): Locale {
	for (const candidate of [personLocale, networkLocale])
		if (appLocales.includes(candidate as Locale)) return candidate as Locale;
	return 'sv';
}

export interface SurveyMail {
	networkName: string;
	surveyTitle: string;
	link: string;
	/** The last day to answer, YYYY-MM-DD, if there is one. */
	closesOn: string | null;
	timeZone: string;
	/** 0 for the invitation, 1 or 2 for a reminder. */
	reminder: number;
}

export function surveyMail(mail: SurveyMail, locale: Locale): RenderedMail {
	const o = { locale };
	const title = mail.surveyTitle;
	const subject =
		mail.reminder === 0
			? m.surveys_mail_subject_invitation({ title }, o)
			: m.surveys_mail_subject_reminder({ title }, o);
	const closes = mail.closesOn
		? m.surveys_mail_closes({ date: formatDate(new Date(`${mail.closesOn}T12:00:00Z`), locale, mail.timeZone) }, o)
		: '';
	const body = [
		mail.reminder === 0
			? m.surveys_mail_intro({ network: mail.networkName, title }, o)
			: m.surveys_mail_reminder_intro({ network: mail.networkName, title }, o),
		m.surveys_mail_anonymous({}, o),
		mail.link,
		[closes, m.surveys_mail_personal({}, o)].filter(Boolean).join(' ')
	].join('\n\n');
	return composeMail(locale, mail.networkName, subject, body, { label: m.surveys_mail_action({}, o), link: mail.link });
}
