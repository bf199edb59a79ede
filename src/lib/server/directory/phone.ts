import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { failure, ok, type Result } from '../platform/result.ts';

/**
 * Work phone numbers as people type them ("0920-45 30 00", "+47 22 00 00 00"): read with the
 * network's country as the default, stored as E.164 so one number is one value whatever the
 * spacing, and shown the way people of the network's country write it.
 */
export function normalisePhone(input: string, country: 'SE' | 'NO'): Result<string | null> {
	const text = input.trim();
	if (text === '') return ok(null);
	// Only digits, spaces and the usual separators: letters would be silently dropped by the parser.
	if (!/^[+(\d][\d\s().\-/]*$/.test(text)) return failure('error_contacts_phone_invalid', 'phone');
	const parsed = parsePhoneNumberFromString(text, country as CountryCode);
	if (!parsed || !parsed.isValid()) return failure('error_contacts_phone_invalid', 'phone');
	return ok(parsed.number);
}

/** National format for numbers of the network's country, international for the rest. */
export function formatPhone(e164: string | null, country: 'SE' | 'NO'): string {
	if (!e164) return '';
	const parsed = parsePhoneNumberFromString(e164);
	if (!parsed) return e164;
	return parsed.country === country ? parsed.formatNational() : parsed.formatInternational();
}
