const FORM_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Cross-site form posts are refused, as SvelteKit's own origin check does. That check is switched
 * off in vite.config.ts because it cannot coexist with `Referrer-Policy: no-referrer`: under that
 * policy browsers send `Origin: null` on every form post, also on our own. A post is therefore
 * accepted when its Origin is ours, or when the browser itself vouches with
 * `Sec-Fetch-Site: same-origin` (a header no page can forge). Everything else gets 403.
 */
export function isCrossSiteFormPost(request: Request, origin: string): boolean {
	if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return false;
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	if (!FORM_CONTENT_TYPES.includes(type)) return false;
	const requestOrigin = request.headers.get('origin');
	if (requestOrigin === origin) return false;
	return request.headers.get('sec-fetch-site') !== 'same-origin';
}
