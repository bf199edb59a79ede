import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { app } from '#lib/server/app.ts';
import { countryDefaults, setupSchema } from '#lib/server/networks/forms.ts';
import { runFirstSetup } from '#lib/server/networks/service.ts';
import { countUsers } from '#lib/server/platform/auth/user-repository.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import { signInAfterProof } from '#lib/server/sign-in-context.ts';
import type { Actions, PageServerLoad } from './$types';

/** First run only: once anyone exists, this page does not. */
async function requireNoUsers(): Promise<void> {
	if ((await countUsers(app().database.db)) > 0) error(404, { message: 'error_not_found' });
}

export const load: PageServerLoad = async () => {
	await requireNoUsers();
	return {};
};

export const actions = {
	default: async (event) => {
		await requireNoUsers();
		const form = await parseForm(event.request, setupSchema);
		if (!form.ok) return fail(400, form.failure);
		const { adminName, adminEmail, password, networkName, country, slug, contactEmail, contactPhone, referencePrefix } =
			form.data;
		const result = await runFirstSetup(
			app().database.db,
			{
				admin: { name: adminName, email: adminEmail, password },
				network: {
					...countryDefaults[country],
					country,
					name: networkName,
					slug,
					contactEmail,
					contactPhone,
					referencePrefix
				},
				locale: event.locals.locale,
				clientAddress: event.locals.clientAddress,
				requestId: event.locals.requestId
			},
			new Date()
		);
		if (!result.ok) {
			if (result.error === 'error_setup_done') error(404, { message: 'error_not_found' });
			return fail(422, fieldFailure(form.values, result.error, result.field));
		}
		// The admin has just chosen the password: signed in as by the sign-in form, and led on to the
		// network, which first asks an admin to set up two-factor authentication.
		redirect(
			303,
			await signInAfterProof(
				event,
				{ email: adminEmail, password },
				localizedPath(`/app/${result.value.network.slug}`, event.locals.locale),
				'setup_done'
			)
		);
	}
} satisfies Actions;
