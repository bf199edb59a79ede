import { m } from '#lib/paraglide/messages.js';
import { localizedPath } from '#lib/i18n.ts';
import { formatDateTimeRange } from '../../format.ts';
import type { Locale } from '../platform/context.ts';
import { composeMail, type RenderedMail } from '../platform/mail/layout.ts';

/**
 * The team meetings' mails (docs/decisions/022-meeting-calendars.md): one mail per invited person
 * for a change, naming each meeting it touches (new, changed, cancelled, no longer invited), with a
 * calendar file per meeting attached by notices.ts. The video link is written only for the invited,
 * and never for a meeting taken away.
 */

const appLocales: readonly Locale[] = ['sv', 'nb', 'en'];

/** The mail's language: the person's own choice, else the network's (the app speaks sv, nb, en). */
export function meetingMailLocale(userLocale: string | null, networkLocale: string): Locale {
	for (const candidate of [userLocale, networkLocale])
		if (appLocales.includes(candidate as Locale)) return candidate as Locale;
	return 'sv';
}

/** What a meeting is to the person the mail goes to. */
export type NoticeKind = 'invited' | 'changed' | 'cancelled' | 'uninvited';

export const noticeKinds: readonly NoticeKind[] = ['invited', 'changed', 'cancelled', 'uninvited'];

export interface NoticeEntry {
	kind: NoticeKind;
	title: string;
	startAt: Date;
	endAt: Date;
	place: string | null;
	/** The recipient is invited: the link is theirs. Left out for cancelled and uninvited. */
	videoLink: string | null;
	/** The meeting's page in the app, in the recipient's language. */
	url: string;
}

export interface NoticeMail {
	networkName: string;
	networkSlug: string;
	timeZone: string;
	publicOrigin: string;
	recipientName: string;
	entries: NoticeEntry[];
}

/** The app's link to the meetings calendar, in the recipient's language. */
export function meetingsLink(publicOrigin: string, slug: string, locale: Locale): string {
	return `${publicOrigin.replace(/\/+$/, '')}${localizedPath(`/app/${encodeURIComponent(slug)}/meetings`, locale)}`;
}

/** The app's link to one meeting's page, in the recipient's language. */
export function meetingLink(publicOrigin: string, slug: string, meetingId: string, locale: Locale): string {
	const path = `/app/${encodeURIComponent(slug)}/meetings/${encodeURIComponent(meetingId)}`;
	return `${publicOrigin.replace(/\/+$/, '')}${localizedPath(path, locale)}`;
}

function heading(kind: NoticeKind, o: { locale: Locale }): string {
	switch (kind) {
		case 'invited':
			return m.meetings_calendar_mail_section_invited({}, o);
		case 'changed':
			return m.meetings_calendar_mail_section_changed({}, o);
		case 'cancelled':
			return m.meetings_calendar_mail_section_cancelled({}, o);
		case 'uninvited':
			return m.meetings_calendar_mail_section_uninvited({}, o);
	}
}

function subjectOne(kind: NoticeKind, title: string, when: string, o: { locale: Locale }): string {
	switch (kind) {
		case 'invited':
			return m.meetings_calendar_mail_subject_invited({ title, when }, o);
		case 'changed':
			return m.meetings_calendar_mail_subject_changed({ title, when }, o);
		case 'cancelled':
			return m.meetings_calendar_mail_subject_cancelled({ title, when }, o);
		case 'uninvited':
			return m.meetings_calendar_mail_subject_uninvited({ title, when }, o);
	}
}

/**
 * The mail about one change to one person: a section per kind, a line per meeting with its time,
 * place and (for the invited) video link, and one button: the meeting's page when the mail is about
 * one meeting, else the meetings calendar. No paragraph but the button's holds an app link, since
 * the layout turns the paragraph that holds the button's link into the button.
 */
export function renderNoticeMail(locale: Locale, mail: NoticeMail): RenderedMail {
	const o = { locale };
	const when = (entry: NoticeEntry) => formatDateTimeRange(entry.startAt, entry.endAt, locale, mail.timeZone);
	const sections = noticeKinds
		.map((kind) => {
			const entries = mail.entries.filter((entry) => entry.kind === kind);
			if (!entries.length) return null;
			const lines = entries.map((entry) => {
				const away = kind === 'cancelled' || kind === 'uninvited';
				const where = entry.place ?? (entry.videoLink && !away ? m.meetings_calendar_mail_online({}, o) : null);
				return [
					`– ${entry.title}, ${when(entry)}`,
					where && !away ? `  ${m.meetings_calendar_mail_place({ place: where }, o)}` : null,
					entry.videoLink && !away ? `  ${m.meetings_calendar_mail_video({ link: entry.videoLink }, o)}` : null
				]
					.filter(Boolean)
					.join('\n');
			});
			return [heading(kind, o), ...lines].join('\n');
		})
		.filter((section): section is string => section !== null);
	const single = mail.entries.length === 1 ? mail.entries[0] : null;
	const subject = single
		? subjectOne(single.kind, single.title, when(single), o)
		: m.meetings_calendar_mail_subject_many({ network: mail.networkName, count: mail.entries.length }, o);
	const action = single
		? { label: m.meetings_calendar_mail_action_meeting({}, o), link: single.url }
		: {
				label: m.meetings_calendar_mail_action_meetings({}, o),
				link: meetingsLink(mail.publicOrigin, mail.networkSlug, locale)
			};
	const body = [
		m.meetings_calendar_mail_greeting({ name: mail.recipientName }, o),
		m.meetings_calendar_mail_intro({ network: mail.networkName }, o),
		...sections,
		m.meetings_calendar_mail_files({}, o),
		action.link
	].join('\n\n');
	return composeMail(locale, mail.networkName, subject, body, action);
}
