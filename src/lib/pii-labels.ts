import { m } from '#lib/paraglide/messages.js';

/** The name of a kind of identifier the anonymity guard finds, in the page's language. */
export function piiTypeLabel(type: string): string {
	const labels: Record<string, () => string> = {
		personnummer: m.pii_type_personnummer,
		samordningsnummer: m.pii_type_samordningsnummer,
		fodselsnummer: m.pii_type_fodselsnummer,
		'd-nummer': m.pii_type_d_nummer,
		phone: m.pii_type_phone,
		email: m.pii_type_email,
		address: m.pii_type_address,
		postcode: m.pii_type_postcode,
		name: m.pii_type_name
	};
	return labels[type]?.() ?? type;
}
