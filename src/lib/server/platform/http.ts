import { error } from '@sveltejs/kit';
import type { z } from 'zod';
import { m } from '#lib/paraglide/messages.js';
import { withParams } from '#lib/message-keys.ts';

/**
 * What a form action hands back to its page when input is bad: the message key per field and
 * what the user typed (never passwords), so the form is shown again as it was.
 */
export interface FormFailure {
	values: Record<string, string>;
	errors: Record<string, string>;
	message?: string;
}

export type ParsedForm<T> = { ok: true; data: T; values: Record<string, string> } | { ok: false; failure: FormFailure };

/** Fields whose values are never sent back to the browser (passwords, one-time codes, tokens). */
const SECRET_FIELDS = new Set([
	'password',
	'passwordConfirm',
	'passwordRepeat',
	'currentPassword',
	'newPassword',
	'newPasswordConfirm',
	'code',
	'backupCode',
	'token',
	'secret'
]);

export function formValues(formData: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of formData) {
		if (typeof value !== 'string' || SECRET_FIELDS.has(key)) continue;
		values[key] = key in values ? `${values[key]},${value}` : value;
	}
	return values;
}

/** Reads a form into an object: repeated fields (checkboxes) become arrays. */
export function formObject(formData: FormData, arrayFields: string[] = []): Record<string, unknown> {
	const object: Record<string, unknown> = {};
	for (const key of new Set(formData.keys())) {
		const all = formData.getAll(key).filter((v): v is string => typeof v === 'string');
		object[key] = arrayFields.includes(key) ? all : (all[0] ?? '');
	}
	for (const key of arrayFields) object[key] ??= [];
	return object;
}

/**
 * The catalogue key a schema's message names, or `error_invalid` for zod's own English sentences.
 * Any key of the catalogues counts, not only `error_…`: the sign-in form's `auth_error_email_required`
 * and `auth_error_password_required` used to become "check the value", which read as if a correct
 * address had been refused when only the password was empty.
 */
export function messageKeyOf(message: string): string {
	return typeof (m as unknown as Record<string, unknown>)[message] === 'function' ? message : 'error_invalid';
}

/**
 * `when` for a refinement over several fields of an object. Zod skips an object's refinements once
 * any field has failed, so "the passwords differ" or "the end is before the start" came only with
 * the second submit. With this the check runs whenever the fields it compares parsed, whatever
 * happened to the others, and one submit reports every error.
 */
export function whenParsed(...fields: string[]) {
	return (payload: z.core.ParsePayload): boolean =>
		!payload.issues.some((issue) => fields.includes(String(issue.path?.[0])));
}

/** Keys that only say "fill this in" or "check this": a text of the wrong length gets the limit instead. */
const GENERIC_LENGTH_KEYS = new Set(['error_invalid', 'error_too_long', 'error_too_long_max']);

/**
 * The message key of one zod issue, with the limit when the issue is a text's length: "at most 120
 * characters", "at least 2 characters", so the person knows how much to cut or add. A schema's
 * own key stays when it says more than the length (an e-mail address, a slug's format); a
 * "required" key stays for an empty field and becomes "too short" for a field with too little.
 */
export function issueMessageKey(issue: z.core.$ZodIssue, input?: unknown): string {
	const key = messageKeyOf(issue.message);
	if (issue.code === 'too_big' && issue.origin === 'string' && GENERIC_LENGTH_KEYS.has(key))
		return withParams('error_too_long_max', { max: Number(issue.maximum) });
	if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) > 1) {
		const typed = typeof input === 'string' && input.trim() !== '';
		if (typed && (GENERIC_LENGTH_KEYS.has(key) || /_required$/.test(key)))
			return withParams('error_too_short_min', { min: Number(issue.minimum) });
	}
	return key;
}

/** The value a form sent for an issue's path, to tell an empty field from one with too little. */
export function inputAt(object: unknown, path: readonly PropertyKey[]): unknown {
	let value = object;
	for (const step of path) value = (value as Record<PropertyKey, unknown> | null | undefined)?.[step];
	return value;
}

export function parseFormData<S extends z.ZodType>(
	formData: FormData,
	schema: S,
	options: { arrayFields?: string[] } = {}
): ParsedForm<z.infer<S>> {
	const values = formValues(formData);
	const object = formObject(formData, options.arrayFields);
	const parsed = schema.safeParse(object);
	if (parsed.success) return { ok: true, data: parsed.data, values };
	const errors: Record<string, string> = {};
	for (const issue of parsed.error.issues) {
		const field = String(issue.path[0] ?? '_form');
		errors[field] ??= issueMessageKey(issue, inputAt(object, issue.path));
	}
	return { ok: false, failure: { values, errors } };
}

export async function parseForm<S extends z.ZodType>(
	request: Request,
	schema: S,
	options: { arrayFields?: string[] } = {}
): Promise<ParsedForm<z.infer<S>>> {
	return parseFormData(await request.formData(), schema, options);
}

/** A failure for one field (or the whole form), keeping what was typed. */
export function fieldFailure(values: Record<string, string>, error: string, field?: string): FormFailure {
	return field ? { values, errors: { [field]: error } } : { values, errors: {}, message: error };
}

/**
 * A form body that cannot be read — a multipart body cut off or without its boundary, a type that
 * is no form — is the sender's mistake, not ours: 400 and the error page (JSON for an enhanced
 * form), as SvelteKit answers an `error()` thrown in an action; 413 for a body over adapter-node's
 * BODY_SIZE_LIMIT. hooks.server.ts wraps every request's `formData()` with this, so also the
 * actions that read the body themselves answer so and none fails with a 500.
 */
export function refuseUnreadableForm(request: Request): void {
	const read = request.formData.bind(request);
	Object.defineProperty(request, 'formData', {
		configurable: true,
		value: async (): Promise<FormData> => {
			try {
				return await read();
			} catch (cause) {
				// adapter-node fails the body's stream with its own 413 error when the body is too long.
				if ((cause as { status?: unknown } | null)?.status === 413) error(413, 'error_form_too_large');
				error(400, 'error_form_unreadable');
			}
		}
	});
}
