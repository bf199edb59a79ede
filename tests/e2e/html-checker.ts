/**
 * The Nu HTML Checker (vnu, from the `vnu-jar` package) as an HTTP service for the whole e2e run:
 * vitest's global setup starts it once, and every test file posts the pages it visits to it
 * (tests/e2e/harness.ts). A JVM started per page or per file would cost seconds each; the service
 * starts in the background while the first file boots its app, and then answers a page in tens
 * of milliseconds.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { stopProcess } from './child-process.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		/** Where the HTML checker answers, e.g. http://127.0.0.1:40123/ (it may still be starting). */
		htmlCheckerURL: string;
	}
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const VNU_JAR = path.join(root, 'node_modules/vnu-jar/build/dist/vnu.jar');

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() =>
				address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))
			);
		});
	});
}

/** User and system CPU time of a process so far (Linux), to tell what the checker adds to a run. */
function cpuSeconds(pid: number): string {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		// utime and stime, fields 14 and 15 of stat(5), in clock ticks of 1/100 s.
		return ((Number(fields[11]) + Number(fields[12])) / 100).toFixed(1);
	} catch {
		return '?';
	}
}

export default async function startHtmlChecker(project: TestProject): Promise<() => Promise<void>> {
	// `java` on PATH, as CI has it (Java 17); the package's own fallback would download a runtime.
	const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
	if (java.error || java.status !== 0) {
		throw new Error(
			'The e2e tests check every page with the Nu HTML Checker, which needs Java 11 or newer as "java" on PATH ' +
				`(${java.error?.message ?? java.stderr.trim()}). Install it, e.g. "apt-get install openjdk-17-jre-headless".`
		);
	}
	if (!existsSync(VNU_JAR)) {
		throw new Error(`The Nu HTML Checker is missing (${VNU_JAR}): run "npm install" (the devDependency vnu-jar).`);
	}
	const port = await freePort();
	// A deep stack for its schema compiler (it overflows the default of some JVMs), a bounded heap
	// on a machine shared with the app and Chromium, and loopback only.
	const child = spawn(
		'java',
		[
			'-Xss4m',
			'-Xmx512m',
			'-Dnu.validator.servlet.bind-address=127.0.0.1',
			'-cp',
			VNU_JAR,
			'nu.validator.servlet.Main',
			String(port)
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	let output = '';
	const collect = (chunk: Buffer) => {
		output = (output + chunk.toString()).slice(-20_000);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	let stopping = false;
	child.once('exit', (code, signal) => {
		if (!stopping) {
			console.error(`The Nu HTML Checker stopped (${signal ?? `exit ${code}`}) during the run:\n${output}`);
		}
	});
	project.provide('htmlCheckerURL', `http://127.0.0.1:${port}/`);
	return async () => {
		stopping = true;
		if (process.env.E2E_HTML_STATS && child.pid)
			console.log(`HTML checker: ${cpuSeconds(child.pid)} s of CPU in the run`);
		await stopProcess(child);
	};
}
