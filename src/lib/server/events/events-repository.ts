import { sql, type Kysely, type Selectable } from 'kysely';
import { forUpdate } from '../platform/db/dialect.ts';
import { prepared } from '../platform/db/prepared.ts';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toDate, toDateOrNull } from '../platform/db/values.ts';
import type { EventFormat, EventStatus, EventType, EventVisibility, PromotionMode, SeatCounters } from './model.ts';

/**
 * SQL of the event rows: the event itself, its seat counters and the lock every seat change starts
 * with. Its sessions, speakers and audience are in event-parts-repository.ts, its registrations in
 * registrations-repository.ts.
 */

export interface EventValues {
	title: string;
	descriptionHtml: string;
	type: EventType;
	format: EventFormat;
	videoLink: string | null;
	address: string | null;
	startAt: Date;
	endAt: Date;
	targetAudience: string | null;
	capacity: number | null;
	capacityOnSite: number | null;
	capacityDigital: number | null;
	registrationOpensAt: Date | null;
	registrationClosesAt: Date | null;
	visibility: EventVisibility;
	language: string;
	contactUserId: string | null;
	themeWeekId: string | null;
	promotionMode: PromotionMode;
	offerHours: number;
	reminderDays: number | null;
	reminderHours: number | null;
	dataRetentionMonths: number;
}

export interface EventRecord extends EventValues, SeatCounters {
	id: string;
	networkId: string;
	status: EventStatus;
	waitingLast: number;
	/** How many wait for each pool now (kept by triggers; read with the event locked, exact). */
	waitingOnSite: number;
	waitingDigital: number;
	publishedAt: Date | null;
	cancelledAt: Date | null;
	createdAt: Date;
	updatedAt: Date;
}

type EventRow = Selectable<Database['event']>;

function toEvent(row: EventRow): EventRecord {
	return {
		id: row.id,
		networkId: row.network_id,
		title: row.title,
		descriptionHtml: row.description_html,
		type: row.type,
		format: row.format,
		videoLink: row.video_link,
		address: row.address,
		startAt: toDate(row.start_at),
		endAt: toDate(row.end_at),
		targetAudience: row.target_audience,
		capacity: row.capacity,
		capacityOnSite: row.capacity_on_site,
		capacityDigital: row.capacity_digital,
		registrationOpensAt: toDateOrNull(row.registration_opens_at),
		registrationClosesAt: toDateOrNull(row.registration_closes_at),
		visibility: row.visibility,
		language: row.language,
		status: row.status,
		contactUserId: row.contact_user_id,
		themeWeekId: row.theme_week_id,
		promotionMode: row.promotion_mode,
		offerHours: row.offer_hours,
		reminderDays: row.reminder_days,
		reminderHours: row.reminder_hours,
		dataRetentionMonths: row.data_retention_months,
		seatsTaken: Number(row.seats_taken),
		seatsTakenOnSite: Number(row.seats_taken_on_site),
		seatsTakenDigital: Number(row.seats_taken_digital),
		waitingLast: Number(row.waiting_last),
		waitingOnSite: Number(row.waiting_on_site),
		waitingDigital: Number(row.waiting_digital),
		publishedAt: toDateOrNull(row.published_at),
		cancelledAt: toDateOrNull(row.cancelled_at),
		createdAt: toDate(row.created_at),
		updatedAt: toDate(row.updated_at)
	};
}

function eventColumns(values: EventValues) {
	return {
		title: values.title,
		description_html: values.descriptionHtml,
		type: values.type,
		format: values.format,
		video_link: values.videoLink,
		address: values.address,
		start_at: timestamp(values.startAt),
		end_at: timestamp(values.endAt),
		target_audience: values.targetAudience,
		capacity: values.capacity,
		capacity_on_site: values.capacityOnSite,
		capacity_digital: values.capacityDigital,
		registration_opens_at: values.registrationOpensAt ? timestamp(values.registrationOpensAt) : null,
		registration_closes_at: values.registrationClosesAt ? timestamp(values.registrationClosesAt) : null,
		visibility: values.visibility,
		language: values.language,
		contact_user_id: values.contactUserId,
		theme_week_id: values.themeWeekId,
		promotion_mode: values.promotionMode,
		offer_hours: values.offerHours,
		reminder_days: values.reminderDays,
		reminder_hours: values.reminderHours,
		data_retention_months: values.dataRetentionMonths
	};
}

export async function insertEvent(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	values: EventValues,
	createdByUserId: string | null,
	now: Date
): Promise<void> {
	await db
		.insertInto('event')
		.values({
			id,
			network_id: networkId,
			...eventColumns(values),
			status: 'draft',
			seats_taken: 0,
			seats_taken_on_site: 0,
			seats_taken_digital: 0,
			waiting_last: 0,
			created_by_user_id: createdByUserId,
			published_at: null,
			cancelled_at: null,
			created_at: timestamp(now),
			updated_at: timestamp(now)
		})
		.execute();
}

export async function updateEvent(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	values: EventValues,
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('event')
		.set({ ...eventColumns(values), updated_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function setEventStatus(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	from: EventStatus,
	to: EventStatus,
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('event')
		.set({
			status: to,
			updated_at: timestamp(now),
			...(to === 'published' ? { published_at: timestamp(now) } : {}),
			...(to === 'cancelled' ? { cancelled_at: timestamp(now) } : {})
		})
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.where('status', '=', from)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function findEvent(db: Kysely<Database>, networkId: string, id: string): Promise<EventRecord | undefined> {
	const row = await db
		.selectFrom('event')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return row ? toEvent(row) : undefined;
}

/**
 * Reads the event and, on PostgreSQL, locks its row until the transaction ends. Every change of the
 * seat counters or the waiting list starts here, so they happen one at a time per event (SQLite's
 * writer transaction already runs alone).
 */
// Prepared (platform/db/prepared.ts): every registration of a rush runs it.
const lockEventQuery = prepared((db, v: { networkId: string; id: string }) =>
	forUpdate(db, db.selectFrom('event').selectAll().where('network_id', '=', v.networkId).where('id', '=', v.id))
);

export async function lockEvent(
	trx: Kysely<Database>,
	networkId: string,
	id: string
): Promise<EventRecord | undefined> {
	const [row] = await lockEventQuery.run(trx, { networkId, id });
	return row ? toEvent(row) : undefined;
}

const setSeatCountersQuery = prepared(
	(
		db,
		v: {
			networkId: string;
			id: string;
			seatsTaken: number;
			seatsTakenOnSite: number;
			seatsTakenDigital: number;
			waitingLast: number;
		}
	) =>
		db
			.updateTable('event')
			.set({
				seats_taken: v.seatsTaken,
				seats_taken_on_site: v.seatsTakenOnSite,
				seats_taken_digital: v.seatsTakenDigital,
				waiting_last: v.waitingLast
			})
			.where('network_id', '=', v.networkId)
			.where('id', '=', v.id)
);

export async function setSeatCounters(
	trx: Kysely<Database>,
	networkId: string,
	id: string,
	counters: { seatsTaken: number; seatsTakenOnSite: number; seatsTakenDigital: number; waitingLast: number }
): Promise<void> {
	await setSeatCountersQuery.run(trx, { networkId, id, ...counters });
}

export interface EventFilter {
	status?: EventStatus;
	visibility?: EventVisibility;
	type?: EventType;
	from?: Date;
	to?: Date;
	/** The first n only (the start page's top few). */
	limit?: number;
}

export async function listEvents(db: Kysely<Database>, networkId: string, filter: EventFilter = {}) {
	const rows = await db
		.selectFrom('event')
		.selectAll()
		.where('network_id', '=', networkId)
		.$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
		.$if(filter.visibility !== undefined, (q) => q.where('visibility', '=', filter.visibility!))
		.$if(filter.type !== undefined, (q) => q.where('type', '=', filter.type!))
		.$if(filter.from !== undefined, (q) => q.where('end_at', '>=', timestamp(filter.from!)))
		.$if(filter.to !== undefined, (q) => q.where('start_at', '<', timestamp(filter.to!)))
		.orderBy('start_at')
		.orderBy('id')
		.$if(filter.limit !== undefined, (q) => q.limit(filter.limit!))
		.execute();
	return rows.map(toEvent);
}

/** A theme week's first and last day, or undefined when the network has no such week. */
export async function findThemeWeekDays(
	db: Kysely<Database>,
	networkId: string,
	id: string
): Promise<{ startsOn: string; endsOn: string } | undefined> {
	const row = await db
		.selectFrom('event_theme_week')
		.select(['starts_on', 'ends_on'])
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return row ? { startsOn: row.starts_on, endsOn: row.ends_on } : undefined;
}

export async function isActiveMember(db: Kysely<Database>, networkId: string, userId: string): Promise<boolean> {
	const row = await db
		.selectFrom('membership')
		.select('id')
		.where('network_id', '=', networkId)
		.where('user_id', '=', userId)
		.where('active', '=', sql<boolean>`${true}`)
		.executeTakeFirst();
	return row !== undefined;
}
