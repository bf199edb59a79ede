import { error } from '@sveltejs/kit';
import { requireContext } from '#lib/server/context.ts';
import { meetingCalendarFile } from '#lib/server/meetings/calendar-service.ts';
import type { RequestHandler } from './$types';

/** One meeting's calendar file, for the invited (with the video link) and for coordinators. */
export const GET: RequestHandler = async (event) => {
	const ctx = await requireContext(event, { role: 'member' });
	const file = await meetingCalendarFile(ctx, event.params.meeting);
	if (!file.ok) error(404, { message: 'error_not_found' });
	return new Response(file.value.content, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="${file.value.filename}"`,
			'cache-control': 'private, no-store'
		}
	});
};
