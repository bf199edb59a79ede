import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../platform/db/dialect.ts';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toDateOrNull } from '../platform/db/values.ts';

/**
 * SQL of who handles the network's consultations: the coordinators, and the admins marked as
 * handlers (`consultation_handler`). Every function takes the network id and filters by it.
 */

export async function isHandler(db: Kysely<Database>, networkId: string, userId: string): Promise<boolean> {
	const row = await db
		.selectFrom('consultation_handler')
		.select('user_id')
		.where('network_id', '=', networkId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row !== undefined;
}

export async function setHandlerFlag(
	db: Kysely<Database>,
	networkId: string,
	userId: string,
	handler: boolean,
	now: Date,
	grantedBy: string | null = null
): Promise<void> {
	if (handler) {
		await db
			.insertInto('consultation_handler')
			.values({ network_id: networkId, user_id: userId, created_at: timestamp(now), granted_by: grantedBy })
			.onConflict((oc) => oc.columns(['network_id', 'user_id']).doNothing())
			.execute();
	} else {
		await db
			.deleteFrom('consultation_handler')
			.where('network_id', '=', networkId)
			.where('user_id', '=', userId)
			.execute();
	}
}

/**
 * Two admins taking the handler right for themselves at once must not both pass the "nobody else
 * handles" check: on PostgreSQL they queue on this lock until the transaction ends (on SQLite, write
 * transactions already run one at a time).
 */
export async function lockHandlerGrants(db: Kysely<Database>, networkId: string): Promise<void> {
	if (!isPostgres(db)) return;
	await sql`select pg_advisory_xact_lock(hashtext(${`consultation_handler:${networkId}`}))`.execute(db);
}

/**
 * How many active members other than `userId` handle the network's consultations: coordinators, and
 * admins marked as handlers. Zero means nobody would read a new question but this person.
 */
export async function countOtherActiveHandlers(
	db: Kysely<Database>,
	networkId: string,
	userId: string
): Promise<number> {
	const row = await db
		.selectFrom('membership')
		.leftJoin('consultation_handler as h', (join) =>
			join.onRef('h.user_id', '=', 'membership.user_id').onRef('h.network_id', '=', 'membership.network_id')
		)
		.select((eb) => eb.fn.countAll<number | string>().as('count'))
		.where('membership.network_id', '=', networkId)
		.where('membership.active', '=', 1)
		.where('membership.user_id', '!=', userId)
		.where((eb) =>
			eb.or([
				eb('membership.role', '=', 'coordinator'),
				eb.and([eb('membership.role', '=', 'admin'), eb('h.user_id', 'is not', null)])
			])
		)
		.executeTakeFirstOrThrow();
	return Number(row.count);
}

export interface HandlerOption {
	userId: string;
	name: string;
	role: 'coordinator' | 'admin';
	flagged: boolean;
	/** When an admin was made a handler, and by whom (null: unknown, or granted before this was kept). */
	grantedAt: Date | null;
	grantedBy: { userId: string; name: string } | null;
}

/** Active coordinators and admins, with whether an admin also handles consultations. */
export async function listHandlerCandidates(db: Kysely<Database>, networkId: string): Promise<HandlerOption[]> {
	const rows = await db
		.selectFrom('membership')
		.innerJoin('user', 'user.id', 'membership.user_id')
		.leftJoin('consultation_handler as h', (join) =>
			join.onRef('h.user_id', '=', 'membership.user_id').onRef('h.network_id', '=', 'membership.network_id')
		)
		.leftJoin('user as granter', 'granter.id', 'h.granted_by')
		.select([
			'user.id as userId',
			'user.name as name',
			'membership.role as role',
			'h.user_id as flag',
			'h.created_at as grantedAt',
			'granter.id as granterId',
			'granter.name as granterName'
		])
		.where('membership.network_id', '=', networkId)
		.where('membership.active', '=', 1)
		.where('membership.role', 'in', ['coordinator', 'admin'])
		.orderBy('user.name')
		.execute();
	return rows.map((row) => ({
		userId: row.userId,
		name: row.name,
		role: row.role as 'coordinator' | 'admin',
		flagged: row.flag !== null,
		grantedAt: row.flag !== null ? toDateOrNull(row.grantedAt) : null,
		grantedBy: row.granterId && row.granterName ? { userId: row.granterId, name: row.granterName } : null
	}));
}

/** Whom to tell that a question came in: the active coordinators and the admins who handle. */
export async function listHandlerContacts(db: Kysely<Database>, networkId: string) {
	return db
		.selectFrom('membership')
		.innerJoin('user', 'user.id', 'membership.user_id')
		.leftJoin('consultation_handler as h', (join) =>
			join.onRef('h.user_id', '=', 'membership.user_id').onRef('h.network_id', '=', 'membership.network_id')
		)
		.select(['user.email', 'user.locale'])
		.where('membership.network_id', '=', networkId)
		.where('membership.active', '=', 1)
		.where((eb) =>
			eb.or([
				eb('membership.role', '=', 'coordinator'),
				eb.and([eb('membership.role', '=', 'admin'), eb('h.user_id', 'is not', null)])
			])
		)
		.orderBy('user.email')
		.execute();
}
