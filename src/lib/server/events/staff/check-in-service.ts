import type { ServiceContext } from '../../platform/context.ts';
import { requirePermission } from '../../platform/permissions.ts';
import { failure, ok, type Result } from '../../platform/result.ts';
import * as eventRepo from '../events-repository.ts';
import type { Participation, RegistrationStatus } from '../model.ts';
import * as registrationRepo from '../registrations-repository.ts';
import * as staffRepo from './repository.ts';
import { matches } from './search.ts';

/**
 * Check-in and attendance (docs/product.md#events-staff-work): who came, who did not, on a phone at
 * the door or in the registration list. Every function checks `events.manage` first. Seats stay as
 * they were: attendance moves only between the statuses that hold one.
 */

/** The statuses of someone with a seat that check-in moves between. */
export type Attendance = 'registered' | 'attended' | 'no_show';
const attendances: readonly RegistrationStatus[] = ['registered', 'attended', 'no_show'];

/**
 * What attendance an event takes now. Ticking who came works from before the doors open (people
 * come early); "did not come" only once the event has begun, since before it nobody can have
 * missed it. A cancelled event takes neither, though a mark can still be undone.
 */
export function attendanceRules(event: Pick<eventRepo.EventRecord, 'status' | 'startAt'>, now: Date) {
	const open = event.status !== 'cancelled';
	return { checkIn: open, noShow: open && now >= event.startAt };
}

function attendanceRefusal(event: eventRepo.EventRecord, now: Date, attendance: Attendance): string | null {
	const rules = attendanceRules(event, now);
	if (attendance === 'registered') return null;
	if (!rules.checkIn) return 'error_events_cancelled';
	if (attendance === 'no_show' && !rules.noShow) return 'error_events_staff_not_started';
	return null;
}

/**
 * Ticks that someone came, marks that they did not, or undoes either (back to registered). Seats
 * stay as they were. Returns the status before, so the page can say what was undone.
 */
export async function setAttendance(
	ctx: ServiceContext,
	eventId: string,
	registrationId: string,
	attendance: Attendance
): Promise<Result<{ from: RegistrationStatus }>> {
	await requirePermission(ctx, 'events.manage');
	const [event, registration] = await Promise.all([
		eventRepo.findEvent(ctx.db, ctx.network.id, eventId),
		registrationRepo.findRegistration(ctx.db, ctx.network.id, registrationId)
	]);
	if (!event || !registration || registration.eventId !== eventId || registration.erasedAt)
		return failure('error_not_found');
	if (!attendances.includes(registration.status)) return failure('error_events_staff_no_seat');
	const refusal = attendanceRefusal(event, ctx.now, attendance);
	if (refusal) return failure(refusal);
	const done = await staffRepo.setAttendance(
		ctx.db,
		ctx.network.id,
		registrationId,
		attendance,
		attendance === 'attended' ? ctx.now : null,
		ctx.now
	);
	if (!done) return failure('error_events_changed_meanwhile');
	await ctx.audit.record(`events.attendance_${attendance}`, { type: 'event_registration', id: registrationId });
	return ok({ from: registration.status });
}

/**
 * When check-in is over: everyone still only registered did not come. One transaction, each
 * registration audited as if marked by hand, and the whole step once more on the event. Refused
 * before the event has begun and for a cancelled event.
 */
export async function markRemainingAsNoShow(ctx: ServiceContext, eventId: string): Promise<Result<{ marked: number }>> {
	await requirePermission(ctx, 'events.manage');
	return ctx.db.transaction().execute(async (trx): Promise<Result<{ marked: number }>> => {
		const event = await eventRepo.findEvent(trx, ctx.network.id, eventId);
		if (!event) return failure('error_not_found');
		const refusal = attendanceRefusal(event, ctx.now, 'no_show');
		if (refusal) return failure(refusal);
		const ids = await staffRepo.markRegisteredAsNoShow(trx, ctx.network.id, eventId, ctx.now);
		for (const id of ids)
			await ctx.audit.record('events.attendance_no_show', { type: 'event_registration', id }, 'success', trx);
		await ctx.audit.record('events.attendance_no_show_remaining', { type: 'event', id: eventId }, 'success', trx);
		return ok({ marked: ids.length });
	});
}

/** A phone shows this many at most; the search narrows it down. */
const CHECK_IN_LIMIT = 200;

/** The check-in list: those with a seat, found by name (or organisation), with the tally. */
/** Whose door list the check-in shows: a hybrid event's digital attendees are not at the door. */
export type CheckInGroup = Participation | 'all';

/**
 * The check-in list. For a hybrid event it shows one group, on-site by default (those at the door),
 * or the digital attendees, or all; the tally counts the group shown.
 */
export async function checkInList(ctx: ServiceContext, eventId: string, q = '', group: string | null = null) {
	await requirePermission(ctx, 'events.manage');
	const event = await eventRepo.findEvent(ctx.db, ctx.network.id, eventId);
	if (!event) return failure('error_not_found');
	const people = await registrationRepo.listRegistrations(ctx.db, ctx.network.id, eventId, attendances);
	await ctx.audit.read({ type: 'event_registrations', id: eventId });
	const hybrid = event.format === 'hybrid';
	const shown: CheckInGroup = !hybrid ? 'all' : group === 'digital' || group === 'all' ? group : 'on_site';
	const everyone = people.filter((r) => r.erasedAt === null);
	const present = everyone.filter((r) => shown === 'all' || r.participation === shown);
	const found = present.filter((r) => matches(r, q)).sort((a, b) => a.name.localeCompare(b.name, ctx.locale));
	const count = (status: Attendance) => present.filter((r) => r.status === status).length;
	return ok({
		event,
		rules: attendanceRules(event, ctx.now),
		/** The group shown; null when the event has only one kind of participant. */
		group: hybrid ? shown : null,
		groups: hybrid
			? {
					on_site: everyone.filter((r) => r.participation === 'on_site').length,
					digital: everyone.filter((r) => r.participation === 'digital').length,
					all: everyone.length
				}
			: null,
		total: present.length,
		attended: count('attended'),
		noShow: count('no_show'),
		remaining: count('registered'),
		/** How many match the search; the list shows the first CHECK_IN_LIMIT of them. */
		matching: found.length,
		people: found.slice(0, CHECK_IN_LIMIT).map((r) => ({
			id: r.id,
			name: r.name,
			organisation: r.organisation,
			participation: r.participation,
			status: r.status as Attendance
		}))
	});
}
