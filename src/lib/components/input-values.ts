// HTML's "valid e-mail address" (the grammar browsers check type="email" against).
const EMAIL =
	/^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/**
 * Whether a value may stand in the `value` attribute of an input of this type. HTML allows only an
 * absolute URL in a url input and an e-mail address in an email input; the other types a form uses
 * take any text, or are ones whose value the browser itself cleans before it is sent. A form sent
 * back with an error shows what the user typed, which for these two types may be neither.
 */
export function fitsInputType(type: string | null | undefined, value: string): boolean {
	const trimmed = value.trim();
	if (trimmed === '') return true;
	if (type === 'email') return EMAIL.test(trimmed);
	if (type === 'url') return !/\s/.test(trimmed) && URL.canParse(trimmed);
	return true;
}
