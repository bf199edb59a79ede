/**
 * The front door (src/lib/server/http/front-door.ts) on the built app: the event page from the
 * render cache and plain registration posts are answered before SvelteKit, and what a visitor gets
 * is what the SvelteKit route would give — the same headers, a fresh CSP nonce that the browser
 * accepts, the same redirect; a form with a mistake reaches SvelteKit with its body intact.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOpenNetworkBySlug } from '#lib/server/networks/repository.ts';
import { newEvent } from '../fixtures/factories.ts';
import {
	expectAccessible,
	launchBrowser,
	newPage,
	seedNetworkWithAdmin,
	startApp,
	visit,
	type RunningApp
} from './harness.ts';

const nonceIn = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? '')?.[1];

describe('events: the front door before SvelteKit', () => {
	let app: RunningApp;
	let browser: Browser;
	let slug: string;
	let eventId: string;
	let pagePath: string;

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const seeded = await seedNetworkWithAdmin(app);
		slug = seeded.network.slug;
		const network = await findOpenNetworkBySlug(app.db, slug);
		if (!network) throw new Error('no network');
		const event = await newEvent(app.db, network, { title: 'Främre dörren – utbildning', capacity: 1 });
		eventId = event.id;
		pagePath = `/${slug}/events/${eventId}`;
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	const get = (path: string, headers: Record<string, string> = {}) =>
		fetch(`${app.baseURL}${path}`, { headers: { accept: 'text/html', ...headers }, redirect: 'manual' });
	const postTo = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
		fetch(`${app.baseURL}${path}`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: app.baseURL,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded',
				...headers
			},
			body: new URLSearchParams(body).toString()
		});
	const post = (body: Record<string, string>, headers: Record<string, string> = {}) => postTo(pagePath, body, headers);

	it('serves the stored event page with the security headers and a new nonce on every hit', async () => {
		const first = await get(pagePath);
		expect(first.status).toBe(200);
		expect(first.headers.get('x-render-cache')).toBe('miss');
		const firstBody = await first.text();
		const hits = await Promise.all([get(pagePath), get(pagePath)]);
		const nonces = new Set([nonceIn(first.headers.get('content-security-policy'))]);
		for (const hit of hits) {
			expect(hit.status).toBe(200);
			expect(hit.headers.get('x-render-cache')).toBe('hit');
			for (const name of ['x-content-type-options', 'referrer-policy', 'x-frame-options', 'x-request-id'])
				expect(hit.headers.get(name), name).toBeTruthy();
			expect(hit.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
			const nonce = nonceIn(hit.headers.get('content-security-policy'))!;
			const body = await hit.text();
			expect(body).toContain(`nonce="${nonce}"`);
			expect(body.length).toBe(firstBody.length);
			nonces.add(nonce);
		}
		expect(nonces.size).toBe(3);
		expect(new Set(hits.map((h) => h.headers.get('x-request-id'))).size).toBe(2);
	});

	it('leaves signed-in visitors, other languages and query strings to SvelteKit', async () => {
		await get(pagePath);
		// A visitor whose browser prefers English is sent to the English page, as SvelteKit does.
		const english = await get(pagePath, { 'accept-language': 'en-GB,en;q=0.9' });
		expect(english.status).toBe(307);
		expect(english.headers.get('location')).toBe(`/en${pagePath}`);
		const withSession = await get(pagePath, { cookie: 'samverkan_session=abc' });
		expect(withSession.headers.get('x-render-cache')).not.toBe('hit');
		const withQuery = await get(`${pagePath}?x=1`);
		expect(withQuery.headers.get('x-render-cache')).toBeNull();
	});

	it('runs the cached page in a browser without a CSP violation and passes axe', async () => {
		await get(pagePath);
		const page = await newPage(browser, app);
		const refused: string[] = [];
		page.on('console', (message) => {
			if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
		});
		await visit(page, pagePath);
		await expectAccessible(page);
		expect(refused).toEqual([]);
		await page.context().close();
	});

	it('registers a plain form post and redirects as the route does; a second post is answered as a new one', async () => {
		const person = { name: 'Dora Dahl', email: 'dora.dahl@example.org', organisation: 'Skolan', consent: 'on' };
		const first = await post(person);
		expect(first.status).toBe(303);
		expect(first.headers.get('location')).toBe(`${pagePath}/registered?outcome=registered`);
		expect(first.headers.get('x-request-id')).toBeTruthy();
		expect(first.headers.get('referrer-policy')).toBe('no-referrer');
		// The seat is taken: someone new would be told place 1 on the waiting list, and so is Dora
		// (decision 013: the form does not tell who is registered).
		const again = await post(person);
		expect(again.headers.get('location')).toBe(`${pagePath}/registered?outcome=waiting&position=1`);
		const full = await post({ ...person, name: 'Erik Ek', email: 'erik.ek@example.org' });
		expect(full.headers.get('location')).toBe(`${pagePath}/registered?outcome=waiting&position=1`);
		const rows = await app.db
			.selectFrom('event_registration')
			.select(['email', 'status'])
			.where('event_id', '=', eventId)
			.orderBy('email')
			.execute();
		expect(rows).toEqual([
			{ email: 'dora.dahl@example.org', status: 'registered' },
			{ email: 'erik.ek@example.org', status: 'waiting' }
		]);
	});

	it('refuses a client past its share of an event with 429, Retry-After and the form as typed, with and without JavaScript', async () => {
		const network = await findOpenNetworkBySlug(app.db, slug);
		if (!network) throw new Error('no network');
		const small = await newEvent(app.db, network, { title: 'Liten workshop', capacity: 2 });
		const path = `/${slug}/events/${small.id}`;
		const send = (i: number, prefix = '', headers: Record<string, string> = {}) =>
			postTo(
				`${prefix}${path}`,
				{ name: `Person ${i}`, email: `person.${i}@limit.example.org`, organisation: 'Skolan', consent: 'on' },
				headers
			);
		// Ten from one address for a small event (decision 013); every test here comes from 127.0.0.1.
		for (let i = 0; i < 10; i++) expect((await send(i)).status).toBe(303);
		const refused = await send(10);
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		const page = await refused.text();
		expect(page).toContain('value="Person 10"');
		expect(page).toContain('value="person.10@limit.example.org"');
		expect(page).toContain('Det har kommit så många anmälningar från ditt nätverk');
		const english = await send(11, '/en');
		expect(english.status).toBe(429);
		expect(await english.text()).toContain('So many registrations have come from your network');
		// With JavaScript (use:enhance), SvelteKit answers the action in JSON.
		const enhanced = await send(12, '', { accept: 'application/json', 'x-sveltekit-action': 'true' });
		const json = (await enhanced.json()) as { type: string; status: number; data: string };
		expect(json).toMatchObject({ type: 'failure', status: 429 });
		expect(json.data).toContain('error_events_registration_limited');
		const rows = await app.db.selectFrom('event_registration').select('id').where('event_id', '=', small.id).execute();
		expect(rows).toHaveLength(10);
		const mails = await app.db
			.selectFrom('outbox')
			.select('id')
			.where('recipient', 'in', [
				'person.10@limit.example.org',
				'person.11@limit.example.org',
				'person.12@limit.example.org'
			])
			.execute();
		expect(mails).toEqual([]);
	});

	it('hands a form with a mistake to SvelteKit with what was typed, and refuses cross-site posts', async () => {
		const mistake = await post({ name: 'Fia Fors', email: 'not-an-address', organisation: 'Polisen' });
		expect(mistake.status).toBe(400);
		const page = await mistake.text();
		expect(page).toContain('value="Fia Fors"');
		expect(page).toContain('value="not-an-address"');
		const crossSite = await post(
			{ name: 'Gun Gran', email: 'gun@example.org', consent: 'on' },
			{ origin: 'https://elsewhere.example' }
		);
		expect(crossSite.status).toBe(403);
		const count = await app.db
			.selectFrom('event_registration')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('event_id', '=', eventId)
			.where('email', 'in', ['not-an-address', 'gun@example.org'])
			.executeTakeFirstOrThrow();
		expect(Number(count.n)).toBe(0);
	});
});
