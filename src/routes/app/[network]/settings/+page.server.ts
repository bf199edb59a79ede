import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { networkSettingsSchema } from '#lib/server/networks/forms.ts';
import { updateSettings } from '#lib/server/networks/service.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

const FIRST_ZONES = ['Europe/Stockholm', 'Europe/Oslo'];

/** Every time zone the runtime knows, the two the product is made for first. */
function timeZones(): string[] {
	const all = Intl.supportedValuesOf('timeZone');
	return [...FIRST_ZONES, ...all.filter((zone) => !FIRST_ZONES.includes(zone))];
}

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'admin' });
	const n = ctx.network;
	return {
		network: { slug: n.slug, name: n.name, country: n.country },
		values: {
			name: n.name,
			timeZone: n.timeZone,
			defaultLocale: n.defaultLocale,
			contactEmail: n.contactEmail,
			contactPhone: n.contactPhone ?? '',
			referencePrefix: n.referencePrefix
		},
		timeZones: timeZones(),
		saved: event.url.searchParams.has('saved')
	};
};

export const actions = {
	default: async (event) => {
		const ctx = await requireContext(event, { role: 'admin' });
		const form = await parseForm(event.request, networkSettingsSchema);
		if (!form.ok) return fail(400, form.failure);
		const result = await updateSettings(ctx, form.data);
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error));
		redirect(303, `${localizedPath(`/app/${ctx.network.slug}/settings`, ctx.locale)}?saved=1`);
	}
} satisfies Actions;
