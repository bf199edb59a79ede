import { error } from '@sveltejs/kit';
import { requireContext } from '#lib/server/context.ts';
import { getEvent } from '#lib/server/events/staff/events-service.ts';
import type { LayoutServerLoad } from './$types';

/** The event every page below shows in its header and tabs; another network's id is "not found". */
export const load: LayoutServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const result = await getEvent(ctx, event.params.event);
	if (!result.ok) error(404, { message: 'error_not_found' });
	const { event: e, counts, sessions, speakers } = result.value;
	return {
		event: {
			id: e.id,
			title: e.title,
			type: e.type,
			format: e.format,
			status: e.status,
			visibility: e.visibility,
			startAt: e.startAt,
			endAt: e.endAt,
			address: e.address,
			videoLink: e.videoLink,
			capacity: e.capacity,
			capacityOnSite: e.capacityOnSite,
			capacityDigital: e.capacityDigital,
			seatsTaken: e.seatsTaken,
			seatsTakenOnSite: e.seatsTakenOnSite,
			seatsTakenDigital: e.seatsTakenDigital,
			registrationOpensAt: e.registrationOpensAt,
			registrationClosesAt: e.registrationClosesAt,
			promotionMode: e.promotionMode,
			offerHours: e.offerHours,
			language: e.language
		},
		counts,
		sessions,
		speakers
	};
};
