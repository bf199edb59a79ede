import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { timestamp } from '../../platform/db/values.ts';
import { clientUsage, countRegistration, type ClientUsage } from './limits-repository.ts';
import type { EventRecord } from '../events-repository.ts';

/**
 * Public registration's limits per client address (decision 013). A registration takes a seat and
 * mails whatever address it names, so one client must not be able to fill an event or mail
 * strangers by the thousand — yet 250 colleagues behind one municipal NAT register for their
 * training within minutes, and must all get through.
 *
 * Every accepted registration counts, a new one and one with an address already registered alike,
 * and the check runs before the address is looked up: whether a registration is refused never
 * depends on whether its address was registered. Checked and counted in the registration's own
 * transaction, with the event locked, so instances share the counts and a refused registration
 * writes nothing.
 */
export const registrationLimits = {
	/** Per client and event, in a day: the event's seats and a quarter more (its waiting list)… */
	perEventShare: 1.25,
	/** …but at least this many (a small event, a few colleagues)… */
	perEventFloor: 10,
	/** …and at most this many (also for events without a capacity). */
	perEventCeiling: 500,
	/** Per client across every event, in an hour and in a day. */
	perHour: 400,
	perDay: 1_000
} as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** After this long a row of counts has no open window left (an hour window may start a day window's last hour). */
export const LIMIT_WINDOWS_MS = DAY + HOUR;

/** The registrations one client may make for this event in a day. */
export function perEventAllowance(
	event: Pick<EventRecord, 'format' | 'capacity' | 'capacityOnSite' | 'capacityDigital'>
): number {
	const seats =
		event.format === 'hybrid'
			? event.capacityOnSite === null || event.capacityDigital === null
				? null
				: event.capacityOnSite + event.capacityDigital
			: event.capacity;
	const { perEventShare, perEventFloor, perEventCeiling } = registrationLimits;
	if (seats === null) return perEventCeiling;
	return Math.min(perEventCeiling, Math.max(perEventFloor, Math.ceil(seats * perEventShare)));
}

/** Expands an IPv6 address to its eight groups (null when it is not one). */
function ipv6Groups(address: string): string[] | null {
	if (isIP(address) !== 6) return null;
	const [head, tail] = address.split('::');
	const part = (s: string | undefined) => (s ? s.split(':') : []);
	const left = part(head);
	const right = part(tail);
	// An embedded IPv4 tail (::ffff:192.0.2.1) takes two groups.
	const last = right.length ? right : left;
	if (last.length && last[last.length - 1].includes('.')) {
		const octets = last.pop()!.split('.').map(Number);
		last.push(((octets[0] << 8) | octets[1]).toString(16), ((octets[2] << 8) | octets[3]).toString(16));
	}
	const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
	return [...left, ...fill, ...right].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}

/**
 * Whom the limits count: an IPv4 address, or an IPv6 address's /64 (one household or office gets
 * a whole /64 and can pick any address in it). IPv4-mapped IPv6 addresses count as their IPv4.
 * Hashed, as the question form's limits are: the table holds no address in clear.
 */
export function clientKey(address: string | null): string {
	let who = address ?? 'unknown';
	const groups = address ? ipv6Groups(address) : null;
	if (groups) {
		const mapped = groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff';
		who = mapped
			? [groups[6], groups[7]].flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 255]).join('.')
			: `${groups.slice(0, 4).join(':')}::/64`;
	}
	return createHash('sha256').update(`event-registration:${who}`).digest('base64url');
}

export interface LimitRefusal {
	ok: false;
	error: 'error_events_registration_limited';
	/** Seconds until the window that refused ends (Retry-After). */
	retryAfter: number;
}

/** Which limit the usage reaches, if any, and when its window ends. */
export function limitReached(usage: ClientUsage, allowance: number, now: Date): LimitRefusal | null {
	const { perHour, perDay } = registrationLimits;
	const ends: Date[] = [];
	if (usage.eventDay >= allowance && usage.eventDayStartedAt) ends.push(usage.eventDayStartedAt);
	if (usage.day >= perDay && usage.dayStartedAt) ends.push(usage.dayStartedAt);
	const hourEnds = usage.hour >= perHour && usage.hourStartedAt ? usage.hourStartedAt.getTime() + HOUR : null;
	if (!ends.length && hourEnds === null) return null;
	// Refused until every reached window has ended.
	const until = Math.max(hourEnds ?? 0, ...ends.map((d) => d.getTime() + DAY));
	return {
		ok: false,
		error: 'error_events_registration_limited',
		retryAfter: Math.max(1, Math.ceil((until - now.getTime()) / 1000))
	};
}

/**
 * Checks the client's limits for this event and, when within them, counts this registration. Run
 * inside the registration's transaction with the event locked.
 */
export async function takeRegistrationAllowance(
	trx: Kysely<Database>,
	event: EventRecord,
	clientAddress: string | null,
	now: Date
): Promise<LimitRefusal | null> {
	const key = clientKey(clientAddress);
	const times = {
		now: timestamp(now),
		day: timestamp(new Date(now.getTime() - DAY)),
		hour: timestamp(new Date(now.getTime() - HOUR)),
		scan: timestamp(new Date(now.getTime() - LIMIT_WINDOWS_MS))
	};
	const usage = await clientUsage(trx, key, event.id, times);
	const refused = limitReached(usage, perEventAllowance(event), now);
	if (refused) return refused;
	await countRegistration(trx, event.networkId, event.id, key, times);
	return null;
}
