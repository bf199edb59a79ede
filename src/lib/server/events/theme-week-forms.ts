import { z } from 'zod';

/** The theme week form; messages are catalogue keys. Days are 'YYYY-MM-DD' in the network's zone. */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day (no 31 February). */
export function isDay(value: string): boolean {
	const match = DAY.exec(value);
	if (!match) return false;
	const date = new Date(`${value}T12:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const day = z
	.string()
	.trim()
	.refine((v) => isDay(v), 'error_events_weeks_day_invalid');

export const themeWeekFormSchema = z
	.object({
		name: z.string().trim().min(1, 'error_events_weeks_name_required').max(200, 'error_too_long'),
		description: z
			.string()
			.trim()
			.max(5000, 'error_too_long')
			.optional()
			.transform((v) => (v ? v : null)),
		startsOn: day,
		endsOn: day
	})
	.superRefine((form, ctx) => {
		if (form.endsOn < form.startsOn)
			ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'error_events_weeks_ends_before_starts' });
	});
export type ThemeWeekForm = z.infer<typeof themeWeekFormSchema>;
export type ThemeWeekFormInput = z.input<typeof themeWeekFormSchema>;

export const themeWeekIdSchema = z.object({
	weekId: z.string().trim().min(1, 'error_invalid').max(100, 'error_invalid')
});
