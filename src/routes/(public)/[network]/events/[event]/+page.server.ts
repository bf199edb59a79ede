import { error, fail, redirect } from '@sveltejs/kit';
import { requirePublicContext } from '#lib/server/context.ts';
import { registrationFormSchema } from '#lib/server/events/forms.ts';
import { eventPageLink, registeredLocation } from '#lib/server/events/registration/links.ts';
import { registerForEvent } from '#lib/server/events/registration/service.ts';
import { publicEvent, registrationOptions, type PublicEventView } from '#lib/server/events/public/service.ts';
import { themeWeekOfEvent } from '#lib/server/events/theme-weeks.ts';
import { fieldFailure, parseFormData } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

const attendanceMode = {
	digital: 'https://schema.org/OnlineEventAttendanceMode',
	on_site: 'https://schema.org/OfflineEventAttendanceMode',
	hybrid: 'https://schema.org/MixedEventAttendanceMode'
} as const;

/**
 * schema.org Event for search engines, as the text of a `<script type="application/ld+json">`.
 * A data block is not run, so the page's CSP (script-src with a nonce) does not apply to it and it
 * needs no nonce. `<` is escaped so no value can close the element. Never the video link.
 */
function jsonLd(event: PublicEventView, url: string, network: { name: string; contactEmail: string }): string {
	const place =
		event.format === 'digital' ? null : { '@type': 'Place', name: event.address ?? '', address: event.address ?? '' };
	const online = event.format === 'on_site' ? null : { '@type': 'VirtualLocation', url };
	const data = {
		'@context': 'https://schema.org',
		'@type': 'Event',
		name: event.title,
		description: event.descriptionText,
		startDate: event.startAt.toISOString(),
		endDate: event.endAt.toISOString(),
		eventStatus:
			event.status === 'cancelled' ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
		eventAttendanceMode: attendanceMode[event.format],
		location: [place, online].filter(Boolean),
		inLanguage: event.language,
		url,
		organizer: { '@type': 'Organization', name: network.name, email: network.contactEmail },
		...(event.speakers.length
			? { performer: event.speakers.map((s) => ({ '@type': 'Person', name: s.name, jobTitle: s.title ?? undefined })) }
			: {}),
		...(event.registration === 'open'
			? {
					offers: {
						'@type': 'Offer',
						price: 0,
						priceCurrency: 'SEK',
						url,
						availability: event.full ? 'https://schema.org/SoldOut' : 'https://schema.org/InStock'
					}
				}
			: {})
	};
	return JSON.stringify(data).replace(/</g, '\\u003c');
}

export const load: PageServerLoad = async (event) => {
	const pub = await requirePublicContext(event);
	const found = await publicEvent(pub.db, pub.network, event.params.event, pub.now, pub.locale);
	if (!found.ok) error(404, { message: 'error_not_found' });
	const view = found.value;
	const [options, themeWeek] = await Promise.all([
		registrationOptions(pub.db, pub.network.id, pub.locale),
		themeWeekOfEvent(pub.db, pub.network, view.themeWeekId)
	]);
	const url = eventPageLink(pub.publicOrigin, pub.network.slug, view.id, pub.locale);
	const user = event.locals.user;
	return {
		event: view,
		options,
		themeWeek,
		timeZone: pub.network.timeZone,
		jsonLd: jsonLd(view, url, pub.network),
		// Members' forms are prefilled; such pages are never in the render cache (it skips sessions).
		prefill: user ? { name: user.name, email: user.email } : null
	};
};

export const actions = {
	default: async (event) => {
		const pub = await requirePublicContext(event);
		const form = parseFormData(await event.request.formData(), registrationFormSchema);
		if (!form.ok) return fail(400, form.failure);
		const result = await registerForEvent(pub, event.params.event, form.data, {
			memberUserId: event.locals.user?.userId ?? null
		});
		if (!result.ok && 'retryAfter' in result) {
			// Too many registrations from this client (decision 013): the form again, as typed.
			event.setHeaders({ 'retry-after': String(result.retryAfter) });
			return fail(429, fieldFailure(form.values, result.error));
		}
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error, result.field));
		// The front door (http/event-routes.ts) answers most of these posts before they get
		// here, with the same services; this is the path for everything it passes on.
		redirect(303, registeredLocation(pub.network.slug, event.params.event, pub.locale, result.value));
	}
} satisfies Actions;
