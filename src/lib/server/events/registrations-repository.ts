import type { Kysely } from 'kysely';
import { prepared } from '../platform/db/prepared.ts';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toBool, toDate, toDateOrNull } from '../platform/db/values.ts';
import type { Participation, RegistrationStatus } from './model.ts';

/** SQL of registrations: the rows (found by id, address or personal link) and the waiting list's order. */

export interface RegistrationRecord {
	id: string;
	networkId: string;
	eventId: string;
	name: string;
	email: string;
	organisation: string | null;
	organisationTypeId: string | null;
	municipalityId: string | null;
	needsDiet: string | null;
	needsAccess: string | null;
	participation: Participation;
	consent: boolean;
	newsletterOptIn: boolean;
	locale: string;
	userId: string | null;
	status: RegistrationStatus;
	waitingPosition: number | null;
	offerExpiresAt: Date | null;
	createdAt: Date;
	cancelledAt: Date | null;
	checkedInAt: Date | null;
	erasedAt: Date | null;
}

type RegistrationRow = Database['event_registration'];

function toRegistration(row: RegistrationRow): RegistrationRecord {
	return {
		id: row.id,
		networkId: row.network_id,
		eventId: row.event_id,
		name: row.name,
		email: row.email,
		organisation: row.organisation,
		organisationTypeId: row.organisation_type_id,
		municipalityId: row.municipality_id,
		needsDiet: row.needs_diet,
		needsAccess: row.needs_access,
		participation: row.participation,
		consent: toBool(row.consent),
		newsletterOptIn: toBool(row.newsletter_opt_in),
		locale: row.locale,
		userId: row.user_id,
		status: row.status,
		waitingPosition: row.waiting_position === null ? null : Number(row.waiting_position),
		offerExpiresAt: toDateOrNull(row.offer_expires_at),
		createdAt: toDate(row.created_at),
		cancelledAt: toDateOrNull(row.cancelled_at),
		checkedInAt: toDateOrNull(row.checked_in_at),
		erasedAt: toDateOrNull(row.erased_at)
	};
}

export interface RegistrantValues {
	name: string;
	email: string;
	organisation: string | null;
	organisationTypeId: string | null;
	municipalityId: string | null;
	needsDiet: string | null;
	needsAccess: string | null;
	participation: Participation;
	consent: boolean;
	newsletterOptIn: boolean;
	locale: string;
	userId: string | null;
}

function registrantColumns(values: RegistrantValues) {
	return {
		name: values.name,
		email: values.email,
		organisation: values.organisation,
		organisation_type_id: values.organisationTypeId,
		municipality_id: values.municipalityId,
		needs_diet: values.needsDiet,
		needs_access: values.needsAccess,
		participation: values.participation,
		consent: values.consent,
		newsletter_opt_in: values.newsletterOptIn,
		locale: values.locale,
		user_id: values.userId
	};
}

type NewRegistration = RegistrantValues & {
	id: string;
	status: RegistrationStatus;
	waitingPosition: number | null;
	tokenHash: string;
	offerExpiresAt: Date | null;
};

type RegistrationColumns = ReturnType<typeof registrantColumns> & {
	id: string;
	network_id: string;
	event_id: string;
	status: RegistrationStatus;
	waiting_position: number | null;
	token_hash: string;
	offer_expires_at: string | null;
	created_at: string;
	updated_at: string;
};

// Prepared (platform/db/prepared.ts): every registration of a rush runs it.
const insertRegistrationQuery = prepared((db, v: RegistrationColumns) =>
	db.insertInto('event_registration').values({
		id: v.id,
		network_id: v.network_id,
		event_id: v.event_id,
		name: v.name,
		email: v.email,
		organisation: v.organisation,
		organisation_type_id: v.organisation_type_id,
		municipality_id: v.municipality_id,
		needs_diet: v.needs_diet,
		needs_access: v.needs_access,
		participation: v.participation,
		consent: v.consent,
		newsletter_opt_in: v.newsletter_opt_in,
		locale: v.locale,
		user_id: v.user_id,
		status: v.status,
		waiting_position: v.waiting_position,
		token_hash: v.token_hash,
		offer_expires_at: v.offer_expires_at,
		created_at: v.created_at,
		updated_at: v.updated_at,
		cancelled_at: null,
		checked_in_at: null,
		erased_at: null
	})
);

export async function insertRegistration(
	trx: Kysely<Database>,
	networkId: string,
	eventId: string,
	values: NewRegistration,
	now: Date
): Promise<void> {
	await insertRegistrationQuery.run(trx, {
		id: values.id,
		network_id: networkId,
		event_id: eventId,
		...registrantColumns(values),
		status: values.status,
		waiting_position: values.waitingPosition,
		token_hash: values.tokenHash,
		offer_expires_at: values.offerExpiresAt ? timestamp(values.offerExpiresAt) : null,
		created_at: timestamp(now),
		updated_at: timestamp(now)
	});
}

/** A cancelled registration taken up again by the same e-mail address: the same row, new details. */
export async function reviveRegistration(
	trx: Kysely<Database>,
	networkId: string,
	id: string,
	values: RegistrantValues & {
		status: RegistrationStatus;
		waitingPosition: number | null;
		tokenHash: string;
		offerExpiresAt: Date | null;
	},
	now: Date
): Promise<void> {
	await trx
		.updateTable('event_registration')
		.set({
			...registrantColumns(values),
			status: values.status,
			waiting_position: values.waitingPosition,
			token_hash: values.tokenHash,
			offer_expires_at: values.offerExpiresAt ? timestamp(values.offerExpiresAt) : null,
			cancelled_at: null,
			updated_at: timestamp(now)
		})
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.execute();
}

export async function setRegistrationStatus(
	trx: Kysely<Database>,
	networkId: string,
	id: string,
	patch: {
		status: RegistrationStatus;
		waitingPosition?: number | null;
		offerExpiresAt?: Date | null;
		cancelledAt?: Date | null;
		tokenHash?: string;
	},
	now: Date
): Promise<void> {
	await trx
		.updateTable('event_registration')
		.set({
			status: patch.status,
			...(patch.waitingPosition !== undefined ? { waiting_position: patch.waitingPosition } : {}),
			...(patch.offerExpiresAt !== undefined
				? { offer_expires_at: patch.offerExpiresAt ? timestamp(patch.offerExpiresAt) : null }
				: {}),
			...(patch.cancelledAt !== undefined
				? { cancelled_at: patch.cancelledAt ? timestamp(patch.cancelledAt) : null }
				: {}),
			...(patch.tokenHash !== undefined ? { token_hash: patch.tokenHash } : {}),
			updated_at: timestamp(now)
		})
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.execute();
}

export async function setTokenHash(
	trx: Kysely<Database>,
	networkId: string,
	id: string,
	tokenHash: string,
	now: Date
): Promise<void> {
	await trx
		.updateTable('event_registration')
		.set({ token_hash: tokenHash, updated_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.execute();
}

const registrationByEmailQuery = prepared((db, v: { networkId: string; eventId: string; email: string }) =>
	db
		.selectFrom('event_registration')
		.selectAll()
		.where('network_id', '=', v.networkId)
		.where('event_id', '=', v.eventId)
		.where('email', '=', v.email)
);

export async function findRegistrationByEmail(
	db: Kysely<Database>,
	networkId: string,
	eventId: string,
	email: string
): Promise<RegistrationRecord | undefined> {
	const [row] = await registrationByEmailQuery.run(db, { networkId, eventId, email });
	return row ? toRegistration(row) : undefined;
}

/** By a personal link: the registration's own, or one mailed when the address registered again. */
export async function findRegistrationByTokenHash(
	db: Kysely<Database>,
	networkId: string,
	tokenHash: string
): Promise<RegistrationRecord | undefined> {
	const row =
		(await db
			.selectFrom('event_registration')
			.selectAll()
			.where('network_id', '=', networkId)
			.where('token_hash', '=', tokenHash)
			.where('erased_at', 'is', null)
			.executeTakeFirst()) ??
		(await db
			.selectFrom('event_registration_link as l')
			.innerJoin('event_registration as r', 'r.id', 'l.registration_id')
			.selectAll('r')
			.where('l.network_id', '=', networkId)
			.where('r.network_id', '=', networkId)
			.where('l.token_hash', '=', tokenHash)
			.where('r.erased_at', 'is', null)
			.executeTakeFirst());
	return row ? toRegistration(row) : undefined;
}

export async function findRegistration(
	db: Kysely<Database>,
	networkId: string,
	id: string
): Promise<RegistrationRecord | undefined> {
	const row = await db
		.selectFrom('event_registration')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.executeTakeFirst();
	return row ? toRegistration(row) : undefined;
}

/** The first on the waiting list (of one participation for a hybrid event's pool). */
export async function firstWaiting(
	trx: Kysely<Database>,
	networkId: string,
	eventId: string,
	participation: Participation | null
): Promise<RegistrationRecord | undefined> {
	const row = await trx
		.selectFrom('event_registration')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('event_id', '=', eventId)
		.where('status', '=', 'waiting')
		.$if(participation !== null, (q) => q.where('participation', '=', participation!))
		.orderBy('waiting_position')
		.limit(1)
		.executeTakeFirst();
	return row ? toRegistration(row) : undefined;
}

/** The place on the waiting list: how many wait ahead of this ticket, plus one. */
export async function waitingRank(
	db: Kysely<Database>,
	networkId: string,
	eventId: string,
	ticket: number,
	participation: Participation | null
): Promise<number> {
	const row = await db
		.selectFrom('event_registration')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('network_id', '=', networkId)
		.where('event_id', '=', eventId)
		.where('status', '=', 'waiting')
		.where('waiting_position', '<=', ticket)
		.$if(participation !== null, (q) => q.where('participation', '=', participation!))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function listRegistrations(
	db: Kysely<Database>,
	networkId: string,
	eventId: string,
	statuses?: readonly RegistrationStatus[]
): Promise<RegistrationRecord[]> {
	const rows = await db
		.selectFrom('event_registration')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('event_id', '=', eventId)
		.$if(statuses !== undefined, (q) => q.where('status', 'in', statuses!))
		.orderBy('created_at')
		.orderBy('id')
		.execute();
	return rows.map(toRegistration);
}

export async function countByStatus(
	db: Kysely<Database>,
	networkId: string,
	eventId: string
): Promise<Record<RegistrationStatus, number>> {
	const rows = await db
		.selectFrom('event_registration')
		.select(['status', (eb) => eb.fn.countAll<number>().as('n')])
		.where('network_id', '=', networkId)
		.where('event_id', '=', eventId)
		.groupBy('status')
		.execute();
	const counts = { registered: 0, waiting: 0, offered: 0, cancelled: 0, attended: 0, no_show: 0 };
	for (const row of rows) counts[row.status] = Number(row.n);
	return counts;
}

/** Offers whose time ran out, across networks (for the job that passes them on). */
export async function listExpiredOffers(db: Kysely<Database>, now: Date, limit: number) {
	const rows = await db
		.selectFrom('event_registration')
		.select(['id', 'network_id', 'event_id'])
		.where('status', '=', 'offered')
		.where('offer_expires_at', '<=', timestamp(now))
		.orderBy('offer_expires_at')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ id: r.id, networkId: r.network_id, eventId: r.event_id }));
}

/**
 * The first on an event's waiting list (both pools), with what a calendar invite names them by.
 * Read before a cancellation through the personal link so the promotion mails written inside its transaction can carry an
 * invite without reading the database there.
 */
export async function waitingHead(
	db: Kysely<Database>,
	networkId: string,
	eventId: string,
	limit: number
): Promise<{ id: string; name: string; email: string; participation: Participation }[]> {
	const rows = await db
		.selectFrom('event_registration')
		.select(['id', 'name', 'email', 'participation', 'waiting_position'])
		.where('network_id', '=', networkId)
		.where('event_id', '=', eventId)
		.where('status', '=', 'waiting')
		.orderBy('waiting_position')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, participation: r.participation }));
}
