import { z } from 'zod';
import { isValidDay } from '../platform/periods.ts';
import { whenParsed } from '../platform/http.ts';
import { audiences, invitableRoles, LAST_WEEK_OF_MONTH, MAX_SERIES_YEARS, recurrences } from './model.ts';
import { addYears } from './recurrence.ts';

/**
 * The forms of the team meetings module; messages are catalogue keys. Days are 'YYYY-MM-DD' and
 * times 'HH:MM' on the network's wall clock. Every check that compares fields runs as soon as those
 * fields parsed (`whenParsed`), so one submit reports every error.
 */

/** Weekly and monthly series repeat by a rule and need an end; chosen dates end by themselves. */
const repeats = (recurrence: string) => recurrence === 'weekly' || recurrence === 'monthly';

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, 'error_too_long')
		.optional()
		.transform((v) => (v ? v : null));
const day = (message: string) =>
	z
		.string()
		.trim()
		.refine((v) => isValidDay(v), message);
const optionalDay = z
	.string()
	.trim()
	.optional()
	.transform((v) => (v ? v : null))
	.refine((v) => v === null || isValidDay(v), 'error_meetings_day_invalid');
const time = z.string().trim().regex(TIME, 'error_meetings_time_invalid');
const optionalInt = (min: number, max: number) =>
	z
		.string()
		.trim()
		.optional()
		.transform((v) => (v ? Number(v) : null))
		.refine((v) => v === null || (Number.isInteger(v) && v >= min && v <= max), 'error_invalid');

/** Chosen dates, one per line (or separated by commas or spaces). */
const dateList = z
	.string()
	.trim()
	.max(4000, 'error_too_long')
	.optional()
	.transform((v) => (v ? v.split(/[\s,;]+/).filter(Boolean) : []))
	.refine((days) => days.every((d) => isValidDay(d)), 'error_meetings_dates_invalid')
	.refine((days) => days.length <= 200, 'error_meetings_dates_too_many');

const videoLink = z
	.string()
	.trim()
	.max(500, 'error_too_long')
	.optional()
	.transform((v) => (v ? v : null))
	.refine((v) => v === null || /^https:\/\/[^\s]+$/.test(v), 'error_meetings_video_link_invalid');

export const seriesFormSchema = z
	.object({
		title: z.string().trim().min(1, 'error_meetings_title_required').max(200, 'error_too_long'),
		description: optionalText(2000),
		recurrence: z.enum(recurrences, 'error_invalid'),
		firstDay: day('error_meetings_day_invalid'),
		lastDay: optionalDay,
		intervalWeeks: optionalInt(1, 12),
		weekday: optionalInt(1, 7),
		weekOfMonth: optionalInt(1, LAST_WEEK_OF_MONTH),
		dates: dateList,
		startTime: time,
		endTime: time,
		place: optionalText(300),
		videoLink,
		audience: z.enum(audiences, 'error_invalid'),
		roles: z.array(z.enum(invitableRoles, 'error_invalid')).max(invitableRoles.length),
		people: z.array(z.string().trim().min(1).max(100)).max(500, 'error_invalid'),
		/** The version the form was loaded at (edits only); a later change by someone else refuses the save. */
		version: optionalInt(1, 1_000_000_000)
	})
	.refine((f) => f.endTime > f.startTime, {
		path: ['endTime'],
		message: 'error_meetings_end_before_start',
		when: whenParsed('startTime', 'endTime')
	})
	.refine((f) => !repeats(f.recurrence) || f.lastDay !== null, {
		path: ['lastDay'],
		message: 'error_meetings_last_day_required',
		when: whenParsed('recurrence', 'lastDay')
	})
	.refine((f) => f.recurrence === 'single' || !f.lastDay || f.lastDay >= f.firstDay, {
		path: ['lastDay'],
		message: 'error_meetings_last_before_first',
		when: whenParsed('recurrence', 'firstDay', 'lastDay')
	})
	.refine((f) => f.recurrence === 'single' || !f.lastDay || f.lastDay <= addYears(f.firstDay, MAX_SERIES_YEARS), {
		path: ['lastDay'],
		message: 'error_meetings_series_too_long',
		when: whenParsed('recurrence', 'firstDay', 'lastDay')
	})
	.refine((f) => !repeats(f.recurrence) || f.weekday !== null, {
		path: ['weekday'],
		message: 'error_meetings_weekday_required',
		when: whenParsed('recurrence', 'weekday')
	})
	.refine((f) => f.recurrence !== 'monthly' || f.weekOfMonth !== null, {
		path: ['weekOfMonth'],
		message: 'error_meetings_week_of_month_required',
		when: whenParsed('recurrence', 'weekOfMonth')
	})
	.refine((f) => f.recurrence !== 'dates' || f.dates.length > 0, {
		path: ['dates'],
		message: 'error_meetings_dates_required',
		when: whenParsed('recurrence', 'dates')
	})
	.refine(
		(f) =>
			f.recurrence !== 'dates' || f.dates.every((d) => d >= f.firstDay && d <= addYears(f.firstDay, MAX_SERIES_YEARS)),
		{ path: ['dates'], message: 'error_meetings_dates_outside', when: whenParsed('recurrence', 'firstDay', 'dates') }
	)
	.refine((f) => f.audience !== 'roles' || f.roles.length > 0, {
		path: ['roles'],
		message: 'error_meetings_roles_required',
		when: whenParsed('audience', 'roles')
	})
	.refine((f) => f.audience !== 'people' || f.people.length > 0, {
		path: ['people'],
		message: 'error_meetings_people_required',
		when: whenParsed('audience', 'people')
	});
export type SeriesForm = z.infer<typeof seriesFormSchema>;
export const seriesArrayFields = ['roles', 'people'];

/** Moving or changing one occurrence: its own day, times, place and video link. */
export const occurrenceFormSchema = z
	.object({
		title: z.string().trim().min(1, 'error_meetings_title_required').max(200, 'error_too_long'),
		day: day('error_meetings_day_invalid'),
		startTime: time,
		endTime: time,
		place: optionalText(300),
		videoLink,
		/** The occurrence's `sequence` when the form was loaded. */
		sequence: z
			.string()
			.trim()
			.transform((v) => Number(v))
			.refine((v) => Number.isInteger(v) && v >= 0, 'error_invalid')
	})
	.refine((f) => f.endTime > f.startTime, {
		path: ['endTime'],
		message: 'error_meetings_end_before_start',
		when: whenParsed('startTime', 'endTime')
	});
export type OccurrenceForm = z.infer<typeof occurrenceFormSchema>;

export const agendaItemFormSchema = z.object({
	title: z.string().trim().min(1, 'error_meetings_agenda_title_required').max(200, 'error_too_long'),
	owner: z
		.string()
		.trim()
		.max(100)
		.optional()
		.transform((v) => (v ? v : null)),
	minutes: optionalInt(1, 480),
	notes: optionalText(2000)
});
export type AgendaItemForm = z.infer<typeof agendaItemFormSchema>;

/** One row of the attendance sheet: `status-<membershipId>` and `reason-<membershipId>`. */
export const attendanceMarkSchema = z.object({
	status: z.enum(['present', 'absent', 'excused', ''], 'error_invalid'),
	reason: optionalText(300)
});

export const absenceFormSchema = z.object({ reason: optionalText(300) });

export const guestFormSchema = z.object({
	organisationTypeId: z
		.string()
		.trim()
		.max(100)
		.optional()
		.transform((v) => (v ? v : null)),
	municipalityId: z
		.string()
		.trim()
		.max(100)
		.optional()
		.transform((v) => (v ? v : null)),
	count: z
		.string()
		.trim()
		.transform((v) => Number(v))
		.refine((v) => Number.isInteger(v) && v >= 1 && v <= 500, 'error_meetings_guest_count_invalid')
});
export type GuestForm = z.infer<typeof guestFormSchema>;

export const minutesFormSchema = z.object({
	body: z.string().max(50_000, 'error_too_long'),
	/** The revision the editor started from: a newer one by someone else refuses the save. */
	baseRevision: z
		.string()
		.trim()
		.transform((v) => (v ? Number(v) : 0))
		.refine((v) => Number.isInteger(v) && v >= 0, 'error_invalid')
});
export type MinutesForm = z.infer<typeof minutesFormSchema>;

export const consultationLinkSchema = z.object({
	reference: z.string().trim().min(1, 'error_meetings_reference_required').max(40, 'error_meetings_reference_unknown')
});
export type ConsultationLinkForm = z.infer<typeof consultationLinkSchema>;

export const settingsFormSchema = z.object({
	regularPercent: z
		.string()
		.trim()
		.transform((v) => Number(v))
		.refine((v) => Number.isInteger(v) && v >= 1 && v <= 100, 'error_meetings_regular_percent_invalid')
});
