import type { RequestHandler } from './$types';

/** Liveness: the process is up and answering. Deliberately touches nothing else, not even the database. */
export const GET: RequestHandler = () =>
	new Response('ok', { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
