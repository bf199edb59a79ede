import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { backupCodeForm, secondFactorForm } from '#lib/server/platform/auth/sign-in-forms.ts';
import {
	pendingTwoFactor,
	safeNext,
	verifySecondFactor,
	type SecondFactorMethod
} from '#lib/server/platform/auth/sign-in.ts';
import { fieldFailure, parseForm, type ParsedForm } from '#lib/server/platform/http.ts';
import { authFailure, lockedFailure, signInDeps } from '#lib/server/sign-in-context.ts';
import type { Actions, PageServerLoad } from './$types';

function loginPath(event: Pick<RequestEvent, 'locals'>, next: string | null, notice?: string): string {
	const query = new URLSearchParams();
	if (notice) query.set('notice', notice);
	if (next) query.set('next', next);
	const search = query.toString();
	return `${localizedPath('/login', event.locals.locale)}${search ? `?${search}` : ''}`;
}

export const load: PageServerLoad = async (event) => {
	const next = safeNext(event.url.searchParams.get('next'));
	if (event.locals.user) redirect(303, next ?? localizedPath('/app', event.locals.locale));
	// Without a pending challenge (expired, or opened directly) the first step comes first.
	if (!(await pendingTwoFactor(signInDeps(event)))) redirect(303, loginPath(event, next));
	event.setHeaders({ 'cache-control': 'no-store' });
	return { next };
};

/** The code typed, from the app's form (`code`) or the backup form (`backupCode`). */
async function readCode(event: RequestEvent, method: SecondFactorMethod): Promise<ParsedForm<{ code: string }>> {
	if (method === 'totp') return parseForm(event.request, secondFactorForm);
	const form = await parseForm(event.request, backupCodeForm);
	return form.ok ? { ...form, data: { code: form.data.backupCode } } : form;
}

async function verify(event: RequestEvent, method: SecondFactorMethod) {
	const form = await readCode(event, method);
	const next = safeNext((form.ok ? form.values : form.failure.values).next);
	if (!form.ok) return fail(400, { ...authFailure(form.failure), method });
	const result = await verifySecondFactor(signInDeps(event), { code: form.data.code, method });
	if (!result.ok) {
		if (result.error === 'auth_error_two_factor_expired') redirect(303, loginPath(event, next, 'two_factor_expired'));
		if (result.retryAfterMinutes) return fail(429, { ...lockedFailure({}, result.retryAfterMinutes), method });
		const field = method === 'totp' ? 'code' : 'backupCode';
		return fail(400, { ...authFailure(fieldFailure({}, result.error, field)), method });
	}
	redirect(303, next ?? localizedPath('/app', event.locals.locale));
}

export const actions = {
	totp: (event) => verify(event, 'totp'),
	backup: (event) => verify(event, 'backup')
} satisfies Actions;
