import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { NetworkRef, ServiceContext } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { utcToZoned } from '../platform/time.ts';
import * as eventRepo from './events-repository.ts';
import { summaryOf, type PublicEventSummary } from './public/service.ts';
import type { ThemeWeekForm } from './theme-week-forms.ts';
import * as weeks from './theme-weeks-repository.ts';

/**
 * Theme weeks (docs/product.md#events-events-and-theme-weeks), e.g. "A week free from violence", 22–26 November: a name, a plain-text
 * description and a first and last day that group several events. Staff functions check
 * `events.manage` first and audit every change; the public ones show only what anyone may read:
 * a week is public through its public, published activities, and only then.
 */

export type ThemeWeekRecord = weeks.ThemeWeekRecord;

// ---------------------------------------------------------------- staff

/** The network's theme weeks, latest first, each with how many events belong to it. */
export async function listThemeWeeks(ctx: ServiceContext) {
	await requirePermission(ctx, 'events.manage');
	return weeks.listThemeWeeksWithCounts(ctx.db, ctx.network.id);
}

/** A week as its edit form's values. */
export async function themeWeekFormValues(
	ctx: ServiceContext,
	id: string
): Promise<Result<{ week: ThemeWeekRecord; events: number; values: Record<string, string> }>> {
	await requirePermission(ctx, 'events.manage');
	const week = await weeks.findThemeWeek(ctx.db, ctx.network.id, id);
	if (!week) return failure('error_not_found');
	const events = await weeks.countEventsOfThemeWeek(ctx.db, ctx.network.id, id);
	return ok({
		week,
		events,
		values: { name: week.name, description: week.description ?? '', startsOn: week.startsOn, endsOn: week.endsOn }
	});
}

export async function createThemeWeek(ctx: ServiceContext, input: ThemeWeekForm): Promise<Result<string>> {
	await requirePermission(ctx, 'events.manage');
	const id = randomUUID();
	await ctx.db.transaction().execute(async (trx) => {
		await weeks.insertThemeWeek(trx, ctx.network.id, id, input, ctx.now);
		await ctx.audit.record('events.theme_week_created', { type: 'event_theme_week', id }, 'success', trx);
	});
	return ok(id);
}

export async function updateThemeWeek(ctx: ServiceContext, id: string, input: ThemeWeekForm): Promise<Result<void>> {
	await requirePermission(ctx, 'events.manage');
	return ctx.db.transaction().execute(async (trx) => {
		// The week's events start on its days (the event form checks the same): new days keep them in.
		const starts = await weeks.listEventStartsOfThemeWeek(trx, ctx.network.id, id);
		const outside = starts.some((at) => {
			const day = utcToZoned(at, ctx.network.timeZone).slice(0, 10);
			return day < input.startsOn || day > input.endsOn;
		});
		if (outside) return failure('error_events_weeks_events_outside', 'startsOn');
		if (!(await weeks.updateThemeWeek(trx, ctx.network.id, id, input))) return failure('error_not_found');
		await ctx.audit.record('events.theme_week_updated', { type: 'event_theme_week', id }, 'success', trx);
		return ok(undefined);
	});
}

/** Deletes a week no event belongs to; with events it stays, and the answer says why. */
export async function deleteThemeWeek(ctx: ServiceContext, id: string): Promise<Result<void>> {
	await requirePermission(ctx, 'events.manage');
	return ctx.db.transaction().execute(async (trx) => {
		if (!(await weeks.findThemeWeek(trx, ctx.network.id, id))) return failure('error_not_found');
		if (!(await weeks.deleteUnusedThemeWeek(trx, ctx.network.id, id))) {
			await ctx.audit.record('events.theme_week_deleted', { type: 'event_theme_week', id }, 'failure', trx);
			return failure('error_events_weeks_in_use');
		}
		await ctx.audit.record('events.theme_week_deleted', { type: 'event_theme_week', id }, 'success', trx);
		return ok(undefined);
	});
}

// ---------------------------------------------------------------- public

export interface PublicThemeWeek {
	id: string;
	name: string;
	description: string | null;
	startsOn: string;
	endsOn: string;
	events: PublicEventSummary[];
}

async function publicActivities(db: Kysely<Database>, networkId: string) {
	const events = await eventRepo.listEvents(db, networkId, { status: 'published', visibility: 'public' });
	const byWeek = new Map<string, eventRepo.EventRecord[]>();
	for (const event of events) {
		if (!event.themeWeekId) continue;
		byWeek.set(event.themeWeekId, [...(byWeek.get(event.themeWeekId) ?? []), event]);
	}
	return byWeek;
}

function publicWeek(week: ThemeWeekRecord, events: eventRepo.EventRecord[], now: Date): PublicThemeWeek {
	return {
		id: week.id,
		name: week.name,
		description: week.description,
		startsOn: week.startsOn,
		endsOn: week.endsOn,
		events: events.map((e) => summaryOf(e, now))
	};
}

/** Weeks not yet over (in the network's zone) that have public activities, soonest first. */
export async function upcomingPublicThemeWeeks(
	db: Kysely<Database>,
	network: NetworkRef,
	now: Date
): Promise<PublicThemeWeek[]> {
	const today = utcToZoned(now, network.timeZone).slice(0, 10);
	const [upcoming, byWeek] = await Promise.all([
		weeks.listThemeWeeksEndingFrom(db, network.id, today),
		publicActivities(db, network.id)
	]);
	return upcoming.filter((week) => byWeek.has(week.id)).map((week) => publicWeek(week, byWeek.get(week.id) ?? [], now));
}

/**
 * A week's public page: not found for another network's week and for a week without public,
 * published activities (an empty page would only tell that something is planned).
 */
export async function publicThemeWeek(
	db: Kysely<Database>,
	network: NetworkRef,
	id: string,
	now: Date
): Promise<Result<PublicThemeWeek>> {
	const week = await weeks.findThemeWeek(db, network.id, id);
	if (!week) return failure('error_events_weeks_not_found');
	const events = (await publicActivities(db, network.id)).get(week.id) ?? [];
	if (events.length === 0) return failure('error_events_weeks_not_found');
	return ok(publicWeek(week, events, now));
}

/** The week a public event belongs to, for its page's link; null when it belongs to none. */
export async function themeWeekOfEvent(
	db: Kysely<Database>,
	network: NetworkRef,
	themeWeekId: string | null
): Promise<{ id: string; name: string; startsOn: string; endsOn: string } | null> {
	if (!themeWeekId) return null;
	const week = await weeks.findThemeWeek(db, network.id, themeWeekId);
	return week ? { id: week.id, name: week.name, startsOn: week.startsOn, endsOn: week.endsOn } : null;
}
