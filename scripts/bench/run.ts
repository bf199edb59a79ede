// npm run bench [-- <name> …]: runs the benchmarks in scripts/bench/<name>.ts, each in its own
// process (all of them when no name is given). Modules add a benchmark by adding such a file; it
// prints its own figures and exits non-zero when it fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(dir)
	.filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.endsWith('.test.ts'))
	.map((file) => file.slice(0, -3))
	.sort();

const requested = process.argv.slice(2);
if (available.length === 0) {
	console.log('No benchmarks yet. A module adds one as scripts/bench/<name>.ts; npm run bench then runs it.');
	process.exit(0);
}
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length) {
	console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${available.join(', ')}`);
	process.exit(2);
}

let failed = 0;
for (const name of requested.length ? requested : available) {
	const file = path.join(dir, `${name}.ts`);
	if (!existsSync(file)) continue;
	console.log(`\n== ${name}`);
	const started = performance.now();
	const result = spawnSync(process.execPath, [file], { stdio: 'inherit', env: process.env });
	const seconds = ((performance.now() - started) / 1000).toFixed(1);
	if (result.status === 0) console.log(`== ${name}: done in ${seconds} s`);
	else {
		failed++;
		console.log(`== ${name}: FAILED (exit ${result.status ?? result.signal}) after ${seconds} s`);
	}
}
process.exit(failed ? 1 : 0);
