import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { app } from '#lib/server/app.ts';
import { requireUser } from '#lib/server/context.ts';
import { networksOfUser } from '#lib/server/networks/service.ts';
import { changePasswordForm, profileForm, withAccountPasswordRules } from '#lib/server/platform/auth/sign-in-forms.ts';
import {
	changePassword,
	passwordAccount,
	signOutEverywhere,
	updateProfile
} from '#lib/server/platform/auth/sign-in.ts';
import { findUserById } from '#lib/server/platform/auth/user-repository.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import { authFailure, lockedFailure, signInDeps } from '#lib/server/sign-in-context.ts';
import type { Actions, PageServerLoad } from './$types';

const notices: Record<string, string> = {
	saved: 'auth_notice_profile_saved',
	password_changed: 'auth_notice_password_changed',
	two_factor_disabled: 'auth_notice_two_factor_disabled'
};

export const load: PageServerLoad = async (event) => {
	const actor = requireUser(event);
	const db = app().database.db;
	const user = await findUserById(db, actor.userId);
	if (!user) redirect(303, localizedPath('/login', event.locals.locale));
	const networks = await networksOfUser(db, actor.userId);
	return {
		account: {
			name: user.name,
			email: user.email,
			locale: user.locale ?? event.locals.locale,
			twoFactorEnabled: user.twoFactorEnabled
		},
		networks: networks.map((entry) => ({ slug: entry.network.slug, name: entry.network.name, role: entry.role })),
		notice: notices[event.url.searchParams.get('notice') ?? ''] ?? null
	};
};

export const actions = {
	profile: async (event) => {
		const actor = requireUser(event);
		const form = await parseForm(event.request, profileForm);
		if (!form.ok) return fail(400, { ...authFailure(form.failure), form: 'profile' });
		await updateProfile(signInDeps(event), actor, form.data);
		// ?lang= makes the chosen language the one the pages are shown in, too (hooks.server.ts).
		redirect(303, `${localizedPath('/account', event.locals.locale)}?notice=saved&lang=${form.data.locale}`);
	},
	password: async (event) => {
		const actor = requireUser(event);
		// the rules that need the account are part of the form, so one submit reports every error
		const account = await passwordAccount(signInDeps(event), { userId: actor.userId });
		const schema = account ? withAccountPasswordRules(changePasswordForm, 'newPassword', account) : changePasswordForm;
		const form = await parseForm(event.request, schema);
		if (!form.ok) return fail(400, { ...authFailure(form.failure), form: 'password' });
		const result = await changePassword(signInDeps(event), actor, form.data);
		if (!result.ok) {
			if (result.retryAfterMinutes)
				return fail(429, { ...lockedFailure({}, result.retryAfterMinutes), form: 'password' });
			return fail(422, { ...authFailure(fieldFailure(form.values, result.error, result.field)), form: 'password' });
		}
		redirect(303, `${localizedPath('/account', event.locals.locale)}?notice=password_changed`);
	},
	everywhere: async (event) => {
		const actor = requireUser(event);
		await signOutEverywhere(signInDeps(event), actor);
		redirect(303, `${localizedPath('/login', event.locals.locale)}?notice=signed_out_everywhere`);
	}
} satisfies Actions;
