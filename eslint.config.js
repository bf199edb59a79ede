import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import ts from 'typescript-eslint';
import { boundaryConfigs } from './scripts/boundaries.js';

export default defineConfig(
	globalIgnores([
		'build/',
		'.svelte-kit/',
		'src/lib/paraglide/',
		'node_modules/',
		'data/',
		'data-demo/',
		'test-results/',
		'project.inlang/cache/'
	]),
	js.configs.recommended,
	ts.configs.recommended,
	svelte.configs.recommended,
	prettier,
	svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// TypeScript itself reports undefined names, with the types in mind.
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }
			],
			// Internal links go through localizedPath() (the locale prefix), which resolve() knows nothing of.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } }
	},
	{
		// Migrations (and the dialect helpers they use) see the database untyped (Kysely<any>) on purpose:
		// they are frozen in time and must not depend on today's table types.
		files: ['src/lib/server/platform/db/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' }
	},
	// The floors of the server code and who may import whom (docs/architecture.md).
	...boundaryConfigs()
);
