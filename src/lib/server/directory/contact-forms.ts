import { z } from 'zod';

/** Form schemas of contact persons, coverage and the checklist. Messages are catalogue keys. */

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, 'error_too_long')
		.transform((v) => (v === '' ? null : v));

/** A calendar day typed as YYYY-MM-DD (what <input type="date"> sends), or nothing. */
export const optionalDay = z
	.string()
	.trim()
	.refine(
		(v) =>
			v === '' ||
			(/^\d{4}-\d{2}-\d{2}$/.test(v) &&
				!Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
				new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)),
		'error_contacts_date_invalid'
	)
	.transform((v) => (v === '' ? null : v));

const id = (message: string) => z.string().trim().min(1, message).max(100, message);
const optionalId = z
	.string()
	.trim()
	.max(100, 'error_invalid')
	.transform((v) => (v === '' ? null : v));

export const contactFormSchema = z.object({
	name: z.string().trim().min(2, 'error_name_required').max(200, 'error_too_long'),
	organisationId: id('error_contacts_organisation_required'),
	function: optionalText(300),
	// Checked by the service with the network's country (libphonenumber-js).
	phone: z.string().trim().max(40, 'error_contacts_phone_invalid'),
	email: z
		.string()
		.trim()
		.toLowerCase()
		.max(254, 'error_too_long')
		.refine((v) => v === '' || z.email().safeParse(v).success, 'error_email_invalid')
		.transform((v) => (v === '' ? null : v)),
	memberUserId: optionalId,
	lastVerifiedOn: optionalDay,
	notes: optionalText(4000),
	active: z
		.string()
		.optional()
		.transform((v) => v === 'on' || v === 'true')
});
export type ContactForm = z.infer<typeof contactFormSchema>;

export const contactIdSchema = z.object({ contactId: id('error_not_found') });

export const representativeSchema = z.object({
	municipalityId: id('error_contacts_municipality_required'),
	kind: z.enum(['primary', 'deputy'], { message: 'error_contacts_kind_invalid' })
});

export const removeRepresentativeSchema = z.object({ municipalityId: id('error_not_found') });

export const checklistStatusSchema = z.object({
	itemId: id('error_not_found'),
	status: z.enum(['missing', 'in_progress', 'in_place'], { message: 'error_contacts_status_invalid' }),
	ownerUserId: optionalId,
	checkedOn: optionalDay,
	note: optionalText(2000),
	link: z
		.string()
		.trim()
		.max(500, 'error_too_long')
		.refine((v) => v === '' || /^https?:\/\/[^\s]+$/i.test(v), 'error_contacts_link_invalid')
		.transform((v) => (v === '' ? null : v))
});

export const checklistItemLabelSchema = z.object({
	label: z.string().trim().min(2, 'error_contacts_label_required').max(200, 'error_too_long')
});
export const checklistItemRenameSchema = checklistItemLabelSchema.extend({ itemId: id('error_not_found') });
export const checklistItemHiddenSchema = z.object({
	itemId: id('error_not_found'),
	hidden: z.enum(['true', 'false']).transform((v) => v === 'true')
});

/** The contact list's query string: filters, sort and page. Bad values are ignored, not errors. */
export function readContactQuery(url: URL) {
	const get = (name: string) => (url.searchParams.get(name) ?? '').trim().slice(0, 200);
	const page = Number.parseInt(get('page'), 10);
	return {
		name: get('name'),
		organisation: get('organisation'),
		function: get('function'),
		typeId: get('type'),
		municipalityId: get('municipality'),
		overdue: get('overdue') === '1',
		inactive: get('inactive') === '1',
		sort: get('sort') === '-name' ? ('-name' as const) : ('name' as const),
		page: Number.isFinite(page) && page > 0 ? Math.min(page, 100_000) : 1
	};
}
export type ContactQuery = ReturnType<typeof readContactQuery>;
