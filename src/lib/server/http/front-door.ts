import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { app } from '../app.ts';
import { clientAddressOf } from '../client-address.ts';
import { logger } from '../platform/logger.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Locale } from '../platform/context.ts';
import { escapeHtml } from '../platform/html.ts';
import { logRequest } from './request-log.ts';
import { isPrivatePath, securityHeaders } from '../security-headers.ts';

/**
 * The front door: a few hot public requests answered before SvelteKit sees them (docs/product.md#events-registration-rush, decision 012).
 *
 * SvelteKit turns every request into a web `Request`, runs the hooks, and turns the `Response` back
 * into Node's; for a stored page that costs several times the work of sending it. During a
 * registration rush two requests are almost all the traffic: the event page (served from the render
 * cache) and the registration form's POST. Their fast routes (event-routes.ts, beside this file)
 * call the events module's services and render cache and send the same headers as the SvelteKit
 * routes; anything they are not sure of — a cache miss, a signed-in
 * visitor, a form with an error, an unknown network — goes to SvelteKit as if the front door were
 * not there. What a visitor gets is the same either way; only the work differs.
 *
 * The server entry (scripts/server-entry.js, the build's index.js) asks `globalThis` for the door,
 * which the app installs at start; without it every request goes to SvelteKit.
 */

export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;
type Door = (req: IncomingMessage, res: ServerResponse, sveltekit: NodeListener) => void;

const DOOR = Symbol.for('samverkan.front-door');

/** One request at the front door. */
export class Visit {
	readonly requestId = randomUUID();
	readonly started = performance.now();
	readonly pathname: string;
	readonly search: string;
	#answered = false;
	#body: Buffer | null = null;
	/** Set once the route has started writing: an error after that is answered here, not passed on. */
	committing = false;
	/** The language of the page, for the error page. */
	locale: Locale = 'sv';

	readonly req: IncomingMessage;
	readonly res: ServerResponse;
	readonly route: string;
	readonly #sveltekit: NodeListener;

	constructor(req: IncomingMessage, res: ServerResponse, route: string, sveltekit: NodeListener) {
		this.req = req;
		this.res = res;
		this.route = route;
		this.#sveltekit = sveltekit;
		const url = req.url ?? '/';
		const query = url.indexOf('?');
		this.pathname = query === -1 ? url : url.slice(0, query);
		this.search = query === -1 ? '' : url.slice(query);
	}

	header(name: string): string | null {
		const value = this.req.headers[name];
		return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
	}

	get clientAddress(): string | null {
		const { TRUSTED_PROXY_HEADER, TRUSTED_PROXY_COUNT } = app().config;
		return clientAddressOf(
			(name) => this.header(name.toLowerCase()),
			() => this.req.socket.remoteAddress ?? null,
			TRUSTED_PROXY_HEADER,
			TRUSTED_PROXY_COUNT
		);
	}

	/** SvelteKit takes the request; if the front door has read the body, it reads the same bytes. */
	pass(): void {
		if (this.#answered) return;
		this.#answered = true;
		this.#sveltekit(this.#body ? replayOf(this.req, this.#body) : this.req, this.res);
	}

	/** Answers with the app's security headers and the request id, and logs it as the hooks do. */
	send(status: number, headers: Iterable<[string, string]>, body?: Buffer | string): void {
		if (this.#answered) return;
		this.#answered = true;
		const res = this.res;
		res.statusCode = status;
		for (const [name, value] of headers) res.setHeader(name, value);
		const https = app().publicOrigin.startsWith('https:');
		for (const [name, value] of securityHeaders({ https, privatePage: isPrivatePath(this.pathname) }))
			res.setHeader(name, value);
		res.setHeader('x-request-id', this.requestId);
		if (body !== undefined && this.req.method !== 'HEAD') {
			res.setHeader('content-length', Buffer.byteLength(body));
			res.end(body);
		} else res.end();
		logRequest(this.requestId, this.req.method, this.route, status, this.started);
	}

	/** The app's error page, in short: what went wrong in general words and the request id, nothing else. */
	failed(status: 400 | 500 = 500): void {
		const o = { locale: this.locale };
		const message = status === 400 ? m.error_page_text_other({}, o) : m.error_generic({}, o);
		const body = `<!doctype html><html lang="${this.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${status} – Samverkan</title></head><body><main><h1>${escapeHtml(message)}</h1><p>${escapeHtml(m.error_page_request_id({}, o))} <code>${this.requestId}</code></p></main></body></html>`;
		this.send(
			status,
			[
				['content-type', 'text/html; charset=utf-8'],
				['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
				['cache-control', 'no-store']
			],
			body
		);
	}

	/** Reads the whole body, up to `limit` bytes; null if it is longer or the client went away. */
	readBody(limit: number): Promise<Buffer | null> {
		return new Promise((resolve) => {
			const chunks: Buffer[] = [];
			let size = 0;
			const req = this.req;
			req.on('data', (chunk: Buffer) => {
				size += chunk.length;
				if (size > limit) {
					req.removeAllListeners('data');
					resolve(null);
					req.destroy();
					return;
				}
				chunks.push(chunk);
			});
			req.once('end', () => {
				this.#body = Buffer.concat(chunks, size);
				resolve(this.#body);
			});
			req.once('error', () => resolve(null));
		});
	}
}

/**
 * A stand-in for a request whose body was read: the same method, URL, headers and socket, and a
 * stream that gives the body again — what SvelteKit's getRequest reads.
 */
function replayOf(req: IncomingMessage, body: Buffer): IncomingMessage {
	const replay = new Readable({ read() {} }) as Readable & Record<string, unknown>;
	replay.push(body);
	replay.push(null);
	Object.assign(replay, {
		method: req.method,
		url: req.url,
		headers: req.headers,
		rawHeaders: req.rawHeaders,
		httpVersion: req.httpVersion,
		httpVersionMajor: req.httpVersionMajor,
		httpVersionMinor: req.httpVersionMinor,
		socket: req.socket,
		connection: req.socket,
		complete: true
	});
	return replay as unknown as IncomingMessage;
}

/** The request's headers as a web request shows them, for helpers written for SvelteKit's. */
export function asRequest(visit: Visit): Request {
	return { method: visit.req.method, headers: { get: (name: string) => visit.header(name.toLowerCase()) } } as Request;
}

/**
 * A fast route: `match` decides from the method and path alone, synchronously, whether the request
 * is one it may serve; `serve` then answers it or passes it on.
 */
export interface FastRoute<M> {
	/** The SvelteKit route it stands in front of, for the request log. */
	route: string;
	match(req: IncomingMessage, pathname: string): M | null;
	serve(visit: Visit, match: M): Promise<void>;
}

/** The path decoded as SvelteKit decodes it (keeping `%25` as it is), or null if it cannot be. */
function decodedPath(pathname: string): string | null {
	try {
		return pathname.split('%25').map(decodeURI).join('%25');
	} catch {
		return null;
	}
}

function door(routes: FastRoute<unknown>[], req: IncomingMessage, res: ServerResponse, sveltekit: NodeListener): void {
	const url = req.url ?? '/';
	const query = url.indexOf('?');
	const pathname = query === -1 ? url : url.slice(0, query);
	// Every response carries the security headers, also those SvelteKit's hooks never see: static
	// files (adapter-node serves them before SvelteKit) and refusals or redirects thrown in a hook.
	// Whatever answers later sets its own headers over these.
	const https = app().publicOrigin.startsWith('https:');
	for (const [name, value] of securityHeaders({ https, privatePage: false })) res.setHeader(name, value);
	// SvelteKit answers a path it cannot decode with 400, but runs the hooks first, outside its own
	// error handling: a hook that throws there (a cross-site refusal, a language redirect) rejects
	// a promise nobody awaits, and the process stops. Such a path is answered here.
	if (decodedPath(pathname) === null) {
		const visit = new Visit(req, res, 'malformed path', sveltekit);
		visit.locale = (/^\/(nb|en)(?:\/|$)/.exec(pathname)?.[1] as Locale | undefined) ?? 'sv';
		visit.failed(400);
		return;
	}
	for (const route of routes) {
		const match = route.match(req, pathname);
		if (match === null) continue;
		const visit = new Visit(req, res, route.route, sveltekit);
		route.serve(visit, match).catch((error: unknown) => {
			// Before anything was written SvelteKit answers (its error page if it fails too); after, an
			// error page here, with this request id.
			logger.error(
				{
					requestId: visit.requestId,
					route: route.route,
					err: error instanceof Error ? { type: error.name, message: error.message } : String(error)
				},
				'front door failed'
			);
			if (res.headersSent) return;
			if (visit.committing) visit.failed();
			else visit.pass();
		});
		return;
	}
	sveltekit(req, res);
}

/** Called once the app has started (hooks.server.ts init). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route's match type is its own
export function installFrontDoor(routes: FastRoute<any>[]): void {
	const listed = routes as FastRoute<unknown>[];
	const open: Door = (req, res, sveltekit) => door(listed, req, res, sveltekit);
	(globalThis as Record<symbol, unknown>)[DOOR] = open;
}
