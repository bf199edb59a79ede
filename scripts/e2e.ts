// npm run test:e2e [-- <vitest args, e.g. a test file>]
// Builds the app once, then runs the end-to-end suite against Debian's Chromium. Installs nothing.
// The build serves any port (decision 014), so one build is shared by every E2E_PORT: each is built
// into a directory of its own under node_modules/.cache/samverkan-e2e and `current` then points to
// it, so a build never pulls the files from under an app another run is testing. SAMVERKAN_BUILD_DIR
// builds into (and tests) that directory instead.
// E2E_SKIP_BUILD=1 reuses the last e2e build (when only tests changed); E2E_BUILD_ONLY=1 builds and
// stops (several checkouts' worth of work sharing one .svelte-kit must build one at a time).
// E2E_SHARDS=N runs the files in N processes side by side (see runShards).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { buildApp, root } from './start.ts';

const cacheDir = path.join(root, 'node_modules/.cache/samverkan-e2e');
const explicitDir = process.env.SAMVERKAN_BUILD_DIR ? path.resolve(process.env.SAMVERKAN_BUILD_DIR) : null;
const current = explicitDir ?? path.join(cacheDir, 'current');
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const BUILD_NAME = /^build-\d{13}-\d+$/;

function run(command: string, args: string[], env: Record<string, string> = {}): void {
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Removes builds that are neither current nor among the last three, nor younger than 15 minutes. */
function pruneOldBuilds(): void {
	const builds = readdirSync(cacheDir)
		.filter((name) => BUILD_NAME.test(name))
		.sort()
		.slice(0, -3);
	for (const name of builds) {
		const dir = path.join(cacheDir, name);
		if (Date.now() - statSync(dir).mtimeMs > 15 * 60_000) rmSync(dir, { recursive: true, force: true });
	}
}

if (!existsSync(chromium)) {
	console.error(
		`Chromium was not found at ${chromium}.\nInstall it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH.`
	);
	process.exit(1);
}

if (process.env.E2E_SKIP_BUILD && existsSync(path.join(current, 'index.js'))) {
	console.log(`Reusing the e2e build in ${path.relative(root, current)}`);
} else {
	const started = performance.now();
	console.log('Building the app for the end-to-end tests …');
	const target = explicitDir ?? path.join(cacheDir, `build-${Date.now()}-${process.pid}`);
	buildApp(target);
	if (!explicitDir) {
		// Replaced in one step: a run starting now finds either the old build or the new one.
		const link = path.join(cacheDir, `current-${process.pid}`);
		rmSync(link, { force: true });
		symlinkSync(path.basename(target), link);
		renameSync(link, current);
		pruneOldBuilds();
	}
	console.log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (process.env.E2E_BUILD_ONLY) process.exit(0);

const shards = Math.max(1, Number(process.env.E2E_SHARDS) || 1);
if (shards === 1) {
	run(bin('vitest'), ['run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)], {
		E2E_BUILD_DIR: current
	});
} else {
	await runShards(shards);
}

/**
 * E2E_SHARDS=N runs the files in N vitest processes side by side (`--shard`), each on a port of its
 * own (E2E_PORT + 10 per shard) with its own HTML checker; each shard's output is printed whole
 * when it ends, and the run fails if any shard failed.
 */
async function runShards(count: number): Promise<void> {
	const basePort = Number(process.env.E2E_PORT || 4173);
	const results = await Promise.all(
		Array.from({ length: count }, (_, i) => {
			const args = ['run', '--config', 'vitest.e2e.config.ts', `--shard=${i + 1}/${count}`, ...process.argv.slice(2)];
			const env = { ...process.env, E2E_BUILD_DIR: current, E2E_PORT: String(basePort + 10 * i) };
			return new Promise<{ shard: number; status: number; output: string }>((resolve) => {
				const child = spawn(bin('vitest'), args, { cwd: root, env });
				let output = '';
				child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
				child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
				child.once('close', (code) => resolve({ shard: i + 1, status: code ?? 1, output }));
			});
		})
	);
	for (const { shard, status, output } of results) {
		console.log(`\n=== end-to-end shard ${shard}/${count} (exit ${status})`);
		process.stdout.write(output);
	}
	if (results.some((r) => r.status !== 0)) process.exit(1);
}
