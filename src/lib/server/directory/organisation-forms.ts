import { z } from 'zod';

/** Form schemas of the organisations, organisation types and network municipalities. */

// A field the form may leave out (an older page, a hand-made request) reads as empty.
const blank = (value: unknown) => value ?? '';

const optionalText = (max: number) =>
	z.preprocess(
		blank,
		z
			.string()
			.trim()
			.max(max, 'error_too_long')
			.transform((value) => (value === '' ? null : value))
	);

const idSchema = z.string().trim().min(1, 'error_invalid').max(64, 'error_invalid');

/** A real day written YYYY-MM-DD (not 2026-02-30). */
export function isCalendarDate(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const organisationSchema = z.object({
	name: z.string().trim().min(2, 'error_directory_organisation_name_required').max(200, 'error_too_long'),
	typeId: idSchema.refine(Boolean, 'error_directory_type_required'),
	/** A municipality id, or 'regional' / 'national'. */
	municipality: z.string().trim().min(1, 'error_directory_municipality_required').max(64, 'error_invalid'),
	visitingAddress: optionalText(300),
	switchboard: optionalText(40),
	email: z.preprocess(
		blank,
		z
			.string()
			.trim()
			.toLowerCase()
			.max(254, 'error_too_long')
			.refine((value) => value === '' || z.email().safeParse(value).success, 'error_email_invalid')
			.transform((value) => (value === '' ? null : value))
	),
	website: z.preprocess(
		blank,
		z
			.string()
			.trim()
			.max(500, 'error_too_long')
			.refine((value) => value === '' || isWebAddress(value), 'error_directory_website_invalid')
			.transform((value) => (value === '' ? null : value))
	),
	notes: optionalText(4000)
});

export type OrganisationInput = z.infer<typeof organisationSchema>;

/** http(s) addresses only: a javascript: or file: link must never reach a page as a link. */
export function isWebAddress(value: string): boolean {
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
	} catch {
		return false;
	}
}

export const organisationIdSchema = z.object({ organisationId: idSchema });

export const typeNameSchema = z.object({
	name: z.string().trim().min(2, 'error_directory_type_name_required').max(80, 'error_too_long')
});

export const renameTypeSchema = typeNameSchema.extend({ typeId: idSchema });
export const typeIdSchema = z.object({ typeId: idSchema });
/** The types the network expects in every municipality: the ticked checkboxes (decision 018). */
export const expectedTypesSchema = z.object({ expected: z.array(idSchema).max(200, 'error_invalid') });

export const addCountySchema = z.object({
	county: z.string().trim().min(1, 'error_directory_county_required').max(10, 'error_invalid')
});

export const addMunicipalitySchema = z.object({
	municipalityId: z.string().trim().min(1, 'error_directory_municipality_required').max(20, 'error_invalid')
});

/**
 * The participation of every municipality in one form: `municipality` repeats each row's id,
 * the checkbox `participating` carries the ids ticked, and `joinedOn-<id>` each row's day.
 * Returns the rows, or the field errors with what was typed.
 */
export function parseParticipationForm(
	formData: FormData
):
	| { ok: true; rows: { municipalityId: string; participating: boolean; joinedOn: string | null }[] }
	| { ok: false; errors: Record<string, string> } {
	const ids = formData.getAll('municipality').filter((v): v is string => typeof v === 'string');
	const ticked = new Set(formData.getAll('participating').filter((v): v is string => typeof v === 'string'));
	const errors: Record<string, string> = {};
	const rows = [];
	for (const raw of ids) {
		const municipalityId = raw.trim();
		if (!idSchema.safeParse(municipalityId).success) return { ok: false, errors: { _form: 'error_invalid' } };
		const field = `joinedOn-${municipalityId}`;
		const typed = formData.get(field);
		const joinedOn = typeof typed === 'string' ? typed.trim() : '';
		if (joinedOn !== '' && !isCalendarDate(joinedOn)) errors[field] = 'error_directory_date_invalid';
		rows.push({ municipalityId, participating: ticked.has(municipalityId), joinedOn: joinedOn || null });
	}
	if (ids.length === 0) return { ok: false, errors: { _form: 'error_invalid' } };
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, rows };
}

export const municipalityIdSchema = z.object({ municipalityId: idSchema });
