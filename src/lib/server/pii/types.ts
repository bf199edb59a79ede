/** The kinds of personal data the anonymity guard looks for. */
export const piiTypes = [
	'personnummer',
	'samordningsnummer',
	'fodselsnummer',
	'd-nummer',
	'phone',
	'email',
	'address',
	'postcode',
	'name'
] as const;

export type PiiType = (typeof piiTypes)[number];

/** One piece of personal data: `text` is `input.slice(start, end)` (JavaScript string indices). */
export interface Finding {
	type: PiiType;
	start: number;
	end: number;
	text: string;
}

/**
 * A span a detector claims, before the findings are merged. `unchecked`: an identity number found by
 * its shape and date alone (its check digit is wrong). `yieldsToPhone`: an identity number that gives
 * way to a phone number it overlaps — an unchecked one, or one written in pairs set apart by spaces,
 * the way Norwegian phone numbers are written ("81 09 13 04 12"), or split where people do not split
 * one ("1212\n12-1212").
 */
export type Span = Omit<Finding, 'text'> & { unchecked?: true; yieldsToPhone?: true };
