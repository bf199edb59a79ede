import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { moduleNames } from './boundaries.js';
import { floorOf, importGraph, unitCycles, upwardImports, type Edge } from './import-graph.ts';

/**
 * The floors of docs/architecture.md, enforced: ESLint's own API lints small files placed (by
 * path) in each floor, and a deliberate violation of each kind must fail while a good import
 * passes. The import graph of the real code is checked for upward imports and cycles.
 */

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, source: string): Promise<string[]> {
	const [result] = await eslint.lintText(`${source}\n\nexport const fixture = 1;\n`, { filePath });
	return result.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const modules = moduleNames();

describe('the lint rule on the floors', () => {
	it('finds the modules', () => {
		expect(modules).toEqual(expect.arrayContaining(['consultations', 'directory', 'events', 'networks']));
	});

	describe('the platform imports no module and nothing of the start-up code', () => {
		const cases: [string, string][] = [
			['src/lib/server/platform/fixture.ts', `import { x } from '../${modules[0]}/service.ts';`],
			['src/lib/server/platform/auth/fixture.ts', `import { x } from '../../networks/service.ts';`],
			['src/lib/server/platform/db/fixture.ts', `import type { X } from '../../directory/tables.ts';`],
			['src/lib/server/platform/fixture.ts', `import { x } from '#lib/server/events/model.ts';`],
			['src/lib/server/platform/fixture.ts', `import { x } from '$lib/server/consultations/index.ts';`],
			['src/lib/server/platform/fixture.ts', `import { app } from '../app.ts';`],
			['src/lib/server/platform/mail/fixture.ts', `import { app } from '../../app.ts';`],
			['src/lib/server/platform/fixture.ts', `import { x } from '../http/front-door.ts';`],
			['src/lib/server/platform/fixture.ts', `import { x } from '../../../hooks.server.ts';`]
		];
		for (const [file, source] of cases)
			it(`fails: ${file}: ${source}`, async () => {
				expect(await restricted(file, source)).toHaveLength(1);
			});

		const good: [string, string][] = [
			['src/lib/server/platform/fixture.ts', `import type { Database } from './db/schema.ts';`],
			['src/lib/server/platform/auth/fixture.ts', `import { recordAudit } from '../audit.ts';`],
			['src/lib/server/platform/auth/fixture.ts', `import type { Role } from '../../../roles.ts';`],
			['src/lib/server/platform/fixture.ts', `import { m } from '#lib/paraglide/messages.js';`],
			['src/lib/server/platform/fixture.ts', `import { x } from '#lib/server/platform/time.ts';`],
			['src/lib/server/platform/fixture.ts', `import { Kysely } from 'kysely';`]
		];
		for (const [file, source] of good)
			it(`passes: ${file}: ${source}`, async () => {
				expect(await restricted(file, source)).toEqual([]);
			});
	});

	describe.each(modules)('the module %s', (name) => {
		const other = modules.find((candidate) => candidate !== name)!;
		const upward = [
			`import { app } from '../app.ts';`,
			`import { requireContext } from '../context.ts';`,
			`import { gate } from '../setup-gate.ts';`,
			`import { checkOrigin } from '../csrf.ts';`,
			`import { frontDoor } from '../http/front-door.ts';`,
			`import { seed } from '../demo/seed.ts';`,
			`import { app } from '#lib/server/app.ts';`,
			`import { handle } from '../../../hooks.server.ts';`
		];
		for (const source of upward)
			it(`fails to import the start-up code: ${source}`, async () => {
				expect(await restricted(`src/lib/server/${name}/fixture.ts`, source)).toHaveLength(1);
			});
		it('fails to import the start-up code from a sub-directory', async () => {
			expect(
				await restricted(`src/lib/server/${name}/part/fixture.ts`, `import { app } from '../../app.ts';`)
			).toHaveLength(1);
		});

		const internals = [
			`import { x } from '../${other}/repository.ts';`,
			`import type { X } from '../${other}/tables.ts';`,
			`import { x } from '../${other}/data/list.ts';`,
			`import { x } from '#lib/server/${other}/repository.ts';`
		];
		for (const source of internals)
			it(`fails to import another module's internals: ${source}`, async () => {
				expect(await restricted(`src/lib/server/${name}/fixture.ts`, source)).toHaveLength(1);
			});

		const good = [
			`import { x } from '../${other}/service.ts';`,
			`import { x } from '../${other}/index.ts';`,
			`import { x } from '../${other}/contacts-service.ts';`,
			`import { x } from '#lib/server/${other}/service.ts';`,
			`import { x } from './repository.ts';`,
			`import { x } from '../platform/time.ts';`,
			`import type { Role } from '../../roles.ts';`,
			`import { m } from '#lib/paraglide/messages.js';`
		];
		for (const source of good)
			it(`passes: ${source}`, async () => {
				expect(await restricted(`src/lib/server/${name}/fixture.ts`, source)).toEqual([]);
			});
	});

	describe('the composition may import anything', () => {
		for (const file of [
			'src/lib/server/fixture.ts',
			'src/lib/server/http/fixture.ts',
			'src/routes/fixture/+page.server.ts'
		])
			it(file, async () => {
				const source = file.startsWith('src/routes')
					? `import { x } from '#lib/server/events/events-repository.ts';`
					: `import { x } from './events/events-repository.ts';\nimport { y } from './platform/time.ts';`;
				expect(await restricted(file, source)).toEqual([]);
			});
	});

	it('passes on the code as it is', async () => {
		const results = await eslint.lintFiles(['src/lib/server']);
		const messages = results.flatMap((result) =>
			result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${result.filePath}: ${m.message}`)
		);
		expect(messages).toEqual([]);
	}, 120_000);
});

describe('the import graph', () => {
	const edges = importGraph();
	it('never goes up a floor', () => {
		expect(upwardImports(edges)).toEqual([]);
	});

	it('has no cycle between the platform, the modules and the composition', () => {
		expect(unitCycles(edges)).toEqual([]);
	});

	it('finds a cycle when one is drawn', () => {
		const drawn: Edge = { from: 'src/lib/server/platform/time.ts', to: 'src/lib/server/networks/service.ts' };
		expect(unitCycles([...edges, drawn]).flat()).toEqual(expect.arrayContaining(['platform', 'networks']));
		expect(floorOf(drawn.from).floor).toBe('platform');
	});
});
