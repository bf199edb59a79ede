import { sql, type Kysely, type Selectable } from 'kysely';
import { forUpdate } from '../platform/db/dialect.ts';
import { prepared } from '../platform/db/prepared.ts';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toBool, toDate, toDateOrNull } from '../platform/db/values.ts';
import type {
	EventFormat,
	EventStatus,
	EventType,
	EventVisibility,
	Participation,
	PromotionMode,
	RegistrationStatus,
	SeatCounters
} from './model.ts';

// ---------------------------------------------------------------- events

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

// ---------------------------------------------------------------- sessions, speakers, audience

export interface SessionValues {
	title: string | null;
	startAt: Date;
	endAt: Date;
}

export interface SpeakerValues {
	name: string;
	title: string | null;
	organisation: string | null;
	bio: string | null;
}

export async function replaceSessions(
	db: Kysely<Database>,
	networkId: string,
	eventId: string,
	sessions: (SessionValues & { id: string })[]
): Promise<void> {
	await db.deleteFrom('event_session').where('network_id', '=', networkId).where('event_id', '=', eventId).execute();
	if (!sessions.length) return;
	await db
		.insertInto('event_session')
		.values(
			sessions.map((s, i) => ({
				id: s.id,
				network_id: networkId,
				event_id: eventId,
				title: s.title,
				start_at: timestamp(s.startAt),
				end_at: timestamp(s.endAt),
				sort_order: i
			}))
		)
		.execute();
}

export async function replaceSpeakers(
	db: Kysely<Database>,
	networkId: string,
	eventId: string,
	speakers: (SpeakerValues & { id: string })[]
): Promise<void> {
	await db.deleteFrom('event_speaker').where('network_id', '=', networkId).where('event_id', '=', eventId).execute();
	if (!speakers.length) return;
	await db
		.insertInto('event_speaker')
		.values(
			speakers.map((s, i) => ({
				id: s.id,
				network_id: networkId,
				event_id: eventId,
				name: s.name,
				title: s.title,
				organisation: s.organisation,
				bio: s.bio,
				sort_order: i
			}))
		)
		.execute();
}

export async function replaceAudienceTypes(
	db: Kysely<Database>,
	networkId: string,
	eventId: string,
	typeIds: string[]
): Promise<void> {
	await db
		.deleteFrom('event_audience_type')
		.where('network_id', '=', networkId)
		.where('event_id', '=', eventId)
		.execute();
	if (!typeIds.length) return;
	await db
		.insertInto('event_audience_type')
		.values([...new Set(typeIds)].map((id) => ({ event_id: eventId, organisation_type_id: id, network_id: networkId })))
		.execute();
}

// Prepared: every confirmation's invite lists the sessions.
const sessionsQuery = prepared((db, v: { networkId: string; eventId: string }) =>
	db
		.selectFrom('event_session')
		.selectAll()
		.where('network_id', '=', v.networkId)
		.where('event_id', '=', v.eventId)
		.orderBy('sort_order')
);

export async function listSessions(db: Kysely<Database>, networkId: string, eventId: string) {
	const rows = await sessionsQuery.run(db, { networkId, eventId });
	return rows.map((r) => ({ id: r.id, title: r.title, startAt: toDate(r.start_at), endAt: toDate(r.end_at) }));
}

export async function listSpeakers(db: Kysely<Database>, networkId: string, eventId: string) {
	const rows = await db
		.selectFrom('event_speaker')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('event_id', '=', eventId)
		.orderBy('sort_order')
		.execute();
	return rows.map((r) => ({ id: r.id, name: r.name, title: r.title, organisation: r.organisation, bio: r.bio }));
}

export async function listAudienceTypeIds(db: Kysely<Database>, networkId: string, eventId: string) {
	const rows = await db
		.selectFrom('event_audience_type')
		.select('organisation_type_id')
		.where('network_id', '=', networkId)
		.where('event_id', '=', eventId)
		.execute();
	return rows.map((r) => r.organisation_type_id);
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

// ---------------------------------------------------------------- registrations

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

/** One more personal link for a registration; the links it had keep working. */
export async function addRegistrationLink(
	trx: Kysely<Database>,
	networkId: string,
	registrationId: string,
	tokenHash: string,
	now: Date
): Promise<void> {
	await trx
		.insertInto('event_registration_link')
		.values({
			token_hash: tokenHash,
			network_id: networkId,
			registration_id: registrationId,
			created_at: timestamp(now)
		})
		.execute();
}

/** How many links were added to a registration since `since`. */
export async function countLinksSince(
	db: Kysely<Database>,
	networkId: string,
	registrationId: string,
	since: Date
): Promise<number> {
	const row = await db
		.selectFrom('event_registration_link')
		.select((eb) => eb.fn.countAll<number | string>().as('n'))
		.where('network_id', '=', networkId)
		.where('registration_id', '=', registrationId)
		.where('created_at', '>', timestamp(since))
		.executeTakeFirst();
	return Number(row?.n ?? 0);
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
