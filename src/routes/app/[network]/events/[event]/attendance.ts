import { m } from '#lib/paraglide/messages.js';

/** The page's words after an attendance post, from `?marked=<what>:<id>` and the people it lists. */
export function attendanceMessage(marked: string | null, people: { id: string; name: string }[]): string | null {
	const match = /^(attended|no_show|undo_attended|undo_no_show|undo_registered):(.+)$/.exec(marked ?? '');
	if (!match) return null;
	const person = people.find((p) => p.id === match[2]);
	// Filtered out of the list by the change itself (a status filter): say it without the name.
	if (!person) return m.events_staff_attendance_saved();
	const name = person.name;
	switch (match[1]) {
		case 'attended':
			return m.events_staff_checked_in({ name });
		case 'no_show':
			return m.events_staff_marked_no_show({ name });
		case 'undo_attended':
			return m.events_staff_checked_out({ name });
		case 'undo_no_show':
			return m.events_staff_unmarked_no_show({ name });
		default:
			return m.events_staff_attendance_saved();
	}
}

/** The page's words after "everyone not checked in did not come", from `?done=no_show_<count>`. */
export function noShowAllMessage(done: string | null): string | null {
	const match = /^no_show_(\d+)$/.exec(done ?? '');
	if (!match) return null;
	const count = Number(match[1]);
	return count ? m.events_staff_done_no_show_all({ count }) : m.events_staff_done_no_show_none();
}

/** What of an address the links below need (SvelteKit's `page.url` is a read-only URL). */
type Address = { pathname: string; searchParams: { toString(): string } };

/** The same list page with one more query parameter, e.g. the confirmation step of an action. */
export function withParam(url: Address, key: string, value: string, hash = ''): string {
	const params = new URLSearchParams(url.searchParams.toString());
	for (const k of ['marked', 'done', 'confirm', 'cancel']) params.delete(k);
	params.set(key, value);
	return `${url.pathname}?${params}${hash}`;
}

/** The same list page without the outcome and confirmation parameters. */
export function withoutParams(url: Address, hash = ''): string {
	const params = new URLSearchParams(url.searchParams.toString());
	for (const k of ['marked', 'done', 'confirm', 'cancel']) params.delete(k);
	return `${url.pathname}${params.size ? `?${params}` : ''}${hash}`;
}

/**
 * A row button's accessible name: what it does and to whom ("Mark as not attended: Anna
 * Andersson"), starting with its visible words. An aria-label, since a visually hidden span gets a
 * space of its own in Chromium's name ("… attended : Anna").
 */
export function named(label: string, name: string): string {
	return `${label}: ${name}`;
}
