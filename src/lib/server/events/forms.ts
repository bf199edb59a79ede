import { z } from 'zod';
import {
	eventFormats,
	eventLanguages,
	eventTypes,
	eventVisibilities,
	participations,
	promotionModes
} from './model.ts';

/** Form schemas of events; messages are catalogue keys. Times are wall-clock in the network's zone. */

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, 'error_too_long')
		.optional()
		.transform((v) => (v === undefined || v === '' ? null : v));

const localDateTime = (message: string) =>
	z
		.string()
		.trim()
		.refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}:00Z`)), message);

const optionalDateTime = z
	.string()
	.trim()
	.optional()
	.refine((v) => !v || localDateTime('x').safeParse(v).success, 'error_events_datetime_invalid')
	.transform((v) => (v ? v : null));

const optionalCount = (max: number) =>
	z
		.union([z.string(), z.number()])
		.optional()
		.transform((v, ctx) => {
			if (v === undefined || v === '') return null;
			const n = typeof v === 'number' ? v : Number(v.trim());
			if (!Number.isInteger(n) || n < 0 || n > max) {
				ctx.addIssue({ code: 'custom', message: 'error_events_number_invalid' });
				return z.NEVER;
			}
			return n;
		});

const checkbox = z
	.union([z.string(), z.boolean()])
	.optional()
	.transform((v) => v === true || v === 'on' || v === 'true');

const optionalId = z
	.string()
	.trim()
	.max(100, 'error_invalid')
	.optional()
	.transform((v) => (v === undefined || v === '' ? null : v));

export const sessionSchema = z.object({
	title: optionalText(200),
	startAt: localDateTime('error_events_datetime_invalid'),
	endAt: localDateTime('error_events_datetime_invalid')
});

export const speakerSchema = z.object({
	name: z.string().trim().min(1, 'error_events_speaker_name_required').max(200, 'error_too_long'),
	title: optionalText(200),
	organisation: optionalText(200),
	bio: optionalText(2000)
});

export const eventFormSchema = z
	.object({
		title: z.string().trim().min(3, 'error_events_title_required').max(200, 'error_too_long'),
		descriptionHtml: z.string().max(50_000, 'error_too_long').default(''),
		type: z.enum(eventTypes, { message: 'error_events_type_required' }),
		format: z.enum(eventFormats, { message: 'error_events_format_required' }),
		videoLink: optionalText(2000).refine(
			(v) => v === null || /^https:\/\/\S+$/.test(v),
			'error_events_video_link_invalid'
		),
		address: optionalText(500),
		startAt: localDateTime('error_events_datetime_invalid'),
		endAt: localDateTime('error_events_datetime_invalid'),
		sessions: z.array(sessionSchema).max(20).default([]),
		speakers: z.array(speakerSchema).max(30).default([]),
		targetAudience: optionalText(1000),
		audienceTypeIds: z.array(z.string().trim().max(100)).max(50).default([]),
		capacity: optionalCount(100_000),
		capacityOnSite: optionalCount(100_000),
		capacityDigital: optionalCount(100_000),
		registrationOpensAt: optionalDateTime,
		registrationClosesAt: optionalDateTime,
		visibility: z.enum(eventVisibilities, { message: 'error_invalid' }).default('public'),
		language: z.enum(eventLanguages, { message: 'error_invalid' }).default('sv'),
		contactUserId: optionalId,
		themeWeekId: optionalId,
		promotionMode: z.enum(promotionModes, { message: 'error_invalid' }).default('automatic'),
		offerHours: optionalCount(24 * 14).transform((v) => v ?? 24),
		reminderDays: optionalCount(60),
		reminderHours: optionalCount(72),
		dataRetentionMonths: optionalCount(120).transform((v) => v ?? 6)
	})
	.superRefine((form, ctx) => {
		if (form.endAt <= form.startAt)
			ctx.addIssue({ code: 'custom', path: ['endAt'], message: 'error_events_end_before_start' });
		if (form.format !== 'on_site' && !form.videoLink)
			ctx.addIssue({ code: 'custom', path: ['videoLink'], message: 'error_events_video_link_required' });
		if (form.format !== 'digital' && !form.address)
			ctx.addIssue({ code: 'custom', path: ['address'], message: 'error_events_address_required' });
		// Times are wall-clock 'YYYY-MM-DDTHH:MM' of one zone, so they compare as text.
		if (form.registrationOpensAt && form.registrationClosesAt && form.registrationClosesAt <= form.registrationOpensAt)
			ctx.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: 'error_events_closes_before_opens' });
		// Registering for an event that is over helps nobody: the window ends by the event's end.
		if (form.registrationClosesAt && form.registrationClosesAt > form.endAt)
			ctx.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: 'error_events_closes_after_end' });
		if (form.registrationOpensAt && form.registrationOpensAt >= form.endAt)
			ctx.addIssue({ code: 'custom', path: ['registrationOpensAt'], message: 'error_events_opens_after_end' });
		if (form.promotionMode === 'offer' && form.offerHours < 1)
			ctx.addIssue({ code: 'custom', path: ['offerHours'], message: 'error_events_number_invalid' });
		for (const [i, s] of form.sessions.entries()) {
			if (s.endAt <= s.startAt)
				ctx.addIssue({ code: 'custom', path: ['sessions', i, 'endAt'], message: 'error_events_end_before_start' });
			// A session is part of the event: it lies within the event's start and end.
			if (s.startAt < form.startAt)
				ctx.addIssue({
					code: 'custom',
					path: ['sessions', i, 'startAt'],
					message: 'error_events_session_before_event'
				});
			if (s.endAt > form.endAt)
				ctx.addIssue({ code: 'custom', path: ['sessions', i, 'endAt'], message: 'error_events_session_after_event' });
		}
	});
export type EventForm = z.infer<typeof eventFormSchema>;
export type EventFormInput = z.input<typeof eventFormSchema>;

/** Fields that arrive as repeated values (checkboxes). */
export const arrayFields = ['audienceTypeIds'];

/** The public registration form. Needs are asked for on-site participation only. */
export const registrationFormSchema = z.object({
	name: z.string().trim().min(2, 'error_events_name_required').max(200, 'error_too_long'),
	email: z
		.string()
		.trim()
		.max(254, 'error_too_long')
		.refine((v) => z.email().safeParse(v).success, 'error_email_invalid')
		.transform((v) => v.toLowerCase()),
	organisation: optionalText(200),
	organisationTypeId: optionalId,
	municipalityId: optionalId,
	needsDiet: optionalText(500),
	needsAccess: optionalText(500),
	participation: z
		.string()
		.optional()
		.refine((v) => !v || (participations as readonly string[]).includes(v), 'error_invalid')
		.transform((v) => (v ? (v as (typeof participations)[number]) : null)),
	consent: checkbox.refine((v) => v, 'error_events_consent_required'),
	newsletterOptIn: checkbox
});
export type RegistrationForm = z.infer<typeof registrationFormSchema>;
export type RegistrationFormInput = z.input<typeof registrationFormSchema>;
