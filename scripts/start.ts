// npm start: builds the app when needed and runs it on Node 24 (the `node` devDependency), so a
// fresh machine with only Node 20 and npm serves Samverkan after `npm install && npm start`.
//
// One build serves any PORT and ORIGIN (the server entry sets each request's origin at run time,
// decision 014): the build is redone only when the source is newer than the build.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError, parseConfig, type Config } from '../src/lib/server/platform/config.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(root, 'build');
const SOURCE_MARKER = '.samverkan-source';
// Part of the source marker: builds from before decision 014 had their origin compiled in.
const BUILD_FORMAT = 'origin-at-run-time';

/** The Node 24 binary: this process when npm already runs us on it, else the devDependency. */
export function nodeBinary(): string {
	const major = Number(process.versions.node.split('.')[0]);
	return major >= 24 ? process.execPath : path.join(root, 'node_modules/.bin/node');
}

/** Parses the configuration as the app will, or prints the problem and exits 1. */
export function configOrExit(env: Record<string, string | undefined>): Config {
	try {
		return parseConfig(env);
	} catch (error) {
		if (error instanceof ConfigError) {
			console.error(error.message);
			console.error('See docs/operations.md for every setting.');
			process.exit(1);
		}
		throw error;
	}
}

export function originOf(env: Record<string, string | undefined>): string {
	return env.ORIGIN || `http://localhost:${env.PORT || 3000}`;
}

/** Newest modification time under the inputs of a build, as a cheap "did the source change" check. */
export function sourceStamp(): string {
	let newest = 0;
	const visit = (entry: string) => {
		if (!existsSync(entry)) return;
		const stat = statSync(entry);
		if (stat.isDirectory()) {
			if (entry.endsWith(`${path.sep}paraglide`)) return; // generated during the build itself
			for (const child of readdirSync(entry)) visit(path.join(entry, child));
		} else newest = Math.max(newest, stat.mtimeMs);
	};
	for (const input of [
		'src',
		'messages',
		'static',
		'vite.config.ts',
		'scripts/server-entry.js',
		'package-lock.json',
		'project.inlang/settings.json'
	]) {
		visit(path.join(root, input));
	}
	return `${BUILD_FORMAT} ${Math.floor(newest)}`;
}

export function displayPath(file: string): string {
	const relative = path.relative(process.cwd(), file);
	return relative && !relative.startsWith('..') ? relative : file;
}

function read(file: string): string | null {
	return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

/**
 * SvelteKit ends every build with "Run npm run preview to preview your production build locally":
 * advice for its development preview, wrong for `npm start`, the e2e suite and the image.
 */
export function withoutPreviewHint(output: string): string {
	return output
		.split('\n')
		.filter((line) => line.trim() && !/npm run preview/.test(line))
		.join('\n');
}

/**
 * Compiles the catalogues and builds the app into `outDir` (build/ unless given), printing only
 * errors; exits with the build's status when it fails.
 */
export function buildApp(outDir?: string): void {
	const env: Record<string, string | undefined> = { ...process.env };
	delete env.SAMVERKAN_BUILD_DIR;
	if (outDir) env.SAMVERKAN_BUILD_DIR = outDir;
	for (const [command, args] of [
		[nodeBinary(), [path.join(root, 'scripts/compile-i18n.mjs')]],
		[nodeBinary(), [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error']]
	] as const) {
		const result = spawnSync(command, args, { cwd: root, stdio: ['inherit', 'pipe', 'inherit'], env });
		const output = withoutPreviewHint(result.stdout?.toString() ?? '');
		if (output.trim()) process.stdout.write(output.endsWith('\n') ? output : output + '\n');
		if (result.status !== 0) {
			console.error('The build failed; see the messages above.');
			process.exit(result.status ?? 1);
		}
	}
}

/**
 * Why the build in `dir` must be made again, or null when it is a build of the source as it is.
 * Nothing of the environment counts: any PORT and ORIGIN can run a build.
 */
export function buildReason(dir = buildDir): string | null {
	if (!existsSync(path.join(dir, 'index.js'))) return 'no build yet';
	return read(path.join(dir, SOURCE_MARKER)) === sourceStamp() ? null : 'the source changed';
}

/** Notes in `dir` which source it was built from (taken before the build starts). */
export function markBuilt(stamp: string, dir = buildDir): void {
	writeFileSync(path.join(dir, SOURCE_MARKER), stamp + '\n');
}

/** Builds into build/ unless a build of this source is there already. */
export function ensureBuild(): void {
	const reason = buildReason();
	if (!reason) return;
	const stamp = sourceStamp();
	console.log(`Building Samverkan (${reason}); this takes a minute …`);
	const started = performance.now();
	buildApp();
	markBuilt(stamp);
	console.log(`Built in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

/**
 * Runs the built app with the given environment, forwarding Ctrl-C and SIGTERM, and exits with its
 * exit code. Prints where it answers once /healthz does.
 */
export function runApp(
	env: Record<string, string | undefined>,
	cfg: Config,
	onReady?: () => void,
	dir = buildDir
): void {
	const origin = originOf(env);
	const child = spawn(nodeBinary(), [dir], { cwd: root, stdio: 'inherit', env });
	// The app says itself what stopping waits for; this process only passes the signal on and leaves
	// with the app's exit code. A Ctrl-C in a terminal reaches the app directly too: the app takes the
	// second signal as the same request.
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
		});
	}
	child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
	const host = cfg.HOST === '0.0.0.0' || cfg.HOST === '::' ? '127.0.0.1' : cfg.HOST;
	const probe = `http://${host.includes(':') ? `[${host}]` : host}:${cfg.PORT}/healthz`;
	const started = Date.now();
	const poll = async () => {
		try {
			if ((await fetch(probe)).ok) {
				const store =
					cfg.database.dialect === 'postgres'
						? 'PostgreSQL (DATABASE_URL)'
						: `SQLite in ${displayPath(cfg.database.file)}`;
				console.log(
					`\nSamverkan is running at ${origin}  (listening on ${cfg.HOST}:${cfg.PORT}, data: ${store}). Stop it with Ctrl-C.\n`
				);
				onReady?.();
				return;
			}
		} catch {
			// not yet listening
		}
		if (Date.now() - started < 120_000 && child.exitCode === null) setTimeout(poll, 250);
	};
	setTimeout(poll, 250);
}

/** Runs a build made elsewhere (the container image) in this process; it serves any ORIGIN. */
async function runPrebuilt(): Promise<void> {
	if (!existsSync(path.join(buildDir, 'index.js'))) {
		console.error(`There is no build in ${buildDir}.`);
		process.exit(1);
	}
	await import(pathToFileURL(path.join(buildDir, 'index.js')).href);
}

if (import.meta.main && process.argv.includes('--build-only')) {
	// The container image's build stage: no configuration is needed to build.
	const stamp = sourceStamp();
	buildApp();
	markBuilt(stamp);
} else if (import.meta.main) {
	const env = { ...process.env };
	const cfg = configOrExit(env);
	if (env.SAMVERKAN_NO_BUILD) {
		await runPrebuilt();
	} else {
		if (!existsSync(path.join(root, 'node_modules/vite'))) {
			console.error('Dependencies are missing: run "npm install" first.');
			process.exit(1);
		}
		ensureBuild();
		runApp(env, cfg);
	}
}
