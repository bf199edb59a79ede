// `npm run -s cli -- pii scan`: the anonymity guard from the command line, run as a
// child process the way an operator or a script would.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const node =
	Number(process.versions.node.split('.')[0]) >= 24 ? process.execPath : path.join(root, 'node_modules/.bin/node');

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

function cli(args: string[], stdin: string): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(node, [path.join(root, 'scripts/cli.ts'), ...args], {
			cwd: root,
			env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'silent' },
			stdio: ['pipe', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
		child.stdin.end(stdin);
	});
}

describe('npm run -s cli -- pii scan', () => {
	it('prints the findings in the text on stdin, with JavaScript string offsets', async () => {
		const text = 'Flickan 🙂 Amira nås på 070-123 45 67, pnr 121212-1212.\nMejl: amira@example.org';
		const run = await cli(['pii', 'scan'], text);
		expect(run.code).toBe(0);
		const result = JSON.parse(run.stdout) as { findings: { type: string; start: number; end: number; text: string }[] };
		expect(result.findings.map((f) => [f.type, f.text])).toEqual([
			['name', 'Amira'],
			['phone', '070-123 45 67'],
			['personnummer', '121212-1212'],
			['email', 'amira@example.org']
		]);
		for (const finding of result.findings) expect(text.slice(finding.start, finding.end)).toBe(finding.text);
		expect(Object.keys(result.findings[0])).toEqual(['type', 'start', 'end', 'text']);
	});

	it('prints an empty list for clean text', async () => {
		const run = await cli(['pii', 'scan'], 'Enligt 26 kap. 1 § OSL lämnas inga uppgifter i ärende NBT-2026-0042.');
		expect(run.code).toBe(0);
		expect(run.stdout).toBe('{"findings":[]}\n');
	});

	it('with --lines, reads one JSON string per line and prints one result per line', async () => {
		const lines = ['Hun heter Sara Hansen.', 'Ingen personopplysninger her.', 'Tlf. 912 34 567\nog mer'];
		const run = await cli(['pii', 'scan', '--lines'], lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
		expect(run.code).toBe(0);
		const out = run.stdout
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line) as { findings: { type: string; text: string }[] });
		expect(out).toHaveLength(3);
		expect(out[0].findings.map((f) => f.text)).toEqual(['Sara Hansen']);
		expect(out[1].findings).toEqual([]);
		expect(out[2].findings.map((f) => [f.type, f.text])).toEqual([['phone', '912 34 567']]);
	});

	it('refuses a line that is not a JSON string, printing nothing (exit 1)', async () => {
		const run = await cli(['pii', 'scan', '--lines'], '"fine"\nnot json\n');
		expect(run.code).toBe(1);
		expect(run.stdout).toBe('');
		expect(run.stderr).toContain('Line 2 is not a JSON-encoded string');
	});

	it('answers wrong usage with exit code 2 and is listed in help', async () => {
		const run = await cli(['pii'], '');
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('Usage: npm run -s cli -- pii scan [--lines]');
		expect((await cli(['help'], '')).stderr).toContain('pii scan');
	});
});
