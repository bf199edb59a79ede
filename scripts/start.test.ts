import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReason, markBuilt, root, sourceStamp, withoutPreviewHint } from './start.ts';

describe('npm start', () => {
	it('reuses a build of the same source whatever PORT and ORIGIN are, and builds again when the source changes', () => {
		// a fresh clone has no node_modules/.cache yet
		mkdirSync(path.join(root, 'node_modules/.cache'), { recursive: true });
		const dir = mkdtempSync(path.join(root, 'node_modules/.cache/start-test-'));
		const saved = { PORT: process.env.PORT, ORIGIN: process.env.ORIGIN };
		try {
			expect(buildReason(dir)).toBe('no build yet');
			writeFileSync(path.join(dir, 'index.js'), '');
			markBuilt(sourceStamp(), dir);
			for (const env of [
				{ PORT: '3000' },
				{ PORT: '4000', ORIGIN: 'https://samverkan.example.org' },
				{ PORT: '3001', ORIGIN: 'http://127.0.0.1:3001' }
			]) {
				Object.assign(process.env, env);
				expect(buildReason(dir)).toBeNull();
			}
			markBuilt('0', dir);
			expect(buildReason(dir)).toBe('the source changed');
		} finally {
			for (const [name, value] of Object.entries(saved)) {
				if (value === undefined) delete process.env[name];
				else process.env[name] = value;
			}
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('does not pass on the build tool\'s "npm run preview" hint, which is wrong advice here', () => {
		// The hint as SvelteKit prints it after every build (checked against its source below).
		const output =
			'\nRun npm run preview to preview your production build locally.\n\n> Using @sveltejs/adapter-node\n  ✔ done\n';
		const shown = withoutPreviewHint(output);
		expect(shown).not.toMatch(/preview/);
		expect(shown).toContain('> Using @sveltejs/adapter-node');
		expect(withoutPreviewHint('Run \u001b[1m\u001b[36mnpm run preview\u001b[39m\u001b[22m to preview')).toBe('');
		const kit = readFileSync(path.join(root, 'node_modules/@sveltejs/kit/src/exports/vite/build/index.js'), 'utf8');
		expect(kit).toMatch(/npm run preview.*to preview your production build locally/);
	});
});
