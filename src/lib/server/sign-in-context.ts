import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { app } from './app.ts';
import type { FormFailure } from './platform/http.ts';
import { isSecureOrigin } from './platform/auth/better-auth.ts';
import {
	ENROLMENT_TTL_MS,
	openEnrolment,
	sealEnrolment,
	type PendingEnrolment,
	type SignInDeps
} from './platform/auth/sign-in.ts';

/** What the sign-in service needs from a request: the running app, the cookies, who and when. */
export function signInDeps(event: Pick<RequestEvent, 'request' | 'locals'>): SignInDeps {
	const { auth, database } = app();
	return {
		auth,
		db: database.db,
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
