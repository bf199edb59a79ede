import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { app } from '#lib/server/app.ts';
import { requireUser } from '#lib/server/context.ts';
import { networksOfUser } from '#lib/server/networks/service.ts';
import { confirmPasswordForm, secondFactorForm } from '#lib/server/platform/auth/sign-in-forms.ts';
import {
	confirmTwoFactorEnrolment,
	disableTwoFactor,
	manualEntryKey,
	qrCodeDataUri,
	regenerateBackupCodes,
	startTwoFactorEnrolment,
	twoFactorMandatory,
	type AuthFailure
} from '#lib/server/platform/auth/sign-in.ts';
import { findUserById } from '#lib/server/platform/auth/user-repository.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import {
	authFailure,
	forgetEnrolment,
	lockedFailure,
	readEnrolment,
	signInDeps,
	storeEnrolment
} from '#lib/server/sign-in-context.ts';
import type { Actions, PageServerLoad } from './$types';

/** This page again, keeping ?required=1 (the explanation for admins and coordinators). */
function here(event: Pick<RequestEvent, 'url' | 'locals'>, extra?: string): string {
	const query = new URLSearchParams();
	if (event.url.searchParams.get('required') === '1') query.set('required', '1');
	if (extra) query.set(extra, '1');
	const search = query.toString();
	return `${localizedPath('/account/two-factor', event.locals.locale)}${search ? `?${search}` : ''}`;
}

function failed(form: string, result: AuthFailure) {
	if (result.retryAfterMinutes) return fail(429, { ...lockedFailure({}, result.retryAfterMinutes), form });
	return fail(result.field ? 422 : 400, { ...authFailure(fieldFailure({}, result.error, result.field)), form });
}

export const load: PageServerLoad = async (event) => {
	const actor = requireUser(event);
	const db = app().database.db;
	const user = await findUserById(db, actor.userId);
	if (!user) redirect(303, localizedPath('/login', event.locals.locale));
	const required = event.url.searchParams.get('required') === '1';
	if (user.twoFactorEnabled) {
		return {
			state: 'enabled' as const,
			required,
			done: event.url.searchParams.has('done'),
			mandatory: await twoFactorMandatory(db, user.id, networksOfUser)
		};
	}
	// The secret is shown here: hooks.server.ts marks every /account page no-store.
	const enrolment = readEnrolment(event.cookies, user.id);
	if (!enrolment) return { state: 'password' as const, required };
	return {
		state: 'verify' as const,
		required,
		qrCode: await qrCodeDataUri(enrolment.totpURI),
		key: manualEntryKey(enrolment.totpURI),
		backupCodes: enrolment.backupCodes
	};
};

export const actions = {
	start: async (event) => {
		const actor = requireUser(event);
		const form = await parseForm(event.request, confirmPasswordForm);
		if (!form.ok) return fail(400, { ...authFailure(form.failure), form: 'start' });
		const result = await startTwoFactorEnrolment(signInDeps(event), actor, form.data);
		if (!result.ok) return failed('start', result);
		storeEnrolment(event.cookies, result.value);
		redirect(303, here(event));
	},
	verify: async (event) => {
		const actor = requireUser(event);
		const form = await parseForm(event.request, secondFactorForm);
		if (!form.ok) return fail(400, { ...authFailure(form.failure), form: 'verify' });
		if (!readEnrolment(event.cookies, actor.userId))
			return fail(400, { ...authFailure(fieldFailure({}, 'auth_error_enrolment_expired')), form: 'start' });
		const result = await confirmTwoFactorEnrolment(signInDeps(event), actor, form.data);
		if (!result.ok) {
			if (result.error === 'auth_error_enrolment_expired') forgetEnrolment(event.cookies);
			return failed('verify', result);
		}
		forgetEnrolment(event.cookies);
		redirect(303, here(event, 'done'));
	},
	restart: async (event) => {
		requireUser(event);
		forgetEnrolment(event.cookies);
		redirect(303, here(event));
	},
	regenerate: async (event) => {
		const actor = requireUser(event);
		const form = await parseForm(event.request, confirmPasswordForm);
		if (!form.ok) return fail(400, { ...authFailure(form.failure), form: 'regenerate' });
		const result = await regenerateBackupCodes(signInDeps(event), actor, form.data);
		if (!result.ok) return failed('regenerate', result);
		// Shown once, in this response only.
		return { form: 'regenerate', backupCodes: result.value.backupCodes };
	},
	disable: async (event) => {
		const actor = requireUser(event);
		const form = await parseForm(event.request, confirmPasswordForm);
		if (!form.ok) return fail(400, { ...authFailure(form.failure), form: 'disable' });
		const result = await disableTwoFactor(signInDeps(event), actor, form.data);
		if (!result.ok) return failed('disable', result);
		redirect(303, `${localizedPath('/account', event.locals.locale)}?notice=two_factor_disabled`);
	}
} satisfies Actions;
