import { normaliseEmail } from '../platform/auth/user-repository.ts';
import type { ServiceContext } from '../platform/context.ts';
import { requirePermission } from '../platform/permissions.ts';
import { ownUpcomingRegistrations } from './overview-repository.ts';
import * as eventRepo from './events-repository.ts';
import { summaryOf } from './public/service.ts';

/** How many upcoming events the start page shows; the events pages have the rest. */
export const OVERVIEW_EVENTS = 3;

/**
 * The network's next published events for the start page, with the seats left (null: no limit).
 * Every member sees them; each links to its public page, where people register.
 */
export async function upcomingEventsSummary(ctx: ServiceContext, limit = OVERVIEW_EVENTS) {
	await requirePermission(ctx, 'events.read');
	const events = await eventRepo.listEvents(ctx.db, ctx.network.id, {
		status: 'published',
		visibility: 'public',
		from: ctx.now,
		limit
	});
	return events.map((event) => {
		const summary = summaryOf(event, ctx.now);
		const pools = Object.values(summary.seats);
		const seatsLeft = pools.some((free) => free === null)
			? null
			: pools.reduce<number>((sum, free) => sum + Math.max(0, free ?? 0), 0);
		return {
			id: summary.id,
			title: summary.title,
			startAt: summary.startAt,
			seatsLeft,
			full: summary.full,
			registration: summary.registration
		};
	});
}

/**
 * The signed-in person's own registrations to events that have not ended, matched by their account
 * (registered while signed in) or by their account's own address. Nobody else's registrations: the
 * match is exact on that one address, which the person proved by accepting the invitation to it.
 */
export async function ownRegistrations(ctx: ServiceContext, limit = 10) {
	await requirePermission(ctx, 'events.read');
	const rows = await ownUpcomingRegistrations(
		ctx.db,
		ctx.network.id,
		{ userId: ctx.actor.userId, email: normaliseEmail(ctx.actor.email) },
		ctx.now,
		limit
	);
	// One line per event, should the account and the address each have registered.
	const seen = new Set<string>();
	return rows.filter((row) => !seen.has(row.eventId) && seen.add(row.eventId));
}
