// npm run demo: starts Samverkan on a separate demo database, rebuilt from scratch on every start,
// with the demo networks and people of src/lib/server/demo/seed.ts, and prints how to sign in.
//
// The demo lives in ./data-demo (or SAMVERKAN_DATA_DIR when set). It only ever wipes a directory it
// created itself (marked with .samverkan-demo), so it cannot erase a real installation's data.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { configOrExit, ensureBuild, nodeBinary, originOf, root, runApp } from './start.ts';

const MARKER = '.samverkan-demo';

const env: Record<string, string | undefined> = { ...process.env };
const dataDir = path.resolve(env.SAMVERKAN_DATA_DIR || path.join(root, 'data-demo'));
if (env.DATABASE_URL) {
	console.log('The demo always runs on its own SQLite database; DATABASE_URL is ignored here.');
	delete env.DATABASE_URL;
}
if (env.SAMVERKAN_SECRET) delete env.SAMVERKAN_SECRET; // the demo keeps its own key in its directory
env.SAMVERKAN_DATA_DIR = dataDir;
env.LOG_LEVEL ??= 'warn';

if (existsSync(dataDir) && readdirSync(dataDir).length > 0 && !existsSync(path.join(dataDir, MARKER))) {
	console.error(`${dataDir} holds data that the demo did not create; the demo will not erase it.`);
	console.error('Choose another directory with SAMVERKAN_DATA_DIR, or leave it unset to use ./data-demo.');
	process.exit(1);
}
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
writeFileSync(
	path.join(dataDir, MARKER),
	'This directory is the Samverkan demo; npm run demo erases and refills it.\n'
);

const cfg = configOrExit(env);
const origin = originOf(env);

if (!existsSync(path.join(root, 'src/lib/paraglide/messages.js'))) {
	const compiled = spawnSync(nodeBinary(), [path.join(root, 'scripts/compile-i18n.mjs')], {
		cwd: root,
		stdio: 'inherit'
	});
	if (compiled.status !== 0) process.exit(compiled.status ?? 1);
}

const { openDatabase } = await import('#lib/server/platform/db/index.ts');
const { prepareDatabase } = await import('#lib/server/prepare.ts');
const { seedDemo } = await import('#lib/server/demo/seed.ts');
const { dataKeyring } = await import('#lib/server/platform/data-keys.ts');
const { formatSignIns } = await import('#lib/server/demo/print.ts');

console.log(`Filling the demo database in ${dataDir} …`);
const handle = openDatabase(cfg.database);
let table: string;
try {
	await prepareDatabase(handle.db, { dialect: handle.dialect, secret: cfg.secret, baseURL: origin });
	table = formatSignIns(
		await seedDemo(handle.db, { appSecret: cfg.secret, origin, keyring: dataKeyring(cfg) }),
		origin
	);
} finally {
	await handle.destroy();
}

ensureBuild();
runApp(env, cfg, () => console.log(table + '\n'));
