// npm install's last step (package.json "prepare"): SvelteKit's generated files, and — when npm
// itself runs on a Node older than 24 — a word on the "EBADENGINE Unsupported engine" warnings it
// printed above. npm checks `engines` against the Node that runs npm, but Samverkan never runs on
// that one: npm installs Node 24 (the `node` devDependency) into node_modules, and every npm start,
// npm test and npm run … uses it. Plain JavaScript, as this may run before anything else works.
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

/**
 * The note for npm's user agent ("npm/11.19.1 node/v20.20.2 linux x64 …"), or null from Node 24 on.
 * @param {string | undefined} userAgent
 * @returns {string | null}
 */
export function engineNote(userAgent) {
	const major = Number(/\bnode\/v(\d+)\./.exec(userAgent ?? '')?.[1]);
	if (!major || major >= 24) return null;
	return [
		'',
		`Note: npm runs on Node ${major} here. The "EBADENGINE Unsupported engine" warnings above, for`,
		'Samverkan and packages that need Node 22 or 24, are expected and harmless: npm has installed',
		'Node 24 into node_modules, and npm start, npm test and every npm run command run on it.',
		'To be rid of the warnings, install Node 24 (https://nodejs.org); nothing else needs it.',
		''
	].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	// As before: a sync that fails (a checkout without its sources) must not fail the install.
	spawnSync('svelte-kit', ['sync'], { stdio: 'inherit', shell: process.platform === 'win32' });
	const note = engineNote(process.env.npm_config_user_agent);
	if (note) console.log(note);
}
