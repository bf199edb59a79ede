import { error } from '@sveltejs/kit';
import { requirePublicContext } from '#lib/server/context.ts';
import { publicEventFile } from '#lib/server/events/calendar/feeds.ts';
import type { RequestHandler } from './$types';

/** "Add to calendar" for one public event (no video link: this file is public). */
export const GET: RequestHandler = async (event) => {
	const pub = await requirePublicContext(event);
	const file = await publicEventFile(pub, event.params.event);
	if (!file.ok) error(404, { message: 'error_not_found' });
	return new Response(file.value.content, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="${file.value.filename}"`,
			'cache-control': 'public, max-age=300'
		}
	});
};
