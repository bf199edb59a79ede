/**
 * Text put together from several messages. A message that reads as a label ("Inga frågor från:
 * Jokkmokk och Kalix") has no full stop of its own, so two of them side by side ran together
 * ("… Kalix Utanför nätverket …") in print, in copied text and for screen readers. Every part is
 * closed as a sentence before it is joined, whatever message it came from.
 */

/** The text closed with a full stop unless it already ends a sentence (. ! ? … or a closing quote after one). */
export function sentence(text: string): string {
	const trimmed = text.trim();
	if (trimmed === '') return '';
	return /[.!?…]["'”’)]*$/u.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** The parts that are there, each closed as a sentence, separated by one space. */
export function sentences(parts: readonly (string | null | undefined | false)[]): string {
	return parts
		.filter((part): part is string => typeof part === 'string')
		.map(sentence)
		.filter(Boolean)
		.join(' ');
}
