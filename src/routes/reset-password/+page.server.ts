import { fail } from '@sveltejs/kit';
import { resetRequestForm } from '#lib/server/platform/auth/sign-in-forms.ts';
import { requestPasswordReset } from '#lib/server/platform/auth/sign-in.ts';
import { parseForm } from '#lib/server/platform/http.ts';
import { authFailure, lockedFailure, signInDeps } from '#lib/server/sign-in-context.ts';
import type { Actions } from './$types';

export const actions = {
	default: async (event) => {
		const form = await parseForm(event.request, resetRequestForm);
		if (!form.ok) return fail(400, authFailure(form.failure));
		const result = await requestPasswordReset(signInDeps(event), form.data);
		if (!result.ok) return fail(429, lockedFailure(form.values, result.retryAfterMinutes ?? 60));
		// The same answer for every address, with or without an account.
		return { sent: true };
	}
} satisfies Actions;
