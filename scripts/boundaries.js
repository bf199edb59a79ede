import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The import rules between the floors of the server code (docs/architecture.md), as
 * `no-restricted-imports` settings per directory:
 *
 * - the platform (`src/lib/server/platform/`) imports no module and nothing of the composition;
 * - a module (every other directory of `src/lib/server/` except `http/` and `demo/`) imports nothing
 *   of the composition: the files directly in `src/lib/server/` (`app.ts`, `context.ts`,
 *   `setup-gate.ts`, `csrf.ts`, `schema.ts`, `prepare.ts`, …), `http/`, `demo/`, the routes and
 *   the hooks;
 * - a module imports another module only through its public files: `index.ts`, `service.ts` and
 *   `*-service.ts`.
 *
 * The composition (the files directly in `src/lib/server/`, `http/`, `demo/`, routes, hooks and
 * scripts) may import anything. Code outside `src/lib/server/` (`src/lib/roles.ts`,
 * `src/lib/format.ts`, the compiled messages) sits below every floor.
 *
 * The rules match the import's text, relative (`../networks/service.ts`) or through the `#lib` and
 * `$lib` aliases, so a file's depth inside its directory decides how many `../` leave it.
 */

const serverDir = 'src/lib/server';
const compositionDirs = ['http', 'demo'];
const publicFile = '(?:index|service|[a-z0-9-]+-service)\\.ts$';
const maxDepth = 4;

/** @param {string} text */
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The directories of src/lib/server that are modules. */
export function moduleNames(root = '.') {
	return readdirSync(join(root, serverDir), { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && entry.name !== 'platform' && !compositionDirs.includes(entry.name))
		.map((entry) => entry.name)
		.sort();
}

/**
 * The files of a directory of src/lib/server at a depth below it (0: the directory's own files).
 * @param {string} dir
 * @param {number} depth
 */
function filesAt(dir, depth) {
	return [`${serverDir}/${dir}/${'*/'.repeat(depth)}*.ts`, `${serverDir}/${dir}/${'*/'.repeat(depth)}*.svelte`];
}

/** `../` repeated to reach src/lib/server from a file `depth` directories below a floor's directory. */
const up = (/** @type {number} */ depth) => `^(?:\\.\\./){${depth + 1}}`;
/** The same place through an alias. */
const alias = '^[#$]lib/server/';
/** The hooks and the routes, which only relative imports can reach. */
const hooksOrRoutes = '^\\.\\.?/(?:.*/)?(?:routes/|hooks(?:\\.server)?(?:\\.ts)?$)';

/** @param {number} depth */
function platformPatterns(depth) {
	const message =
		'The platform imports no module and nothing of the start-up code; pass what it needs in (docs/architecture.md).';
	return [
		{ regex: `${up(depth)}(?!\\.\\./)(?!platform/)`, message },
		{ regex: `${alias}(?!platform/)`, message },
		{ regex: hooksOrRoutes, message }
	];
}

/**
 * @param {string} name
 * @param {number} depth
 */
function modulePatterns(name, depth) {
	const upward =
		'A module does not import the start-up code (app.ts, context.ts, http/, setup-gate.ts, …); the composition calls the module (docs/architecture.md).';
	const internal = `A module imports another module only through its public files (index.ts, service.ts, *-service.ts) (docs/architecture.md).`;
	const composition = `(?:[^/]+\\.ts$|${compositionDirs.join('/|')}/)`;
	const otherModule = `(?!${escape(name)}/)(?!platform/)(?!${compositionDirs.join('/)(?!')}/)[^/.][^/]*/(?!${publicFile})`;
	return [
		{ regex: `${up(depth)}${composition}`, message: upward },
		{ regex: `${alias}${composition}`, message: upward },
		{ regex: hooksOrRoutes, message: upward },
		{ regex: `${up(depth)}${otherModule}`, message: internal },
		{ regex: `${alias}${otherModule}`, message: internal }
	];
}

/** The flat-config entries, one per floor directory and depth. */
export function boundaryConfigs(root = '.') {
	const configs = [];
	for (let depth = 0; depth < maxDepth; depth++)
		configs.push({
			files: filesAt('platform', depth),
			rules: { 'no-restricted-imports': ['error', { patterns: platformPatterns(depth) }] }
		});
	for (const name of moduleNames(root))
		for (let depth = 0; depth < maxDepth; depth++)
			configs.push({
				files: filesAt(name, depth),
				rules: { 'no-restricted-imports': ['error', { patterns: modulePatterns(name, depth) }] }
			});
	return configs;
}
