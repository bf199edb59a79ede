import { m } from '#lib/paraglide/messages.js';

/** The agenda item fields' labels, for the error summary's links. */
export function agendaItemLabels(): Record<string, string> {
	return {
		title: m.meetings_minutes_agenda_field_title(),
		owner: m.meetings_minutes_agenda_field_owner(),
		minutes: m.meetings_minutes_agenda_field_minutes(),
		notes: m.meetings_minutes_agenda_field_notes()
	};
}

/** What a form action handed back on failure: which form, the typed values, errors and a message. */
export interface ActionFailure {
	kind?: string;
	itemId?: string;
	values?: Record<string, string>;
	errors?: Record<string, string>;
	message?: string;
}

/** The form result as the page reads it: only failures come back, successes redirect. */
export function failureOf(form: unknown): ActionFailure | null {
	return form && typeof form === 'object' ? (form as ActionFailure) : null;
}
