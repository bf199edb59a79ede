import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { signInForm } from '#lib/server/platform/auth/sign-in-forms.ts';
import { safeNext, signIn } from '#lib/server/platform/auth/sign-in.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import { authFailure, lockedFailure, signInDeps } from '#lib/server/sign-in-context.ts';
import type { Actions, PageServerLoad } from './$types';

/** Notices other pages send people here with (?notice=…), as message keys. */
const notices: Record<string, { key: string; color: 'success' | 'info' | 'warning' }> = {
	signed_out: { key: 'auth_notice_signed_out', color: 'info' },
	signed_out_everywhere: { key: 'auth_notice_signed_out_everywhere', color: 'info' },
	password_reset: { key: 'auth_notice_password_reset', color: 'success' },
	two_factor_expired: { key: 'auth_error_two_factor_expired', color: 'warning' },
	setup_done: { key: 'setup_done_notice', color: 'success' },
	invitation_accepted: { key: 'invite_done_notice', color: 'success' }
};

function afterSignIn(next: string | null, locale: Parameters<typeof localizedPath>[1]): string {
	return next ?? localizedPath('/app', locale);
}

export const load: PageServerLoad = ({ locals, url, setHeaders }) => {
	const next = safeNext(url.searchParams.get('next'));
	if (locals.user) redirect(303, afterSignIn(next, locals.locale));
	setHeaders({ 'cache-control': 'no-store' });
	return { notice: notices[url.searchParams.get('notice') ?? ''] ?? null };
};

export const actions = {
	default: async (event) => {
		const form = await parseForm(event.request, signInForm);
		if (!form.ok) return fail(400, authFailure(form.failure));
		const result = await signIn(signInDeps(event), form.data);
		if (!result.ok) {
			if (result.retryAfterMinutes) return fail(429, lockedFailure(form.values, result.retryAfterMinutes));
			return fail(400, authFailure(fieldFailure(form.values, result.error)));
		}
		const next = safeNext(event.url.searchParams.get('next'));
		if (result.value.twoFactor) {
			const query = next ? `?next=${encodeURIComponent(next)}` : '';
			redirect(303, `${localizedPath('/login/two-factor', event.locals.locale)}${query}`);
		}
		redirect(303, afterSignIn(next, event.locals.locale));
	}
} satisfies Actions;
