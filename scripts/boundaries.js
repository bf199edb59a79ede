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

/**
 * Imports that break the module-to-module rule, kept while the code they belong to is split up.
 * Each entry lists the targets (relative to src/lib/server/) that one file may still import; any
 * other violation in that file fails.
 * What is left to do is described in docs/architecture.md ("Exceptions").
 */
/** @type {Record<string, string[]>} */
export const exceptions = {
	// Events and consultations read the directory's repositories (organisations, contacts,
	// municipalities, the organisation types' labels) directly; the directory's services or an
	// index.ts should offer these reads.
	'src/lib/server/consultations/service.ts': [
		'directory/contacts-repository.ts',
		'directory/organisation-types.ts',
		'directory/organisations-repository.ts'
	],
	'src/lib/server/consultations/statistics.ts': ['directory/organisation-types.ts'],
	'src/lib/server/events/period-statistics.ts': [
		'directory/municipalities-repository.ts',
		'directory/organisation-types.ts',
		'directory/organisations-repository.ts'
	],
	'src/lib/server/events/period-statistics.test.ts': ['directory/municipalities-repository.ts'],
	'src/lib/server/events/public-service.ts': [
		'directory/contacts-repository.ts',
		'directory/organisation-types.ts',
		'directory/organisations-repository.ts'
	],
	'src/lib/server/events/service.ts': ['directory/contacts-repository.ts', 'directory/organisations-repository.ts'],
	'src/lib/server/events/staff-service.ts': [
		'directory/contacts-repository.ts',
		'directory/municipalities-repository.ts',
		'directory/organisation-types.ts',
		'directory/organisations-repository.ts'
	],

	// The networks' repository, read by the events' jobs and the seat decision.
	'src/lib/server/events/jobs.ts': ['networks/repository.ts'],
	'src/lib/server/events/registration.ts': ['networks/repository.ts'],

	// The guard knows municipality names from the directory's shipped reference data.
	'src/lib/server/pii/names.ts': ['directory/data/no-municipalities.ts', 'directory/data/se-municipalities.ts']
};

/** @param {string} text */
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A negative look-ahead that lets the listed targets through.
 * @param {string[]} targets
 */
function allowing(targets) {
	return targets.map((/** @type {string} */ target) => `(?!${escape(target)}$)`).join('');
}

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
 * @param {string[]} allowed
 */
function modulePatterns(name, depth, allowed) {
	const upward =
		'A module does not import the start-up code (app.ts, context.ts, http/, setup-gate.ts, …); the composition calls the module (docs/architecture.md).';
	const internal = `A module imports another module only through its public files (index.ts, service.ts, *-service.ts) (docs/architecture.md).`;
	const let_ = allowing(allowed);
	const composition = `(?:[^/]+\\.ts$|${compositionDirs.join('/|')}/)`;
	const otherModule = `(?!${escape(name)}/)(?!platform/)(?!${compositionDirs.join('/)(?!')}/)[^/.][^/]*/(?!${publicFile})`;
	return [
		{ regex: `${up(depth)}${let_}${composition}`, message: upward },
		{ regex: `${alias}${let_}${composition}`, message: upward },
		{ regex: hooksOrRoutes, message: upward },
		{ regex: `${up(depth)}${let_}${otherModule}`, message: internal },
		{ regex: `${alias}${let_}${otherModule}`, message: internal }
	];
}

/** The flat-config entries, one per floor directory and depth (and one per file with exceptions). */
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
				rules: { 'no-restricted-imports': ['error', { patterns: modulePatterns(name, depth, []) }] }
			});
	for (const [file, allowed] of Object.entries(exceptions)) {
		const [name, ...rest] = file.slice(serverDir.length + 1).split('/');
		configs.push({
			files: [file],
			rules: { 'no-restricted-imports': ['error', { patterns: modulePatterns(name, rest.length - 1, allowed) }] }
		});
	}
	return configs;
}
