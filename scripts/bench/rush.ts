// npm run bench -- rush: the registration rush of issue 5 (E3). Builds the app for a loopback
// origin into a temporary directory, seeds one published event with 250 seats directly in a fresh
// SQLite database, starts the built app on it, and fires 10 000 registrations from 200 concurrent
// clients through the real public form (POST /{network}/events/{event}, as a browser without
// JavaScript sends it). Then it checks the database — seats taken exactly 250, 9 750 waiting,
// one outbox row per registration and no address mailed twice — and measures the public event
// page against a bare node:http server sending the same bytes. Prints PASS or MISS per goal and
// exits 0 unless something crashed: a MISS is a finding to act on, not a broken build.
//
// Before the clock starts the app is warmed up as a server that has been running would be: its
// event page is viewed, and 2 000 registrations for an event of another network run through the
// same path (so the JIT has compiled it and SQLite's files have grown). That warm-up is timed too
// and printed as the cold start, so the figures of a freshly started process stay visible.
//
// BENCH_RUSH_REGISTRATIONS, BENCH_RUSH_CLIENTS, BENCH_RUSH_SEATS, BENCH_RUSH_WARMUP change the
// sizes; BENCH_RUSH_TIMELINE=1 prints the latencies of each tenth of the rush;
// BENCH_RUSH_NODE_ARGS passes flags to the app (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"),
// BENCH_RUSH_LOG_LEVEL shows its log;
// BENCH_RUSH_BUILD_DIR reuses (or keeps) a build for the same port; it must lie inside the project
// (the server bundle imports its dependencies from node_modules).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { insertEvent, setEventStatus } from '../../src/lib/server/events/repository.ts';
import { insertNetwork } from '../../src/lib/server/networks/repository.ts';
import { insertUserWithPassword } from '../../src/lib/server/platform/auth/user-repository.ts';
import type { NetworkRef } from '../../src/lib/server/platform/context.ts';
import { openDatabase } from '../../src/lib/server/platform/db/index.ts';
import { prepareDatabase } from '../../src/lib/server/platform/db/prepare.ts';

// ---------------------------------------------------------------- what the client sends

/** The public registration form: its path and its fields (src/routes/(public)/[network]/events/[event]). */
const registrationPath = (network: string, eventId: string) => `/${network}/events/${eventId}`;
const eventPagePath = registrationPath;
const registrationFields = (i: number): Record<string, string> => ({
	name: `Deltagare ${i}`,
	email: `deltagare.${i}@rush.example.se`,
	organisation: 'Socialtjänsten',
	consent: 'on'
});

const REGISTRATIONS = Number(process.env.BENCH_RUSH_REGISTRATIONS ?? 10_000);
const CLIENTS = Number(process.env.BENCH_RUSH_CLIENTS ?? 200);
const SEATS = Number(process.env.BENCH_RUSH_SEATS ?? 250);
const WARMUP = Number(process.env.BENCH_RUSH_WARMUP ?? 2_000);
const WARMUP_SEATS = 50;
const PAGE_CLIENTS = 50;
const PAGE_SECONDS = 5;
const GOAL_RATE = 1_000;
const GOAL_P99_MS = 250;
const GOAL_PAGE_RATIO = 0.5;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const port = Number(process.env.BENCH_RUSH_PORT ?? 4391);
const origin = `http://localhost:${port}`;
const slug = 'rush';
const warmupSlug = 'uppvarmning';
const secret = 'bench-rush-secret-'.repeat(3);

const quantile = (sorted: number[], q: number) =>
	sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** One keep-alive agent per target, with as many sockets as clients. */
function agentFor(clients: number): http.Agent {
	return new http.Agent({ keepAlive: true, maxSockets: clients, maxFreeSockets: clients });
}

interface Reply {
	status: number;
	body: Buffer;
	headers: http.IncomingHttpHeaders;
}

function request(
	agent: http.Agent,
	target: { port: number },
	options: { method: string; path: string; headers?: Record<string, string>; body?: string }
): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: '127.0.0.1',
				port: target.port,
				method: options.method,
				path: options.path,
				agent,
				headers: { host: `localhost:${target.port}`, ...options.headers }
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers })
				);
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		if (options.body !== undefined) req.end(options.body);
		else req.end();
	});
}

/** Runs `count` tasks on `clients` concurrent loops; returns the latency of each and the wall time. */
async function pool(count: number, clients: number, task: (i: number) => Promise<void>) {
	const latencies: number[] = [];
	const timeline: Array<{ at: number; ms: number }> = [];
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: Math.min(clients, count) }, async () => {
			for (;;) {
				const i = next++;
				if (i >= count) return;
				const t = performance.now();
				await task(i);
				const ms = performance.now() - t;
				latencies.push(ms);
				timeline.push({ at: t - started, ms });
			}
		})
	);
	return { latencies: latencies.sort((a, b) => a - b), timeline, seconds: (performance.now() - started) / 1000 };
}

/** GETs a path from `clients` loops for `seconds`; requests per second. */
async function throughput(agent: http.Agent, target: { port: number }, urlPath: string, clients: number) {
	const until = performance.now() + PAGE_SECONDS * 1000;
	let done = 0;
	let failed = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: clients }, async () => {
			while (performance.now() < until) {
				const reply = await request(agent, target, { method: 'GET', path: urlPath, headers: { accept: 'text/html' } });
				if (reply.status === 200) done++;
				else failed++;
			}
		})
	);
	return { rate: done / ((performance.now() - started) / 1000), failed };
}

/**
 * CPU seconds a process has used (user + system, from /proc; null where there is none). The app's
 * CPU per registration is steadier than the rate when other work shares the machine.
 */
function cpuSeconds(pid: number | undefined): number | null {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return null;
	}
}

function run(command: string, args: string[], env: Record<string, string>) {
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
	if (result.status !== 0) throw new Error(`${path.basename(command)} ${args[0] ?? ''} failed`);
}

async function waitForApp(child: ChildProcess) {
	const deadline = Date.now() + 60_000;
	const agent = agentFor(1);
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
		try {
			const reply = await request(agent, { port }, { method: 'GET', path: '/' });
			if (reply.status < 500) return agent.destroy();
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error('the app did not start within 60 s');
}

const keepBuild = process.env.BENCH_RUSH_BUILD_DIR;
// Inside the project, as the e2e build: the server bundle imports its dependencies from node_modules.
const cacheDir = path.join(root, 'node_modules/.cache');
const buildDir = keepBuild
	? path.resolve(keepBuild)
	: mkdtempSync(path.join(existsSync(cacheDir) ? cacheDir : root, 'samverkan-rush-build-'));
const dataDir = mkdtempSync(path.join(tmpdir(), 'samverkan-rush-data-'));
let app: ChildProcess | undefined;

try {
	// 1. The build, for this origin (adapter-node fixes the origin at build time).
	if (keepBuild && existsSync(path.join(buildDir, 'index.js'))) console.log(`Reusing the build in ${buildDir}`);
	else {
		const started = performance.now();
		console.log(`Building the app for ${origin} …`);
		run(process.execPath, [path.join(root, 'scripts/compile-i18n.mjs')], {});
		run(bin('vite'), ['build', '--logLevel', 'error'], { ORIGIN: origin, SAMVERKAN_BUILD_DIR: buildDir });
		console.log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
	}

	// 2. A fresh database, migrated as the app would, with one published event.
	const file = path.join(dataDir, 'samverkan.db');
	const seedHandle = openDatabase({ dialect: 'sqlite', file });
	await prepareDatabase(seedHandle.db, { dialect: 'sqlite', secret, baseURL: origin });
	const now = new Date();
	const networkNamed = (networkSlug: string, name: string): NetworkRef => ({
		id: randomUUID(),
		slug: networkSlug,
		name,
		country: 'SE',
		timeZone: 'Europe/Stockholm',
		defaultLocale: 'sv',
		contactEmail: `kontakt@${networkSlug}.example.se`,
		contactPhone: null,
		referencePrefix: 'KT'
	});
	const network = networkNamed(slug, 'Kompetensteamet Rusning');
	// The warm-up's own network, so its mails are not counted with the rush's.
	const warmupNetwork = networkNamed(warmupSlug, 'Kompetensteamet Uppvärmning');
	// One user, so the app is past its first-run setup (which sends every page to /setup).
	await insertUserWithPassword(
		seedHandle.db,
		{ id: randomUUID(), name: 'Bench', email: 'bench@rush.example.se', passwordHash: 'not-a-hash' },
		now
	);
	const startAt = new Date(now.getTime() + 30 * 86_400_000);
	async function seedEvent(of: NetworkRef, seats: number): Promise<string> {
		await insertNetwork(seedHandle.db, of, now);
		const id = randomUUID();
		await insertEvent(
			seedHandle.db,
			of.id,
			id,
			{
				title: 'Hedersrelaterat våld och förtryck – digital grundutbildning',
				descriptionHtml:
					'<p>En förmiddag om hedersrelaterat våld och förtryck.</p><ul><li>Hedersnormer</li><li>Tecken</li><li>Samverkan</li></ul>',
				type: 'training',
				format: 'digital',
				videoLink: 'https://video.example.se/m/rush',
				address: null,
				startAt,
				endAt: new Date(startAt.getTime() + 3 * 3_600_000),
				targetAudience: null,
				capacity: seats,
				capacityOnSite: null,
				capacityDigital: null,
				registrationOpensAt: null,
				registrationClosesAt: null,
				visibility: 'public',
				language: 'sv',
				contactUserId: null,
				themeWeekId: null,
				promotionMode: 'automatic',
				offerHours: 24,
				reminderDays: null,
				reminderHours: null,
				dataRetentionMonths: 6
			},
			null,
			now
		);
		await setEventStatus(seedHandle.db, of.id, id, 'draft', 'published', now);
		return id;
	}
	const eventId = await seedEvent(network, SEATS);
	const warmupEventId = await seedEvent(warmupNetwork, WARMUP_SEATS);
	await seedHandle.destroy();

	// 3. The built app on that database: no SMTP, so mails stay in the outbox.
	const env: Record<string, string | undefined> = {
		...process.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: origin,
		SAMVERKAN_DATA_DIR: dataDir,
		SAMVERKAN_SECRET: secret,
		LOG_LEVEL: process.env.BENCH_RUSH_LOG_LEVEL ?? 'warn',
		NODE_ENV: 'production'
	};
	delete env.SMTP_URL;
	delete env.DATABASE_URL;
	delete env.SAMVERKAN_BUILD_DIR;
	// BENCH_RUSH_NODE_ARGS: extra node flags for the app, e.g. --cpu-prof when profiling.
	const nodeArgs = (process.env.BENCH_RUSH_NODE_ARGS ?? '').split(' ').filter(Boolean);
	app = spawn(process.execPath, [...nodeArgs, buildDir], {
		cwd: root,
		stdio: ['ignore', process.env.BENCH_RUSH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
		env
	});
	await waitForApp(app);
	const target = { port };

	const agent = agentFor(CLIENTS);
	const post = (networkSlug: string, event: string, i: number) =>
		request(agent, target, {
			method: 'POST',
			path: registrationPath(networkSlug, event),
			headers: {
				origin,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html'
			},
			body: new URLSearchParams(registrationFields(i)).toString()
		});
	const first = await post(warmupSlug, warmupEventId, 0);
	if (first.status !== 303 || !String(first.headers.location).includes('/registered'))
		throw new Error(
			`the registration form answered ${first.status} (${first.headers.location ?? 'no location'}), not 303 to …/registered: ${first.body.toString().slice(0, 300)}`
		);

	// The 200 clients connect before the clock starts, as browsers that have the page open would
	// be: a saturated server accepts new connections slowly, and the rush is about registrations,
	// not about connecting. (With cold connections the first wave waits seconds to be accepted.)
	await Promise.all(Array.from({ length: CLIENTS }, () => request(agent, target, { method: 'GET', path: '/healthz' })));

	// 4. The warm-up: the rush's page viewed, then registrations for the other network's event.
	for (let i = 0; i < 200; i++) {
		const page = await request(agent, target, {
			method: 'GET',
			path: eventPagePath(slug, eventId),
			headers: { accept: 'text/html' }
		});
		if (page.status !== 200) throw new Error(`the event page answered ${page.status}`);
	}
	const warmup = await pool(WARMUP, CLIENTS, async (i) => {
		const reply = await post(warmupSlug, warmupEventId, i + 1);
		if (reply.status !== 303) throw new Error(`a warm-up registration answered ${reply.status}`);
	});

	// 5. The rush.
	console.log(`Registering ${REGISTRATIONS} people from ${CLIENTS} clients for ${SEATS} seats …`);
	const statuses = new Map<number, number>();
	const cpuBefore = cpuSeconds(app.pid);
	const clientCpuBefore = process.cpuUsage();
	const rush = await pool(REGISTRATIONS, CLIENTS, async (i) => {
		const reply = await post(slug, eventId, i);
		const key = reply.status === 303 && !String(reply.headers.location).includes('/registered') ? -303 : reply.status;
		statuses.set(key, (statuses.get(key) ?? 0) + 1);
	});
	const clientCpu = process.cpuUsage(clientCpuBefore);
	agent.destroy();
	const cpuAfter = cpuSeconds(app.pid);
	const cpuPerRegistration =
		cpuBefore !== null && cpuAfter !== null ? ((cpuAfter - cpuBefore) * 1000) / REGISTRATIONS : null;

	// 6. What the database says.
	const check = openDatabase({ dialect: 'sqlite', file });
	const byStatus = await check.db
		.selectFrom('event_registration')
		.select(['status', (eb) => eb.fn.countAll<number>().as('n')])
		.where('event_id', '=', eventId)
		.groupBy('status')
		.execute();
	const count = (status: string) => Number(byStatus.find((r) => r.status === status)?.n ?? 0);
	const event = await check.db
		.selectFrom('event')
		.select(['seats_taken', 'waiting_last'])
		.where('id', '=', eventId)
		.executeTakeFirstOrThrow();
	const outbox = await check.db
		.selectFrom('outbox')
		.select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
		.where('network_id', '=', network.id)
		.groupBy('kind')
		.execute();
	const outboxTotal = outbox.reduce((sum, r) => sum + Number(r.n), 0);
	const duplicates = await check.db
		.selectFrom('outbox')
		.select('recipient')
		.where('network_id', '=', network.id)
		.groupBy('recipient')
		.having((eb) => eb.fn.countAll(), '>', 1)
		.execute();
	await check.destroy();

	const total = REGISTRATIONS;
	const ok303 = statuses.get(303) ?? 0;
	const rate = total / rush.seconds;
	const p50 = quantile(rush.latencies, 0.5);
	const p99 = quantile(rush.latencies, 0.99);
	const seats = count('registered');
	const waiting = count('waiting');

	// 7. The public event page, against bare node:http sending the same bytes.
	const pageAgent = agentFor(PAGE_CLIENTS);
	const sample = await request(pageAgent, target, {
		method: 'GET',
		path: eventPagePath(slug, eventId),
		headers: { accept: 'text/html' }
	});
	if (sample.status !== 200) throw new Error(`the event page answered ${sample.status}`);
	const page = await throughput(pageAgent, target, eventPagePath(slug, eventId), PAGE_CLIENTS);
	pageAgent.destroy();
	const bare = http.createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': sample.body.length });
		res.end(sample.body);
	});
	await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
	const bareAgent = agentFor(PAGE_CLIENTS);
	const bareRun = await throughput(bareAgent, { port: (bare.address() as AddressInfo).port }, '/', PAGE_CLIENTS);
	bareAgent.destroy();
	await new Promise((resolve) => bare.close(resolve));
	const ratio = page.rate / bareRun.rate;

	console.log('');
	console.log(
		`warm-up                ${WARMUP} registrations for another network's event first; as a cold start: ` +
			`${(WARMUP / warmup.seconds).toFixed(0)}/s, p50 ${quantile(warmup.latencies, 0.5).toFixed(1)} ms, p99 ${quantile(warmup.latencies, 0.99).toFixed(1)} ms`
	);
	console.log(`registrations          ${total} in ${rush.seconds.toFixed(2)} s from ${CLIENTS} clients`);
	console.log(
		`answers                ${[...statuses.entries()].map(([s, n]) => `${s}: ${n}`).join(', ')}` +
			(ok303 === REGISTRATIONS ? '' : '  (every one should be 303)')
	);
	console.log(`registrations/s        ${rate.toFixed(0)}   goal ≥ ${GOAL_RATE}   ${verdict(rate >= GOAL_RATE)}`);
	if (cpuPerRegistration !== null)
		console.log(
			`app CPU / registration ${cpuPerRegistration.toFixed(2)} ms   (one core at most ${(1000 / cpuPerRegistration).toFixed(0)}/s)`
		);
	console.log(
		`load generator CPU     ${((clientCpu.user + clientCpu.system) / 1000 / total).toFixed(2)} ms per registration (the clients share the machine)`
	);
	console.log(`latency p50            ${p50.toFixed(1)} ms`);
	console.log(`latency p99            ${p99.toFixed(1)} ms   goal < ${GOAL_P99_MS} ms   ${verdict(p99 < GOAL_P99_MS)}`);
	console.log(
		`seats taken            ${seats} (event counter ${event.seats_taken})   must be ${SEATS}   ${verdict(seats === SEATS && Number(event.seats_taken) === SEATS)}`
	);
	console.log(
		`waiting list           ${waiting}   must be ${total - SEATS}   ${verdict(waiting === total - SEATS)}` +
			(count('cancelled') + count('offered') ? `  (other: ${JSON.stringify(byStatus)})` : '')
	);
	console.log(
		`outbox rows            ${outboxTotal} (${outbox.map((r) => `${r.kind} ${r.n}`).join(', ')})   must be ${total}   ${verdict(outboxTotal === total)}`
	);
	console.log(`addresses mailed twice ${duplicates.length}   must be 0   ${verdict(duplicates.length === 0)}`);
	console.log(
		`event page             ${page.rate.toFixed(0)} req/s (${sample.body.length} bytes, ${PAGE_CLIENTS} clients, ${PAGE_SECONDS} s${page.failed ? `, ${page.failed} failed` : ''})`
	);
	console.log(`bare node:http         ${bareRun.rate.toFixed(0)} req/s, same bytes`);
	console.log(
		`page / bare            ${(ratio * 100).toFixed(0)} %   goal ≥ ${GOAL_PAGE_RATIO * 100} %   ${verdict(ratio >= GOAL_PAGE_RATIO)}`
	);
	if (process.env.BENCH_RUSH_TIMELINE) {
		const tenth = (rush.seconds * 1000) / 10;
		for (let k = 0; k < 10; k++) {
			const part = rush.timeline
				.filter(({ at }) => at >= k * tenth && at < (k + 1) * tenth)
				.map(({ ms }) => ms)
				.sort((a, b) => a - b);
			console.log(
				`  tenth ${k + 1}: ${String(part.length).padStart(5)} registrations, p50 ${quantile(part, 0.5).toFixed(0)} ms, p99 ${quantile(part, 0.99).toFixed(0)} ms`
			);
		}
	}
} finally {
	if (app && app.exitCode === null) {
		app.kill('SIGTERM');
		await new Promise((resolve) => app!.once('exit', resolve));
	}
	rmSync(dataDir, { recursive: true, force: true });
	if (!keepBuild) rmSync(buildDir, { recursive: true, force: true });
}
