// Shared by vite.config.ts and scripts/check-i18n.mjs so both compile identically.
/** @type {import('@inlang/paraglide-js').CompilerOptions} */
export const paraglideOptions = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	// The URL decides what is rendered (sv = no prefix, /nb, /en = default pattern).
	// "Accept-Language on first visit / remember the choice" lives in src/hooks.server.ts.
	strategy: ['url', 'baseLocale'],
	emitReadme: false
};
