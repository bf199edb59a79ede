import { fail } from '@sveltejs/kit';
import { requireContext } from '#lib/server/context.ts';
import { settingsFormSchema } from '#lib/server/meetings/forms.ts';
import {
	meetingStatistics,
	statisticsSettings,
	updateRegularPercent
} from '#lib/server/meetings/statistics-service.ts';
import { fieldFailure, parseFormData } from '#lib/server/platform/http.ts';
import { customPeriodProblem, parsePeriod, periodChoices, periodQuery } from '#lib/server/platform/periods.ts';
import { todayIn } from '#lib/server/platform/time.ts';
import type { Actions, PageServerLoad } from './$types';
import { attendanceCharts } from './charts.server.ts';

/** Attendance of a period; the period comes from GET forms, so the page works without JavaScript. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'coordinator' });
	const period = parsePeriod(event.url.searchParams, ctx.network.timeZone, ctx.now);
	const [stats, settings] = await Promise.all([meetingStatistics(ctx, period), statisticsSettings(ctx)]);
	// A custom period that cannot be shown: the page says why and keeps the typed days.
	const from = event.url.searchParams.get('from')?.trim() ?? '';
	const to = event.url.searchParams.get('to')?.trim() ?? '';
	const problem = from || to ? customPeriodProblem(from, to, ctx.locale) : null;
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name, timeZone: ctx.network.timeZone },
		custom: problem ? { from, to, ...problem } : null,
		stats,
		settings,
		charts: attendanceCharts(stats, ctx.locale, ctx.network.timeZone),
		choices: periodChoices(todayIn(ctx.network.timeZone, ctx.now), ctx.locale),
		query: periodQuery(period)
	};
};

export const actions = {
	/** The "took part regularly" share; the page reloads with the same period and the new figures. */
	settings: async (event) => {
		const ctx = await requireContext(event, { role: 'coordinator' });
		const form = parseFormData(await event.request.formData(), settingsFormSchema);
		if (!form.ok) return fail(400, form.failure);
		const result = await updateRegularPercent(ctx, form.data);
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error, result.field));
		return { saved: result.value };
	}
} satisfies Actions;
