import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { freeSeats, poolsOf } from './model.ts';
import { eventVersion, type EventVersion } from './public/repository.ts';
import { registrationState } from './registration/service.ts';

/**
 * The render cache of the public event page (docs/product.md#events-registration-rush, decision 012): during a registration rush the
 * page is read far more often than it changes, and SvelteKit renders it at a fraction of what
 * node:http can send. Entries are per (network, event, locale) and in-process.
 *
 * Invalidation is by version, not by message: the key's version is read from the event row with
 * one primary-key query on every hit, so a change made by another app instance (several behind a
 * load balancer on PostgreSQL) is seen as soon as it commits — an explicit invalidate() would only
 * reach this process. The version has two parts:
 *  - `content`: the last change (updated_at), the status, the registration window's state (which
 *    changes with time, not with the row) and whether each pool is full — these must be exact;
 *  - `seats`: the seat and waiting-list counters, which change with every registration. A page
 *    whose only difference is the number of free seats may be up to SEATS_STALE_MS old: the number
 *    is information, the seat decision is made in the transaction, and a rush would otherwise
 *    turn every registration into a re-render.
 *
 * CSP nonces: SvelteKit puts a fresh nonce into the Content-Security-Policy header and into every
 * inline <script> it renders. Sending a stored page as it is would give every visitor the same
 * nonce, and a nonce an attacker can read in advance protects nothing. So a hit gets a new random
 * nonce of the same length, written into the header and the body in place of the stored one.
 */

export const SEATS_STALE_MS = 2_000;
const MAX_ENTRIES = 500;
const MAX_AGE_MS = 10 * 60_000;

export interface CachedPage {
	status: number;
	headers: [string, string][];
	body: string;
	/** The nonce rendered into the page; replaced on every hit. */
	nonce: string | null;
	content: string;
	seats: string;
	storedAt: number;
}

export function versionOf(v: EventVersion, now: Date): { content: string; seats: string } {
	const full = poolsOf(v.format).map((pool) => {
		const free = freeSeats(v, pool);
		return free !== null && free <= 0 ? '1' : '0';
	});
	return {
		content: [
			v.visibility,
			v.status,
			v.updatedAt.getTime(),
			v.network,
			v.themeWeek,
			registrationState(v, now),
			full.join('')
		].join('|'),
		seats: [v.seatsTaken, v.seatsTakenOnSite, v.seatsTakenDigital, v.waitingLast].join('|')
	};
}

/**
 * The version a cached copy of an event's page must carry to be served now, read with one
 * primary-key query; undefined when the network has no such event (its 404 is not cached). The HTTP
 * adapters (src/lib/server/http/) call this on every request they might answer from the cache.
 */
export async function pageVersion(
	db: Kysely<Database>,
	networkSlug: string,
	eventId: string,
	now: Date = new Date()
): Promise<{ content: string; seats: string } | undefined> {
	const found = await eventVersion(db, networkSlug, eventId);
	return found && versionOf(found, now);
}

const NONCE_IN_CSP = /'nonce-([A-Za-z0-9+/=]+)'/;

export function nonceOf(csp: string | null): string | null {
	return csp ? (NONCE_IN_CSP.exec(csp)?.[1] ?? null) : null;
}

/** A nonce like SvelteKit's own: 16 random bytes, base64. */
function newNonce(): string {
	return randomBytes(16).toString('base64');
}

export class RenderCache {
	readonly #entries = new Map<string, CachedPage>();
	readonly #maxEntries: number;

	constructor(options: { maxEntries?: number } = {}) {
		this.#maxEntries = options.maxEntries ?? MAX_ENTRIES;
	}

	static key(networkSlug: string, eventId: string, locale: string): string {
		return `${networkSlug}\u0000${eventId}\u0000${locale}`;
	}

	/** A stored page still valid for this version, or undefined. */
	get(key: string, version: { content: string; seats: string }, nowMs = Date.now()): CachedPage | undefined {
		const entry = this.#entries.get(key);
		if (!entry) return undefined;
		const fresh =
			entry.content === version.content &&
			nowMs - entry.storedAt < MAX_AGE_MS &&
			(entry.seats === version.seats || nowMs - entry.storedAt < SEATS_STALE_MS);
		if (!fresh) {
			this.#entries.delete(key);
			return undefined;
		}
		// Map order is insertion order: re-inserting keeps the most used at the end (LRU).
		this.#entries.delete(key);
		this.#entries.set(key, entry);
		return entry;
	}

	set(key: string, page: Omit<CachedPage, 'storedAt'>, nowMs = Date.now()): void {
		this.#entries.delete(key);
		this.#entries.set(key, { ...page, storedAt: nowMs });
		while (this.#entries.size > this.#maxEntries) {
			const oldest = this.#entries.keys().next().value;
			if (oldest === undefined) break;
			this.#entries.delete(oldest);
		}
	}

	/** Drops every entry of an event (all locales), e.g. right after a change this process made. */
	invalidate(eventId: string): void {
		for (const key of this.#entries.keys()) if (key.split('\u0000')[1] === eventId) this.#entries.delete(key);
	}

	clear(): void {
		this.#entries.clear();
	}

	get size(): number {
		return this.#entries.size;
	}
}

// The stored body cut at its nonce and encoded once: a hit then only joins bytes. Encoding 17 KB of
// Swedish text anew on every hit was most of what a hit cost.
const bodyParts = new WeakMap<CachedPage, Buffer[]>();
function partsOf(page: CachedPage): Buffer[] {
	let parts = bodyParts.get(page);
	if (!parts) {
		parts = (page.nonce ? page.body.split(page.nonce) : [page.body]).map((part) => Buffer.from(part, 'utf8'));
		bodyParts.set(page, parts);
	}
	return parts;
}

/** A stored page's headers and body with a nonce of its own, marked as a cache hit. */
export function servedCopy(page: CachedPage): { headers: [string, string][]; body: Buffer } {
	const nonce = page.nonce ? newNonce() : null;
	const swap = (text: string) => (page.nonce && nonce ? text.split(page.nonce).join(nonce) : text);
	const headers: [string, string][] = page.headers.map(([name, value]) => [name, swap(value)]);
	headers.push(['x-render-cache', 'hit']);
	const parts = partsOf(page);
	if (!nonce || parts.length === 1) return { headers, body: Buffer.concat(parts) };
	const nonceBytes = Buffer.from(nonce, 'latin1');
	const joined: Buffer[] = [];
	parts.forEach((part, i) => {
		if (i) joined.push(nonceBytes);
		joined.push(part);
	});
	return { headers, body: Buffer.concat(joined) };
}

/** A response from a stored page, with a nonce of its own. */
export function responseOf(page: CachedPage, method: string): Response {
	const copy = servedCopy(page);
	return new Response(method === 'HEAD' ? null : new Uint8Array(copy.body), {
		status: page.status,
		headers: copy.headers
	});
}

/** The process's cache of public event pages. */
export const eventPageCache = new RenderCache();
