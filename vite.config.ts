import { copyFileSync } from 'node:fs';
import path from 'node:path';
import adapter from '@sveltejs/adapter-node';
import type { Adapter } from '@sveltejs/kit';
import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vite';
import { paraglideOptions } from './paraglide.options.js';

// No origin is fixed at build time (paths.origin stays unset): the server entry gives every request
// the origin chosen at start, from ORIGIN or a trusted proxy's header (decision 014), so one build
// serves any address.
const out = process.env.SAMVERKAN_BUILD_DIR || 'build';

/**
 * `node build` runs scripts/server-entry.js (the front door before SvelteKit, a deep accept queue, each
 * request's origin, a prompt shutdown; see there) in place of adapter-node's own index.js, which is
 * removed so nothing starts a second server.
 */
function withServerEntry(inner: Adapter): Adapter {
	return {
		...inner,
		async adapt(builder) {
			await inner.adapt(builder);
			copyFileSync('scripts/server-entry.js', path.join(out, 'index.js'));
		}
	};
}

export default defineConfig({
	plugins: [
		paraglideVitePlugin(paraglideOptions),
		sveltekit({
			// SAMVERKAN_BUILD_DIR: the e2e suite builds into a directory of its own.
			adapter: withServerEntry(adapter({ precompress: true, out })),
			csp: {
				mode: 'auto',
				directives: {
					'default-src': ['self'],
					'script-src': ['self'],
					'style-src': ['self'],
					// app.html's wrapper and kit's route announcer use style attributes.
					'style-src-attr': ['unsafe-inline'],
					'img-src': ['self', 'data:'],
					'font-src': ['self'],
					'connect-src': ['self'],
					'form-action': ['self'],
					'frame-ancestors': ['none'],
					'base-uri': ['self'],
					'object-src': ['none']
				}
			},
			// The origin check lives in hooks.server.ts (handleCsrf): SvelteKit's cannot work with
			// Referrer-Policy: no-referrer, under which browsers post forms with `Origin: null`.
			csrf: { trustedOrigins: ['*'] }
		})
	],
	server: { port: 5173 }
});
