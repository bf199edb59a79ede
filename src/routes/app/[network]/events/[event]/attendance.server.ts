import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import { markRemainingAsNoShow, setAttendance, type Attendance } from '#lib/server/events/staff/check-in-service.ts';

/**
 * The attendance actions the check-in page and the registrations page share. Both post, then
 * redirect back (post/redirect/get) to the list as it was — the search and the filter ride along
 * as hidden fields — so they work the same without JavaScript and with `use:enhance`.
 */

export type ListPage = 'check-in' | 'registrations';

/** What a list page keeps across a post. */
const KEPT = ['q', 'status', 'participation'] as const;

/** Back to a list page with its search and filter, plus what happened; never returns. */
export function backTo(
	event: RequestEvent,
	page: ListPage,
	form: FormData,
	outcome: Record<string, string> = {},
	hash = ''
): never {
	const { network, event: id } = event.params as { network: string; event: string };
	const params = new URLSearchParams();
	for (const key of KEPT) {
		const value = form.get(key);
		if (typeof value === 'string' && value) params.set(key, value);
	}
	for (const [key, value] of Object.entries(outcome)) params.set(key, value);
	const query = params.size ? `?${params}` : '';
	redirect(303, `${localizedPath(`/app/${network}/events/${id}/${page}`, event.locals.locale)}${query}${hash}`);
}

const ATTENDANCES: readonly string[] = ['attended', 'registered', 'no_show'] satisfies Attendance[];

/**
 * One attendance button: tick, "did not come", or undo either. The page says what happened from
 * `?marked=<what>:<id>`, an id and no name, so no personal data travels in the address.
 */
export async function attendanceAction(event: RequestEvent, page: ListPage) {
	const ctx = await requireContext(event, { role: 'communicator' });
	const form = await event.request.formData();
	const id = String(form.get('registrationId') ?? '');
	const to = String(form.get('attendance') ?? '');
	if (!ATTENDANCES.includes(to)) return fail(400, { message: 'error_invalid', action: 'row' as const });
	const result = await setAttendance(ctx, (event.params as { event: string }).event, id, to as Attendance);
	if (!result.ok) return fail(422, { message: result.error, action: 'row' as const });
	const marked = to === 'registered' ? `undo_${result.value.from}` : to;
	backTo(event, page, form, { marked: `${marked}:${id}` }, `#person-${id}`);
}

/** "Everyone not checked in did not come", after the confirmation step. */
export async function noShowAllAction(event: RequestEvent, page: ListPage) {
	const ctx = await requireContext(event, { role: 'communicator' });
	const form = await event.request.formData();
	if (form.get('confirm') !== 'yes')
		return fail(400, { message: 'error_events_staff_confirm_no_show', action: 'no_show_all' as const });
	const result = await markRemainingAsNoShow(ctx, (event.params as { event: string }).event);
	if (!result.ok) return fail(422, { message: result.error, action: 'no_show_all' as const });
	backTo(event, page, form, { done: `no_show_${result.value.marked}` });
}
