import type { Role } from '../../roles.ts';

/**
 * The words of the team meetings module (docs/product.md#team-meetings): how a series repeats,
 * who it invites, and what an attendance mark or an agenda item's state can be.
 */

export const recurrences = ['single', 'weekly', 'monthly', 'dates'] as const;
export type Recurrence = (typeof recurrences)[number];

export const audiences = ['all', 'roles', 'people'] as const;
export type Audience = (typeof audiences)[number];

/**
 * The roles a meeting can invite. Communicators are not among them: team meetings discuss cases,
 * and a communicator sees the meeting calendar only (docs/decisions/021-team-meetings.md).
 */
export const invitableRoles = ['admin', 'coordinator', 'member'] as const satisfies readonly Role[];
export type InvitableRole = (typeof invitableRoles)[number];

export const attendanceStatuses = ['present', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];

export const agendaStates = ['open', 'done', 'moved'] as const;
export type AgendaState = (typeof agendaStates)[number];

export type MeetingStatus = 'scheduled' | 'cancelled';

/** 5 in `week_of_month`: the last such weekday of the month. */
export const LAST_WEEK_OF_MONTH = 5;

/** A series may run at most this many years: a rule without an end would fill the calendar forever. */
export const MAX_SERIES_YEARS = 5;

/** How far ahead occurrences exist as rows; the daily job moves the horizon on. */
export const HORIZON_MONTHS = 13;
