// npm run test:e2e [-- <vitest args, e.g. a test file>]
// Builds the app once for the e2e origin (http://localhost:$E2E_PORT, default 4173) into its own
// directory, then runs the end-to-end suite against Debian's Chromium. Installs nothing.
// E2E_SKIP_BUILD=1 reuses the last e2e build (when only tests changed); E2E_BUILD_ONLY=1 builds and
// stops (several checkouts' worth of work sharing one .svelte-kit must build one at a time).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.E2E_PORT || 4173);
const buildDir = path.join(root, 'node_modules/.cache/samverkan-e2e', `build-${port}`);
const origin = `http://localhost:${port}`;
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);

function run(command: string, args: string[], env: Record<string, string> = {}): void {
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(chromium)) {
	console.error(
		`Chromium was not found at ${chromium}.\nInstall it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH.`
	);
	process.exit(1);
}

if (process.env.E2E_SKIP_BUILD && existsSync(path.join(buildDir, 'index.js'))) {
	console.log(`Reusing the e2e build in ${path.relative(root, buildDir)}`);
} else {
	const started = performance.now();
	console.log(`Building the app for ${origin} …`);
	run(process.execPath, [path.join(root, 'scripts/compile-i18n.mjs')]);
	run(bin('vite'), ['build', '--logLevel', 'error'], { ORIGIN: origin, SAMVERKAN_BUILD_DIR: buildDir });
	writeFileSync(path.join(buildDir, '.samverkan-origin'), origin + '\n');
	console.log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (process.env.E2E_BUILD_ONLY) process.exit(0);
run(bin('vitest'), ['run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)], { E2E_PORT: String(port) });
