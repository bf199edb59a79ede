// What the benchmarks that drive the built app over HTTP share: a keep-alive client, a pool of
// concurrent clients that records each request's latency, building the app into a directory of its
// own, and waiting for it to listen. The client is plain node:http in the bench's process: fine
// for form posts that cost the app milliseconds each, but not for cached pages — those are
// measured with wrk (wrk.ts), since a Node client is itself the bottleneck there.
import { spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);

export const quantile = (sorted: number[], q: number) =>
	sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
export const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** One keep-alive agent per target, with as many sockets as clients. */
export function agentFor(clients: number): http.Agent {
	return new http.Agent({ keepAlive: true, maxSockets: clients, maxFreeSockets: clients });
}

export interface Reply {
	status: number;
	body: Buffer;
	headers: http.IncomingHttpHeaders;
}

export function request(
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
export async function pool(count: number, clients: number, task: (i: number) => Promise<void>) {
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

function run(command: string, args: string[], env: Record<string, string>) {
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
	if (result.status !== 0) throw new Error(`${path.basename(command)} ${args[0] ?? ''} failed`);
}

/** Builds the app into `buildDir` (it serves any origin: decision 014). */
export function buildAppInto(buildDir: string): void {
	const started = performance.now();
	console.log('Building the app …');
	run(process.execPath, [path.join(root, 'scripts/compile-i18n.mjs')], {});
	run(bin('vite'), ['build', '--logLevel', 'error'], { SAMVERKAN_BUILD_DIR: buildDir });
	console.log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

export async function waitForApp(child: ChildProcess, port: number): Promise<void> {
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
