import { defineConfig } from 'vitest/config';

// Unit and integration tests run on plain Node without the SvelteKit plugin: services and
// repositories never import `$app/*`, so they are testable (and usable from the CLI) as they are.
export default defineConfig({
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts', 'scripts/**/*.test.ts'],
		environment: 'node',
		testTimeout: 20_000,
		hookTimeout: 30_000,
		pool: 'forks',
		setupFiles: ['tests/fixtures/fast-check-seed.ts'],
		reporters: process.env.CI ? ['default'] : ['default']
	}
});
