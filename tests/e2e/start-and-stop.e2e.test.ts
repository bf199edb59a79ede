import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	E2E_BUILD_DIR,
	E2E_PORT,
	expectAccessible,
	lastMailTo,
	launchBrowser,
	newPage,
	seedMember,
	seedNetworkWithAdmin,
	startApp,
	visit,
	type RunningApp
} from './harness.ts';

/**
 * One build serves any port and origin chosen at start, and a client cannot choose the origin with
 * a header (decision 014); stopping is prompt and says what it waits for (docs/operations.md).
 */

/** A port nobody listens on now, for a second app beside the one on E2E_PORT. */
function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** A raw request, so Host and the forwarded headers can be anything (fetch forbids setting Host). */
function post(
	port: number,
	path: string,
	body: string,
	headers: Record<string, string>
): Promise<{ status: number; location?: string; body: string }> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(
			{
				host: '127.0.0.1',
				port,
				path,
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': String(Buffer.byteLength(body)),
					connection: 'close',
					// As a browser posts a form without JavaScript (else SvelteKit answers in JSON).
					accept: 'text/html',
					...headers
				}
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (text += chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: text }));
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

const RESET_LINK = /https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]+/;

describe('one build serves the address chosen at start', () => {
	let browser: Browser;
	const apps: RunningApp[] = [];

	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterEach(async () => {
		for (const app of apps.splice(0)) await app.stop();
	});
	afterAll(async () => {
		await browser?.close();
	});

	/** Asks for a password reset in the browser and returns the link the mail carries. */
	async function resetLinkThroughTheForm(app: RunningApp): Promise<string> {
		const { network } = await seedNetworkWithAdmin(app);
		const member = await seedMember(app, network.slug, { role: 'member' });
		const page = await newPage(browser, app, { locale: 'en-GB' });
		await visit(page, '/en/reset-password');
		await page.locator('input[name="email"]').fill(member.email);
		const answer = page.waitForResponse((response) => response.request().method() === 'POST');
		await page.getByRole('button', { name: 'Send link', exact: true }).click();
		// The origin check passed: the form's answer, not 403.
		expect((await answer).status()).toBe(200);
		await page.waitForLoadState('load');
		expect(await page.locator('main').innerText()).toContain('an e-mail is on its way');
		await expectAccessible(page);
		await page.context().close();
		const link = RESET_LINK.exec((await lastMailTo(app, member.email)).text)?.[0];
		expect(link).toBeTruthy();
		return link!;
	}

	it('runs on two ports with two origins, without a build between them: forms pass the origin check and mails link to each', async () => {
		const first = await startApp();
		apps.push(first);
		expect(await resetLinkThroughTheForm(first)).toMatch(
			new RegExp(`^http://localhost:${E2E_PORT}/(?:en/)?reset-password/`)
		);
		await first.stop();

		const port = await freePort();
		const second = await startApp({ port, origin: `http://127.0.0.1:${port}` });
		apps.push(second);
		expect(await resetLinkThroughTheForm(second)).toMatch(
			new RegExp(`^http://127\\.0\\.0\\.1:${port}/(?:en/)?reset-password/`)
		);
	});

	it('ignores Host and X-Forwarded-* sent by a client: neither the origin check nor mailed links change', async () => {
		const app = await startApp();
		apps.push(app);
		const { network } = await seedNetworkWithAdmin(app);
		const member = await seedMember(app, network.slug, { role: 'member' });
		const body = `email=${encodeURIComponent(member.email)}`;
		for (const headers of [
			{ host: 'evil.example', origin: 'https://evil.example' },
			{ host: 'evil.example', origin: 'http://evil.example' },
			{ 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', origin: 'https://evil.example' },
			{ 'x-samverkan-host': 'evil.example', 'x-samverkan-protocol': 'https', origin: 'https://evil.example' }
		] as Record<string, string>[]) {
			expect((await post(E2E_PORT, '/en/reset-password', body, headers)).status, JSON.stringify(headers)).toBe(403);
		}
		// From the real origin, with a forged Host beside it: accepted, and the link is still ours.
		const accepted = await post(E2E_PORT, '/en/reset-password', body, {
			host: 'evil.example',
			'x-forwarded-host': 'evil.example',
			origin: app.baseURL
		});
		expect(accepted.status).toBe(200);
		const link = RESET_LINK.exec((await lastMailTo(app, member.email)).text)?.[0];
		expect(link).toMatch(new RegExp(`^http://localhost:${E2E_PORT}/(?:en/)?reset-password/`));
	});

	it("takes the origin from a trusted proxy's headers when configured, while mails keep ORIGIN", async () => {
		const app = await startApp({
			env: {
				ORIGIN: 'https://samverkan.example.org',
				TRUSTED_PROTOCOL_HEADER: 'X-Forwarded-Proto',
				TRUSTED_HOST_HEADER: 'X-Forwarded-Host'
			}
		});
		apps.push(app);
		const { network } = await seedNetworkWithAdmin(app);
		const member = await seedMember(app, network.slug, { role: 'member' });
		const body = `email=${encodeURIComponent(member.email)}`;
		const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'samverkan.intern.example.org' };
		expect(
			(
				await post(E2E_PORT, '/en/reset-password', body, {
					...forwarded,
					origin: 'https://samverkan.intern.example.org'
				})
			).status
		).toBe(200);
		const link = RESET_LINK.exec((await lastMailTo(app, member.email)).text)?.[0];
		expect(link).toMatch(/^https:\/\/samverkan\.example\.org\/(?:en\/)?reset-password\//);
		// Without the proxy's headers the origin is ORIGIN's, whatever Host says.
		expect(
			(await post(E2E_PORT, '/en/reset-password', body, { host: 'evil.example', origin: 'https://evil.example' }))
				.status
		).toBe(403);
		expect(
			(await post(E2E_PORT, '/en/reset-password', body, { host: 'x', origin: 'https://samverkan.example.org' })).status
		).toBe(200);
		// A forwarded value that is no host is refused, not passed on into links or the check.
		expect(
			(await post(E2E_PORT, '/en/reset-password', body, { 'x-forwarded-host': 'a/b@evil', origin: 'x' })).status
		).toBe(400);
		// Signing in through the second address works too (better-auth is asked with the same headers).
		const signIn = await post(
			E2E_PORT,
			'/en/login',
			`email=${encodeURIComponent(member.email)}&password=${encodeURIComponent(member.password)}`,
			{ ...forwarded, origin: 'https://samverkan.intern.example.org' }
		);
		expect(
			signIn,
			signIn.body
				.replace(/<[^>]+>/g, ' ')
				.replace(/\s+/g, ' ')
				.slice(0, 2000)
		).toMatchObject({ status: 303, location: '/en/app' });
	});
});

describe('stopping', () => {
	let app: RunningApp | undefined;
	afterEach(async () => {
		await app?.stop();
		app = undefined;
	});

	/** Sends a request on a kept-alive connection and leaves the connection open, idle. */
	function idleKeptAlive(): Promise<Socket> {
		return new Promise((resolve, reject) => {
			const socket = new Socket();
			socket.once('error', reject);
			socket.connect(E2E_PORT, '127.0.0.1', () => {
				socket.write(`GET /healthz HTTP/1.1\r\nHost: localhost:${E2E_PORT}\r\nConnection: keep-alive\r\n\r\n`);
			});
			socket.once('data', () => resolve(socket));
		});
	}

	/** A connection that sends nothing, or only the start of a request: browsers open such ahead of need. */
	function quietConnection(start = ''): Promise<Socket> {
		return new Promise((resolve, reject) => {
			const socket = new Socket();
			socket.once('error', reject);
			socket.connect(E2E_PORT, '127.0.0.1', () => {
				if (start) socket.write(start);
				resolve(socket);
			});
		});
	}

	function exited(app: RunningApp): Promise<number> {
		const started = Date.now();
		return new Promise((resolve) => app.process.once('exit', () => resolve(Date.now() - started)));
	}

	async function waitForOutput(app: RunningApp, text: string): Promise<void> {
		const deadline = Date.now() + 5_000;
		while (!app.output().includes(text)) {
			if (Date.now() > deadline) throw new Error(`the app did not print "${text}":\n${app.output()}`);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}

	it('closes kept-alive and quiet connections at once: a browser and idle clients do not hold the process', async () => {
		app = await startApp();
		const browser = await launchBrowser();
		try {
			const page = await newPage(browser, app);
			await visit(page, '/login');
			const sockets = [
				await idleKeptAlive(),
				await idleKeptAlive(),
				await quietConnection(),
				await quietConnection(`GET /healthz HTTP/1.1\r\nHost: localhost:${E2E_PORT}\r\n`)
			];
			await new Promise((resolve) => setTimeout(resolve, 200));
			const exit = exited(app);
			app.process.kill('SIGTERM');
			const ms = await exit;
			expect(ms).toBeLessThan(2_000);
			expect(app.output()).toContain('Stopping …');
			expect(app.output()).toContain('Stopped.');
			for (const socket of sockets) socket.destroy();
		} finally {
			await browser.close();
		}
	});

	it.runIf(process.env.TEST_DATABASE_URL)(
		'stops as promptly on PostgreSQL: the pool is closed, not left to time out',
		async () => {
			const schema = `e2e_stopping_${process.pid}`;
			const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
			await admin.connect();
			await admin.query(`create schema ${schema}`);
			try {
				const url = new URL(process.env.TEST_DATABASE_URL!);
				url.searchParams.set('options', `-c search_path=${schema}`);
				app = await startApp({ env: { DATABASE_URL: url.toString() } });
				expect((await fetch(`${app.baseURL}/login`)).status).toBe(200);
				const exit = exited(app);
				app.process.kill('SIGTERM');
				expect(await exit).toBeLessThan(2_000);
				await app.stop();
			} finally {
				app = undefined;
				await admin.query(`drop schema ${schema} cascade`);
				await admin.end();
			}
		}
	);

	it('says so when a mail being sent holds the stop, and stops once it is done', async () => {
		// A mail server that accepts the connection and says nothing: the send waits for its greeting.
		const sockets: Socket[] = [];
		const smtp = createServer((socket) => sockets.push(socket));
		await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
		const smtpPort = (smtp.address() as { port: number }).port;
		try {
			app = await startApp({ env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}` } });
			const { network } = await seedNetworkWithAdmin(app);
			const member = await seedMember(app, network.slug, { role: 'member' });
			const body = `email=${encodeURIComponent(member.email)}`;
			expect((await post(E2E_PORT, '/en/reset-password', body, { origin: app.baseURL })).status).toBe(200);
			const deadline = Date.now() + 5_000;
			while (sockets.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
			expect(sockets.length).toBeGreaterThan(0);
			const exit = exited(app);
			app.process.kill('SIGTERM');
			await waitForOutput(app, 'Stopping: waiting for a scheduled job or a mail being sent to finish');
			expect(app.process.exitCode).toBeNull();
			// The server goes away: the send fails (to be tried again later), and the app stops.
			for (const socket of sockets) socket.destroy();
			expect(await exit).toBeLessThan(5_000);
			await waitForOutput(app, 'Stopped.');
		} finally {
			for (const socket of sockets) socket.destroy();
			smtp.close();
		}
	});

	it('says how many requests it waits for, answers them, and then stops at once', async () => {
		app = await startApp();
		const idle = await idleKeptAlive();
		// A request still being received when the signal comes: its body arrives later.
		const slow = new Socket();
		await new Promise<void>((resolve) => slow.connect(E2E_PORT, '127.0.0.1', resolve));
		const body = 'email=nobody%40example.se&password=wrong';
		slow.write(
			`POST /login HTTP/1.1\r\nHost: localhost:${E2E_PORT}\r\nOrigin: ${app.baseURL}\r\n` +
				`Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n` +
				body.slice(0, 10)
		);
		const answer = new Promise<string>((resolve) => slow.once('data', (chunk) => resolve(chunk.toString())));
		await new Promise((resolve) => setTimeout(resolve, 300));
		const exit = exited(app);
		app.process.kill('SIGTERM');
		await waitForOutput(app, 'Stopping: waiting for 1 request in progress (at most 30 s)');
		expect(app.process.exitCode).toBeNull();
		slow.write(body.slice(10));
		// Answered in full, then the connection closes although the client asked to keep it alive.
		expect(await answer).toMatch(/^HTTP\/1\.1 400/);
		const ms = await exit;
		expect(ms).toBeLessThan(2_500);
		await waitForOutput(app, 'Stopped.');
		idle.destroy();
		slow.destroy();
	});

	it('npm start stops on Ctrl-C with a browser connected, within a second or two, saying so once', async () => {
		// scripts/start.ts as `npm start` runs it (a parent passing signals on to the app), without its
		// build step, on the e2e build; in a process group of its own, as a terminal's foreground job.
		const dataDir = mkdtempSync(path.join(tmpdir(), 'samverkan-e2e-'));
		const start = path.resolve('scripts/start.ts');
		const parent = spawn(
			process.execPath,
			[
				'--input-type=module',
				'-e',
				`const s = await import(${JSON.stringify(start)});` +
					`s.runApp(process.env, s.configOrExit(process.env), undefined, ${JSON.stringify(realpathSync(E2E_BUILD_DIR))});`
			],
			{
				detached: true,
				stdio: ['ignore', 'pipe', 'pipe'],
				env: {
					PATH: process.env.PATH ?? '',
					TZ: 'UTC',
					PORT: String(E2E_PORT),
					HOST: '127.0.0.1',
					SAMVERKAN_DATA_DIR: dataDir,
					SAMVERKAN_SECRET: randomBytes(32).toString('base64url'),
					LOG_LEVEL: 'warn'
				}
			}
		);
		let output = '';
		parent.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		parent.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const browser = await launchBrowser();
		try {
			const deadline = Date.now() + 30_000;
			while (!output.includes(`Samverkan is running at http://localhost:${E2E_PORT}`)) {
				if (Date.now() > deadline || parent.exitCode !== null) throw new Error(`npm start did not start:\n${output}`);
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			const page = await newPage(browser, { baseURL: `http://localhost:${E2E_PORT}` } as RunningApp);
			await visit(page, '/login');
			const quiet = await quietConnection();
			const started = Date.now();
			const exit = new Promise<void>((resolve) => parent.once('exit', () => resolve()));
			process.kill(-parent.pid!, 'SIGINT');
			await exit;
			expect(Date.now() - started).toBeLessThan(2_000);
			expect(output.match(/Stopping/g)).toHaveLength(1);
			expect(output).toContain('Stopped.');
			quiet.destroy();
		} finally {
			if (parent.exitCode === null) process.kill(-parent.pid!, 'SIGKILL');
			await browser.close();
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});
