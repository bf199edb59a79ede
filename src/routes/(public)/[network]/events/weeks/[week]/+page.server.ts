import { error } from '@sveltejs/kit';
import { requirePublicContext } from '#lib/server/context.ts';
import { publicThemeWeek } from '#lib/server/events/theme-weeks.ts';
import type { PageServerLoad } from './$types';

/** A theme week and its public activities; 404 for another network's week and a week with none. */
export const load: PageServerLoad = async (event) => {
	const pub = await requirePublicContext(event);
	const found = await publicThemeWeek(pub.db, pub.network, event.params.week, pub.now);
	if (!found.ok) error(404, { message: 'error_not_found' });
	return { week: found.value, now: pub.now, timeZone: pub.network.timeZone };
};
