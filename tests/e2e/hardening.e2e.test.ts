/**
 * The built app probed from outside, as someone hostile would: where `next=` may lead after sign-in,
 * what a broken form body gets, which headers every kind of response carries (also static files,
 * refusals and error pages, which SvelteKit's hooks do not see), and whether an anonymous asker's
 * receipt stays with the network it was asked in.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOpenNetworkBySlug } from '#lib/server/networks/repository.ts';
import { CookieJar } from '../fixtures/cookie-jar.ts';
import { newEvent } from '../fixtures/factories.ts';
import {
	launchBrowser,
	newPage,
	seedMember,
	seedNetworkWithAdmin,
	startApp,
	unusedTotpCode,
	visit,
	type RunningApp
} from './harness.ts';

/**
 * Values that pass a check on the raw text but normalise off the site: dot segments (also encoded),
 * encoded slashes and backslashes, characters that are no part of any of our paths.
 */
const HOSTILE_NEXT = [
	'/.//evil.example',
	'/..//evil.example',
	'/%2e//evil.example',
	'/%2E%2E//evil.example/app',
	'/.%2e//evil.example',
	'/a/../..//evil.example',
	'/%2f/evil.example',
	'/%5c/evil.example',
	'/\u3000/evil.example'
];

const SECURITY_HEADERS = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'no-referrer',
	'x-frame-options': 'DENY',
	'cross-origin-opener-policy': 'same-origin',
	'cross-origin-resource-policy': 'same-origin'
};

function expectSecurityHeaders(response: Response, what: string): void {
	for (const [name, value] of Object.entries(SECURITY_HEADERS))
		expect(response.headers.get(name), `${name} on ${what}`).toBe(value);
	expect(response.headers.get('permissions-policy'), `permissions-policy on ${what}`).toContain('camera=()');
}

/** A multipart body that ends in the middle of a part: no parser can read it. */
const BROKEN_MULTIPART = {
	type: 'multipart/form-data; boundary=----samverkan',
	body: '------samverkan\r\nContent-Disposition: form-data; name="question"\r\n\r\nhalf a'
};

describe('hardening: the built app probed from outside', () => {
	let app: RunningApp;
	let browser: Browser;
	let slugA: string;
	let slugB: string;
	let eventPath: string;
	let member: { email: string; password: string };
	const admin = new CookieJar();
	const FORM = 'application/x-www-form-urlencoded';

	const request = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
		fetch(`${app.baseURL}${path}`, {
			redirect: 'manual',
			...init,
			headers: { accept: 'text/html', ...init.headers }
		});
	const post = (path: string, body: string, type: string, headers: Record<string, string> = {}) =>
		request(path, { method: 'POST', body, headers: { origin: app.baseURL, 'content-type': type, ...headers } });
	const form = (values: Record<string, string>) => new URLSearchParams(values).toString();

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		const a = await seedNetworkWithAdmin(app, { slug: 'natverk-a' });
		const b = await seedNetworkWithAdmin(app, { slug: 'natverk-b' });
		slugA = a.network.slug;
		slugB = b.network.slug;
		member = await seedMember(app, slugA, { role: 'member' });
		const network = await findOpenNetworkBySlug(app.db, slugA);
		if (!network) throw new Error('no network');
		eventPath = `/${slugA}/events/${(await newEvent(app.db, network, { title: 'Öppen utbildning' })).id}`;
		// Signed in as network A's administrator, with a second factor, for the signed-in forms.
		const login = await post('/login', form({ email: a.admin.email, password: a.admin.password }), FORM);
		admin.absorb(login.headers);
		const second = await post(
			'/login/two-factor?/totp',
			form({ code: await unusedTotpCode(a.admin.totpSecret) }),
			FORM,
			Object.fromEntries(admin.headers())
		);
		admin.absorb(second.headers);
		expect(second.headers.get('location')).toBe('/app');
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	const signedIn = () => Object.fromEntries(admin.headers());

	describe('next= after sign-in', () => {
		it.each(HOSTILE_NEXT)('sends someone signed in to the default page, not to %j', async (next) => {
			const response = await request(`/login?next=${encodeURIComponent(next)}`, { headers: signedIn() });
			expect(response.status).toBe(303);
			expect(response.headers.get('location')).toBe('/app');
		});

		it.each(HOSTILE_NEXT)('signs in and lands on the default page, not on %j', async (next) => {
			const response = await post(
				`/login?next=${encodeURIComponent(next)}`,
				form({ email: member.email, password: member.password }),
				FORM
			);
			expect(response.status).toBe(303);
			expect(response.headers.get('location')).toBe('/app');
		});
	});

	describe('a form body that cannot be read', () => {
		const actions = () => [
			{ path: `/${slugA}/ask`, who: 'anyone' },
			{ path: `/${slugA}/ask/status`, who: 'anyone' },
			{ path: eventPath, who: 'anyone' },
			{ path: '/login', who: 'anyone' },
			{ path: '/login/two-factor?/totp', who: 'anyone' },
			{ path: `/app/${slugA}/consultations/new`, who: 'admin' },
			{ path: `/app/${slugA}/consultations/settings?/addTopic`, who: 'admin' },
			{ path: `/app/${slugA}/events/new`, who: 'admin' },
			{ path: `/app/${slugA}/directory/types?/add`, who: 'admin' },
			{ path: `/app/${slugA}/members?/invite`, who: 'admin' },
			{ path: '/account?/profile', who: 'admin' }
		];

		const bodies = [
			{ name: 'a multipart body cut off in the middle', ...BROKEN_MULTIPART },
			{ name: 'multipart without a boundary', type: 'multipart/form-data', body: 'question=x' },
			{ name: 'plain text', type: 'text/plain', body: 'question=x' }
		];

		it.each(bodies)('answers $name with 400 and the error page on every kind of form', async ({ type, body }) => {
			for (const { path, who } of actions()) {
				const response = await post(path, body, type, who === 'admin' ? signedIn() : {});
				const html = await response.text();
				expect(response.status, `${path}`).toBe(400);
				expect(response.headers.get('content-type'), path).toContain('text/html');
				expect(html, path).toContain('<html');
				expect(html, path).not.toMatch(/TypeError|at .*\.js:\d+|node:internal/);
				expectSecurityHeaders(response, path);
			}
		});

		it('answers an enhanced form (JavaScript) with a 400 error in JSON, without a stack trace', async () => {
			for (const { path, who } of actions().filter((a) => a.path !== eventPath)) {
				const response = await post(path, BROKEN_MULTIPART.body, BROKEN_MULTIPART.type, {
					accept: 'application/json',
					'x-sveltekit-action': 'true',
					...(who === 'admin' ? signedIn() : {})
				});
				const text = await response.text();
				expect(response.status, path).toBe(400);
				expect(JSON.parse(text).type, path).toBe('error');
				expect(text, path).not.toMatch(/TypeError|at .*\.js:\d+|node:internal/);
			}
		});
	});

	describe('security headers on every kind of response', () => {
		it('are on a page, a redirect, a 404, a JSON answer and the front door event page', async () => {
			const samples: [string, Response][] = [
				['a public page', await request(`/${slugA}`)],
				['a signed-in page', await request(`/app/${slugA}`, { headers: signedIn() })],
				['a redirect to sign-in', await request(`/app/${slugA}`)],
				['a redirect to a language', await request('/login?lang=nb')],
				['a 404 page', await request('/no-such-page/at-all')],
				['a JSON answer', await request('/readyz', { headers: { accept: 'application/json' } })],
				[
					'a JSON refusal',
					await post('/api/v1/pii/scan', '{"text":"x"}', 'application/json', { accept: 'application/json' })
				],
				['the event page (render cache miss)', await request(eventPath)],
				['the event page (front door)', await request(eventPath)]
			];
			const of = (what: string) => samples.find(([name]) => name === what)![1];
			expect(of('a public page').status).toBe(200);
			expect(of('a redirect to sign-in').status).toBe(303);
			expect(of('a redirect to a language').status).toBe(303);
			expect(of('a 404 page').status).toBe(404);
			expect(of('a JSON refusal').status).toBe(401);
			expect(of('the event page (front door)').headers.get('x-render-cache')).toBe('hit');
			for (const [what, response] of samples) expectSecurityHeaders(response, what);
		});

		it('are on static files: built assets and files from static/', async () => {
			const html = await (await request('/login')).text();
			const asset = /(\/_app\/immutable\/[^"']+\.(?:js|css))/.exec(html)?.[1];
			expect(asset).toBeTruthy();
			for (const path of [asset!, '/robots.txt', '/favicon.svg']) {
				const response = await request(path, { headers: { accept: '*/*' } });
				expect(response.status, path).toBe(200);
				expectSecurityHeaders(response, path);
			}
			const etag = (await request('/robots.txt')).headers.get('etag');
			const notModified = await request('/robots.txt', { headers: { 'if-none-match': etag ?? '' } });
			expect(notModified.status).toBe(304);
			expectSecurityHeaders(notModified, 'a 304 of a static file');
		});

		it('are on the cross-site refusal and on the error pages', async () => {
			const refused = await post('/login', form({ email: 'x@example.se', password: 'x' }), FORM, {
				origin: 'https://evil.example'
			});
			expect(refused.status).toBe(403);
			expectSecurityHeaders(refused, 'the cross-site refusal');
			const broken = await post(`/${slugA}/ask`, BROKEN_MULTIPART.body, BROKEN_MULTIPART.type);
			expect(broken.status).toBe(400);
			expectSecurityHeaders(broken, 'the 400 page');
			const malformed = await request('/%E0%A4%A');
			expect(malformed.status).toBe(400);
			expectSecurityHeaders(malformed, 'the malformed address page');
		});

		it('survive addresses that cannot be decoded, also where a refusal or redirect is due, and the app keeps running', async () => {
			for (const path of ['/%E0%A4%A', '/nb/%E0%A4%A?lang=en', `/${slugA}/%C0`]) {
				const page = await request(path);
				expect(page.status, path).toBe(400);
				expect(await page.text(), path).not.toMatch(/TypeError|at .*\.js:\d+/);
				const crossSite = await post(path, 'a=1', FORM, { origin: 'https://evil.example' });
				expect(crossSite.status, path).toBeGreaterThanOrEqual(400);
				expect(crossSite.status, path).toBeLessThan(500);
			}
			expect((await request('/readyz')).status).toBe(200);
		});
	});

	describe('the anonymous receipt', () => {
		it("is shown on the network's own receipt page and not on another network's", async () => {
			const page = await newPage(browser, app, { javaScriptEnabled: false });
			await visit(page, `/${slugA}/ask`);
			await page.locator('input[name="topicIds"]').first().check();
			await page.locator('#field-question').fill('Hur kan skolan stötta en elev som är orolig inför sommarlovet?');
			await page.locator('#field-deidentified').check();
			await Promise.all([
				page.waitForURL(`**/${slugA}/ask/receipt`),
				page.getByRole('button', { name: 'Skicka frågan' }).click()
			]);
			const [reference, code] = await page.locator('.receipt dl.codes dd code').allInnerTexts();
			expect(reference).toBeTruthy();
			expect(code).toBeTruthy();

			await visit(page, `/${slugB}/ask/receipt`);
			const other = await page.content();
			expect(other).not.toContain(reference);
			expect(other).not.toContain(code);
			expect(await page.locator('.receipt').count()).toBe(0);

			await visit(page, `/${slugA}/ask/receipt`);
			expect(await page.locator('.receipt dl.codes dd code').allInnerTexts()).toEqual([reference, code]);
			await page.context().close();
		});
	});
});
