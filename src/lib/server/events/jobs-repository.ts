import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toDate } from '../platform/db/values.ts';
import type { Participation } from './model.ts';

/**
 * SQL of the events module's scheduled jobs: which registrants are due a reminder and marking it
 * sent, and erasing registrants' personal data after an event.
 *
 * The reminder marks live in `job_run`, one row per registrant, reminder and start time, under
 * names that no scheduled job uses (`events.reminder:<event>:<kind>:<start>:<registration>`).
 * `job_run.name` is the primary key, so inserting the mark is a compare-and-set on both dialects:
 * of two transactions inserting the same mark, the second waits for the first and then inserts
 * nothing. The start time is part of the name, so a moved event reminds again.
 */

export type ReminderKind = 'days' | 'hours';

export interface ReminderEvent {
	id: string;
	networkId: string;
	startAt: Date;
	reminderDays: number | null;
	reminderHours: number | null;
}

/**
 * Published events of open networks that start after `now` and no later than `horizon`, with a
 * reminder set.
 */
export async function listReminderEvents(db: Kysely<Database>, now: Date, horizon: Date): Promise<ReminderEvent[]> {
	const rows = await db
		.selectFrom('event')
		.innerJoin('network', 'network.id', 'event.network_id')
		.select(['event.id', 'event.network_id', 'event.start_at', 'event.reminder_days', 'event.reminder_hours'])
		.where('network.closed_at', 'is', null)
		.where('event.status', '=', 'published')
		.where('event.start_at', '>', timestamp(now))
		.where('event.start_at', '<=', timestamp(horizon))
		.where((eb) => eb.or([eb('event.reminder_days', 'is not', null), eb('event.reminder_hours', 'is not', null)]))
		.orderBy('event.start_at')
		.orderBy('event.id')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		networkId: r.network_id,
		startAt: toDate(r.start_at),
		reminderDays: r.reminder_days === null ? null : Number(r.reminder_days),
		reminderHours: r.reminder_hours === null ? null : Number(r.reminder_hours)
	}));
}

/** The prefix of an event's reminder marks in `job_run`. */
export function reminderMarkPrefix(eventId: string): string {
	return `events.reminder:${eventId}:`;
}

/** The prefix of the marks of one reminder (kind and start time) of an event. */
export function reminderMarkBase(eventId: string, kind: ReminderKind, startAt: Date): string {
	return `${reminderMarkPrefix(eventId)}${kind}:${startAt.toISOString()}:`;
}

export interface ReminderRecipient {
	id: string;
	email: string;
	locale: string;
	participation: Participation;
}

/**
 * Registrants holding a seat (`registered`) who registered before the reminder's moment and have
 * no mark for it yet. Someone who registers later has just had the confirmation mail.
 */
export async function listReminderRecipients(
	db: Kysely<Database>,
	networkId: string,
	eventId: string,
	markBase: string,
	registeredBefore: Date,
	limit: number
): Promise<ReminderRecipient[]> {
	return db
		.selectFrom('event_registration as r')
		.select(['r.id', 'r.email', 'r.locale', 'r.participation'])
		.where('r.network_id', '=', networkId)
		.where('r.event_id', '=', eventId)
		.where('r.status', '=', 'registered')
		.where('r.erased_at', 'is', null)
		.where('r.created_at', '<=', timestamp(registeredBefore))
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('job_run')
						.select('job_run.name')
						.where('job_run.name', '=', sql<string>`${markBase} || r.id`)
				)
			)
		)
		.orderBy('r.created_at')
		.orderBy('r.id')
		.limit(limit)
		.execute();
}

/**
 * Writes the mark of a reminder for a registrant. True when this call wrote it: only then may the
 * caller queue the mail, in the same transaction.
 */
export async function markReminderSent(db: Kysely<Database>, mark: string, now: Date): Promise<boolean> {
	const inserted = await db
		.insertInto('job_run')
		.values({ name: mark, last_period: 'sent', locked_until: null, last_finished_at: timestamp(now) })
		.onConflict((oc) => oc.column('name').doNothing())
		.returning('name')
		.execute();
	return inserted.length === 1;
}

/** Removes an event's reminder marks (when its registrants are erased: nothing is left to remind). */
export async function deleteReminderMarks(db: Kysely<Database>, eventId: string): Promise<void> {
	await db
		.deleteFrom('job_run')
		.where('name', 'like', `${reminderMarkPrefix(eventId)}%`)
		.execute();
}

// ---------------------------------------------------------------- erasure

export interface ErasableEvent {
	id: string;
	networkId: string;
	timeZone: string;
	endAt: Date;
	dataRetentionMonths: number;
}

/** Events of every network that have ended before `now` and still have registrants not erased. */
export async function listEventsWithPersonalData(db: Kysely<Database>, now: Date): Promise<ErasableEvent[]> {
	const rows = await db
		.selectFrom('event')
		.innerJoin('network', 'network.id', 'event.network_id')
		.select(['event.id', 'event.network_id', 'network.time_zone', 'event.end_at', 'event.data_retention_months'])
		.where('event.end_at', '<', timestamp(now))
		.where(({ exists, selectFrom }) =>
			exists(
				selectFrom('event_registration as r')
					.select('r.id')
					.whereRef('r.event_id', '=', 'event.id')
					.where('r.erased_at', 'is', null)
			)
		)
		.orderBy('event.end_at')
		.orderBy('event.id')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		networkId: r.network_id,
		timeZone: r.time_zone,
		endAt: toDate(r.end_at),
		dataRetentionMonths: Number(r.data_retention_months)
	}));
}

export async function listUnerasedRegistrationIds(
	db: Kysely<Database>,
	networkId: string,
	eventId: string,
	limit: number
): Promise<string[]> {
	const rows = await db
		.selectFrom('event_registration')
		.select('id')
		.where('network_id', '=', networkId)
		.where('event_id', '=', eventId)
		.where('erased_at', 'is', null)
		.orderBy('id')
		.limit(limit)
		.execute();
	return rows.map((r) => r.id);
}

/** What an erased registrant's name becomes: the pages show a translated "erased" by `erased_at`. */
export const ERASED_NAME = '—';

/**
 * Erases the personal data of these registrations, if not erased yet: name, e-mail address,
 * organisation, needs, the link to a user account and the personal links. What the anonymous counts
 * need stays: status, participation, organisation type, municipality, check-in, language. The
 * e-mail address and the token hash are unique columns, so each gets a placeholder of its own
 * that can never be a real one (`.invalid` is reserved; a SHA-256 hash has no colon). Returns the
 * ids this call erased.
 */
export async function eraseRegistrations(
	trx: Kysely<Database>,
	networkId: string,
	eventId: string,
	ids: string[],
	now: Date
): Promise<string[]> {
	if (!ids.length) return [];
	const rows = await trx
		.updateTable('event_registration')
		.set({
			name: ERASED_NAME,
			email: sql<string>`${'erased+'} || id || ${'@erased.invalid'}`,
			organisation: null,
			needs_diet: null,
			needs_access: null,
			user_id: null,
			token_hash: sql<string>`${'erased:'} || id`,
			offer_expires_at: null,
			erased_at: timestamp(now),
			updated_at: timestamp(now)
		})
		.where('network_id', '=', networkId)
		.where('event_id', '=', eventId)
		.where('id', 'in', ids)
		.where('erased_at', 'is', null)
		.returning('id')
		.execute();
	const erased = rows.map((r) => r.id);
	// The links mailed when the address registered again go with the personal link.
	if (erased.length)
		await trx
			.deleteFrom('event_registration_link')
			.where('network_id', '=', networkId)
			.where('registration_id', 'in', erased)
			.execute();
	return erased;
}
