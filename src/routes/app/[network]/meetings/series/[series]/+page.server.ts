import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { seriesArrayFields, seriesFormSchema } from '#lib/server/meetings/forms.ts';
import { meetingCalendar } from '#lib/server/meetings/meetings-service.ts';
import {
	deleteSeries,
	seriesFormOptions,
	seriesFormValues,
	updateSeries
} from '#lib/server/meetings/series-service.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import { endOfDayIn, startOfDayIn } from '#lib/server/platform/time.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * One series: its form (a save changes the meetings ahead that were not changed by hand), its
 * meetings with those changed by hand marked, and deleting it after a confirmation step.
 */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'coordinator' });
	const found = await seriesFormValues(ctx, event.params.series);
	if (!found.ok) error(404, { message: 'error_not_found' });
	const { series, values } = found.value;
	const zone = ctx.network.timeZone;
	const [options, calendar] = await Promise.all([
		seriesFormOptions(ctx),
		meetingCalendar(ctx, startOfDayIn(series.rule.firstDay, zone), endOfDayIn(series.rule.lastDay, zone))
	]);
	const meetings = calendar
		.filter((entry) => entry.seriesId === series.id)
		.map(({ id, startAt, endAt, status, edited }) => ({ id, startAt, endAt, status, edited }));
	const search = event.url.searchParams;
	const count = (name: string) => Number(search.get(name) ?? 0) || 0;
	return {
		series: { id: series.id, title: series.title },
		values,
		options,
		meetings,
		now: ctx.now,
		confirmDelete: search.get('delete') === '1',
		done:
			search.get('done') === 'updated'
				? {
						created: count('created'),
						changed: count('changed'),
						cancelled: count('cancelled'),
						removed: count('removed')
					}
				: null
	};
};

export const actions = {
	save: async (event) => {
		const ctx = await requireContext(event, { role: 'coordinator' });
		const form = await parseForm(event.request, seriesFormSchema, { arrayFields: seriesArrayFields });
		if (!form.ok) return fail(400, form.failure);
		const result = await updateSeries(ctx, event.params.series, form.data);
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error, result.field));
		const { created, changed, cancelled, removed } = result.value;
		const query = new URLSearchParams({
			done: 'updated',
			created: String(created.length),
			changed: String(changed.length),
			cancelled: String(cancelled.length),
			removed: String(removed)
		});
		redirect(
			303,
			`${localizedPath(`/app/${ctx.network.slug}/meetings/series/${event.params.series}`, ctx.locale)}?${query}`
		);
	},
	delete: async (event) => {
		const ctx = await requireContext(event, { role: 'coordinator' });
		const form = await event.request.formData();
		if (form.get('confirm') !== 'yes') return fail(400, { deleteMessage: 'meetings_pages_delete_confirm_missing' });
		const result = await deleteSeries(ctx, event.params.series);
		if (!result.ok) {
			if (result.error === 'error_not_found') error(404, { message: 'error_not_found' });
			return fail(422, { deleteMessage: result.error });
		}
		redirect(303, `${localizedPath(`/app/${ctx.network.slug}/meetings/series`, ctx.locale)}?done=deleted`);
	}
} satisfies Actions;
