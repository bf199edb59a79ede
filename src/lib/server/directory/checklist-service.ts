import { m } from '#lib/paraglide/messages.js';
import type { Locale, ServiceContext } from '../platform/context.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import * as repo from './checklist-repository.ts';
import { listMemberOptions, listNetworkMunicipalities, memberExists } from './contacts-repository.ts';
import { todayIn } from '../platform/time.ts';
import type { ChecklistStatus } from './tables.ts';

/**
 * The school guide's collaboration checklist (docs/product.md#directory-collaboration-checklist): for each municipality, are the contacts and
 * routines in place? The default items are created for a network the first time anyone opens it.
 */
export const DEFAULT_CHECKLIST_KEYS = [
	'social_services',
	'police',
	'youth_clinic',
	'shelters',
	'health_care',
	'ngos',
	'school_resource_persons',
	'consultation_routine'
] as const;

type Message = (params?: Record<string, never>, options?: { locale?: Locale }) => string;

export function checklistItemLabel(item: { key: string | null; label: string | null }, locale: Locale): string {
	if (item.label) return item.label;
	const message = (m as unknown as Record<string, Message | undefined>)[`contacts_checklist_item_${item.key}`];
	return message ? message({}, { locale }) : (item.key ?? '');
}

export interface ChecklistItemView {
	id: string;
	key: string | null;
	label: string;
	renamed: boolean;
	hidden: boolean;
}

async function items(ctx: ServiceContext): Promise<ChecklistItemView[]> {
	await repo.ensureItems(ctx.db, ctx.network.id, DEFAULT_CHECKLIST_KEYS);
	return (await repo.listItems(ctx.db, ctx.network.id)).map((item) => ({
		id: item.id,
		key: item.key,
		label: checklistItemLabel(item, ctx.locale),
		renamed: item.key !== null && item.label !== null,
		hidden: item.hidden
	}));
}

export interface Progress {
	inPlace: number;
	total: number;
}

/** Progress per municipality (visible items in place) and for the whole network. */
export async function checklistOverview(ctx: ServiceContext) {
	await requirePermission(ctx, 'directory.read');
	const [all, municipalities, statuses] = await Promise.all([
		items(ctx),
		listNetworkMunicipalities(ctx.db, ctx.network.id),
		repo.listStatuses(ctx.db, ctx.network.id)
	]);
	const visible = new Set(all.filter((i) => !i.hidden).map((i) => i.id));
	const rows = municipalities.map((municipality) => {
		const own = statuses.filter((s) => s.municipalityId === municipality.id && visible.has(s.itemId));
		return {
			...municipality,
			inPlace: own.filter((s) => s.status === 'in_place').length,
			inProgress: own.filter((s) => s.status === 'in_progress').length,
			total: visible.size
		};
	});
	// The network's progress is that of the municipalities taking part: the others are listed for
	// reference but nobody is expected to fill in their checklists.
	const counted = rows.filter((r) => r.participating);
	const network: Progress = {
		inPlace: counted.reduce((sum, r) => sum + r.inPlace, 0),
		total: counted.length * visible.size
	};
	return { rows, network };
}

/** One municipality's checklist: every visible item with its status (missing when never set). */
export async function municipalityChecklist(ctx: ServiceContext, municipalityId: string) {
	await requirePermission(ctx, 'directory.read');
	const municipality = (await listNetworkMunicipalities(ctx.db, ctx.network.id)).find((x) => x.id === municipalityId);
	if (!municipality) return failure('error_not_found');
	const [all, statuses, members] = await Promise.all([
		items(ctx),
		repo.listStatuses(ctx.db, ctx.network.id, municipalityId),
		listMemberOptions(ctx.db, ctx.network.id)
	]);
	const byItem = new Map(statuses.map((s) => [s.itemId, s]));
	const rows = all
		.filter((item) => !item.hidden)
		.map((item) => {
			const status = byItem.get(item.id);
			return {
				item,
				status: status?.status ?? ('missing' as ChecklistStatus),
				ownerUserId: status?.ownerUserId ?? null,
				ownerName: status?.ownerName ?? null,
				checkedOn: status?.checkedOn ?? null,
				note: status?.note ?? null,
				link: status?.link ?? null
			};
		});
	return ok({
		municipality,
		rows,
		progress: { inPlace: rows.filter((r) => r.status === 'in_place').length, total: rows.length },
		members
	});
}

export async function saveChecklistStatus(
	ctx: ServiceContext,
	municipalityId: string,
	input: {
		itemId: string;
		status: ChecklistStatus;
		ownerUserId: string | null;
		checkedOn: string | null;
		note: string | null;
		link: string | null;
	}
): Promise<Result<void>> {
	await requirePermission(ctx, 'directory.edit');
	const municipality = (await listNetworkMunicipalities(ctx.db, ctx.network.id)).find((x) => x.id === municipalityId);
	if (!municipality) return failure('error_not_found');
	const item = await repo.findItem(ctx.db, ctx.network.id, input.itemId);
	if (!item) return failure('error_not_found');
	if (input.ownerUserId && !(await memberExists(ctx.db, ctx.network.id, input.ownerUserId)))
		return failure('error_contacts_member_invalid', 'ownerUserId');
	// "Checked on" records a check that happened: a later day is a typing mistake.
	if (input.checkedOn !== null && input.checkedOn > todayIn(ctx.network.timeZone, ctx.now))
		return failure('error_contacts_checked_in_future', 'checkedOn');
	await ctx.db.transaction().execute(async (trx) => {
		await repo.upsertStatus(trx, ctx.network.id, municipalityId, item.id, input, ctx.actor.userId, ctx.now);
		await ctx.audit.record(
			'directory.checklist_updated',
			{ type: 'checklist_status', id: `${municipalityId}:${item.id}` },
			'success',
			trx
		);
	});
	return ok(undefined);
}

/** All items, hidden ones too, for the admins' item settings. */
export async function checklistItems(ctx: ServiceContext): Promise<ChecklistItemView[]> {
	await requirePermission(ctx, 'directory.settings');
	return items(ctx);
}

export async function addChecklistItem(ctx: ServiceContext, label: string): Promise<Result<string>> {
	await requirePermission(ctx, 'directory.settings');
	return ctx.db.transaction().execute(async (trx) => {
		const id = await repo.insertItem(trx, ctx.network.id, label);
		await ctx.audit.record('directory.checklist_item_added', { type: 'checklist_item', id }, 'success', trx);
		return ok(id);
	});
}

/** Renames an item; an empty name gives a default item its translated name back. */
export async function renameChecklistItem(
	ctx: ServiceContext,
	itemId: string,
	label: string | null
): Promise<Result<void>> {
	await requirePermission(ctx, 'directory.settings');
	const item = await repo.findItem(ctx.db, ctx.network.id, itemId);
	if (!item) return failure('error_not_found');
	if (label === null && item.key === null) return failure('error_contacts_label_required', 'label');
	return ctx.db.transaction().execute(async (trx) => {
		await repo.updateItem(trx, ctx.network.id, itemId, { label });
		await ctx.audit.record('directory.checklist_item_renamed', { type: 'checklist_item', id: itemId }, 'success', trx);
		return ok(undefined);
	});
}

export async function setChecklistItemHidden(
	ctx: ServiceContext,
	itemId: string,
	hidden: boolean
): Promise<Result<void>> {
	await requirePermission(ctx, 'directory.settings');
	return ctx.db.transaction().execute(async (trx) => {
		if (!(await repo.updateItem(trx, ctx.network.id, itemId, { hidden }))) return failure('error_not_found');
		await ctx.audit.record(
			hidden ? 'directory.checklist_item_hidden' : 'directory.checklist_item_shown',
			{ type: 'checklist_item', id: itemId },
			'success',
			trx
		);
		return ok(undefined);
	});
}
