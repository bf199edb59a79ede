/**
 * End-to-end harness: starts the built app on a fresh data directory, drives Debian's Chromium through
 * playwright-core, runs axe on every page and the Nu HTML Checker on every page loaded, and seeds
 * people straight into the app's database with the real services and repositories.
 *
 * The app is built once by `npm run test:e2e` (scripts/e2e.ts); the build serves any port and origin
 * (decision 014), so one build serves every E2E_PORT. Each `startApp()` runs it with the origin
 * http://localhost:$E2E_PORT (4173 unless set); test files run one after another, and each
 * `startApp()` owns the port until `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Kysely } from 'kysely';
import * as OTPAuth from 'otpauth';
import {
	chromium,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Page,
	type Response
} from 'playwright-core';
import { afterAll, afterEach, inject } from 'vitest';
import { networksOfUser, runFirstSetup, type NetworkInput } from '#lib/server/networks/service.ts';
import * as networkRepository from '#lib/server/networks/repository.ts';
import type { Role } from '#lib/roles.ts';
import { hashPassword } from '#lib/server/platform/auth/password.ts';
import { enrolTwoFactor } from '#lib/server/platform/auth/two-factor-seed.ts';
import { findUserByEmail, insertUserWithPassword, normaliseEmail } from '#lib/server/platform/auth/user-repository.ts';
import { openDatabase, type DatabaseHandle } from '#lib/server/platform/db/index.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { stopProcess } from './child-process.ts';
import type {} from './html-checker.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const E2E_PORT = Number(process.env.E2E_PORT || 4173);
/**
 * The e2e build scripts/e2e.ts made (kept out of git inside node_modules/.cache): `current` points to
 * the latest, or SAMVERKAN_BUILD_DIR when the build was made there.
 */
export const E2E_BUILD_DIR = path.resolve(
	process.env.E2E_BUILD_DIR ||
		process.env.SAMVERKAN_BUILD_DIR ||
		path.join(root, 'node_modules/.cache/samverkan-e2e/current')
);
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface RunningApp {
	baseURL: string;
	dataDir: string;
	db: Kysely<Database>;
	/** The app's process, and what it printed (the last 100 kB or more), for tests of start and stop. */
	process: ChildProcess;
	output(): string;
	stop(): Promise<void>;
}

interface AppInternals {
	secret: string;
	handle: DatabaseHandle;
	/** Credentials of people the harness seeded, so a person can be added to a second network. */
	people: Map<string, { password: string; totpSecret?: string }>;
	counter: number;
}

const internals = new WeakMap<RunningApp, AppInternals>();

function internalsOf(app: RunningApp): AppInternals {
	const found = internals.get(app);
	if (!found) throw new Error('not an app started by startApp()');
	return found;
}

/** Node 24 runs the app: vitest may already run on it, otherwise the `node` devDependency has it. */
function nodeBinary(): string {
	const major = Number(process.versions.node.split('.')[0]);
	return major >= 24 ? process.execPath : path.join(root, 'node_modules/.bin/node');
}

function portInUse(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

const running = new Set<ChildProcess>();
// A test that forgets stop() must not leave a server holding the port after the run.
process.once('exit', () => {
	for (const child of running) child.kill('SIGKILL');
});

async function waitForReady(child: ChildProcess, port: number, output: () => string): Promise<void> {
	const deadline = Date.now() + 30_000;
	let exited = false;
	child.once('exit', () => (exited = true));
	while (Date.now() < deadline) {
		if (exited) throw new Error(`the app exited before it was ready:\n${output()}`);
		try {
			const response = await fetch(`http://127.0.0.1:${port}/readyz`);
			if (response.status === 200) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`the app did not become ready within 30 s:\n${output()}`);
}

/**
 * Starts the built app on http://localhost:$E2E_PORT with a fresh SQLite data directory and waits
 * until /readyz answers (the app migrates itself on start). `env` adds to or overrides the defaults;
 * `port` and `origin` run the same build elsewhere (`origin` is then the ORIGIN and the base URL).
 */
export async function startApp(
	options: { env?: Record<string, string>; port?: number; origin?: string } = {}
): Promise<RunningApp> {
	if (!existsSync(path.join(E2E_BUILD_DIR, 'index.js'))) {
		throw new Error(`no e2e build in ${E2E_BUILD_DIR}: run the suite with "npm run test:e2e" (it builds first)`);
	}
	const port = options.port ?? E2E_PORT;
	if (await portInUse(port)) {
		throw new Error(`port ${port} is in use (another e2e run, or an app left running?); set E2E_PORT to use another`);
	}
	const dataDir = mkdtempSync(path.join(tmpdir(), 'samverkan-e2e-'));
	const baseURL = options.origin ?? `http://localhost:${port}`;
	const env: Record<string, string> = {
		PATH: process.env.PATH ?? '',
		HOME: process.env.HOME ?? dataDir,
		TZ: process.env.TZ ?? 'UTC',
		NODE_ENV: 'production',
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: baseURL,
		SAMVERKAN_DATA_DIR: dataDir,
		SAMVERKAN_SECRET: randomBytes(32).toString('base64url'),
		LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
		...options.env
	};
	let output = '';
	// The directory `current` points to now: a build made while this app runs goes elsewhere.
	const child = spawn(nodeBinary(), [realpathSync(E2E_BUILD_DIR)], {
		cwd: root,
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	running.add(child);
	child.once('exit', () => running.delete(child));
	const collect = (chunk: Buffer) => {
		output += chunk.toString();
		if (output.length > 200_000) output = output.slice(-100_000);
		if (process.env.E2E_APP_OUTPUT) process.stderr.write(chunk);
	};
	child.stdout!.on('data', collect);
	child.stderr!.on('data', collect);
	try {
		await waitForReady(child, port, () => output);
	} catch (error) {
		await stopProcess(child);
		rmSync(dataDir, { recursive: true, force: true });
		throw error;
	}
	const handle = openDatabase(
		env.DATABASE_URL
			? { dialect: 'postgres', url: env.DATABASE_URL }
			: { dialect: 'sqlite', file: path.join(dataDir, 'samverkan.db') },
		{ poolSize: 2 }
	);
	let stopped = false;
	const app: RunningApp = {
		baseURL,
		dataDir,
		db: handle.db,
		process: child,
		output: () => output,
		async stop() {
			if (stopped) return;
			stopped = true;
			await stopProcess(child);
			await handle.destroy();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
	internals.set(app, { secret: env.SAMVERKAN_SECRET, handle, people: new Map(), counter: 0 });
	return app;
}

export async function launchBrowser(): Promise<Browser> {
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(
			`Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get install chromium" (or set CHROMIUM_PATH)`
		);
	}
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
}

/** Contexts opened without JavaScript: axe runs inside the page, which their pages cannot do. */
const withoutJavaScript = new WeakSet<BrowserContext>();
/** For each context without JavaScript, the scripted page that checks its pages with axe. */
const checkers = new WeakMap<BrowserContext, Promise<Page>>();

/**
 * A page in its own browser context (own cookies), with relative URLs resolved against the app.
 * `locale` becomes the browser's Accept-Language (default sv-SE). `storageState` starts the context
 * with someone's session, e.g. `await signedIn.context().storageState()` to continue without JavaScript.
 */
export async function newPage(
	browser: Browser,
	app: RunningApp,
	options: {
		locale?: string;
		javaScriptEnabled?: boolean;
		storageState?: BrowserContextOptions['storageState'];
	} = {}
): Promise<Page> {
	const javaScriptEnabled = options.javaScriptEnabled ?? true;
	const context = await browser.newContext({
		baseURL: app.baseURL,
		locale: options.locale ?? 'sv-SE',
		javaScriptEnabled,
		timezoneId: 'Europe/Stockholm',
		storageState: options.storageState
	});
	context.setDefaultTimeout(15_000);
	if (!javaScriptEnabled) withoutJavaScript.add(context);
	appOrigins.set(context, new URL(app.baseURL).origin);
	context.on('response', checkServedHtml);
	return context.newPage();
}

/** Opens a path of the app and checks the page with axe. */
export async function visit(page: Page, path: string): Promise<void> {
	await page.goto(path);
	await expectAccessible(page);
}

/**
 * Runs axe (WCAG 2.0/2.1 A and AA) on the page as it is now; throws listing every violation.
 * A page without JavaScript is checked as it was served (see `expectAccessibleAsServed`).
 */
export async function expectAccessible(page: Page): Promise<void> {
	await page.waitForLoadState('load');
	await checkRenderedHtml(page);
	if (withoutJavaScript.has(page.context())) return expectAccessibleAsServed(page);
	await runAxe(page, page.url());
}

/**
 * axe needs JavaScript in the page it checks, and hangs in a page without. So the HTML of a page
 * without JavaScript — as the browser has it now, which for such a page is what the server sent,
 * also after a form post — is loaded again at the same address in a scripted page of its own
 * context, with every script of the page refused: same origin, so the same style sheets and
 * contrast, and nothing of the app runs that a browser without JavaScript would not have run.
 */
async function expectAccessibleAsServed(page: Page): Promise<void> {
	const address = new URL(page.url());
	address.hash = '';
	const html = await page.content();
	const checker = await checkerFor(page);
	const viewport = page.viewportSize();
	if (viewport) await checker.setViewportSize(viewport);
	const target = address.toString();
	const serve = (route: Parameters<Parameters<Page['route']>[1]>[0]) =>
		route.fulfill({
			status: 200,
			contentType: 'text/html; charset=utf-8',
			// Inline scripts too: axe comes in through the DevTools protocol, which this does not stop.
			headers: { 'Content-Security-Policy': "script-src 'none'" },
			body: html
		});
	const matches = (url: URL) => url.href === target;
	await checker.route(matches, serve);
	try {
		await checker.goto(target, { waitUntil: 'load' });
	} finally {
		await checker.unroute(matches, serve);
	}
	await runAxe(checker, `${page.url()} (as served, without JavaScript)`);
}

function checkerFor(page: Page): Promise<Page> {
	const context = page.context();
	let checker = checkers.get(context);
	if (!checker) {
		checker = (async () => {
			const browser = context.browser();
			if (!browser) throw new Error('the page without JavaScript has no browser to check it in');
			const own = await browser.newContext({ javaScriptEnabled: true });
			own.setDefaultTimeout(15_000);
			// The app's script files are refused as well, whatever the page's policy says.
			await own.route(
				(url) => url.pathname.endsWith('.js'),
				(route) => route.abort('blockedbyclient')
			);
			context.once('close', () => void own.close().catch(() => {}));
			return own.newPage();
		})();
		checkers.set(context, checker);
	}
	return checker;
}

async function runAxe(page: Page, where: string): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
	if (results.violations.length === 0) return;
	const lines = results.violations.flatMap((violation) => [
		`- ${violation.id} (${violation.impact ?? 'unknown impact'}): ${violation.help} [${violation.helpUrl}]`,
		...violation.nodes.map(
			(node) =>
				`    at ${node.target.join(' ')}${node.failureSummary ? `\n      ${node.failureSummary.replaceAll('\n', '\n      ')}` : ''}`
		)
	]);
	throw new Error(
		`axe found ${results.violations.length} accessibility violation(s) on ${where}:\n${lines.join('\n')}`
	);
}

// --- HTML validity

/**
 * Every page is checked with the Nu HTML Checker (the service started by tests/e2e/html-checker.ts).
 * What is checked is the HTML the server sent — the body of each document the browser loaded in a
 * page's main frame, error pages and answers to form posts included — because that is what browsers
 * without JavaScript, crawlers, screen readers before hydration and the checker's own rules are
 * about; the DOM is the browser's repair of it (a stray end tag, misnested elements or a repeated
 * attribute do not survive into `page.content()`). A page the browser changed without loading a
 * document (a client-side navigation, a form enhanced in place) has no such HTML, so when
 * `expectAccessible` meets one its DOM serialisation is checked instead. Checks run in the
 * background and are awaited after each test, which fails on any error with URL, line and message.
 */
interface HtmlError {
	where: string;
	line?: number;
	column?: number;
	message: string;
	extract?: string;
}

interface ServedDocument {
	url: string;
	/** Whether `expectAccessible` has already met this document (its HTML is checked on arrival). */
	met: boolean;
}

const pendingHtmlChecks: Promise<HtmlError[]>[] = [];
/** Identical HTML is checked once per test file (lists reloaded after a filter, the same error page). */
const checkedHtml = new Set<string>();
const lastServed = new WeakMap<Page, ServedDocument>();
/**
 * The app's origin for each context `newPage` opened: pages of other origins (stand-ins a test
 * routes, such as the quick exit's neutral page) are not the app's and are not checked.
 */
const appOrigins = new WeakMap<BrowserContext, string>();

/** What the checks cost, printed with E2E_HTML_STATS=1: `waited` is the time tests stood still for them. */
const htmlStats = { served: 0, rendered: 0, skipped: 0, unreadable: 0, millis: 0, waited: 0 };
let checkerReady: Promise<string> | null = null;

function isAppPage(page: Page, url: string): boolean {
	return new URL(url).origin === appOrigins.get(page.context());
}

function withoutHash(url: string): string {
	const parsed = new URL(url);
	parsed.hash = '';
	return parsed.toString();
}

/** The checker's address once it answers (it starts in the background with the run). */
function htmlChecker(): Promise<string> {
	checkerReady ??= (async () => {
		const url = inject('htmlCheckerURL');
		if (!url) {
			throw new Error(
				'no HTML checker: run the e2e tests with vitest.e2e.config.ts ("npm run test:e2e"), whose global setup starts it'
			);
		}
		const deadline = Date.now() + 120_000;
		while (Date.now() < deadline) {
			try {
				if ((await fetch(url, { method: 'HEAD' })).ok) return url;
			} catch {
				// still starting
			}
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		throw new Error(`the Nu HTML Checker did not answer at ${url} within 120 s (see the run's output for why)`);
	})();
	return checkerReady;
}

/** `html` resolving to null: there is nothing to check (see `checkServedHtml`). */
function queueHtmlCheck(html: Promise<string | null>, where: string): void {
	pendingHtmlChecks.push(
		html.then(
			(text) => (text === null ? [] : validateHtml(text, where)),
			(error: unknown) => [{ where, message: `its HTML could not be read: ${String(error)}` }]
		)
	);
}

async function validateHtml(html: string, where: string): Promise<HtmlError[]> {
	const digest = createHash('sha256').update(html).digest('base64');
	if (checkedHtml.has(digest)) {
		htmlStats.skipped++;
		return [];
	}
	checkedHtml.add(digest);
	const started = performance.now();
	const response = await fetch(`${await htmlChecker()}?out=json&level=error`, {
		method: 'POST',
		headers: { 'content-type': 'text/html; charset=utf-8' },
		body: html
	});
	if (!response.ok) throw new Error(`the HTML checker answered ${response.status} for ${where}`);
	const result = (await response.json()) as {
		messages: {
			type: string;
			subType?: string;
			message: string;
			lastLine?: number;
			firstColumn?: number;
			extract?: string;
		}[];
	};
	htmlStats.millis += performance.now() - started;
	// "non-document-error" is the checker failing to read the page; it fails the test as well.
	return result.messages
		.filter((message) => message.type === 'error' || message.type === 'non-document-error')
		.map((message) => ({
			where,
			line: message.lastLine,
			column: message.firstColumn,
			message: message.message,
			extract: message.extract
		}));
}

/** A document of the app the browser loaded in a page's main frame: checked as the server sent it. */
function checkServedHtml(response: Response): void {
	const request = response.request();
	if (!request.isNavigationRequest() || request.frame().parentFrame()) return;
	if (!isAppPage(request.frame().page(), response.url())) return;
	const status = response.status();
	if ((status >= 300 && status < 400) || status === 204) return;
	if (!(response.headers()['content-type'] ?? '').startsWith('text/html')) return;
	lastServed.set(request.frame().page(), { url: withoutHash(response.url()), met: false });
	htmlStats.served++;
	// Chromium lets go of a body once the page has moved on or closed; a test that left a page
	// before it finished loading never looked at it, so that page is passed over, not failed.
	const body = response.text().catch((error: unknown) => {
		if (!/navigated away|has been closed|No resource with given identifier/i.test(String(error))) throw error;
		htmlStats.unreadable++;
		return null;
	});
	queueHtmlCheck(body, `${response.url()} (${request.method()} ${status}, as served)`);
}

/** For `expectAccessible`: the page's DOM, unless it is still the document the server sent. */
async function checkRenderedHtml(page: Page): Promise<void> {
	if (!isAppPage(page, page.url())) return;
	const served = lastServed.get(page);
	if (served && !served.met && served.url === withoutHash(page.url())) {
		served.met = true;
		return;
	}
	htmlStats.rendered++;
	queueHtmlCheck(page.content(), `${page.url()} (DOM after the page changed in the browser)`);
}

async function expectValidHtml(): Promise<void> {
	const started = performance.now();
	const errors = (await Promise.all(pendingHtmlChecks.splice(0))).flat();
	htmlStats.waited += performance.now() - started;
	if (errors.length === 0) return;
	const lines = errors.map(
		(error) =>
			`- ${error.where}${error.line ? `, line ${error.line}, column ${error.column ?? '?'}` : ''}: ${error.message}` +
			(error.extract ? `\n    ${error.extract.replaceAll('\n', '\\n')}` : '')
	);
	throw new Error(`the Nu HTML Checker found ${errors.length} error(s):\n${lines.join('\n')}`);
}

// Importing the harness registers these in the test file; checks queued in beforeAll or afterAll
// are awaited at the end of the file.
afterEach(expectValidHtml);
afterAll(async () => {
	await expectValidHtml();
	if (process.env.E2E_HTML_STATS) {
		const { served, rendered, skipped, unreadable, millis, waited } = htmlStats;
		console.log(
			`HTML checks: ${served} documents as served (${unreadable} left before they loaded), ${rendered} DOMs, ` +
				`${skipped} repeats skipped; checker time ${Math.round(millis)} ms, tests waited ${Math.round(waited)} ms`
		);
	}
});

/**
 * The newest mail to a recipient in the outbox (without SMTP_URL mails stay there). Waits up to
 * five seconds for it to appear.
 */
export async function lastMailTo(
	app: RunningApp,
	recipient: string
): Promise<{ subject: string; text: string; html: string | null }> {
	const deadline = Date.now() + 5_000;
	for (;;) {
		const row = await app.db
			.selectFrom('outbox')
			.select(['subject', 'text_body', 'html_body'])
			.where('recipient', '=', normaliseEmail(recipient))
			.orderBy('id', 'desc')
			.executeTakeFirst();
		if (row) return { subject: row.subject, text: row.text_body, html: row.html_body };
		if (Date.now() > deadline) throw new Error(`no mail to ${recipient} in the outbox`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** The current TOTP code for a base32 secret or an otpauth:// URI. */
function totpOf(secretOrUri: string): OTPAuth.TOTP {
	return secretOrUri.startsWith('otpauth://')
		? (OTPAuth.URI.parse(secretOrUri) as OTPAuth.TOTP)
		: new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secretOrUri.replace(/\s+/g, '').toUpperCase()) });
}

export function totpCode(secretOrUri: string, timestamp = Date.now()): string {
	return totpOf(secretOrUri).generate({ timestamp });
}

const TOTP_PERIOD_MS = 30_000;
const usedTotpSteps = new Map<string, number>();

/**
 * A code of a time step this run has not typed for `secretOrUri` yet, waiting for the next step when
 * needed: the app accepts each step's code once (a second sign-in within 30 s needs the next one).
 */
export async function unusedTotpCode(secretOrUri: string): Promise<string> {
	for (;;) {
		const now = Date.now();
		const step = Math.floor(now / TOTP_PERIOD_MS);
		const secret = totpOf(secretOrUri).secret.base32;
		if ((usedTotpSteps.get(secret) ?? -1) < step) {
			usedTotpSteps.set(secret, step);
			return totpCode(secretOrUri, now);
		}
		await new Promise((resolve) => setTimeout(resolve, (step + 1) * TOTP_PERIOD_MS - now + 50));
	}
}

// --- seeding

const FIRST_NAMES = [
	'Anna',
	'Erik',
	'Maria',
	'Johan',
	'Sara',
	'Lars',
	'Karin',
	'Mikael',
	'Elin',
	'Per',
	'Ingrid',
	'Ola'
];
const LAST_NAMES = [
	'Lindqvist',
	'Berg',
	'Nyström',
	'Holm',
	'Sandberg',
	'Åberg',
	'Eriksen',
	'Dahl',
	'Lundgren',
	'Haugen'
];

function personName(n: number): string {
	return `${FIRST_NAMES[n % FIRST_NAMES.length]} ${LAST_NAMES[(n * 7) % LAST_NAMES.length]}`;
}

/** A password that passes the policy and is unique per person. */
function newPassword(): string {
	return `Fjällbjörk-${randomBytes(6).toString('base64url')}-Sjörök`;
}

/**
 * The first network and its administrator, who is also the instance admin (through the real
 * first-run setup), with two-factor enrolled. Called again on the same app, it creates another
 * network whose new admin is a network admin only. The admin's name and e-mail are made up unless
 * given.
 */
export async function seedNetworkWithAdmin(
	app: RunningApp,
	options: { slug?: string; name?: string; country?: 'SE' | 'NO'; adminName?: string; adminEmail?: string } = {}
): Promise<{
	network: { slug: string; name: string; id: string };
	admin: { email: string; password: string; totpSecret: string };
}> {
	const state = internalsOf(app);
	const country = options.country ?? 'SE';
	const slug = options.slug ?? (state.counter === 0 ? 'kompetensteamet' : `natverk-${state.counter + 1}`);
	const name = options.name ?? (country === 'NO' ? 'Nettverket mot vold' : 'Kompetensteamet mot våld');
	const n = ++state.counter;
	const email = normaliseEmail(options.adminEmail ?? `admin.${slug}@example.se`);
	const password = newPassword();
	const adminName = options.adminName ?? personName(n);
	const network: NetworkInput = {
		slug,
		name,
		country,
		timeZone: country === 'NO' ? 'Europe/Oslo' : 'Europe/Stockholm',
		defaultLocale: country === 'NO' ? 'nb' : 'sv',
		contactEmail: `kontakt.${slug}@example.se`,
		contactPhone: null,
		referencePrefix:
			slug
				.replace(/[^a-z]/gi, '')
				.slice(0, 3)
				.toUpperCase() || 'NET'
	};
	const now = new Date();
	const setup = await runFirstSetup(
		app.db,
		{ admin: { name: adminName, email, password }, network, locale: network.defaultLocale },
		now
	);
	let networkId: string;
	let userId: string;
	if (setup.ok) {
		networkId = setup.value.network.id;
		userId = setup.value.userId;
	} else if (setup.error === 'error_setup_done') {
		// Not the first network: create it and a network admin directly.
		userId = randomUUID();
		networkId = randomUUID();
		const passwordHash = await hashPassword(password);
		await app.db.transaction().execute(async (trx) => {
			await networkRepository.insertNetwork(trx, { id: networkId, ...network }, now);
			await insertUserWithPassword(
				trx,
				{ id: userId, name: adminName, email, passwordHash, locale: network.defaultLocale },
				now
			);
			await networkRepository.insertMembership(trx, { id: randomUUID(), networkId, userId, role: 'admin' }, now);
		});
	} else {
		throw new Error(`seeding the network failed: ${setup.error}`);
	}
	const { totpSecret } = await enrolTwoFactor(app.db, state.secret, userId);
	state.people.set(email, { password, totpSecret });
	return { network: { slug, name, id: networkId }, admin: { email, password, totpSecret } };
}

/**
 * A person with a role in a network. Admins and coordinators get two-factor enrolled unless
 * `withTwoFactor: false` (for tests of the enrolment itself); others only with `withTwoFactor: true`.
 * An e-mail the harness already seeded gets the membership added and keeps its credentials (and
 * name). The name is made up unless given.
 */
export async function seedMember(
	app: RunningApp,
	networkSlug: string,
	options: { role: Role; email?: string; name?: string; withTwoFactor?: boolean }
): Promise<{ email: string; password: string; totpSecret?: string }> {
	const state = internalsOf(app);
	const network = await networkRepository.findOpenNetworkBySlug(app.db, networkSlug);
	if (!network) throw new Error(`no open network with slug ${networkSlug}`);
	const n = ++state.counter;
	const email = normaliseEmail(options.email ?? `${options.role}.${n}@example.se`);
	const now = new Date();
	const existing = await findUserByEmail(app.db, email);
	if (existing) {
		const known = state.people.get(email);
		if (!known) throw new Error(`${email} exists but was not seeded by the harness`);
		const memberships = await networksOfUser(app.db, existing.id);
		if (memberships.some((m) => m.network.id === network.id))
			throw new Error(`${email} is already a member of ${networkSlug}`);
		await networkRepository.insertMembership(
			app.db,
			{ id: randomUUID(), networkId: network.id, userId: existing.id, role: options.role },
			now
		);
		return { email, ...known };
	}
	const userId = randomUUID();
	const password = newPassword();
	const passwordHash = await hashPassword(password);
	await app.db.transaction().execute(async (trx) => {
		await insertUserWithPassword(
			trx,
			{ id: userId, name: options.name ?? personName(n), email, passwordHash, locale: network.defaultLocale },
			now
		);
		await networkRepository.insertMembership(
			trx,
			{ id: randomUUID(), networkId: network.id, userId, role: options.role },
			now
		);
	});
	const withTwoFactor = options.withTwoFactor ?? (options.role === 'admin' || options.role === 'coordinator');
	const totpSecret = withTwoFactor ? (await enrolTwoFactor(app.db, state.secret, userId)).totpSecret : undefined;
	state.people.set(email, { password, totpSecret });
	return totpSecret ? { email, password, totpSecret } : { email, password };
}

function isAppPath(url: URL): boolean {
	return /^(\/(nb|en))?\/app(\/|$)/.test(url.pathname);
}

/** Waits for the first of several outcomes; the others' timeouts are swallowed. */
async function firstOf<T extends string>(outcomes: Record<T, Promise<unknown>>): Promise<T | null> {
	const entries = Object.entries(outcomes) as [T, Promise<unknown>][];
	return Promise.race(entries.map(([name, promise]) => promise.then(() => name))).catch(() => null);
}

async function describePage(page: Page): Promise<string> {
	const alerts = await page
		.locator('[role="alert"], .ds-validation-message, .ds-alert')
		.allInnerTexts()
		.catch(() => []);
	return `${page.url()}${alerts.length ? ` (${alerts.join(' | ')})` : ''}`;
}

/**
 * Signs in through the real login form (and the two-factor form when a TOTP secret is given),
 * checking each page with axe, and expects to land in /app.
 */
export async function signIn(
	page: Page,
	app: RunningApp,
	user: { email: string; password: string; totpSecret?: string }
): Promise<void> {
	await visit(page, new URL('/login', app.baseURL).toString());
	await page.locator('input[name="email"]').fill(user.email);
	const passwordField = page.locator('input[name="password"]');
	await passwordField.fill(user.password);
	// Enter submits the form the field is in, whatever its button looks like.
	await passwordField.press('Enter');
	const codeField = page.locator('input[name="code"]');
	const landed = await firstOf({ code: codeField.waitFor(), app: page.waitForURL(isAppPath) });
	if (landed === 'code') {
		if (!user.totpSecret) throw new Error(`sign-in asked for a two-factor code but the user has no TOTP secret`);
		await expectAccessible(page);
		await codeField.fill(await unusedTotpCode(user.totpSecret));
		await codeField.press('Enter');
		if ((await firstOf({ app: page.waitForURL(isAppPath) })) !== 'app') {
			throw new Error(`two-factor sign-in did not reach /app: ${await describePage(page)}`);
		}
	} else if (landed !== 'app') {
		throw new Error(`sign-in did not reach /app: ${await describePage(page)}`);
	}
	await expectAccessible(page);
}

/**
 * Fills the running app's (empty) database with the demo (`npm run demo`'s data), under the app's
 * own secret and data key, and returns the demo's sign-ins.
 */
export async function seedDemoInto(app: RunningApp, now = new Date()) {
	const { seedDemo } = await import('#lib/server/demo/seed.ts');
	const { loadKeyring } = await import('#lib/server/platform/data-keys.ts');
	const state = internalsOf(app);
	return seedDemo(app.db, {
		appSecret: state.secret,
		origin: app.baseURL,
		now,
		keyring: loadKeyring({ dataDir: app.dataDir })
	});
}
