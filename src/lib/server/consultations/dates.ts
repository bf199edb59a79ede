import { formatDay } from '#lib/format.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Locale, NetworkRef } from '../platform/context.ts';
import { todayIn } from '../platform/time.ts';

/**
 * The checks the dates of a consultation get from what they mean: a question is received on a day
 * that has come, everything done about it (log entries, answers, closing) happens on or after that
 * day and not later than today, and a follow-up lies on or after what it follows. Days are
 * YYYY-MM-DD in the network's time zone, so comparing the strings compares the days.
 *
 * Each problem names its field and the day that limits it, so the message can say both.
 */
export interface DateProblem {
	field: string;
	problem: keyof typeof messages;
	/** The day the field may not pass. */
	limit: string;
}

const messages = {
	received_after_today: m.error_consultations_received_after_today,
	received_after_log: m.error_consultations_received_after_log,
	received_after_answer: m.error_consultations_received_after_answer,
	follow_up_before_received: m.error_consultations_follow_up_before_received,
	log_date_after_today: m.error_consultations_log_date_after_today,
	log_date_before_received: m.error_consultations_log_date_before_received,
	log_follow_up_before_entry: m.error_consultations_log_follow_up_before_entry
};

/** The message of a problem in the writer's language, with the limiting day written their way. */
export function dateProblemMessage(problem: DateProblem, locale: Locale): string {
	return messages[problem.problem]({ date: formatDay(problem.limit, locale) }, { locale });
}

/**
 * The record's dates (staff form and edit). `done`: for an edit, the first day something was done
 * about the question (the earliest log entry) and the day it was first answered or closed.
 */
export function recordDateProblems(
	input: { receivedOn: string; followUpOn: string | null },
	today: string,
	done: { firstLogOn?: string | null; answeredOn?: string | null } = {}
): DateProblem[] {
	const problems: DateProblem[] = [];
	if (input.receivedOn > today) problems.push({ field: 'receivedOn', problem: 'received_after_today', limit: today });
	else if (done.firstLogOn && input.receivedOn > done.firstLogOn)
		problems.push({ field: 'receivedOn', problem: 'received_after_log', limit: done.firstLogOn });
	else if (done.answeredOn && input.receivedOn > done.answeredOn)
		problems.push({ field: 'receivedOn', problem: 'received_after_answer', limit: done.answeredOn });
	if (input.followUpOn !== null && input.followUpOn < input.receivedOn)
		problems.push({ field: 'followUpOn', problem: 'follow_up_before_received', limit: input.receivedOn });
	return problems;
}

/** A log entry's dates: its day between the day received and today; its follow-up not before it. */
export function logDateProblems(
	input: { occurredOn: string; followUpOn: string | null },
	receivedOn: string,
	today: string
): DateProblem[] {
	const problems: DateProblem[] = [];
	if (input.occurredOn > today) problems.push({ field: 'occurredOn', problem: 'log_date_after_today', limit: today });
	else if (input.occurredOn < receivedOn)
		problems.push({ field: 'occurredOn', problem: 'log_date_before_received', limit: receivedOn });
	if (input.followUpOn !== null && input.followUpOn < input.occurredOn)
		problems.push({ field: 'followUpOn', problem: 'log_follow_up_before_entry', limit: input.occurredOn });
	return problems;
}

/**
 * The list's "received from … to …" filter: a day that is not a date, or an end before the start,
 * is said at its field (the list would otherwise quietly ignore it or show nothing).
 */
export function filterDateErrors(from: string, to: string, locale: Locale): { from?: string; to?: string } {
	const errors: { from?: string; to?: string } = {};
	const isDay = (day: string) =>
		/^\d{4}-\d{2}-\d{2}$/.test(day) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
	if (from && !isDay(from)) errors.from = m.error_consultations_date_invalid({}, { locale });
	if (to && !isDay(to)) errors.to = m.error_consultations_date_invalid({}, { locale });
	if (!errors.from && !errors.to && from && to && to < from)
		errors.to = m.error_consultations_filter_to_before_from({ date: formatDay(from, locale) }, { locale });
	return errors;
}

/** Calendar days from the received date to today in the network's time zone (never negative). */
export function daysSinceReceived(network: NetworkRef, receivedOn: string, now: Date): number {
	const today = Date.parse(`${todayIn(network.timeZone, now)}T00:00:00Z`);
	return Math.max(0, Math.round((today - Date.parse(`${receivedOn}T00:00:00Z`)) / 86_400_000));
}
