import { defineConfig } from 'vitest/config';

// End-to-end tests: one file at a time, because every file starts the built app on the same port
// (E2E_PORT). Run through `npm run test:e2e`, which builds first.
export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.e2e.test.ts'],
		// The Nu HTML Checker, one service for the whole run (the harness checks every page with it).
		globalSetup: ['tests/e2e/html-checker.ts'],
		environment: 'node',
		fileParallelism: false,
		pool: 'forks',
		testTimeout: 60_000,
		hookTimeout: 120_000,
		reporters: ['default']
	}
});
