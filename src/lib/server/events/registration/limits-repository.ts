import { sql, type Kysely } from 'kysely';
import { prepared } from '../../platform/db/prepared.ts';
import type { Database } from '../../platform/db/schema.ts';
import { toDateOrNull } from '../../platform/db/values.ts';

/**
 * SQL of public registration's limits (limits.ts, decision 013). Both queries run on every public
 * registration inside its batch's transaction, so they are prepared (platform/db/prepared.ts) and
 * take their timestamps as ISO text.
 */

export interface ClientUsage {
	/** Registrations from this client for this event in its current day window. */
	eventDay: number;
	/** From this client for any event, in windows that started within the last day / hour. */
	day: number;
	hour: number;
	/** When the windows counted above started (for Retry-After). */
	eventDayStartedAt: Date | null;
	dayStartedAt: Date | null;
	hourStartedAt: Date | null;
}

// A row's hour window starts at most an hour before its day window (a day window can start again
// inside an hour window), so `hour_started_at > scanCutoff` (a day and an hour ago) holds every row
// with a count in either window; the client's rows are read through the key (client_key, event_id).
const usageQuery = prepared(
	(db, v: { clientKey: string; eventId: string; dayCutoff: string; hourCutoff: string; scanCutoff: string }) =>
		db
			.selectFrom('event_registration_limit')
			.select([
				sql<
					number | string | null
				>`sum(case when event_id = ${v.eventId} and day_started_at > ${v.dayCutoff} then day_count else 0 end)`.as(
					'event_day'
				),
				sql<number | string | null>`sum(case when day_started_at > ${v.dayCutoff} then day_count else 0 end)`.as('day'),
				sql<number | string | null>`sum(case when hour_started_at > ${v.hourCutoff} then hour_count else 0 end)`.as(
					'hour'
				),
				sql<
					string | Date | null
				>`max(case when event_id = ${v.eventId} and day_started_at > ${v.dayCutoff} then day_started_at end)`.as(
					'event_day_started_at'
				),
				sql<string | Date | null>`min(case when day_started_at > ${v.dayCutoff} then day_started_at end)`.as(
					'day_started_at'
				),
				sql<string | Date | null>`min(case when hour_started_at > ${v.hourCutoff} then hour_started_at end)`.as(
					'hour_started_at'
				)
			])
			.where('client_key', '=', v.clientKey)
			.where('hour_started_at', '>', v.scanCutoff)
);

export async function clientUsage(
	db: Kysely<Database>,
	clientKey: string,
	eventId: string,
	cutoffs: { day: string; hour: string; scan: string }
): Promise<ClientUsage> {
	const [row] = await usageQuery.run(db, {
		clientKey,
		eventId,
		dayCutoff: cutoffs.day,
		hourCutoff: cutoffs.hour,
		scanCutoff: cutoffs.scan
	});
	return {
		eventDay: Number(row?.event_day ?? 0),
		day: Number(row?.day ?? 0),
		hour: Number(row?.hour ?? 0),
		eventDayStartedAt: toDateOrNull(row?.event_day_started_at),
		dayStartedAt: toDateOrNull(row?.day_started_at),
		hourStartedAt: toDateOrNull(row?.hour_started_at)
	};
}

// A window that has run out starts again with this registration.
const countQuery = prepared(
	(
		db,
		v: { eventId: string; clientKey: string; networkId: string; now: string; dayCutoff: string; hourCutoff: string }
	) =>
		db
			.insertInto('event_registration_limit')
			.values({
				event_id: v.eventId,
				client_key: v.clientKey,
				network_id: v.networkId,
				day_count: 1,
				day_started_at: v.now,
				hour_count: 1,
				hour_started_at: v.now
			})
			.onConflict((oc) =>
				oc.columns(['client_key', 'event_id']).doUpdateSet({
					day_count: sql`case when event_registration_limit.day_started_at > ${v.dayCutoff} then event_registration_limit.day_count + 1 else 1 end`,
					day_started_at: sql`case when event_registration_limit.day_started_at > ${v.dayCutoff} then event_registration_limit.day_started_at else ${v.now} end`,
					hour_count: sql`case when event_registration_limit.hour_started_at > ${v.hourCutoff} then event_registration_limit.hour_count + 1 else 1 end`,
					hour_started_at: sql`case when event_registration_limit.hour_started_at > ${v.hourCutoff} then event_registration_limit.hour_started_at else ${v.now} end`
				})
			)
);

/** Counts one registration (new or again) from this client for this event. */
export async function countRegistration(
	db: Kysely<Database>,
	networkId: string,
	eventId: string,
	clientKey: string,
	times: { now: string; day: string; hour: string }
): Promise<void> {
	await countQuery.run(db, {
		eventId,
		clientKey,
		networkId,
		now: times.now,
		dayCutoff: times.day,
		hourCutoff: times.hour
	});
}

/** Forgets windows that ended before `before` (the rows hold hashed client addresses). */
export async function deleteEndedLimits(db: Kysely<Database>, before: Date): Promise<number> {
	const result = await db
		.deleteFrom('event_registration_limit')
		.where('hour_started_at', '<=', before.toISOString())
		.executeTakeFirst();
	return Number(result.numDeletedRows ?? 0);
}
