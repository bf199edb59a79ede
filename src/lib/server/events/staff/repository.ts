import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { timestamp } from '../../platform/db/values.ts';
import type { RegistrationStatus } from '../model.ts';

/** SQL of the staff pages of events: what the seat decision's repositories (../events-repository.ts, ../registrations-repository.ts) do not need. */

/** Marks attendance; only between the statuses that hold a seat, so the seat counters stay right. */
export async function setAttendance(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	status: Extract<RegistrationStatus, 'registered' | 'attended' | 'no_show'>,
	checkedInAt: Date | null,
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('event_registration')
		.set({ status, checked_in_at: checkedInAt ? timestamp(checkedInAt) : null, updated_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.where('status', 'in', ['registered', 'attended', 'no_show'])
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/**
 * Everyone of the event still only registered (not checked in) becomes a no-show, in one
 * statement so a check-in at the same moment either lands before (and is kept) or after (and
 * wins). Returns the ids changed, for the audit log.
 */
export async function markRegisteredAsNoShow(
	db: Kysely<Database>,
	networkId: string,
	eventId: string,
	now: Date
): Promise<string[]> {
	const rows = await db
		.updateTable('event_registration')
		.set({ status: 'no_show', checked_in_at: null, updated_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('event_id', '=', eventId)
		.where('status', '=', 'registered')
		.where('erased_at', 'is', null)
		.returning('id')
		.execute();
	return rows.map((r) => r.id);
}

/** The lowest waiting-list ticket of the event (of one participation, for a hybrid pool). */
export async function lowestWaitingTicket(
	db: Kysely<Database>,
	networkId: string,
	eventId: string,
	participation: string | null
): Promise<number | null> {
	const row = await db
		.selectFrom('event_registration')
		.select((eb) => eb.fn.min<number>('waiting_position').as('low'))
		.where('network_id', '=', networkId)
		.where('event_id', '=', eventId)
		.where('status', '=', 'waiting')
		.$if(participation !== null, (q) => q.where('participation', '=', participation as 'on_site' | 'digital'))
		.executeTakeFirst();
	return row?.low === null || row?.low === undefined ? null : Number(row.low);
}

export async function setWaitingTicket(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	ticket: number,
	now: Date
): Promise<void> {
	await db
		.updateTable('event_registration')
		.set({ waiting_position: ticket, updated_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.where('status', '=', 'waiting')
		.execute();
}

/** Registrations counted by organisation type, municipality and status, for the statistics. */
export async function registrationBreakdown(db: Kysely<Database>, networkId: string, eventId: string) {
	const rows = await db
		.selectFrom('event_registration')
		.select([
			'organisation_type_id',
			'municipality_id',
			'status',
			'participation',
			(eb) => eb.fn.countAll<number>().as('n')
		])
		.where('network_id', '=', networkId)
		.where('event_id', '=', eventId)
		.groupBy(['organisation_type_id', 'municipality_id', 'status', 'participation'])
		.execute();
	return rows.map((r) => ({
		organisationTypeId: r.organisation_type_id,
		municipalityId: r.municipality_id,
		status: r.status,
		participation: r.participation,
		count: Number(r.n)
	}));
}

/** The network's active members, as candidates for an event's contact person. */
export async function listActiveMemberNames(db: Kysely<Database>, networkId: string) {
	return db
		.selectFrom('membership')
		.innerJoin('user', 'user.id', 'membership.user_id')
		.select(['membership.user_id as userId', 'user.name as name', 'user.email as email'])
		.where('membership.network_id', '=', networkId)
		.where('membership.active', '=', sql<boolean>`${true}`)
		.orderBy('user.name')
		.execute();
}

export async function listThemeWeeks(db: Kysely<Database>, networkId: string) {
	return db
		.selectFrom('event_theme_week')
		.select(['id', 'name', 'starts_on as startsOn', 'ends_on as endsOn'])
		.where('network_id', '=', networkId)
		.orderBy('starts_on', 'desc')
		.execute();
}

/** Per event of the network, how many registered (anything but cancelled) and attended. */
export async function countsPerEvent(db: Kysely<Database>, networkId: string) {
	const rows = await db
		.selectFrom('event_registration')
		.select(['event_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
		.where('network_id', '=', networkId)
		.groupBy(['event_id', 'status'])
		.execute();
	const counts = new Map<string, { registered: number; waiting: number; attended: number }>();
	for (const row of rows) {
		const c = counts.get(row.event_id) ?? { registered: 0, waiting: 0, attended: 0 };
		const n = Number(row.n);
		if (row.status === 'waiting') c.waiting += n;
		else if (row.status !== 'cancelled') c.registered += n;
		if (row.status === 'attended') c.attended += n;
		counts.set(row.event_id, c);
	}
	return counts;
}
