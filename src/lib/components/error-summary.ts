/**
 * One line of a form's error summary: the field's label and what is wrong with it, read as one
 * sentence by a screen reader and linked to the field. Labels may end in punctuation of their own
 * ("Deltar kommunen?", "Ämne…", "E-post:"), so they are joined with a dash rather than a colon,
 * which read "Ämne…: Välj ett ämne." before; a trailing colon or full stop of a label is dropped.
 */
export function summaryEntry(label: string | undefined, message: string): string {
	const name = (label ?? '').trim().replace(/[\s:.;,]+$/u, '');
	return name ? `${name} – ${message}` : message;
}
