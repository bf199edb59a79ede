import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { app } from './app.ts';
import { networksOfUser } from './networks/service.ts';
import type { FormFailure } from './platform/http.ts';
import { isSecureOrigin } from './platform/auth/better-auth.ts';
import { localizedPath } from '#lib/i18n.ts';
import type { Locale } from './platform/context.ts';
import {
	ENROLMENT_TTL_MS,
	openEnrolment,
	sealEnrolment,
	signIn,
	type PendingEnrolment,
	type SignInDeps
} from './platform/auth/sign-in.ts';

/** What the sign-in service needs from a request: the running app, the cookies, who and when. */
export function signInDeps(event: Pick<RequestEvent, 'request' | 'locals'>): SignInDeps {
	const { auth, database } = app();
	return {
		auth,
		db: database.db,
		membershipsOf: networksOfUser,
		headers: event.request.headers,
		clientAddress: event.locals.clientAddress,
		requestId: event.locals.requestId,
		now: new Date()
	};
}

/** What the sign-in forms hand back: a form failure, or a lockout whose minutes the page puts into words. */
export type AuthFormFailure = FormFailure & { lockedMinutes?: number };

export function authFailure(failure: FormFailure): AuthFormFailure {
	return failure;
}

export function lockedFailure(values: Record<string, string>, minutes: number): AuthFormFailure {
	return { values, errors: {}, lockedMinutes: minutes };
}

// The pending two-factor enrolment (see sign-in.ts for why it is a sealed cookie). `__Host-` needs
// Secure, so plain-http localhost gets the name without the prefix, as the session cookie does.
function enrolmentCookie(): { name: string; secure: boolean } {
	const secure = isSecureOrigin(app().publicOrigin);
	return { name: secure ? '__Host-samverkan_enrolment' : 'samverkan_enrolment', secure };
}

export function storeEnrolment(cookies: Cookies, enrolment: PendingEnrolment): void {
	const { name, secure } = enrolmentCookie();
	cookies.set(name, sealEnrolment(app().config.secret, enrolment), {
		path: '/',
		httpOnly: true,
		secure,
		sameSite: 'strict',
		maxAge: ENROLMENT_TTL_MS / 1000
	});
}

export function readEnrolment(cookies: Cookies, userId: string): PendingEnrolment | null {
	return openEnrolment(app().config.secret, cookies.get(enrolmentCookie().name), userId, new Date());
}

export function forgetEnrolment(cookies: Cookies): void {
	const { name, secure } = enrolmentCookie();
	cookies.delete(name, { path: '/', secure, httpOnly: true, sameSite: 'strict' });
}

/**
 * Signs in a person who has just proved who they are by choosing their password (first-run setup, a
 * new account from an invitation), through the ordinary sign-in: a new session, the "signed in" audit
 * entry, the same cookie, and the two-factor step when the account has one. Returns where to go: the
 * destination, the code step, or — should sign-in not succeed (a lockout) — the sign-in page with the
 * notice, so nothing is lost but a second typing of the password.
 */
export async function signInAfterProof(
	event: Pick<RequestEvent, 'request' | 'locals'>,
	credentials: { email: string; password: string },
	destination: string,
	fallbackNotice: string
): Promise<string> {
	const locale = event.locals.locale as Locale;
	const result = await signIn(signInDeps(event), credentials);
	if (!result.ok) return `${localizedPath('/login', locale)}?notice=${fallbackNotice}`;
	if (result.value.twoFactor) {
		return `${localizedPath('/login/two-factor', locale)}?next=${encodeURIComponent(destination)}`;
	}
	return destination;
}
