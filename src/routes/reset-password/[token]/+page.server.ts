import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { resetPasswordForm, withAccountPasswordRules } from '#lib/server/platform/auth/sign-in-forms.ts';
import { passwordAccount, resetPassword, resetTokenValid } from '#lib/server/platform/auth/sign-in.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import { authFailure, signInDeps } from '#lib/server/sign-in-context.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	// The token is in the address: keep the page out of every cache.
	event.setHeaders({ 'cache-control': 'no-store' });
	return { valid: await resetTokenValid(signInDeps(event), event.params.token) };
};

export const actions = {
	default: async (event) => {
		// the rules that need the account are part of the form, so one submit reports every error
		const account = await passwordAccount(signInDeps(event), { resetToken: event.params.token });
		const schema = account ? withAccountPasswordRules(resetPasswordForm, 'password', account) : resetPasswordForm;
		const form = await parseForm(event.request, schema);
		if (!form.ok) return fail(400, authFailure(form.failure));
		const result = await resetPassword(signInDeps(event), { token: event.params.token, password: form.data.password });
		if (!result.ok) return fail(422, authFailure(fieldFailure(form.values, result.error, result.field)));
		// Not signed in: the person signs in with the new password (and their code, if they have two-factor).
		redirect(303, `${localizedPath('/login', event.locals.locale)}?notice=password_reset`);
	}
} satisfies Actions;
