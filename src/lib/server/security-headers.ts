/**
 * The headers every response carries: the front door (http/front-door.ts) puts them on every
 * response of the built app before anything answers — also static files, which adapter-node serves
 * before SvelteKit, and refusals and redirects thrown in hooks, which SvelteKit sends without them —
 * and hooks.server.ts on SvelteKit's responses (so also under `vite dev`), adding `no-store` on
 * signed-in pages. CSP comes from SvelteKit's `csp` setting, per page, with its nonce.
 */
export function securityHeaders(options: { https: boolean; privatePage: boolean }): [string, string][] {
	const headers: [string, string][] = [
		['x-content-type-options', 'nosniff'],
		['referrer-policy', 'no-referrer'],
		['x-frame-options', 'DENY'],
		['permissions-policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()'],
		['cross-origin-opener-policy', 'same-origin'],
		// Nothing of ours is meant to be embedded by another site (scripts, images, JSON).
		['cross-origin-resource-policy', 'same-origin']
	];
	if (options.https) headers.push(['strict-transport-security', 'max-age=63072000; includeSubDomains']);
	// Pages for signed-in people must never sit in a shared or back-button cache.
	if (options.privatePage) headers.push(['cache-control', 'no-store']);
	return headers;
}

/** Whether a path is one of the signed-in areas, whose pages are never stored by a cache. */
export function isPrivatePath(pathname: string): boolean {
	return pathname.includes('/app') || pathname.includes('/account');
}
