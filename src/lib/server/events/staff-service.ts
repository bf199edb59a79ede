import { escapeHtml } from '../platform/html.ts';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { m } from '#lib/paraglide/messages.js';
import {
	findType,
	listNetworkMunicipalities,
	listTypes,
	networkMunicipalityExists,
	typeLabel
} from '../directory/index.ts';
import type { Locale, ServiceContext } from '../platform/context.ts';
import { csvSeparator, toCsv } from '../platform/csv.ts';
import { formObject, formValues, inputAt, issueMessageKey, type FormFailure } from '../platform/http.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { arrayFields, eventFormSchema, registrationFormSchema, type EventForm } from './forms.ts';
import {
	activeStatuses,
	participationFor,
	registrationStatuses,
	seatPool,
	type Participation,
	type RegistrationStatus
} from './model.ts';
import { utcToZoned } from '../platform/time.ts';
import {
	asLocale,
	cancelLocked,
	countersOf,
	decide,
	hasSeat,
	newToken,
	queueEventMail,
	recipientOf,
	registrantValues,
	registrationLink,
	takeSeat,
	writeCounters,
	type AttachmentsFor,
	type SeatContext
} from './registration.ts';
import * as repo from './repository.ts';
import * as staffRepo from './staff-repository.ts';

/**
 * The staff side of events (docs/product.md#events-staff-work): the event form as posted, the registration list with its manual
 * changes, check-in, mail to everyone, the export and the statistics. Every function checks
 * `events.manage` first. Seat changes keep registration.ts's invariants: they lock the event, decide
 * on its counters, write registration, counters and outbox row in one transaction, and give a freed
 * seat to the first on the waiting list before committing.
 */

// ---------------------------------------------------------------- the event form

/** Rows of sessions and speakers are posted as `sessions.0.startAt`, `speakers.1.name`, … */
const ROW_FIELD = /^(sessions|speakers)\.(\d{1,2})\.(\w+)$/;

export type EventFormParse =
	{ ok: true; data: EventForm; values: Record<string, string> } | { ok: false; failure: FormFailure };

/**
 * Reads the posted event form: plain fields, the audience checkboxes and the numbered rows of
 * sessions and speakers. A row left empty is no row. Errors are keyed by their full path
 * (`sessions.0.endAt`), which is also the field's name, so each lands beside its own input.
 */
export function readEventForm(formData: FormData): EventFormParse {
	const values = formValues(formData);
	const object = formObject(formData, arrayFields);
	const rows: Record<'sessions' | 'speakers', Map<number, Record<string, string>>> = {
		sessions: new Map(),
		speakers: new Map()
	};
	for (const key of Object.keys(object)) {
		const match = ROW_FIELD.exec(key);
		if (!match) continue;
		const [, list, index, field] = match as unknown as [string, 'sessions' | 'speakers', string, string];
		const row = rows[list].get(Number(index)) ?? {};
		row[field] = String(object[key] ?? '');
		rows[list].set(Number(index), row);
		delete object[key];
	}
	// Keep each row's posted index, so an error's path names the row the user sees.
	const indexOf: Record<'sessions' | 'speakers', number[]> = { sessions: [], speakers: [] };
	for (const list of ['sessions', 'speakers'] as const) {
		const kept = [...rows[list].entries()]
			.sort(([a], [b]) => a - b)
			.filter(([, row]) => Object.values(row).some((v) => v.trim() !== ''));
		indexOf[list] = kept.map(([i]) => i);
		object[list] = kept.map(([, row]) => row);
	}
	const parsed = eventFormSchema.safeParse(object);
	if (parsed.success) return { ok: true, data: parsed.data, values };
	const errors: Record<string, string> = {};
	for (const issue of parsed.error.issues) {
		const [first, second, ...rest] = issue.path.map(String);
		const field =
			(first === 'sessions' || first === 'speakers') && second !== undefined
				? [first, String(indexOf[first][Number(second)] ?? second), ...rest].join('.')
				: (first ?? '_form');
		errors[field] ??= issueMessageKey(issue, inputAt(object, issue.path));
	}
	return { ok: false, failure: { values, errors } };
}

/** What the event form offers: organisation types, contact persons and theme weeks of the network. */
export async function eventFormOptions(ctx: ServiceContext) {
	await requirePermission(ctx, 'events.manage');
	const [types, members, themeWeeks] = await Promise.all([
		listTypes(ctx.db, ctx.network.id),
		staffRepo.listActiveMemberNames(ctx.db, ctx.network.id),
		staffRepo.listThemeWeeks(ctx.db, ctx.network.id)
	]);
	return {
		organisationTypes: types.filter((t) => !t.hidden).map((t) => ({ id: t.id, label: typeLabel(t, ctx.locale) })),
		contacts: members.map((p) => ({ id: p.userId, label: p.name || p.email })),
		themeWeeks: themeWeeks.map((w) => ({ id: w.id, label: w.name })),
		timeZone: ctx.network.timeZone
	};
}

/** A stored event as the form's values (wall-clock times in the network's zone). */
export async function eventFormValues(
	ctx: ServiceContext,
	id: string
): Promise<Result<{ values: Record<string, string>; audienceTypeIds: string[]; sessions: number; speakers: number }>> {
	await requirePermission(ctx, 'events.manage');
	const event = await repo.findEvent(ctx.db, ctx.network.id, id);
	if (!event) return failure('error_not_found');
	const zone = ctx.network.timeZone;
	const [sessions, speakers, audienceTypeIds] = await Promise.all([
		repo.listSessions(ctx.db, ctx.network.id, id),
		repo.listSpeakers(ctx.db, ctx.network.id, id),
		repo.listAudienceTypeIds(ctx.db, ctx.network.id, id)
	]);
	const text = (v: string | number | null) => (v === null ? '' : String(v));
	const when = (v: Date | null) => (v ? utcToZoned(v, zone) : '');
	const values: Record<string, string> = {
		title: event.title,
		descriptionHtml: event.descriptionHtml,
		type: event.type,
		format: event.format,
		videoLink: text(event.videoLink),
		address: text(event.address),
		startAt: when(event.startAt),
		endAt: when(event.endAt),
		targetAudience: text(event.targetAudience),
		capacity: text(event.capacity),
		capacityOnSite: text(event.capacityOnSite),
		capacityDigital: text(event.capacityDigital),
		registrationOpensAt: when(event.registrationOpensAt),
		registrationClosesAt: when(event.registrationClosesAt),
		visibility: event.visibility,
		language: event.language,
		contactUserId: text(event.contactUserId),
		themeWeekId: text(event.themeWeekId),
		promotionMode: event.promotionMode,
		offerHours: String(event.offerHours),
		reminderDays: text(event.reminderDays),
		reminderHours: text(event.reminderHours),
		dataRetentionMonths: String(event.dataRetentionMonths)
	};
	sessions.forEach((s, i) => {
		values[`sessions.${i}.title`] = text(s.title);
		values[`sessions.${i}.startAt`] = when(s.startAt);
		values[`sessions.${i}.endAt`] = when(s.endAt);
	});
	speakers.forEach((s, i) => {
		values[`speakers.${i}.name`] = s.name;
		values[`speakers.${i}.title`] = text(s.title);
		values[`speakers.${i}.organisation`] = text(s.organisation);
		values[`speakers.${i}.bio`] = text(s.bio);
	});
	return ok({ values, audienceTypeIds, sessions: sessions.length, speakers: speakers.length });
}

// ---------------------------------------------------------------- the list of events

/** The network's events for staff, each with its counts, split into upcoming and past. */
export async function staffEventList(ctx: ServiceContext, query: { status?: string } = {}) {
	await requirePermission(ctx, 'events.manage');
	const status = (['draft', 'published', 'cancelled'] as const).find((s) => s === query.status);
	const [events, counts] = await Promise.all([
		repo.listEvents(ctx.db, ctx.network.id, status ? { status } : {}),
		staffRepo.countsPerEvent(ctx.db, ctx.network.id)
	]);
	const rows = events.map((e) => ({
		id: e.id,
		title: e.title,
		type: e.type,
		format: e.format,
		status: e.status,
		startAt: e.startAt,
		endAt: e.endAt,
		capacity: e.format === 'hybrid' ? sumOrNull(e.capacityOnSite, e.capacityDigital) : e.capacity,
		seatsTaken: e.seatsTaken,
		counts: counts.get(e.id) ?? { registered: 0, waiting: 0, attended: 0 }
	}));
	return {
		upcoming: rows.filter((e) => e.endAt >= ctx.now),
		past: rows.filter((e) => e.endAt < ctx.now).reverse()
	};
}

function sumOrNull(a: number | null, b: number | null): number | null {
	return a === null || b === null ? null : a + b;
}

// ---------------------------------------------------------------- registrations

export const registrationFilters = ['all', ...registrationStatuses] as const;
export type RegistrationFilter = (typeof registrationFilters)[number];

export interface RegistrationQuery {
	q?: string;
	status?: string;
}

const LIST_LIMIT = 500;

function matches(r: repo.RegistrationRecord, q: string): boolean {
	const fold = (s: string | null) => (s ?? '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
	const needle = fold(q.trim());
	if (!needle) return true;
	return [r.name, r.email, r.organisation].some((s) => fold(s).includes(needle));
}

/**
 * The registrations of an event with search and a status filter: personal data, so the read is
 * written to the audit log.
 */
export async function staffRegistrations(ctx: ServiceContext, eventId: string, query: RegistrationQuery = {}) {
	await requirePermission(ctx, 'events.manage');
	const event = await repo.findEvent(ctx.db, ctx.network.id, eventId);
	if (!event) return failure('error_not_found');
	const status: RegistrationFilter = registrationFilters.find((s) => s === query.status) ?? 'all';
	const [all, types, municipalities] = await Promise.all([
		repo.listRegistrations(ctx.db, ctx.network.id, eventId),
		listTypes(ctx.db, ctx.network.id),
		listNetworkMunicipalities(ctx.db, ctx.network.id)
	]);
	const typeName = new Map(types.map((t) => [t.id, typeLabel(t, ctx.locale)]));
	const municipalityName = new Map(municipalities.map((x) => [x.id, x.name]));
	const present = all.filter((r) => r.erasedAt === null);
	const found = present
		.filter((r) => status === 'all' || r.status === status)
		.filter((r) => matches(r, query.q ?? ''))
		// The waiting list in its order; everything else by name.
		.sort((a, b) =>
			status === 'waiting'
				? (a.waitingPosition ?? 0) - (b.waitingPosition ?? 0)
				: a.name.localeCompare(b.name, ctx.locale)
		);
	await ctx.audit.read({ type: 'event_registrations', id: eventId });
	const counts = Object.fromEntries(registrationStatuses.map((s) => [s, 0])) as Record<RegistrationStatus, number>;
	for (const r of present) counts[r.status] += 1;
	return ok({
		event,
		status,
		q: query.q ?? '',
		total: found.length,
		counts,
		rules: attendanceRules(event, ctx.now),
		registrations: found.slice(0, LIST_LIMIT).map((r) => ({
			id: r.id,
			name: r.name,
			email: r.email,
			organisation: r.organisation,
			organisationType: r.organisationTypeId ? (typeName.get(r.organisationTypeId) ?? null) : null,
			municipality: r.municipalityId ? (municipalityName.get(r.municipalityId) ?? null) : null,
			participation: r.participation,
			status: r.status,
			waitingPosition: r.waitingPosition,
			needsDiet: r.needsDiet,
			needsAccess: r.needsAccess,
			createdAt: r.createdAt,
			checkedInAt: r.checkedInAt
		})),
		capped: found.length > LIST_LIMIT
	});
}

/** What the manual-add form offers. */
export async function registrationFormOptions(ctx: ServiceContext) {
	await requirePermission(ctx, 'events.manage');
	const [types, municipalities] = await Promise.all([
		listTypes(ctx.db, ctx.network.id),
		listNetworkMunicipalities(ctx.db, ctx.network.id)
	]);
	return {
		organisationTypes: types.filter((t) => !t.hidden).map((t) => ({ id: t.id, label: typeLabel(t, ctx.locale) })),
		municipalities: municipalities.map((x) => ({ id: x.id, label: x.name }))
	};
}

/**
 * The form staff fill in for someone who registered by phone or at the door. Consent is the
 * staff member's to confirm, as on the public form.
 */
export const staffRegistrationSchema = registrationFormSchema.extend({
	locale: z.enum(['sv', 'nb', 'en'], { message: 'error_invalid' }).default('sv')
});
export type StaffRegistrationForm = z.infer<typeof staffRegistrationSchema>;

function staffSeatContext(ctx: ServiceContext, publicOrigin: string, attachments?: AttachmentsFor): SeatContext {
	return { network: ctx.network, now: ctx.now, mail: ctx.mail, publicOrigin, attachments };
}

/**
 * Adds a registration by hand. The same seat decision as the public form: a seat if the pool has
 * one, else the waiting list — staff cannot overbook. It works also when registration is closed or
 * not yet open (that is what adding by hand is for), but not for a cancelled event. The person gets
 * the same mail as on the public form, with their personal link.
 */
export async function addRegistration(
	ctx: ServiceContext,
	eventId: string,
	input: StaffRegistrationForm,
	publicOrigin: string,
	options: { attachments?: AttachmentsFor } = {}
): Promise<Result<{ id: string; status: 'registered' | 'waiting' }>> {
	await requirePermission(ctx, 'events.manage');
	if (input.organisationTypeId && !(await findType(ctx.db, ctx.network.id, input.organisationTypeId)))
		return failure('error_events_organisation_type_invalid', 'organisationTypeId');
	if (input.municipalityId && !(await networkMunicipalityExists(ctx.db, ctx.network.id, input.municipalityId)))
		return failure('error_events_municipality_invalid', 'municipalityId');
	const sc = staffSeatContext(ctx, publicOrigin, options.attachments);
	const result = await ctx.db.transaction().execute(async (trx) => {
		const event = await repo.lockEvent(trx, ctx.network.id, eventId);
		if (!event) return failure('error_not_found');
		if (event.status === 'cancelled') return failure('error_events_cancelled');
		if (event.status === 'draft') return failure('error_events_staff_draft');
		const email = input.email.trim().toLowerCase();
		const existing = await repo.findRegistrationByEmail(trx, ctx.network.id, eventId, email);
		if (existing && existing.status !== 'cancelled' && existing.erasedAt === null)
			return failure('error_events_staff_already_registered', 'email');
		const participation = participationFor(event.format, input.participation);
		const c = countersOf(event);
		const decision = decide(event, c, participation);
		const { token, hash } = newToken();
		const id = existing?.id ?? randomUUID();
		const row = {
			...registrantValues(input, participation, { locale: input.locale, userId: null }),
			...decision,
			tokenHash: hash,
			offerExpiresAt: null
		};
		if (existing) await repo.reviveRegistration(trx, ctx.network.id, id, row, ctx.now);
		else await repo.insertRegistration(trx, ctx.network.id, eventId, { ...row, id }, ctx.now);
		await writeCounters(trx, event, c);
		const link = registrationLink(publicOrigin, ctx.network.slug, token, asLocale(input.locale, 'sv'));
		const to = { email, locale: input.locale, registrationId: id, participation };
		if (decision.status === 'registered') await queueEventMail(trx, sc, event, to, 'event-registered', { link });
		else {
			const position = await repo.waitingRank(
				trx,
				ctx.network.id,
				eventId,
				decision.waitingPosition!,
				event.format === 'hybrid' ? participation : null
			);
			await queueEventMail(trx, sc, event, to, 'event-waiting', { position, link });
		}
		await ctx.audit.record('events.registration_added', { type: 'event_registration', id }, 'success', trx);
		return ok({ id, status: decision.status });
	});
	if (result.ok) ctx.mail.flush();
	return result;
}

/**
 * Cancels a registration for someone (they phoned). The seat freed goes to the first on the
 * waiting list in the same transaction, with their mail. Cancelling twice is fine.
 */
export async function cancelRegistrationByStaff(
	ctx: ServiceContext,
	eventId: string,
	registrationId: string,
	publicOrigin: string,
	options: { attachments?: AttachmentsFor } = {}
): Promise<Result<{ promoted: number }>> {
	await requirePermission(ctx, 'events.manage');
	const sc = staffSeatContext(ctx, publicOrigin, options.attachments);
	const result = await ctx.db.transaction().execute(async (trx): Promise<Result<{ promoted: number }>> => {
		const event = await repo.lockEvent(trx, ctx.network.id, eventId);
		const registration = await repo.findRegistration(trx, ctx.network.id, registrationId);
		if (!event || !registration || registration.eventId !== eventId) return failure('error_not_found');
		if (registration.status === 'cancelled') return ok({ promoted: 0 });
		const promoted = await cancelLocked(trx, sc, event, registration, ctx.now);
		// So nobody turns up for a seat that is no longer theirs, or waits for one in vain.
		const to = { ...recipientOf(registration), heldSeat: registration.status === 'registered' };
		await queueEventMail(trx, sc, event, to, 'event-staff-cancel', { contact: ctx.network.contactEmail });
		await ctx.audit.record(
			'events.registration_cancelled_by_staff',
			{ type: 'event_registration', id: registration.id },
			'success',
			trx
		);
		return ok({ promoted });
	});
	if (result.ok) ctx.mail.flush();
	return result;
}

/**
 * Moves someone from the waiting list by hand. A free seat in their pool is theirs at once (with
 * the promotion mail); with none free — the usual case, as a freed seat goes to the list on its
 * own — they move to the front of the list and get the next seat freed. Capacity is never
 * exceeded: to let someone in beyond it, raise the capacity.
 */
export async function moveFromWaitingList(
	ctx: ServiceContext,
	eventId: string,
	registrationId: string,
	publicOrigin: string,
	options: { attachments?: AttachmentsFor } = {}
): Promise<Result<{ outcome: 'registered' | 'first' }>> {
	await requirePermission(ctx, 'events.manage');
	const sc = staffSeatContext(ctx, publicOrigin, options.attachments);
	const result = await ctx.db
		.transaction()
		.execute(async (trx): Promise<Result<{ outcome: 'registered' | 'first' }>> => {
			const event = await repo.lockEvent(trx, ctx.network.id, eventId);
			const registration = await repo.findRegistration(trx, ctx.network.id, registrationId);
			if (!event || !registration || registration.eventId !== eventId) return failure('error_not_found');
			if (registration.status !== 'waiting') return failure('error_events_staff_not_waiting');
			if (event.status === 'cancelled') return failure('error_events_cancelled');
			const c = countersOf(event);
			if (hasSeat(event, c, registration.participation)) {
				takeSeat(c, registration.participation);
				const { token, hash } = newToken();
				await repo.setRegistrationStatus(
					trx,
					ctx.network.id,
					registration.id,
					{ status: 'registered', waitingPosition: null, tokenHash: hash },
					ctx.now
				);
				await writeCounters(trx, event, c);
				const link = registrationLink(publicOrigin, ctx.network.slug, token, asLocale(registration.locale, 'sv'));
				await queueEventMail(trx, sc, event, recipientOf(registration), 'event-promoted', { link });
				await ctx.audit.record(
					'events.registration_moved',
					{ type: 'event_registration', id: registration.id },
					'success',
					trx
				);
				return ok({ outcome: 'registered' });
			}
			const pool = seatPool(event.format, registration.participation);
			const lowest = await staffRepo.lowestWaitingTicket(trx, ctx.network.id, eventId, pool === 'all' ? null : pool);
			if (lowest !== null && lowest < (registration.waitingPosition ?? Infinity))
				await staffRepo.setWaitingTicket(trx, ctx.network.id, registration.id, lowest - 1, ctx.now);
			await ctx.audit.record(
				'events.registration_moved_first',
				{ type: 'event_registration', id: registration.id },
				'success',
				trx
			);
			return ok({ outcome: 'first' });
		});
	if (result.ok && result.value.outcome === 'registered') ctx.mail.flush();
	return result;
}

// ---------------------------------------------------------------- check-in

/** The statuses of someone with a seat that check-in moves between. */
export type Attendance = 'registered' | 'attended' | 'no_show';
const attendances: readonly RegistrationStatus[] = ['registered', 'attended', 'no_show'];

/**
 * What attendance an event takes now. Ticking who came works from before the doors open (people
 * come early); "did not come" only once the event has begun, since before it nobody can have
 * missed it. A cancelled event takes neither, though a mark can still be undone.
 */
export function attendanceRules(event: Pick<repo.EventRecord, 'status' | 'startAt'>, now: Date) {
	const open = event.status !== 'cancelled';
	return { checkIn: open, noShow: open && now >= event.startAt };
}

function attendanceRefusal(event: repo.EventRecord, now: Date, attendance: Attendance): string | null {
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
		repo.findEvent(ctx.db, ctx.network.id, eventId),
		repo.findRegistration(ctx.db, ctx.network.id, registrationId)
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
		const event = await repo.findEvent(trx, ctx.network.id, eventId);
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
	const event = await repo.findEvent(ctx.db, ctx.network.id, eventId);
	if (!event) return failure('error_not_found');
	const people = await repo.listRegistrations(ctx.db, ctx.network.id, eventId, attendances);
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

// ---------------------------------------------------------------- mail to everyone

export const mailAllSchema = z.object({
	subject: z.string().trim().min(3, 'error_events_staff_subject_required').max(200, 'error_too_long'),
	body: z.string().trim().min(10, 'error_events_staff_body_required').max(10_000, 'error_too_long')
});
export type MailAllForm = z.infer<typeof mailAllSchema>;

/** Who a mail to everyone reaches: all but the cancelled (before the event: registered, offered, waiting). */
const mailedStatuses: readonly RegistrationStatus[] = [...activeStatuses, 'attended', 'no_show'];

/**
 * A message from the organiser to everyone registered (and waiting): one outbox row per person,
 * all in one transaction, sent by the mail job after commit.
 */
export async function mailAllRegistrants(
	ctx: ServiceContext,
	eventId: string,
	input: MailAllForm
): Promise<Result<{ mailed: number }>> {
	await requirePermission(ctx, 'events.manage');
	const result = await ctx.db.transaction().execute(async (trx): Promise<Result<{ mailed: number }>> => {
		const event = await repo.findEvent(trx, ctx.network.id, eventId);
		if (!event) return failure('error_not_found');
		const people = (await repo.listRegistrations(trx, ctx.network.id, eventId, mailedStatuses)).filter(
			(r) => r.erasedAt === null
		);
		if (!people.length) return failure('error_events_staff_nobody_to_mail');
		for (const person of people) {
			const locale = asLocale(person.locale, ctx.network.defaultLocale);
			const footer = m.mail_footer({ network: ctx.network.name }, { locale });
			const paragraphs = input.body
				.split(/\n{2,}/)
				.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
				.join('\n');
			await ctx.mail.enqueue(trx, {
				networkId: ctx.network.id,
				kind: 'event-message',
				to: person.email,
				fromName: ctx.network.name,
				subject: input.subject,
				text: `${input.body}\n\n-- \n${footer}`,
				html: `<!doctype html>\n<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(input.subject)}</title></head><body>\n${paragraphs}\n<hr>\n<p>${escapeHtml(footer)}</p>\n</body></html>`
			});
		}
		await ctx.audit.record('events.mailed_all', { type: 'event', id: eventId }, 'success', trx);
		return ok({ mailed: people.length });
	});
	if (result.ok) ctx.mail.flush();
	return result;
}

// ---------------------------------------------------------------- export and printable list

const statusLabel = (status: RegistrationStatus, locale: Locale) =>
	({
		registered: m.events_staff_status_registered,
		waiting: m.events_staff_status_waiting,
		offered: m.events_staff_status_offered,
		cancelled: m.events_staff_status_cancelled,
		attended: m.events_staff_status_attended,
		no_show: m.events_staff_status_no_show
	})[status]({}, { locale });

/** Everyone with a seat or waiting, for the printed list and the export (not the cancelled). */
async function participants(ctx: ServiceContext, eventId: string) {
	const event = await repo.findEvent(ctx.db, ctx.network.id, eventId);
	if (!event) return null;
	const [people, types, municipalities] = await Promise.all([
		repo.listRegistrations(ctx.db, ctx.network.id, eventId, mailedStatuses),
		listTypes(ctx.db, ctx.network.id),
		listNetworkMunicipalities(ctx.db, ctx.network.id)
	]);
	const typeName = new Map(types.map((t) => [t.id, typeLabel(t, ctx.locale)]));
	const municipalityName = new Map(municipalities.map((x) => [x.id, x.name]));
	return {
		event,
		people: people
			.filter((r) => r.erasedAt === null)
			.sort((a, b) => a.name.localeCompare(b.name, ctx.locale))
			.map((r) => ({
				id: r.id,
				name: r.name,
				email: r.email,
				organisation: r.organisation,
				organisationType: r.organisationTypeId ? (typeName.get(r.organisationTypeId) ?? null) : null,
				municipality: r.municipalityId ? (municipalityName.get(r.municipalityId) ?? null) : null,
				participation: r.participation,
				status: r.status,
				needsDiet: r.needsDiet,
				needsAccess: r.needsAccess,
				createdAt: r.createdAt,
				checkedInAt: r.checkedInAt
			}))
	};
}

/** The participant list as CSV for Excel; the export is written to the audit log. */
export async function exportRegistrationsCsv(
	ctx: ServiceContext,
	eventId: string
): Promise<Result<{ csv: string; title: string }>> {
	await requirePermission(ctx, 'events.manage');
	const found = await participants(ctx, eventId);
	if (!found) return failure('error_not_found');
	const locale = ctx.locale;
	const header = [
		m.events_staff_col_name({}, { locale }),
		m.events_staff_col_email({}, { locale }),
		m.events_staff_col_organisation({}, { locale }),
		m.events_staff_col_organisation_type({}, { locale }),
		m.events_staff_col_municipality({}, { locale }),
		m.events_staff_col_participation({}, { locale }),
		m.events_staff_col_status({}, { locale }),
		m.events_staff_col_needs_diet({}, { locale }),
		m.events_staff_col_needs_access({}, { locale }),
		m.events_staff_col_registered_at({}, { locale })
	];
	const participation = (p: string) =>
		p === 'digital'
			? m.events_staff_participation_digital({}, { locale })
			: m.events_staff_participation_on_site({}, { locale });
	const rows = found.people.map((p) => [
		p.name,
		p.email,
		p.organisation,
		p.organisationType,
		p.municipality,
		participation(p.participation),
		statusLabel(p.status, locale),
		p.needsDiet,
		p.needsAccess,
		utcToZoned(p.createdAt, ctx.network.timeZone).replace('T', ' ')
	]);
	await ctx.audit.exported('event_registrations', eventId);
	return ok({ csv: toCsv(header, rows, { separator: csvSeparator(locale) }), title: found.event.title });
}

/** The printable participant list (a read of personal data, audited). */
export async function printableList(ctx: ServiceContext, eventId: string) {
	await requirePermission(ctx, 'events.manage');
	const found = await participants(ctx, eventId);
	if (!found) return failure('error_not_found');
	await ctx.audit.read({ type: 'event_registrations', id: eventId });
	return ok({ event: found.event, people: found.people.filter((p) => p.status !== 'waiting') });
}

// ---------------------------------------------------------------- statistics

export interface BreakdownRow {
	id: string | null;
	label: string | null;
	registered: number;
	attended: number;
}

/**
 * An event's figures: registrations (all but the cancelled), by status, the attendance rate
 * (attended of those with a seat once check-in has begun, i.e. attended and no-shows and those
 * still registered), by organisation type and municipality, and how many of the network's
 * participating municipalities it reached (by registration and by attendance).
 */
export async function eventStatistics(ctx: ServiceContext, eventId: string) {
	await requirePermission(ctx, 'events.manage');
	const event = await repo.findEvent(ctx.db, ctx.network.id, eventId);
	if (!event) return failure('error_not_found');
	const [rows, types, municipalities] = await Promise.all([
		staffRepo.registrationBreakdown(ctx.db, ctx.network.id, eventId),
		listTypes(ctx.db, ctx.network.id),
		listNetworkMunicipalities(ctx.db, ctx.network.id)
	]);
	const byStatus = Object.fromEntries(registrationStatuses.map((s) => [s, 0])) as Record<RegistrationStatus, number>;
	const byType = new Map<string | null, BreakdownRow>();
	const byMunicipality = new Map<string | null, BreakdownRow>();
	const typeName = new Map(types.map((t) => [t.id, typeLabel(t, ctx.locale)]));
	const municipalityName = new Map(municipalities.map((x) => [x.id, x.name]));
	const participating = new Set(municipalities.filter((x) => x.participating).map((x) => x.id));
	const reachedRegistered = new Set<string>();
	const reachedAttended = new Set<string>();
	const participation = { on_site: 0, digital: 0 };
	for (const row of rows) {
		byStatus[row.status] += row.count;
		if (row.status === 'cancelled') continue;
		participation[row.participation] += row.count;
		const attended = row.status === 'attended' ? row.count : 0;
		const add = (map: Map<string | null, BreakdownRow>, id: string | null, label: string | null) => {
			const entry = map.get(id) ?? { id, label, registered: 0, attended: 0 };
			entry.registered += row.count;
			entry.attended += attended;
			map.set(id, entry);
		};
		add(byType, row.organisationTypeId, row.organisationTypeId ? (typeName.get(row.organisationTypeId) ?? null) : null);
		add(
			byMunicipality,
			row.municipalityId,
			row.municipalityId ? (municipalityName.get(row.municipalityId) ?? null) : null
		);
		if (row.municipalityId && participating.has(row.municipalityId)) {
			reachedRegistered.add(row.municipalityId);
			if (attended) reachedAttended.add(row.municipalityId);
		}
	}
	const registrations = registrationStatuses.filter((s) => s !== 'cancelled').reduce((sum, s) => sum + byStatus[s], 0);
	const withSeat = byStatus.registered + byStatus.attended + byStatus.no_show;
	const sorted = (map: Map<string | null, BreakdownRow>) =>
		[...map.values()].sort((a, b) => b.registered - a.registered || (a.label ?? '').localeCompare(b.label ?? ''));
	return ok({
		event,
		registrations,
		byStatus,
		participation,
		attendanceRate: withSeat && byStatus.attended ? byStatus.attended / withSeat : null,
		byOrganisationType: sorted(byType),
		byMunicipality: sorted(byMunicipality),
		municipalities: {
			participating: participating.size,
			reachedByRegistration: reachedRegistered.size,
			reachedByAttendance: reachedAttended.size
		}
	});
}
