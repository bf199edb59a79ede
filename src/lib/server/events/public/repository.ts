import { CompiledQuery, type InferResult, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { toDate, toDateOrNull } from '../../platform/db/values.ts';
import type { EventFormat, EventStatus } from '../model.ts';

/** SQL of the public side of events (public/service.ts, render-cache.ts); the event rows themselves are events-repository.ts's. */

/** What the render cache keys on: everything of an event row that the public page shows changes one of these. */
export interface EventVersion {
	id: string;
	visibility: string;
	status: EventStatus;
	format: EventFormat;
	updatedAt: Date;
	startAt: Date;
	registrationOpensAt: Date | null;
	registrationClosesAt: Date | null;
	capacity: number | null;
	capacityOnSite: number | null;
	capacityDigital: number | null;
	seatsTaken: number;
	seatsTakenOnSite: number;
	seatsTakenDigital: number;
	waitingLast: number;
	/** The network's name and contact address, which the page shows too. */
	network: string;
	/** The theme week's name and days, which the page shows too ('' when the event has none). */
	themeWeek: string;
}

function versionQuery(db: Kysely<Database>, networkSlug: string, eventId: string) {
	return db
		.selectFrom('event as e')
		.innerJoin('network as n', 'n.id', 'e.network_id')
		.leftJoin('event_theme_week as w', (join) =>
			join.onRef('w.id', '=', 'e.theme_week_id').onRef('w.network_id', '=', 'e.network_id')
		)
		.select([
			'e.id',
			'e.visibility',
			'e.status',
			'e.format',
			'e.updated_at',
			'e.start_at',
			'e.registration_opens_at',
			'e.registration_closes_at',
			'e.capacity',
			'e.capacity_on_site',
			'e.capacity_digital',
			'e.seats_taken',
			'e.seats_taken_on_site',
			'e.seats_taken_digital',
			'e.waiting_last',
			'n.name as network_name',
			'n.contact_email as network_contact',
			'w.name as theme_week_name',
			'w.starts_on as theme_week_starts_on',
			'w.ends_on as theme_week_ends_on'
		])
		.where('n.slug', '=', networkSlug)
		.where('n.closed_at', 'is', null)
		.where('e.id', '=', eventId);
}

// The query is built and compiled once per database and then run with new values: on a hit of
// the render cache, building it was a third of the work.
const compiledVersionQuery = new WeakMap<Kysely<Database>, string>();

/** One primary-key read joined to the network by slug: cheap enough to run on every cached hit. */
export async function eventVersion(
	db: Kysely<Database>,
	networkSlug: string,
	eventId: string
): Promise<EventVersion | undefined> {
	let text = compiledVersionQuery.get(db);
	if (!text) {
		text = versionQuery(db, '', '').compile().sql;
		compiledVersionQuery.set(db, text);
	}
	const { rows } = await db.executeQuery<InferResult<ReturnType<typeof versionQuery>>[number]>(
		CompiledQuery.raw(text, [networkSlug, eventId])
	);
	const row = rows[0];
	if (!row) return undefined;
	return {
		id: row.id,
		visibility: row.visibility,
		status: row.status,
		format: row.format,
		updatedAt: toDate(row.updated_at),
		startAt: toDate(row.start_at),
		registrationOpensAt: toDateOrNull(row.registration_opens_at),
		registrationClosesAt: toDateOrNull(row.registration_closes_at),
		capacity: row.capacity === null ? null : Number(row.capacity),
		capacityOnSite: row.capacity_on_site === null ? null : Number(row.capacity_on_site),
		capacityDigital: row.capacity_digital === null ? null : Number(row.capacity_digital),
		seatsTaken: Number(row.seats_taken),
		seatsTakenOnSite: Number(row.seats_taken_on_site),
		seatsTakenDigital: Number(row.seats_taken_digital),
		waitingLast: Number(row.waiting_last),
		network: `${row.network_name}\u0000${row.network_contact}`,
		themeWeek:
			row.theme_week_name === null
				? ''
				: `${row.theme_week_name}\u0000${row.theme_week_starts_on}\u0000${row.theme_week_ends_on}`
	};
}
