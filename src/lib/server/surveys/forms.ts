import { z } from 'zod';
import { whenParsed } from '../platform/http.ts';
import { isValidDay } from '../platform/periods.ts';
import { audienceKinds, eventScopes, meetingScopes, MIN_ANSWERS_FLOOR, surveyRoles } from './model.ts';

/**
 * The survey's own forms (its questions have theirs in question-forms.ts); messages are catalogue
 * keys. Days are 'YYYY-MM-DD' in the network's zone.
 */

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, 'error_too_long')
		.optional()
		.transform((v) => (v ? v : null));
const optionalDay = z
	.string()
	.trim()
	.optional()
	.transform((v) => (v ? v : null))
	.refine((v) => v === null || isValidDay(v), 'error_surveys_day_invalid');
const optionalId = z
	.string()
	.trim()
	.max(100)
	.optional()
	.transform((v) => (v ? v : null));

export const createSurveySchema = z.object({
	title: z.string().trim().min(1, 'error_surveys_title_required').max(200, 'error_too_long'),
	/** 'blank', a shipped template's key as `shipped:<key>`, or a network template's id as `own:<id>`. */
	source: z.string().trim().min(1, 'error_invalid').max(120, 'error_invalid')
});
export type CreateSurveyForm = z.infer<typeof createSurveySchema>;

export const settingsSchema = z
	.object({
		title: z.string().trim().min(1, 'error_surveys_title_required').max(200, 'error_too_long'),
		description: optionalText(2000),
		audience: z.enum(audienceKinds, 'error_invalid'),
		eventId: optionalId,
		eventScope: z.enum(eventScopes, 'error_invalid').optional().default('checked_in'),
		meetingId: optionalId,
		seriesId: optionalId,
		meetingScope: z.enum(meetingScopes, 'error_invalid').optional().default('invited'),
		periodFrom: optionalDay,
		periodTo: optionalDay,
		roles: z.array(z.enum(surveyRoles, 'error_invalid')).max(surveyRoles.length).default([]),
		minAnswers: z
			.string()
			.trim()
			.regex(/^\d{1,3}$/, 'error_surveys_min_answers_invalid')
			.transform(Number)
			.refine((n) => n >= MIN_ANSWERS_FLOOR && n <= 100, 'error_surveys_min_answers_invalid'),
		closesOn: optionalDay,
		reminder1: optionalDay,
		reminder2: optionalDay
	})
	.refine((f) => f.audience !== 'event' || f.eventId !== null, {
		path: ['eventId'],
		message: 'error_surveys_event_required',
		when: whenParsed('audience', 'eventId')
	})
	.refine((f) => f.audience !== 'meeting' || f.meetingId !== null, {
		path: ['meetingId'],
		message: 'error_surveys_meeting_required',
		when: whenParsed('audience', 'meetingId')
	})
	.refine((f) => f.audience !== 'series' || f.seriesId !== null, {
		path: ['seriesId'],
		message: 'error_surveys_series_required',
		when: whenParsed('audience', 'seriesId')
	})
	.refine((f) => f.audience !== 'series' || f.periodFrom !== null, {
		path: ['periodFrom'],
		message: 'error_surveys_period_required',
		when: whenParsed('audience', 'periodFrom')
	})
	.refine((f) => f.audience !== 'series' || f.periodTo !== null, {
		path: ['periodTo'],
		message: 'error_surveys_period_required',
		when: whenParsed('audience', 'periodTo')
	})
	.refine((f) => !f.periodFrom || !f.periodTo || f.periodFrom <= f.periodTo, {
		path: ['periodTo'],
		message: 'error_surveys_period_order',
		when: whenParsed('periodFrom', 'periodTo')
	})
	.refine((f) => f.audience !== 'roles' || f.roles.length > 0, {
		path: ['roles'],
		message: 'error_surveys_roles_required',
		when: whenParsed('audience', 'roles')
	})
	.refine((f) => !f.reminder1 || !f.reminder2 || f.reminder1 < f.reminder2, {
		path: ['reminder2'],
		message: 'error_surveys_reminder_order',
		when: whenParsed('reminder1', 'reminder2')
	})
	.refine((f) => !f.reminder1 || !f.closesOn || f.reminder1 <= f.closesOn, {
		path: ['reminder1'],
		message: 'error_surveys_reminder_after_close',
		when: whenParsed('reminder1', 'closesOn')
	})
	.refine((f) => !f.reminder2 || !f.closesOn || f.reminder2 <= f.closesOn, {
		path: ['reminder2'],
		message: 'error_surveys_reminder_after_close',
		when: whenParsed('reminder2', 'closesOn')
	})
	.refine((f) => (!f.reminder1 && !f.reminder2) || f.closesOn !== null, {
		path: ['closesOn'],
		message: 'error_surveys_reminders_need_close',
		when: whenParsed('reminder1', 'reminder2', 'closesOn')
	});
export type SettingsForm = z.infer<typeof settingsSchema>;

export const reopenSchema = z.object({
	closesOn: z
		.string()
		.trim()
		.refine((v) => isValidDay(v), 'error_surveys_day_invalid')
});

export const templateSchema = z.object({
	title: z.string().trim().min(1, 'error_surveys_title_required').max(200, 'error_too_long')
});
