import { requirePublicContext } from '#lib/server/context.ts';
import { publicFeedFile } from '#lib/server/events/calendar/feeds.ts';
import type { RequestHandler } from './$types';

/** The network's public events as a calendar feed to subscribe to (no video links). */
export const GET: RequestHandler = async (event) => {
	const pub = await requirePublicContext(event);
	const file = await publicFeedFile(pub);
	return new Response(file.content, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `inline; filename="${file.filename}"`,
			'cache-control': 'public, max-age=300'
		}
	});
};
