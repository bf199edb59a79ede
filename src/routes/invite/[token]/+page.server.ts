import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { app } from '#lib/server/app.ts';
import { acceptInvitationSchema } from '#lib/server/networks/forms.ts';
import { acceptInvitation, previewInvitation } from '#lib/server/networks/service.ts';
import { withAccountPasswordRules } from '#lib/server/platform/auth/sign-in-forms.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import { signInAfterProof } from '#lib/server/sign-in-context.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
	// The URL carries a credential: never keep the page in any cache.
	setHeaders({ 'cache-control': 'no-store' });
	const preview = await previewInvitation(app().database.db, params.token, new Date());
	if (!preview.ok) return { state: 'invalid' as const, error: preview.error, signedIn: locals.user !== null };
	const { network, email, role, hasAccount } = preview.value;
	const signedIn = locals.user;
	const state = !hasAccount ? ('new' as const) : signedIn?.email === email ? ('accept' as const) : ('sign-in' as const);
	return {
		state,
		signedIn: signedIn !== null,
		invitation: { networkName: network.name, email, role },
		signedInAs: signedIn && signedIn.email !== email ? signedIn.email : null,
		signInHref: `${localizedPath('/login', locals.locale)}?next=${encodeURIComponent(localizedPath(`/invite/${params.token}`, locals.locale))}`
	};
};

export const actions = {
	default: async (event) => {
		const { params, locals } = event;
		const db = app().database.db;
		const preview = await previewInvitation(db, params.token, new Date());
		if (!preview.ok) return fail(422, fieldFailure({}, preview.error));
		if (preview.value.hasAccount) {
			// One click for a person who is already signed in as the invited account.
			const result = await acceptInvitation(
				db,
				params.token,
				{
					signedInUserId: locals.user?.userId ?? null,
					locale: locals.locale,
					clientAddress: locals.clientAddress,
					requestId: locals.requestId
				},
				new Date()
			);
			if (!result.ok) return fail(422, fieldFailure({}, result.error));
			redirect(303, localizedPath(`/app/${result.value.network.slug}`, locals.locale));
		}
		// the rules that need the account (the invited address, the network's name) are part of the
		// form, so one submit reports every error
		const form = await parseForm(
			event.request,
			withAccountPasswordRules(acceptInvitationSchema, 'password', {
				email: preview.value.email,
				networkNames: [preview.value.network.name]
			})
		);
		if (!form.ok) return fail(400, form.failure);
		const result = await acceptInvitation(
			db,
			params.token,
			{
				name: form.data.name,
				password: form.data.password,
				locale: locals.locale,
				clientAddress: locals.clientAddress,
				requestId: locals.requestId
			},
			new Date()
		);
		if (!result.ok) return fail(422, fieldFailure(form.values, result.error, result.field));
		// The person has just chosen the password: signed in as by the sign-in form (two-factor included).
		redirect(
			303,
			await signInAfterProof(
				event,
				{ email: preview.value.email, password: form.data.password },
				localizedPath(`/app/${result.value.network.slug}`, locals.locale),
				'invitation_accepted'
			)
		);
	}
} satisfies Actions;
