import { toCsv } from '../platform/csv.ts';

/** One contact as it leaves the system: in a CSV row or a vCard. */
export interface ContactExport {
	id: string;
	name: string;
	organisation: string;
	organisationType: string;
	municipality: string;
	function: string | null;
	/** E.164 as stored. */
	phone: string | null;
	/** As the network's people write it, for the CSV. */
	phoneFormatted: string;
	email: string | null;
	lastVerifiedOn: string | null;
}

/** The CSV of a contact list; `header` holds the translated column names, in this order. */
export function contactsCsv(
	header: {
		name: string;
		organisation: string;
		type: string;
		municipality: string;
		function: string;
		phone: string;
		email: string;
		lastVerified: string;
	},
	contacts: readonly ContactExport[],
	separator = ';'
): string {
	return toCsv(
		[
			header.name,
			header.organisation,
			header.type,
			header.municipality,
			header.function,
			header.phone,
			header.email,
			header.lastVerified
		],
		contacts.map((c) => [
			c.name,
			c.organisation,
			c.organisationType,
			c.municipality,
			c.function,
			c.phoneFormatted,
			c.email,
			c.lastVerifiedOn
		]),
		{ separator }
	);
}

/** RFC 6350 §3.4: backslash, comma, semicolon and line breaks in text values are escaped. */
export function escapeVcardText(value: string): string {
	return value
		.replace(/\\/g, '\\\\')
		.replace(/,/g, '\\,')
		.replace(/;/g, '\\;')
		.replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/**
 * RFC 6350 §3.2: lines longer than 75 octets are folded with CRLF and one space. Splits between
 * characters, never inside a UTF-8 sequence, so å, ø and emoji survive.
 */
export function foldVcardLine(line: string): string {
	const parts: string[] = [];
	let current = '';
	let octets = 0;
	for (const char of line) {
		const size = encoder.encode(char).length;
		// A continuation line starts with a space, which counts towards its 75 octets.
		const limit = parts.length === 0 ? 75 : 74;
		if (octets + size > limit) {
			parts.push(current);
			current = '';
			octets = 0;
		}
		current += char;
		octets += size;
	}
	parts.push(current);
	return parts.join('\r\n ');
}

/** "Anna Berg Lind" → family "Lind", given "Anna Berg": a guess that suits most Nordic names. */
function splitName(name: string): { family: string; given: string } {
	const words = name.trim().split(/\s+/);
	if (words.length < 2) return { family: words[0] ?? '', given: '' };
	return { family: words[words.length - 1], given: words.slice(0, -1).join(' ') };
}

/** One vCard 4.0 (RFC 6350) with CRLF line ends. */
export function contactVcard(contact: ContactExport): string {
	const { family, given } = splitName(contact.name);
	const lines = [
		'BEGIN:VCARD',
		'VERSION:4.0',
		`UID:urn:uuid:${contact.id}`,
		`FN:${escapeVcardText(contact.name)}`,
		`N:${escapeVcardText(family)};${escapeVcardText(given)};;;`,
		`ORG:${escapeVcardText(contact.organisation)}`
	];
	if (contact.function) lines.push(`TITLE:${escapeVcardText(contact.function)}`);
	if (contact.phone) lines.push(`TEL;VALUE=uri;TYPE=work:tel:${contact.phone}`);
	if (contact.email) lines.push(`EMAIL;TYPE=work:${escapeVcardText(contact.email)}`);
	lines.push('END:VCARD');
	return lines.map((line) => `${foldVcardLine(line)}\r\n`).join('');
}

/** Several contacts in one .vcf file, as address books import them. */
export function contactsVcard(contacts: readonly ContactExport[]): string {
	return contacts.map(contactVcard).join('');
}

/** A file name safe for a Content-Disposition header. */
export function exportFilename(base: string, extension: string, date: Date): string {
	const safe = base.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'contacts';
	return `${safe}-${date.toISOString().slice(0, 10)}.${extension}`;
}

export function vcardResponse(body: string, filename: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/vcard; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store'
		}
	});
}
