import { m } from '#lib/paraglide/messages.js';
import { formatDateTimeRange, type FormatLocale } from '#lib/format.ts';

/**
 * The words of the meetings pages that depend on a value: a meeting's status, the reader's own
 * answer, how a series repeats. Weekday names come from Intl in the page's language.
 */

export type OwnAnswer = 'present' | 'absent' | 'excused' | null;

/** The reader's own answer or mark for a meeting they are invited to. */
export function ownAnswerLabel(own: OwnAnswer): string {
	if (own === 'excused') return m.meetings_pages_own_excused();
	if (own === 'present') return m.meetings_pages_own_present();
	if (own === 'absent') return m.meetings_pages_own_absent();
	return m.meetings_pages_own_invited();
}

const intlLocale: Record<FormatLocale, string> = { sv: 'sv-SE', nb: 'nb-NO', en: 'en-GB', fi: 'fi-FI' };

/** ISO weekday 1 (Monday) … 7 (Sunday) in the page's language: 2027-03-01 was a Monday. */
export function weekdayName(weekday: number, locale: FormatLocale): string {
	const date = new Date(Date.UTC(2027, 2, weekday, 12));
	return new Intl.DateTimeFormat(intlLocale[locale], { weekday: 'long', timeZone: 'UTC' }).format(date);
}

/** Which week of the month: 1–4, or 5 for the last. */
export function weekOfMonthLabel(week: number): string {
	return (
		{
			1: m.meetings_pages_week_1,
			2: m.meetings_pages_week_2,
			3: m.meetings_pages_week_3,
			4: m.meetings_pages_week_4,
			5: m.meetings_pages_week_last
		}[week] ?? m.meetings_pages_week_1
	)();
}

export interface RuleSummary {
	recurrence: 'single' | 'weekly' | 'monthly' | 'dates';
	intervalWeeks: number | null;
	weekday: number | null;
	weekOfMonth: number | null;
	dates: string[];
}

/** "Every other week on Tuesday", "The last Thursday of each month", "Chosen dates (5)". */
export function ruleLabel(rule: RuleSummary, locale: FormatLocale): string {
	const weekday = weekdayName(rule.weekday ?? 1, locale);
	switch (rule.recurrence) {
		case 'single':
			return m.meetings_pages_rule_single();
		case 'weekly':
			return m.meetings_pages_rule_weekly({ weeks: rule.intervalWeeks ?? 1, weekday });
		case 'monthly':
			return m.meetings_pages_rule_monthly({ week: weekOfMonthLabel(rule.weekOfMonth ?? 1), weekday });
		case 'dates':
			return m.meetings_pages_rule_dates({ count: rule.dates.length });
	}
}

/** The roles a series can invite, in the page's language. */
export function invitedRoleLabel(role: string): string {
	return ({ admin: m.role_admin, coordinator: m.role_coordinator, member: m.role_member }[role] ?? m.role_member)();
}

/** A wall-clock time 'HH:MM' as the language writes it: "09.00" in Swedish and Norwegian, "09:00" in English. */
export function wallTime(time: string, locale: FormatLocale): string {
	return locale === 'sv' || locale === 'nb' ? time.replace(':', '.') : time;
}

/**
 * When a meeting is, with its weekday first (people plan team meetings by weekday): "Tisdag
 * 2 mars 2027 kl. 09.00–11.00", "Tuesday 2 March 2027, 09:00–11:00", in the network's time zone.
 */
export function meetingWhen(start: Date, end: Date, locale: FormatLocale, timeZone: string): string {
	const weekday = new Intl.DateTimeFormat(intlLocale[locale], { weekday: 'long', timeZone }).format(start);
	const text = `${weekday} ${formatDateTimeRange(start, end, locale, timeZone)}`;
	return text.charAt(0).toLocaleUpperCase(intlLocale[locale]) + text.slice(1);
}
