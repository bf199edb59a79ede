import { z } from 'zod';
import { whenParsed } from '../http.ts';
import { checkPasswordPolicy } from './password.ts';

/**
 * Form schemas of sign-in and the own account. Messages are catalogue keys. Passwords to sign in
 * with are only checked for presence: at sign-in no rule may hint at what is stored. A new password
 * is checked here for what needs no account (length, common passwords), so the form reports it
 * with every other error in one submit; the service checks it again with the person's e-mail and
 * networks.
 */
// A field that is not sent at all (a form changed by a browser extension, a stale page) asks for it
// as an empty one does, rather than falling back to "check the value".
const email = z
	.string({ message: 'auth_error_email_required' })
	.trim()
	.toLowerCase()
	.min(1, 'auth_error_email_required')
	.max(254, 'error_email_invalid')
	.pipe(z.email('error_email_invalid'));
const password = (message: string) => z.string({ message }).min(1, message);
const code = z
	.string({ message: 'auth_error_code_required' })
	.trim()
	.min(1, 'auth_error_code_required')
	.max(64, 'auth_error_code_invalid');

export const signInForm = z.object({
	email,
	password: password('auth_error_password_required')
});

export const secondFactorForm = z.object({ code });

/** Its own field name, so the page has exactly one field called `code` (the app's code). */
export const backupCodeForm = z.object({ backupCode: code });

export const resetRequestForm = z.object({ email });

const newPassword = password('auth_error_new_password_required').superRefine((value, ctx) => {
	const problem = value === '' ? null : checkPasswordPolicy(value);
	if (problem) ctx.addIssue({ code: 'custom', message: `error_${problem}` });
});
const mismatch = { message: 'error_password_mismatch' };

/** A new password, typed twice. */
export const resetPasswordForm = z
	.object({ password: newPassword, passwordRepeat: z.string() })
	.refine((data) => data.password === data.passwordRepeat, {
		...mismatch,
		path: ['passwordRepeat'],
		when: whenParsed('passwordRepeat')
	});

export const changePasswordForm = z
	.object({ currentPassword: password('auth_error_password_required'), newPassword, newPasswordRepeat: z.string() })
	.refine((data) => data.newPassword === data.newPasswordRepeat, {
		...mismatch,
		path: ['newPasswordRepeat'],
		when: whenParsed('newPasswordRepeat')
	});

export const profileForm = z.object({
	name: z.string().trim().min(2, 'error_name_required').max(120, 'error_too_long'),
	locale: z.enum(['sv', 'nb', 'en'], { message: 'error_locale_invalid' })
});

export const confirmPasswordForm = z.object({ password: password('auth_error_password_required') });

/** What the rules of a new password need to know of the account it is for. */
export interface PasswordAccount {
	email: string | null;
	networkNames: string[];
}

/**
 * A form's schema with the rules of a new password that need the account (not the person's e-mail,
 * not a network's name), so the form reports them with every other error in one submit; the service
 * still checks them too. The route knows the account before it reads the form (the signed-in
 * person, the reset link's or the invitation's address).
 */
export function withAccountPasswordRules<S extends z.ZodType<Record<string, unknown>>>(
	schema: S,
	field: string,
	account: PasswordAccount
): S {
	const problem = (form: Record<string, unknown>) =>
		typeof form[field] === 'string' ? checkPasswordPolicy(form[field], account) : null;
	return schema
		.refine((form) => problem(form) !== 'password_contains_email', {
			message: 'error_password_contains_email',
			path: [field],
			when: whenParsed(field)
		})
		.refine((form) => problem(form) !== 'password_contains_network', {
			message: 'error_password_contains_network',
			path: [field],
			when: whenParsed(field)
		}) as S;
}
