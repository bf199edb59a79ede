import { z } from 'zod';

/** Form schemas of the networks module. Messages are catalogue keys, translated by the page. */
export const roleSchema = z.enum(['admin', 'coordinator', 'communicator', 'member'], {
	message: 'error_role_invalid'
});

export const localeSchema = z.enum(['sv', 'nb', 'en'], { message: 'error_locale_invalid' });

const RESERVED_SLUGS = new Set([
	'app', 'api', 'login', 'logout', 'account', 'setup', 'invite', 'reset-password', 'healthz', 'readyz',
	'nb', 'en', 'sv', 'static', 'fonts', 'favicon.ico', 'robots.txt', '_app', 'about', 'admin', 'dev'
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
	contactEmail: z.email('error_email_invalid').trim().toLowerCase().max(254, 'error_too_long'),
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
	email: z.email('error_email_invalid').trim().toLowerCase().max(254, 'error_too_long'),
	role: roleSchema
});

export const publicTextSchema = z.object({
	kind: z.enum(['description', 'contact', 'accessibility', 'privacy'], { message: 'error_invalid' }),
	locale: localeSchema,
	body: z.string().trim().max(20_000, 'error_too_long')
});
