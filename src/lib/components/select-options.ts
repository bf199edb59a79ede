export interface SelectOption {
	value: string;
	label: string;
}

/**
 * The options a select shows. A required select starts with an empty placeholder ("Välj …"): HTML
 * requires it (else the first real option looks chosen and is sent unread), and it lets the form
 * show that nothing is chosen yet. A list that already has its own empty option (in the caller's
 * words, e.g. "Not said") keeps it.
 * Without `required` the list is left as it is: there an empty option, if any, means "any" or "none".
 */
export function selectOptions(
	options: readonly SelectOption[],
	required: boolean,
	placeholder: string
): SelectOption[] {
	if (!required || options.some((option) => option.value === '')) return [...options];
	return [{ value: '', label: placeholder }, ...options];
}
