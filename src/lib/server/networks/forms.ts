import { z } from 'zod';
import { TEXT_LANGUAGES } from '../../public-languages.ts';
import { isNetworkQuickExitUrl } from '../../quick-exit.ts';
import { checkPasswordPolicy } from '../platform/auth/password.ts';
import { whenParsed } from '../platform/http.ts';

/** Form schemas of the networks module. Messages are catalogue keys, translated by the page. */

// Trimmed before it is checked, so a space pasted along with an address is no error.
const emailSchema = z.string().trim().toLowerCase().max(254, 'error_too_long').pipe(z.email('error_email_invalid'));

export const roleSchema = z.enum(['admin', 'coordinator', 'communicator', 'member'], {
	message: 'error_role_invalid'
});

export const localeSchema = z.enum(['sv', 'nb', 'en'], { message: 'error_locale_invalid' });

const RESERVED_SLUGS = new Set([
	'app',
	'api',
	'login',
	'logout',
	'account',
	'setup',
	'invite',
	'reset-password',
	'healthz',
	'readyz',
	'nb',
	'en',
	'sv',
	'static',
	'fonts',
	'favicon.ico',
	'robots.txt',
	'_app',
	'about',
	'admin',
	'dev',
	// Instance-level public pages.
	'accessibility',
	'privacy'
]);

export const slugSchema = z
	.string()
	.trim()
	.toLowerCase()
	.min(2, 'error_slug_invalid')
	.max(40, 'error_slug_invalid')
	.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'error_slug_invalid')
	.refine((slug) => !RESERVED_SLUGS.has(slug), 'error_slug_reserved');

const timeZones = new Set(Intl.supportedValuesOf('timeZone'));

export const networkSettingsSchema = z.object({
	name: z.string().trim().min(2, 'error_name_required').max(120, 'error_too_long'),
	timeZone: z.string().refine((tz) => timeZones.has(tz), 'error_time_zone_invalid'),
	defaultLocale: localeSchema,
	contactEmail: emailSchema,
	contactPhone: z
		.string()
		.trim()
		.max(40, 'error_too_long')
		.regex(/^[+0-9 ()-]*$/, 'error_phone_invalid')
		.transform((value) => (value === '' ? null : value)),
	referencePrefix: z
		.string()
		.trim()
		.toUpperCase()
		.regex(/^[A-Z]{2,6}$/, 'error_reference_prefix_invalid')
});

export const newNetworkSchema = networkSettingsSchema.extend({
	slug: slugSchema,
	country: z.enum(['SE', 'NO'], { message: 'error_country_invalid' })
});

export const invitationSchema = z.object({
	email: emailSchema,
	role: roleSchema
});

export const publicTextSchema = z.object({
	kind: z.enum(['description', 'contact', 'accessibility', 'privacy'], { message: 'error_invalid' }),
	locale: localeSchema,
	body: z.string().trim().max(20_000, 'error_too_long')
});

const nameSchema = z.string().trim().min(2, 'error_name_required').max(120, 'error_too_long');
const countrySchema = z.enum(['SE', 'NO'], { message: 'error_country_invalid' });
// Length and common passwords are checked here, so the form reports them with everything else;
// what needs the account (its e-mail, the network's name) is checked again by the service.
const passwordSchema = z.string().superRefine((value, ctx) => {
	const problem = checkPasswordPolicy(value);
	if (problem) ctx.addIssue({ code: 'custom', message: `error_${problem}` });
});

/** A new network's time zone and language follow its country; both can be changed in settings. */
export const countryDefaults = {
	SE: { timeZone: 'Europe/Stockholm', defaultLocale: 'sv' },
	NO: { timeZone: 'Europe/Oslo', defaultLocale: 'nb' }
} as const;

const networkFields = {
	networkName: nameSchema,
	slug: slugSchema,
	country: countrySchema,
	contactEmail: emailSchema,
	contactPhone: networkSettingsSchema.shape.contactPhone,
	referencePrefix: networkSettingsSchema.shape.referencePrefix
};

/** First run: the instance admin and the first network in one form. */
export const setupSchema = z
	.object({
		adminName: nameSchema,
		adminEmail: emailSchema,
		password: passwordSchema,
		passwordConfirm: z.string(),
		...networkFields
	})
	.refine((form) => form.password === form.passwordConfirm, {
		message: 'error_password_mismatch',
		path: ['passwordConfirm'],
		when: whenParsed('passwordConfirm')
	})
	// The account's e-mail and the network's name are in this form, so the rest of the password
	// policy is checked with everything else too, not only by the service after the form passed.
	.refine((form) => setupPasswordProblem(form) !== 'password_contains_email', {
		message: 'error_password_contains_email',
		path: ['password'],
		when: whenParsed('password')
	})
	.refine((form) => setupPasswordProblem(form) !== 'password_contains_network', {
		message: 'error_password_contains_network',
		path: ['password'],
		when: whenParsed('password')
	});

function setupPasswordProblem(form: { password: string; adminEmail?: unknown; networkName?: unknown }) {
	return checkPasswordPolicy(form.password, {
		email: typeof form.adminEmail === 'string' ? form.adminEmail : null,
		networkNames: typeof form.networkName === 'string' ? [form.networkName] : []
	});
}

/** The instance admin creates a network and invites its first admin. */
export const createNetworkSchema = z.object({ ...networkFields, adminEmail: emailSchema });

/** A new person accepting an invitation chooses a name and a password. */
export const acceptInvitationSchema = z
	.object({ name: nameSchema, password: passwordSchema, passwordConfirm: z.string() })
	.refine((form) => form.password === form.passwordConfirm, {
		message: 'error_password_mismatch',
		path: ['passwordConfirm'],
		when: whenParsed('passwordConfirm')
	});

export const membershipIdSchema = z.object({ membershipId: z.string().min(1, 'error_invalid').max(64) });

export const changeRoleSchema = membershipIdSchema.extend({ role: roleSchema });

export const deactivateSchema = membershipIdSchema.extend({
	// The no-JS confirmation step: a checkbox that must be ticked.
	confirm: z.literal('yes', { message: 'error_confirm_required' })
});

export const invitationIdSchema = z.object({ invitationId: z.string().min(1, 'error_invalid').max(64) });

export const networkIdSchema = z.object({ networkId: z.string().min(1, 'error_invalid').max(64) });

export const closeNetworkSchema = networkIdSchema.extend({
	confirm: z.literal('yes', { message: 'error_confirm_required' })
});

const isoDate = z
	.string()
	.trim()
	.regex(/^(\d{4}-\d{2}-\d{2})?$/, 'error_date_invalid')
	.transform((value) => (value === '' ? undefined : value));

/** Filters of the audit log page (query string). Unknown or empty values mean "no filter". */
export const auditFilterSchema = z
	.object({
		action: z
			.string()
			.trim()
			.max(100, 'error_too_long')
			.transform((value) => (value === '' ? undefined : value)),
		actor: z
			.string()
			.trim()
			.max(64)
			.transform((value) => (value === '' ? undefined : value)),
		outcome: z
			.enum(['', 'success', 'failure', 'denied'], { message: 'error_invalid' })
			.transform((value) => (value === '' ? undefined : value)),
		from: isoDate,
		to: isoDate,
		page: z.coerce.number().int().min(1).max(100_000).catch(1)
	})
	.refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, {
		message: 'error_date_range',
		path: ['to'],
		when: whenParsed('from', 'to')
	});

/** The invitation form: whom, with which role, and the language of the mail. */
export const inviteFormSchema = invitationSchema.extend({ locale: localeSchema });

const publicBody = z.string().trim().max(20_000, 'error_too_long');

/** A language a network may write its public texts in (docs/decisions/019-public-languages.md). */
export const textLanguageSchema = z.enum(TEXT_LANGUAGES, { message: 'error_locale_invalid' });

/**
 * The network's own quick-exit site: empty for the neutral site of each language, else an https
 * address (a visitor leaving in a hurry must land on a real, secure site). Absent: unchanged.
 */
export const quickExitUrlSchema = z
	.string()
	.trim()
	.max(500, 'error_too_long')
	.refine((value) => value === '' || isNetworkQuickExitUrl(value), 'error_quick_exit_url_invalid')
	.transform((value) => (value === '' ? null : value))
	.optional();

/** One language's public texts, saved together (with the network's quick-exit site). */
export const publicTextsSchema = z.object({
	locale: textLanguageSchema,
	quickExitUrl: quickExitUrlSchema,
	description: publicBody,
	contact: publicBody,
	accessibility: publicBody,
	privacy: publicBody
});
