import { logger } from '../platform/logger.ts';

/**
 * The log line of one answered request, the same whether SvelteKit's hooks (hooks.server.ts) or
 * the front door (front-door.ts) answered it.
 */
export function logRequest(
	requestId: string,
	method: string | undefined,
	route: string,
	status: number,
	started: number
): void {
	logger.info({ requestId, method, route, status, ms: Math.round(performance.now() - started) }, 'request');
}
