import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import {
	addAgendaItem,
	agendaHistory,
	agendaOf,
	agendaOwnerOptions,
	carryOverOpenItems,
	moveAgendaItem,
	removeAgendaItem,
	setAgendaItemDone,
	updateAgendaItem
} from '#lib/server/meetings/agenda-service.ts';
import { agendaItemFormSchema } from '#lib/server/meetings/forms.ts';
import { meetingPage } from '#lib/server/meetings/meetings-service.ts';
import type { ServiceContext } from '#lib/server/platform/context.ts';
import { fieldFailure, formValues, parseFormData } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * A meeting's agenda: coordinators and admins change it (add, edit, order, done, carry the open
 * items on); the invited read it. Everyone else in the network sees the calendar only.
 */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const page = await meetingPage(ctx, event.params.meeting);
	if (!page.ok) error(404, { message: 'error_not_found' });
	if (page.value.access === 'calendar') error(403, { message: 'error_forbidden' });
	const manage = page.value.access === 'manage';
	const [items, history, owners] = await Promise.all([
		agendaOf(ctx, event.params.meeting),
		agendaHistory(ctx, event.params.meeting),
		manage ? agendaOwnerOptions(ctx) : Promise.resolve([])
	]);
	const editing = manage ? (event.url.searchParams.get('edit') ?? null) : null;
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name, timeZone: ctx.network.timeZone },
		meeting: page.value.meeting,
		manage,
		items: items.map((item) => ({
			id: item.id,
			title: item.title,
			ownerMembershipId: item.ownerMembershipId,
			ownerName: item.ownerName,
			minutes: item.minutes,
			notes: item.notes,
			state: item.state,
			carriedFrom: history.from[item.id] ?? null,
			movedTo: history.to[item.id] ?? null
		})),
		owners,
		editing: items.some((item) => item.id === editing) ? editing : null,
		done: event.url.searchParams.get('done'),
		carried: event.url.searchParams.has('carried')
			? { count: Number(event.url.searchParams.get('carried')) || 0, to: event.url.searchParams.get('to') }
			: null
	};
};

function backTo(ctx: ServiceContext, meetingId: string, query: string): never {
	redirect(303, `${localizedPath(`/app/${ctx.network.slug}/meetings/${meetingId}/agenda`, ctx.locale)}?${query}`);
}

const itemId = (data: FormData) => String(data.get('itemId') ?? '');

export const actions = {
	add: async (event) => {
		const ctx = await requireContext(event);
		const data = await event.request.formData();
		const form = parseFormData(data, agendaItemFormSchema);
		if (!form.ok) return fail(400, { kind: 'add', ...form.failure });
		const result = await addAgendaItem(ctx, event.params.meeting, form.data);
		if (!result.ok) return fail(422, { kind: 'add', ...fieldFailure(form.values, result.error, result.field) });
		backTo(ctx, event.params.meeting, `done=added#item-${result.value}`);
	},
	edit: async (event) => {
		const ctx = await requireContext(event);
		const data = await event.request.formData();
		const id = itemId(data);
		const form = parseFormData(data, agendaItemFormSchema);
		if (!form.ok) return fail(400, { kind: 'edit', itemId: id, ...form.failure });
		const result = await updateAgendaItem(ctx, event.params.meeting, id, form.data);
		if (!result.ok)
			return fail(422, { kind: 'edit', itemId: id, ...fieldFailure(form.values, result.error, result.field) });
		backTo(ctx, event.params.meeting, `done=updated#item-${id}`);
	},
	remove: async (event) => {
		const ctx = await requireContext(event);
		const data = await event.request.formData();
		const result = await removeAgendaItem(ctx, event.params.meeting, itemId(data));
		if (!result.ok)
			return fail(422, { kind: 'item', itemId: itemId(data), values: formValues(data), message: result.error });
		backTo(ctx, event.params.meeting, 'done=removed');
	},
	move: async (event) => {
		const ctx = await requireContext(event);
		const data = await event.request.formData();
		const direction = data.get('direction') === 'up' ? 'up' : 'down';
		const id = itemId(data);
		const result = await moveAgendaItem(ctx, event.params.meeting, id, direction);
		if (!result.ok) return fail(422, { kind: 'item', itemId: id, values: formValues(data), message: result.error });
		backTo(ctx, event.params.meeting, `done=moved#item-${id}`);
	},
	done: async (event) => {
		const ctx = await requireContext(event);
		const data = await event.request.formData();
		const id = itemId(data);
		const done = data.get('done') === 'true';
		const result = await setAgendaItemDone(ctx, event.params.meeting, id, done);
		if (!result.ok) return fail(422, { kind: 'item', itemId: id, values: formValues(data), message: result.error });
		backTo(ctx, event.params.meeting, `done=${done ? 'marked_done' : 'reopened'}#item-${id}`);
	},
	carry: async (event) => {
		const ctx = await requireContext(event);
		const result = await carryOverOpenItems(ctx, event.params.meeting);
		if (!result.ok) return fail(422, { kind: 'carry', values: {}, message: result.error });
		backTo(
			ctx,
			event.params.meeting,
			`carried=${result.value.carried}&to=${encodeURIComponent(result.value.toMeetingId)}`
		);
	}
} satisfies Actions;
