import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engineNote } from './prepare.mjs';

describe('npm install on an older Node', () => {
	it('explains the EBADENGINE warnings when npm runs on Node 20 or 22, and says nothing on 24', () => {
		for (const version of ['v20.20.2', 'v22.12.0', 'v23.1.0']) {
			const note = engineNote(`npm/11.19.1 node/${version} linux x64 workspaces/false`);
			expect(note).toContain(`npm runs on Node ${version.slice(1).split('.')[0]} here`);
			expect(note).toContain('EBADENGINE');
			expect(note).toContain('Node 24');
		}
		expect(engineNote('npm/11.19.1 node/v24.21.0 linux x64 workspaces/false')).toBeNull();
		expect(engineNote('npm/12.0.0 node/v26.0.0 darwin arm64')).toBeNull();
		expect(engineNote(undefined)).toBeNull();
	});

	it('runs from the prepare script, and the README says the same', () => {
		const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
		expect(pkg.scripts.prepare).toBe('node scripts/prepare.mjs');
		expect(pkg.devDependencies.node).toMatch(/^\^24\./);
		const readme = readFileSync('README.md', 'utf8');
		expect(readme).toContain('EBADENGINE');
	});
});
