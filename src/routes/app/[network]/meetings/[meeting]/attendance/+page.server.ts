import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { addGuests, attendanceSheet, markAttendance, removeGuests } from '#lib/server/meetings/attendance-service.ts';
import type { SheetMark } from '#lib/server/meetings/attendance-service.ts';
import { attendanceMarkSchema, guestFormSchema } from '#lib/server/meetings/forms.ts';
import type { ServiceContext } from '#lib/server/platform/context.ts';
import { fieldFailure, formValues, parseFormData } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * Attendance at a meeting, for coordinators and admins on a phone during or after the meeting: one
 * radio group per invited person and one submit for the whole sheet; guests counted by
 * organisation type and municipality, without names.
 */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const sheet = await attendanceSheet(ctx, event.params.meeting);
	if (!sheet.ok) error(404, { message: 'error_not_found' });
	const { meeting, rows, guests, typeOptions, municipalityOptions, canMarkPresence, counts } = sheet.value;
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name, timeZone: ctx.network.timeZone },
		meeting: {
			id: meeting.id,
			seriesId: meeting.seriesId,
			title: meeting.title,
			startAt: meeting.startAt,
			endAt: meeting.endAt,
			status: meeting.status
		},
		rows: rows.map((row) => ({
			membershipId: row.membershipId,
			name: row.name,
			status: row.status,
			reason: row.reason,
			selfAnnounced: row.selfAnnounced,
			organisation: [row.organisationTypeName, row.municipalityName].filter(Boolean).join(', ') || null
		})),
		guests: guests.map((g) => ({
			id: g.id,
			count: g.count,
			typeName: g.typeName,
			municipalityName: g.municipalityName
		})),
		typeOptions,
		municipalityOptions,
		canMarkPresence,
		counts,
		done: event.url.searchParams.get('done'),
		saved: Number(event.url.searchParams.get('saved') ?? '0') || 0
	};
};

function backTo(ctx: ServiceContext, meetingId: string, query: string): never {
	redirect(303, `${localizedPath(`/app/${ctx.network.slug}/meetings/${meetingId}/attendance`, ctx.locale)}?${query}`);
}

export const actions = {
	/** The whole sheet: every `status-<membershipId>` posted, with its `reason-<membershipId>`. */
	mark: async (event) => {
		const ctx = await requireContext(event);
		const data = await event.request.formData();
		const values = formValues(data);
		const marks: SheetMark[] = [];
		const errors: Record<string, string> = {};
		for (const key of data.keys()) {
			if (!key.startsWith('status-')) continue;
			const membershipId = key.slice('status-'.length);
			const parsed = attendanceMarkSchema.safeParse({
				status: data.get(key) ?? '',
				reason: data.get(`reason-${membershipId}`) ?? undefined
			});
			if (!parsed.success) {
				const issue = parsed.error.issues[0];
				errors[`${issue.path[0] === 'reason' ? 'reason' : 'status'}-${membershipId}`] = String(issue.message);
				continue;
			}
			marks.push({ membershipId, status: parsed.data.status || null, reason: parsed.data.reason });
		}
		if (Object.keys(errors).length) return fail(400, { kind: 'sheet', values, errors });
		const result = await markAttendance(ctx, event.params.meeting, marks);
		if (!result.ok) return fail(422, { kind: 'sheet', ...fieldFailure(values, result.error, result.field) });
		backTo(ctx, event.params.meeting, `done=marked&saved=${result.value}`);
	},
	addGuests: async (event) => {
		const ctx = await requireContext(event);
		const form = parseFormData(await event.request.formData(), guestFormSchema);
		if (!form.ok) return fail(400, { kind: 'guests', ...form.failure });
		const result = await addGuests(ctx, event.params.meeting, form.data);
		if (!result.ok) return fail(422, { kind: 'guests', ...fieldFailure(form.values, result.error, result.field) });
		backTo(ctx, event.params.meeting, 'done=guests_added#guests-heading');
	},
	removeGuests: async (event) => {
		const ctx = await requireContext(event);
		const data = await event.request.formData();
		const result = await removeGuests(ctx, event.params.meeting, String(data.get('guestId') ?? ''));
		if (!result.ok) return fail(422, { kind: 'guests', values: {}, errors: {}, message: result.error });
		backTo(ctx, event.params.meeting, 'done=guests_removed#guests-heading');
	}
} satisfies Actions;
