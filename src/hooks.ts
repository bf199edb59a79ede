import type { Reroute } from '@sveltejs/kit/hooks';
import { deLocalizeUrl } from '#lib/paraglide/runtime.js';

// /nb/login and /en/login are served by src/routes/login; Swedish paths have no prefix.
export const reroute: Reroute = ({ url }) => deLocalizeUrl(url).pathname;
