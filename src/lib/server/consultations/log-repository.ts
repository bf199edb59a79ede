import type { Kysely } from 'kysely';
import type { Timestamp } from '../platform/db/column-types.ts';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toDate } from '../platform/db/values.ts';
import type { LogKind } from './model.ts';

/**
 * SQL of what handlers write about a consultation and who reads it: the dated log, the answer to the
 * asker, and the "read by" list from the audit log. Every function takes the network id and filters
 * by it; texts go in and come out encrypted.
 */

// ---------------------------------------------------------------- the log

export interface NewLogRow {
	id: string;
	kind: LogKind;
	occurredOn: string;
	minutesSpent: number | null;
	textEncrypted: string | null;
	referralTypeId: string | null;
	referralOrganisationId: string | null;
	authorUserId: string | null;
}

export async function insertLogEntry(
	db: Kysely<Database>,
	networkId: string,
	consultationId: string,
	entry: NewLogRow,
	now: Date
): Promise<void> {
	await db
		.insertInto('consultation_log')
		.values({
			id: entry.id,
			network_id: networkId,
			consultation_id: consultationId,
			kind: entry.kind,
			occurred_on: entry.occurredOn,
			minutes_spent: entry.minutesSpent,
			text_encrypted: entry.textEncrypted,
			referral_type_id: entry.referralTypeId,
			referral_organisation_id: entry.referralOrganisationId,
			author_user_id: entry.authorUserId,
			created_at: timestamp(now)
		})
		.execute();
}

/**
 * Takes back one "discussed at team meeting" entry of that day, the kind a meeting writes without a
 * text when a consultation is linked to it; entries a handler wrote by hand (with a text) stay.
 */
export async function deleteMeetingLogEntry(
	db: Kysely<Database>,
	networkId: string,
	consultationId: string,
	day: string
): Promise<void> {
	const entry = await db
		.selectFrom('consultation_log')
		.select('id')
		.where('network_id', '=', networkId)
		.where('consultation_id', '=', consultationId)
		.where('kind', '=', 'team_meeting')
		.where('occurred_on', '=', day)
		.where('text_encrypted', 'is', null)
		.orderBy('created_at', 'desc')
		.limit(1)
		.executeTakeFirst();
	if (entry)
		await db.deleteFrom('consultation_log').where('network_id', '=', networkId).where('id', '=', entry.id).execute();
}

/** Moves the entries a meeting wrote (kind team_meeting, no text) when the meeting moves to another day. */
export async function moveMeetingLogEntries(
	db: Kysely<Database>,
	networkId: string,
	consultationIds: string[],
	fromDay: string,
	toDay: string
): Promise<void> {
	if (!consultationIds.length) return;
	await db
		.updateTable('consultation_log')
		.set({ occurred_on: toDay })
		.where('network_id', '=', networkId)
		.where('consultation_id', 'in', consultationIds)
		.where('kind', '=', 'team_meeting')
		.where('occurred_on', '=', fromDay)
		.where('text_encrypted', 'is', null)
		.execute();
}

export interface LogRow extends NewLogRow {
	authorName: string | null;
	referralOrganisationName: string | null;
	createdAt: Date;
}

export async function listLogEntries(
	db: Kysely<Database>,
	networkId: string,
	consultationId: string
): Promise<LogRow[]> {
	const rows = await db
		.selectFrom('consultation_log as l')
		.leftJoin('user as u', 'u.id', 'l.author_user_id')
		.leftJoin('organisation as o', 'o.id', 'l.referral_organisation_id')
		.select([
			'l.id',
			'l.kind',
			'l.occurred_on',
			'l.minutes_spent',
			'l.text_encrypted',
			'l.referral_type_id',
			'l.referral_organisation_id',
			'l.author_user_id',
			'l.created_at',
			'u.name as author_name',
			'o.name as organisation_name'
		])
		.where('l.network_id', '=', networkId)
		.where('l.consultation_id', '=', consultationId)
		.orderBy('l.occurred_on')
		.orderBy('l.created_at')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		kind: row.kind,
		occurredOn: row.occurred_on,
		minutesSpent: row.minutes_spent,
		textEncrypted: row.text_encrypted,
		referralTypeId: row.referral_type_id,
		referralOrganisationId: row.referral_organisation_id,
		authorUserId: row.author_user_id,
		authorName: row.author_name,
		referralOrganisationName: row.organisation_name,
		createdAt: toDate(row.created_at)
	}));
}

/** The day of the earliest log entry of a consultation, or null when it has none. */
export async function firstLogDay(db: Kysely<Database>, networkId: string, consultationId: string) {
	const row = await db
		.selectFrom('consultation_log')
		.select((eb) => eb.fn.min('occurred_on').as('first'))
		.where('network_id', '=', networkId)
		.where('consultation_id', '=', consultationId)
		.executeTakeFirst();
	return (row?.first as string | null | undefined) ?? null;
}

// ---------------------------------------------------------------- the answer

export async function setAnswer(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	answerEncrypted: string,
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('consultation')
		.set({ answer_encrypted: answerEncrypted, updated_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.where('text_erased_at', 'is', null)
		.executeTakeFirst();
	return result.numUpdatedRows > 0n;
}

/** The person who asked in the app, to tell them there is an answer. */
export async function findUserContact(db: Kysely<Database>, userId: string) {
	return db.selectFrom('user').select(['email', 'locale', 'name']).where('id', '=', userId).executeTakeFirst();
}

// ---------------------------------------------------------------- who read it

export interface ReaderRow {
	userId: string | null;
	name: string | null;
	/** The last time this reader read (or exported) the texts. */
	at: Date;
	/** How many times; the audit log keeps every one. */
	count: number;
}

/**
 * Who read the texts (or exported them), one line per reader with how many times and the last
 * time, the latest reader first, from the audit log (which keeps every read).
 */
export async function listReaders(
	db: Kysely<Database>,
	networkId: string,
	consultationId: string,
	limit = 100
): Promise<ReaderRow[]> {
	const rows = await db
		.selectFrom('audit_event as a')
		.leftJoin('user as u', 'u.id', 'a.actor_user_id')
		.select((eb) => [
			'a.actor_user_id',
			'u.name',
			eb.fn.max('a.occurred_at').as('last_at'),
			eb.fn.max('a.id').as('last_id'),
			eb.fn.countAll().as('times')
		])
		.where('a.entity_type', '=', 'consultation')
		.where('a.entity_id', '=', consultationId)
		.where('a.network_id', '=', networkId)
		.where('a.action', 'in', ['read', 'export'])
		.groupBy(['a.actor_user_id', 'u.name'])
		.orderBy('last_id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((row) => ({
		userId: row.actor_user_id,
		name: row.name,
		at: toDate(row.last_at as Timestamp),
		count: Number(row.times)
	}));
}
