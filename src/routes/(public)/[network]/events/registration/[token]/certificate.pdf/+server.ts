import { error } from '@sveltejs/kit';
import { requirePublicContext } from '#lib/server/context.ts';
import { certificateByToken } from '#lib/server/events/public/certificate-service.ts';
import type { RequestHandler } from './$types';

/** The attendance certificate, from the personal link, once attended; in the registrant's language. */
export const GET: RequestHandler = async (event) => {
	const pub = await requirePublicContext(event);
	const file = await certificateByToken(pub, event.params.token);
	if (!file.ok) error(404, { message: 'error_not_found' });
	return new Response(new Uint8Array(file.value.content), {
		headers: {
			'content-type': file.value.contentType,
			'content-disposition': `attachment; filename="${file.value.filename}"`,
			'cache-control': 'no-store'
		}
	});
};
