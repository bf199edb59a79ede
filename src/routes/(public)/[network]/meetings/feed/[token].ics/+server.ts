import { requirePublicContext } from '#lib/server/context.ts';
import { feedByToken } from '#lib/server/meetings/calendar-service.ts';
import type { RequestHandler } from './$types';

/**
 * A member's personal meetings feed, fetched by calendar apps without signing in: the secret token
 * in the address is the key. Never cached anywhere (it holds video links); a wrong, replaced or
 * turned-off token answers a bare "not found", the same for each.
 */
export const GET: RequestHandler = async (event) => {
	const pub = await requirePublicContext(event);
	const answer = await feedByToken(pub, event.params.token);
	if (!answer.ok)
		return new Response(answer.status === 404 ? 'Not found' : 'Too many requests', {
			status: answer.status,
			headers: {
				'content-type': 'text/plain; charset=utf-8',
				'cache-control': 'no-store',
				...(answer.status === 429 ? { 'retry-after': '900' } : {})
			}
		});
	return new Response(answer.file.content, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `inline; filename="${answer.file.filename}"`,
			'cache-control': 'no-store',
			'referrer-policy': 'no-referrer',
			'x-robots-tag': 'noindex'
		}
	});
};
