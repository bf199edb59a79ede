// wrk, the load generator the benches measure pages with (a Node client in the bench's own process
// is itself the bottleneck and makes every server look alike), and the CPU a process has used.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/**
 * CPU seconds a process has used (user + system, from /proc; null where there is none). The app's
 * CPU per registration is steadier than the rate when other work shares the machine.
 */
export function cpuSeconds(pid: number | undefined): number | null {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return null;
	}
}

/** Whether wrk is on the PATH: the page figures need it, and nothing else stands in for it. */
export function wrkVersion(): string | null {
	const probe = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
	if (probe.error) return null;
	return (probe.stdout + probe.stderr).split('\n')[0].trim() || 'wrk';
}

export interface WrkRun {
	rate: number;
	p99: string;
	non2xx: number;
	errors: string | null;
	/** CPU seconds wrk used, and the server while wrk ran. */
	wrkCpu: number;
	serverCpu: number | null;
	seconds: number;
}

/**
 * wrk with `Accept: text/html` at `connections` connections (50 in the benches), the
 * usual way to compare a page against bare `node:http` (decision 013).
 * wrk runs under a shell that reports wrk's CPU from its own children's times (/proc/$$/stat).
 */
export function runWrk(
	url: string,
	host: string,
	serverPid: number | undefined,
	{ connections, seconds: duration }: { connections: number; seconds: number }
): WrkRun {
	const before = cpuSeconds(serverPid);
	const started = performance.now();
	const script = 'wrk "$@"; echo "CHILD_CPU $(cut -d" " -f16,17 /proc/$$/stat)"';
	const result = spawnSync(
		'sh',
		[
			'-c',
			script,
			'wrk',
			'-t2',
			`-c${connections}`,
			`-d${duration}s`,
			'--latency',
			'-H',
			'Accept: text/html',
			'-H',
			`Host: ${host}`,
			url
		],
		{ encoding: 'utf8' }
	);
	const seconds = (performance.now() - started) / 1000;
	const after = cpuSeconds(serverPid);
	const out = result.stdout ?? '';
	const field = (re: RegExp) => re.exec(out)?.[1];
	const [utime, stime] = (field(/CHILD_CPU (\d+ \d+)/) ?? '0 0').split(' ').map(Number);
	return {
		rate: Number(field(/Requests\/sec:\s+([\d.]+)/) ?? NaN),
		p99: field(/\s99%\s+(\S+)/) ?? '?',
		non2xx: Number(field(/Non-2xx or 3xx responses:\s+(\d+)/) ?? 0),
		errors: field(/(Socket errors:[^\n]+)/) ?? null,
		wrkCpu: (utime + stime) / 100,
		serverCpu: before !== null && after !== null ? after - before : null,
		seconds
	};
}
