import { randomUUID } from 'node:crypto';
import type { ServiceContext } from '../platform/context.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { todayIn } from '../platform/time.ts';
import { checkTexts } from './checked-texts.ts';
import type { SeriesForm } from './forms.ts';
import { invitableMembers } from './invitees.ts';
import * as meetings from './meetings-repository.ts';
import { queueMeetingNotices } from './notices.ts';
import { occurrenceTimes, seriesDays, wallClockExists } from './recurrence.ts';
import * as seriesRepo from './series-repository.ts';
import { horizonEnd, syncSeries, type SyncOutcome } from './series-sync.ts';

/**
 * Team meeting series (docs/product.md#team-meetings, docs/decisions/021-team-meetings.md):
 * coordinators and admins create a series (or a single meeting, a series of one day), change it,
 * and delete it while nothing has been written on it. Every change is audited and told to the
 * invited by mail with the calendar files.
 */

function valuesOf(form: SeriesForm): seriesRepo.SeriesValues {
	const single = form.recurrence === 'single';
	const lastDay =
		single || !form.lastDay
			? form.recurrence === 'dates'
				? [...form.dates].sort().at(-1)!
				: form.firstDay
			: form.lastDay;
	return {
		title: form.title,
		description: form.description,
		rule: {
			recurrence: form.recurrence,
			intervalWeeks: form.recurrence === 'weekly' ? (form.intervalWeeks ?? 1) : null,
			weekday: form.weekday,
			weekOfMonth: form.weekOfMonth,
			dates: form.dates,
			firstDay: form.recurrence === 'dates' ? [...form.dates].sort()[0] : form.firstDay,
			lastDay: single ? form.firstDay : lastDay
		},
		startTime: form.startTime,
		endTime: form.endTime,
		place: form.place,
		videoLink: form.videoLink,
		audience: form.audience,
		audienceRoles: form.roles
	};
}

/** What the series form offers: the members who can be invited one by one. */
export async function seriesFormOptions(ctx: ServiceContext) {
	await requirePermission(ctx, 'meetings.manage');
	const members = await invitableMembers(ctx.db, ctx.network.id);
	return { members: members.map((m) => ({ id: m.membershipId, name: m.name, role: m.role })) };
}

/**
 * The checks a series' values must pass against the network's data: chosen people are invitable
 * members, a single meeting's time exists on its day, and no occurrence overlaps another meeting.
 */
async function refusal(
	ctx: ServiceContext,
	values: seriesRepo.SeriesValues,
	people: string[],
	fromDay: string,
	seriesId: string | null
): Promise<{ error: string; field?: string } | null> {
	if (values.audience === 'people') {
		const invitable = new Set((await invitableMembers(ctx.db, ctx.network.id)).map((m) => m.membershipId));
		if (people.some((id) => !invitable.has(id))) return { error: 'error_meetings_person_unknown', field: 'people' };
	}
	const days = seriesDays(values.rule, fromDay, horizonEnd(todayIn(ctx.network.timeZone, ctx.now)));
	if (
		values.rule.recurrence === 'single' &&
		!wallClockExists(values.rule.firstDay, values.startTime, ctx.network.timeZone)
	)
		return { error: 'error_meetings_time_skipped', field: 'startTime' };
	const spans = days.map((day) => occurrenceTimes(day, values.startTime, values.endTime, ctx.network.timeZone));
	const overlap = await meetings.findOverlap(ctx.db, ctx.network.id, spans, { seriesId: seriesId ?? undefined });
	if (overlap) return { error: 'error_meetings_overlap', field: 'startTime' };
	// The place is a venue (often a public authority's street address), not a text about a case.
	return checkTexts(ctx, { title: values.title, description: values.description });
}

/** A new series (or single meeting) and its occurrences up to the horizon; returns the first meeting's id. */
export async function createSeries(
	ctx: ServiceContext,
	form: SeriesForm
): Promise<Result<{ seriesId: string; firstMeetingId: string | null }>> {
	await requirePermission(ctx, 'meetings.manage');
	const values = valuesOf(form);
	const refused = await refusal(ctx, values, form.people, values.rule.firstDay, null);
	if (refused) return failure(refused.error, refused.field);
	const id = randomUUID();
	const outcome = await ctx.db.transaction().execute(async (trx) => {
		await seriesRepo.insertSeries(trx, ctx.network.id, id, values, ctx.actor.userId, ctx.now);
		if (values.audience === 'people') await seriesRepo.replaceSeriesPeople(trx, ctx.network.id, id, form.people);
		const series = (await seriesRepo.findSeries(trx, ctx.network.id, id))!;
		const synced = await syncSeries(trx, ctx.network, series, {
			fromDay: values.rule.firstDay,
			today: todayIn(ctx.network.timeZone, ctx.now),
			now: ctx.now,
			inviteSince: new Date(0)
		});
		await ctx.audit.record('meetings.series_created', { type: 'meeting_series', id }, 'success', trx);
		await queueMeetingNotices(trx, ctx, { invited: synced.created, changed: [], cancelled: [] });
		return synced;
	});
	ctx.mail.flush();
	const first = (await meetings.listMeetingsOfSeries(ctx.db, ctx.network.id, id)).find((m) => m.endAt > ctx.now);
	return ok({ seriesId: id, firstMeetingId: first?.id ?? outcome.created[0] ?? null });
}

/** The series and its form values, for the edit page. */
export async function seriesFormValues(ctx: ServiceContext, id: string) {
	await requirePermission(ctx, 'meetings.manage');
	const series = await seriesRepo.findSeries(ctx.db, ctx.network.id, id);
	if (!series) return failure('error_not_found');
	const people = await seriesRepo.listSeriesPeople(ctx.db, ctx.network.id, id);
	const values: Record<string, string> = {
		title: series.title,
		description: series.description ?? '',
		recurrence: series.rule.recurrence,
		firstDay: series.rule.firstDay,
		lastDay: series.rule.recurrence === 'single' ? '' : series.rule.lastDay,
		intervalWeeks: series.rule.intervalWeeks ? String(series.rule.intervalWeeks) : '',
		weekday: series.rule.weekday ? String(series.rule.weekday) : '',
		weekOfMonth: series.rule.weekOfMonth ? String(series.rule.weekOfMonth) : '',
		dates: series.rule.dates.join('\n'),
		startTime: series.startTime,
		endTime: series.endTime,
		place: series.place ?? '',
		videoLink: series.videoLink ?? '',
		audience: series.audience,
		roles: series.audienceRoles.join(','),
		people: people.join(','),
		version: String(series.version)
	};
	return ok({ series, values });
}

/**
 * Changes a series from today on: occurrences ahead follow the new rule, times, place and
 * invited, except those changed by hand; past ones stay as they were. Refused when someone saved
 * the series since the form was loaded.
 */
export async function updateSeries(ctx: ServiceContext, id: string, form: SeriesForm): Promise<Result<SyncOutcome>> {
	await requirePermission(ctx, 'meetings.manage');
	const current = await seriesRepo.findSeries(ctx.db, ctx.network.id, id);
	if (!current) return failure('error_not_found');
	if (form.version !== null && form.version !== current.version) return failure('error_meetings_changed_meanwhile');
	const values = valuesOf(form);
	const today = todayIn(ctx.network.timeZone, ctx.now);
	const refused = await refusal(ctx, values, form.people, today, id);
	if (refused) return failure(refused.error, refused.field);
	const result = await ctx.db.transaction().execute(async (trx) => {
		if (!(await seriesRepo.updateSeries(trx, ctx.network.id, id, current.version, values, ctx.now)))
			return failure('error_meetings_changed_meanwhile');
		await seriesRepo.replaceSeriesPeople(trx, ctx.network.id, id, values.audience === 'people' ? form.people : []);
		const series = (await seriesRepo.findSeries(trx, ctx.network.id, id))!;
		const synced = await syncSeries(trx, ctx.network, series, {
			fromDay: today,
			today,
			now: ctx.now,
			inviteSince: ctx.now
		});
		await ctx.audit.record('meetings.series_updated', { type: 'meeting_series', id }, 'success', trx);
		await queueMeetingNotices(trx, ctx, {
			invited: synced.created,
			changed: synced.changed,
			cancelled: synced.cancelled,
			joined: synced.joined,
			left: synced.left,
			removed: synced.removedMeetings
		});
		return ok(synced);
	});
	ctx.mail.flush();
	return result;
}

/** The network's series, newest first, with how many meetings each has ahead. */
export async function listSeries(ctx: ServiceContext) {
	await requirePermission(ctx, 'meetings.manage');
	return seriesRepo.listSeries(ctx.db, ctx.network.id);
}

/** Deletes a series whose meetings carry nothing (no marks, minutes, guests or consultations). */
export async function deleteSeries(ctx: ServiceContext, id: string): Promise<Result<void>> {
	await requirePermission(ctx, 'meetings.manage');
	return ctx.db
		.transaction()
		.execute(async (trx) => {
			if (!(await seriesRepo.findSeries(trx, ctx.network.id, id))) return failure('error_not_found');
			const all = await meetings.listMeetingsOfSeries(trx, ctx.network.id, id);
			const written = await meetings.meetingsWithContent(
				trx,
				ctx.network.id,
				all.map((m) => m.id)
			);
			if (written.size) {
				await ctx.audit.record('meetings.series_deleted', { type: 'meeting_series', id }, 'failure', trx);
				return failure('error_meetings_series_in_use');
			}
			const ahead = all.filter((m) => m.status === 'scheduled' && m.endAt > ctx.now).map((m) => m.id);
			await queueMeetingNotices(trx, ctx, { invited: [], changed: [], cancelled: ahead, deleting: true });
			await seriesRepo.deleteSeries(trx, ctx.network.id, id);
			await ctx.audit.record('meetings.series_deleted', { type: 'meeting_series', id }, 'success', trx);
			return ok(undefined);
		})
		.finally(() => ctx.mail.flush());
}
