import { randomUUID } from 'node:crypto';
import type { ServiceContext } from '../platform/context.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import * as agenda from './agenda-repository.ts';
import { checkTexts } from './checked-texts.ts';
import type { AgendaItemForm } from './forms.ts';
import { invitableMembers } from './invitees.ts';
import * as meetings from './meetings-repository.ts';
import * as seriesRepo from './series-repository.ts';

/**
 * The agenda of a team meeting (docs/product.md#team-meetings): items with a title, an owner,
 * minutes allotted and notes. Each new occurrence starts from its series' template; items not
 * finished can be carried to the next occurrence, and the carried item remembers where it came
 * from, so a series' backlog keeps its history. Coordinators and admins edit; the invited read it on
 * the meeting's page (`meetingPage` decides who is invited).
 */

async function validOwner(ctx: ServiceContext, owner: string | null): Promise<boolean> {
	if (!owner) return true;
	return (await invitableMembers(ctx.db, ctx.network.id)).some((member) => member.membershipId === owner);
}

async function checkItem(ctx: ServiceContext, form: AgendaItemForm): Promise<{ error: string; field?: string } | null> {
	if (!(await validOwner(ctx, form.owner))) return { error: 'error_meetings_person_unknown', field: 'owner' };
	return checkTexts(ctx, { title: form.title, notes: form.notes });
}

/** The agenda of a meeting, in order. The caller has decided the reader may see it. */
export async function agendaOf(ctx: ServiceContext, meetingId: string) {
	await requirePermission(ctx, 'meetings.read');
	return agenda.listAgenda(ctx.db, ctx.network.id, meetingId);
}

/** Who can own an item: the members who can be invited. */
export async function agendaOwnerOptions(ctx: ServiceContext) {
	await requirePermission(ctx, 'meetings.manage');
	return (await invitableMembers(ctx.db, ctx.network.id)).map((m) => ({ id: m.membershipId, name: m.name }));
}

export async function addAgendaItem(
	ctx: ServiceContext,
	meetingId: string,
	form: AgendaItemForm
): Promise<Result<string>> {
	await requirePermission(ctx, 'meetings.manage');
	if (!(await meetings.findMeeting(ctx.db, ctx.network.id, meetingId))) return failure('error_not_found');
	const refused = await checkItem(ctx, form);
	if (refused) return failure(refused.error, refused.field);
	const id = randomUUID();
	await ctx.db.transaction().execute(async (trx) => {
		const items = await agenda.listAgenda(trx, ctx.network.id, meetingId);
		const position = Math.max(0, ...items.map((i) => i.position)) + 1;
		await agenda.insertAgendaItems(
			trx,
			ctx.network.id,
			[
				{
					id,
					meetingId,
					position,
					title: form.title,
					ownerMembershipId: form.owner,
					minutes: form.minutes,
					notes: form.notes,
					carriedFrom: null
				}
			],
			ctx.now
		);
		await ctx.audit.record('meetings.agenda_changed', { type: 'meeting', id: meetingId }, 'success', trx);
	});
	return ok(id);
}

export async function updateAgendaItem(
	ctx: ServiceContext,
	meetingId: string,
	itemId: string,
	form: AgendaItemForm
): Promise<Result<void>> {
	await requirePermission(ctx, 'meetings.manage');
	const item = await agenda.findAgendaItem(ctx.db, ctx.network.id, itemId);
	if (!item || item.meetingId !== meetingId) return failure('error_not_found');
	const refused = await checkItem(ctx, form);
	if (refused) return failure(refused.error, refused.field);
	await ctx.db.transaction().execute(async (trx) => {
		await agenda.updateAgendaItem(trx, ctx.network.id, itemId, {
			title: form.title,
			ownerMembershipId: form.owner,
			minutes: form.minutes,
			notes: form.notes
		});
		await ctx.audit.record('meetings.agenda_changed', { type: 'meeting', id: meetingId }, 'success', trx);
	});
	return ok(undefined);
}

export async function removeAgendaItem(ctx: ServiceContext, meetingId: string, itemId: string): Promise<Result<void>> {
	await requirePermission(ctx, 'meetings.manage');
	const item = await agenda.findAgendaItem(ctx.db, ctx.network.id, itemId);
	if (!item || item.meetingId !== meetingId) return failure('error_not_found');
	await ctx.db.transaction().execute(async (trx) => {
		await agenda.deleteAgendaItem(trx, ctx.network.id, itemId);
		await ctx.audit.record('meetings.agenda_changed', { type: 'meeting', id: meetingId }, 'success', trx);
	});
	return ok(undefined);
}

/** Moves an item one place up or down. */
export async function moveAgendaItem(
	ctx: ServiceContext,
	meetingId: string,
	itemId: string,
	direction: 'up' | 'down'
): Promise<Result<void>> {
	await requirePermission(ctx, 'meetings.manage');
	return ctx.db.transaction().execute(async (trx) => {
		const items = await agenda.listAgenda(trx, ctx.network.id, meetingId);
		const index = items.findIndex((i) => i.id === itemId);
		if (index < 0) return failure('error_not_found');
		const other = items[direction === 'up' ? index - 1 : index + 1];
		if (!other) return ok(undefined);
		await agenda.setAgendaItemPosition(trx, ctx.network.id, itemId, other.position);
		await agenda.setAgendaItemPosition(trx, ctx.network.id, other.id, items[index].position);
		await ctx.audit.record('meetings.agenda_changed', { type: 'meeting', id: meetingId }, 'success', trx);
		return ok(undefined);
	});
}

/** Marks an item done, or open again. A carried item keeps the state `moved`. */
export async function setAgendaItemDone(
	ctx: ServiceContext,
	meetingId: string,
	itemId: string,
	done: boolean
): Promise<Result<void>> {
	await requirePermission(ctx, 'meetings.manage');
	const item = await agenda.findAgendaItem(ctx.db, ctx.network.id, itemId);
	if (!item || item.meetingId !== meetingId) return failure('error_not_found');
	if (item.state === 'moved') return failure('error_meetings_agenda_item_moved');
	await ctx.db.transaction().execute(async (trx) => {
		await agenda.setAgendaItemState(trx, ctx.network.id, itemId, done ? 'done' : 'open');
		await ctx.audit.record('meetings.agenda_changed', { type: 'meeting', id: meetingId }, 'success', trx);
	});
	return ok(undefined);
}

/**
 * Carries every open item to the next scheduled meeting of the series, after its own items: the
 * item here becomes `moved`, the new one points back to it. Returns how many were carried, and
 * where to.
 */
export async function carryOverOpenItems(
	ctx: ServiceContext,
	meetingId: string
): Promise<Result<{ carried: number; toMeetingId: string }>> {
	await requirePermission(ctx, 'meetings.manage');
	const meeting = await meetings.findMeeting(ctx.db, ctx.network.id, meetingId);
	if (!meeting) return failure('error_not_found');
	const next = (await meetings.listMeetingsOfSeries(ctx.db, ctx.network.id, meeting.seriesId)).find(
		(m) => m.status === 'scheduled' && m.startAt > meeting.startAt
	);
	if (!next) return failure('error_meetings_no_next_meeting');
	return ctx.db.transaction().execute(async (trx) => {
		const open = (await agenda.listAgenda(trx, ctx.network.id, meetingId)).filter((i) => i.state === 'open');
		const there = await agenda.listAgenda(trx, ctx.network.id, next.id);
		let position = Math.max(0, ...there.map((i) => i.position));
		await agenda.insertAgendaItems(
			trx,
			ctx.network.id,
			open.map((item) => ({
				id: randomUUID(),
				meetingId: next.id,
				position: ++position,
				title: item.title,
				ownerMembershipId: item.ownerMembershipId,
				minutes: item.minutes,
				notes: item.notes,
				carriedFrom: item.id
			})),
			ctx.now
		);
		for (const item of open) await agenda.setAgendaItemState(trx, ctx.network.id, item.id, 'moved');
		if (open.length)
			await ctx.audit.record('meetings.agenda_carried_over', { type: 'meeting', id: meetingId }, 'success', trx);
		return ok({ carried: open.length, toMeetingId: next.id });
	});
}

/**
 * Where the carried items of a meeting came from and where its moved items went: for each item id,
 * the other meeting's id and start, so the agenda can say "carried from 12 March". The caller has
 * decided the reader may see the agenda.
 */
export async function agendaHistory(ctx: ServiceContext, meetingId: string) {
	await requirePermission(ctx, 'meetings.read');
	const meeting = await meetings.findMeeting(ctx.db, ctx.network.id, meetingId);
	const from: Record<string, { meetingId: string; startAt: Date }> = {};
	const to: Record<string, { meetingId: string; startAt: Date }> = {};
	if (!meeting) return { from, to };
	const all = await meetings.listMeetingsOfSeries(ctx.db, ctx.network.id, meeting.seriesId);
	const items = await agenda.listAgendaOf(
		ctx.db,
		ctx.network.id,
		all.map((m) => m.id)
	);
	const startOf = new Map(all.map((m) => [m.id, m.startAt]));
	const byId = new Map(items.map((i) => [i.id, i]));
	for (const item of items) {
		const source = item.carriedFrom ? byId.get(item.carriedFrom) : undefined;
		if (!source) continue;
		if (item.meetingId === meetingId)
			from[item.id] = { meetingId: source.meetingId, startAt: startOf.get(source.meetingId)! };
		if (source.meetingId === meetingId)
			to[source.id] = { meetingId: item.meetingId, startAt: startOf.get(item.meetingId)! };
	}
	return { from, to };
}

/**
 * A series' backlog: the open items of its meetings from `since` on, each with the meetings it
 * was carried through (oldest first), so the history of a question that keeps coming back shows.
 */
export async function seriesBacklog(ctx: ServiceContext, seriesId: string, since: Date) {
	await requirePermission(ctx, 'meetings.manage');
	const all = await meetings.listMeetingsOfSeries(ctx.db, ctx.network.id, seriesId);
	const items = await agenda.listAgendaOf(
		ctx.db,
		ctx.network.id,
		all.map((m) => m.id)
	);
	const byId = new Map(items.map((i) => [i.id, i]));
	const meetingOf = new Map(all.map((m) => [m.id, m]));
	return items
		.filter((item) => item.state === 'open' && (meetingOf.get(item.meetingId)?.endAt ?? since) >= since)
		.map((item) => {
			const trail: { meetingId: string; startAt: Date }[] = [];
			for (let from = item.carriedFrom ? byId.get(item.carriedFrom) : undefined; from;) {
				trail.unshift({ meetingId: from.meetingId, startAt: meetingOf.get(from.meetingId)!.startAt });
				from = from.carriedFrom ? byId.get(from.carriedFrom) : undefined;
			}
			return { item, meeting: meetingOf.get(item.meetingId)!, carriedThrough: trail };
		});
}

// ---------------------------------------------------------------- the series' template

export async function templateOf(ctx: ServiceContext, seriesId: string) {
	await requirePermission(ctx, 'meetings.manage');
	return seriesRepo.listTemplate(ctx.db, ctx.network.id, seriesId);
}

/** Adds an item to the template: meetings created from now on start with it. */
export async function addTemplateItem(
	ctx: ServiceContext,
	seriesId: string,
	form: AgendaItemForm
): Promise<Result<void>> {
	await requirePermission(ctx, 'meetings.manage');
	if (!(await seriesRepo.findSeries(ctx.db, ctx.network.id, seriesId))) return failure('error_not_found');
	const refused = await checkItem(ctx, form);
	if (refused) return failure(refused.error, refused.field);
	await ctx.db.transaction().execute(async (trx) => {
		const items = await seriesRepo.listTemplate(trx, ctx.network.id, seriesId);
		await seriesRepo.insertTemplateItem(trx, ctx.network.id, seriesId, {
			id: randomUUID(),
			position: Math.max(0, ...items.map((i) => i.position)) + 1,
			title: form.title,
			ownerMembershipId: form.owner,
			minutes: form.minutes,
			notes: form.notes
		});
		await ctx.audit.record('meetings.template_changed', { type: 'meeting_series', id: seriesId }, 'success', trx);
	});
	return ok(undefined);
}

export async function removeTemplateItem(ctx: ServiceContext, seriesId: string, itemId: string): Promise<Result<void>> {
	await requirePermission(ctx, 'meetings.manage');
	return ctx.db.transaction().execute(async (trx) => {
		if (!(await seriesRepo.deleteTemplateItem(trx, ctx.network.id, seriesId, itemId)))
			return failure('error_not_found');
		await ctx.audit.record('meetings.template_changed', { type: 'meeting_series', id: seriesId }, 'success', trx);
		return ok(undefined);
	});
}
