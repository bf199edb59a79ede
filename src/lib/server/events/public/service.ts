import type { Kysely } from 'kysely';
import { listNetworkMunicipalitiesByName, listTypes, typeLabel } from '../../directory/index.ts';
import type { Locale, NetworkRef } from '../../platform/context.ts';
import type { Database } from '../../platform/db/schema.ts';
import { failure, ok, type Result } from '../../platform/result.ts';
import { plainDescription, safeDescription } from './sanitise.ts';
import { freeSeats, poolsOf, type EventFormat, type EventStatus, type EventType, type SeatPool } from '../model.ts';
import { utcToZoned, zonedToUtc } from '../../platform/time.ts';
import * as partsRepo from '../event-parts-repository.ts';
import * as eventRepo from '../events-repository.ts';
import { registrationState } from '../registration/service.ts';

/**
 * The public side of events (docs/product.md#events-registration): what anyone may read about a network's public,
 * published events. Nothing here needs a permission, so nothing here may return what a visitor
 * must not see — above all the video link, which only the mails and the personal page carry.
 */

export type PublicSeats = Partial<Record<SeatPool, number | null>>;

export interface PublicEventSummary {
	id: string;
	title: string;
	type: EventType;
	format: EventFormat;
	status: EventStatus;
	startAt: Date;
	endAt: Date;
	address: string | null;
	/** Free seats per pool (null: unlimited). */
	seats: PublicSeats;
	/** Every pool full: new registrations go to the waiting list. */
	full: boolean;
	registration: 'open' | 'not_yet' | 'closed';
}

function seatsOf(event: eventRepo.EventRecord): { seats: PublicSeats; full: boolean } {
	const seats: PublicSeats = {};
	for (const pool of poolsOf(event.format)) seats[pool] = freeSeats(event, pool);
	const full = Object.values(seats).every((free) => free !== null && free <= 0);
	return { seats, full };
}

/** An event as the public lists show it (also theme-weeks.ts). */
export function summaryOf(event: eventRepo.EventRecord, now: Date): PublicEventSummary {
	return {
		id: event.id,
		title: event.title,
		type: event.type,
		format: event.format,
		status: event.status,
		startAt: event.startAt,
		endAt: event.endAt,
		address: event.format === 'digital' ? null : event.address,
		...seatsOf(event),
		registration: registrationState(event, now)
	};
}

export interface PublicEventQuery {
	type?: EventType | null;
	/** 'YYYY-MM' in the network's time zone. */
	month?: string | null;
}

const MONTH = /^(\d{4})-(\d{2})$/;

/** The first instant of a month in a zone, and of the next. */
export function monthRange(month: string, timeZone: string): { from: Date; to: Date } | null {
	const match = MONTH.exec(month);
	if (!match) return null;
	const [y, mo] = [Number(match[1]), Number(match[2])];
	if (mo < 1 || mo > 12) return null;
	const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
	return { from: zonedToUtc(`${month}-01T00:00`, timeZone), to: zonedToUtc(`${next}-01T00:00`, timeZone) };
}

/** How many past events the list shows (newest first); older ones stay reachable by month. */
const PAST_LIMIT = 30;

/**
 * `/{network}/events`: public published events, upcoming (soonest first) and past (latest first),
 * with the months that have events for the filter.
 */
export async function listPublicEvents(
	db: Kysely<Database>,
	network: NetworkRef,
	now: Date,
	query: PublicEventQuery = {}
): Promise<{ upcoming: PublicEventSummary[]; past: PublicEventSummary[]; months: string[] }> {
	const all = await eventRepo.listEvents(db, network.id, {
		status: 'published',
		visibility: 'public',
		...(query.type ? { type: query.type } : {})
	});
	const months = [...new Set(all.map((e) => utcToZoned(e.startAt, network.timeZone).slice(0, 7)))].sort();
	const range = query.month ? monthRange(query.month, network.timeZone) : null;
	const chosen = range ? all.filter((e) => e.endAt >= range.from && e.startAt < range.to) : all;
	const upcoming = chosen.filter((e) => e.endAt >= now).map((e) => summaryOf(e, now));
	const past = chosen
		.filter((e) => e.endAt < now)
		.reverse()
		.slice(0, range ? undefined : PAST_LIMIT)
		.map((e) => summaryOf(e, now));
	return { upcoming, past, months };
}

export interface PublicEventView extends PublicEventSummary {
	descriptionHtml: string;
	descriptionText: string;
	targetAudience: string | null;
	language: string;
	registrationOpensAt: Date | null;
	registrationClosesAt: Date | null;
	updatedAt: Date;
	sessions: { title: string | null; startAt: Date; endAt: Date }[];
	speakers: { name: string; title: string | null; organisation: string | null; bio: string | null }[];
	audienceTypes: string[];
	/** The theme week the event belongs to, if any (theme-weeks.ts names it). */
	themeWeekId: string | null;
}

/** A public event as its page shows it; not found for drafts, members-only events and other networks. */
export async function publicEvent(
	db: Kysely<Database>,
	network: NetworkRef,
	id: string,
	now: Date,
	locale: Locale
): Promise<Result<PublicEventView>> {
	const event = await eventRepo.findEvent(db, network.id, id);
	if (!event || event.visibility !== 'public' || event.status === 'draft') return failure('error_events_not_found');
	const [sessions, speakers, audienceTypeIds, types] = await Promise.all([
		partsRepo.listSessions(db, network.id, id),
		partsRepo.listSpeakers(db, network.id, id),
		partsRepo.listAudienceTypeIds(db, network.id, id),
		listTypes(db, network.id)
	]);
	const audience = new Set(audienceTypeIds);
	return ok({
		...summaryOf(event, now),
		descriptionHtml: safeDescription(event.descriptionHtml),
		descriptionText: plainDescription(event.descriptionHtml),
		targetAudience: event.targetAudience,
		language: event.language,
		registrationOpensAt: event.registrationOpensAt,
		registrationClosesAt: event.registrationClosesAt,
		updatedAt: event.updatedAt,
		sessions: sessions.map((s) => ({ title: s.title, startAt: s.startAt, endAt: s.endAt })),
		speakers: speakers.map((s) => ({ name: s.name, title: s.title, organisation: s.organisation, bio: s.bio })),
		audienceTypes: types.filter((t) => audience.has(t.id)).map((t) => typeLabel(t, locale)),
		themeWeekId: event.themeWeekId
	});
}

/** What the registration form offers: the network's organisation types and municipalities. */
export async function registrationOptions(db: Kysely<Database>, networkId: string, locale: Locale) {
	const [types, municipalities] = await Promise.all([
		listTypes(db, networkId),
		listNetworkMunicipalitiesByName(db, networkId)
	]);
	return {
		organisationTypes: types.filter((t) => !t.hidden).map((t) => ({ id: t.id, label: typeLabel(t, locale) })),
		municipalities: municipalities.map((mu) => ({ id: mu.id, label: mu.name }))
	};
}
