import type { ServiceContext } from '../platform/context.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import * as repo from './municipalities-repository.ts';
import type { CountryMunicipality, NetworkMunicipality } from './municipalities-repository.ts';
import { todayIn } from '../platform/time.ts';

/** The network's municipalities: everyone in the network may see them. */
export async function listNetworkMunicipalities(ctx: ServiceContext): Promise<NetworkMunicipality[]> {
	await requirePermission(ctx, 'directory.read');
	return repo.listNetworkMunicipalities(ctx.db, ctx.network.id);
}

export interface MunicipalityChoices {
	counties: { code: string; name: string; total: number; added: number }[];
	/** The country's municipalities the network has not picked yet. */
	available: CountryMunicipality[];
}

/** What an admin can add: the counties and municipalities of the network's country. */
export async function municipalityChoices(ctx: ServiceContext): Promise<MunicipalityChoices> {
	await requirePermission(ctx, 'directory.settings');
	const [all, picked] = await Promise.all([
		repo.listCountryMunicipalities(ctx.db, ctx.network.country),
		repo.listNetworkMunicipalities(ctx.db, ctx.network.id)
	]);
	const pickedIds = new Set(picked.map((m) => m.id));
	const counties = new Map<string, { code: string; name: string; total: number; added: number }>();
	for (const m of all) {
		const county = counties.get(m.countyCode) ?? { code: m.countyCode, name: m.countyName, total: 0, added: 0 };
		county.total += 1;
		if (pickedIds.has(m.id)) county.added += 1;
		counties.set(m.countyCode, county);
	}
	return {
		counties: [...counties.values()].sort((a, b) => a.name.localeCompare(b.name, ctx.locale)),
		available: all.filter((m) => !pickedIds.has(m.id)).sort((a, b) => a.name.localeCompare(b.name, ctx.locale))
	};
}

/** Adds every municipality of a county of the network's country; returns how many were new. */
export async function addCounty(ctx: ServiceContext, countyCode: string): Promise<Result<number>> {
	await requirePermission(ctx, 'directory.settings');
	const ids = (await repo.listCountryMunicipalities(ctx.db, ctx.network.country))
		.filter((m) => m.countyCode === countyCode)
		.map((m) => m.id);
	if (ids.length === 0) return failure('error_directory_county_required', 'county');
	return ctx.db.transaction().execute(async (trx) => {
		const added = await repo.insertNetworkMunicipalities(
			trx,
			ctx.network.id,
			ids,
			{ participating: false, joinedOn: null },
			ctx.now
		);
		await ctx.audit.record(
			'directory.municipalities_added',
			{ type: 'county', id: `${ctx.network.country}-${countyCode}` },
			'success',
			trx
		);
		return ok(added);
	});
}

export async function addMunicipality(ctx: ServiceContext, municipalityId: string): Promise<Result<void>> {
	await requirePermission(ctx, 'directory.settings');
	const known = (await repo.listCountryMunicipalities(ctx.db, ctx.network.country)).some(
		(m) => m.id === municipalityId
	);
	if (!known) return failure('error_directory_municipality_required', 'municipalityId');
	return ctx.db.transaction().execute(async (trx) => {
		const added = await repo.insertNetworkMunicipalities(
			trx,
			ctx.network.id,
			[municipalityId],
			{ participating: false, joinedOn: null },
			ctx.now
		);
		if (added === 0) return failure('error_directory_municipality_already_added', 'municipalityId');
		await ctx.audit.record(
			'directory.municipality_added',
			{ type: 'municipality', id: municipalityId },
			'success',
			trx
		);
		return ok(undefined);
	});
}

/** Marks a municipality participating (with the day it joined) or not. */
export async function setParticipation(
	ctx: ServiceContext,
	municipalityId: string,
	participating: boolean,
	joinedOn: string | null
): Promise<Result<void>> {
	await requirePermission(ctx, 'directory.settings');
	return ctx.db.transaction().execute(async (trx) => {
		const changed = await repo.updateNetworkMunicipality(trx, ctx.network.id, municipalityId, {
			participating,
			// Taking part always has a start: today, in the network's time zone, unless a day is given.
			joinedOn: participating ? (joinedOn ?? todayIn(ctx.network.timeZone, ctx.now)) : null
		});
		if (!changed) return failure('error_not_found');
		await ctx.audit.record(
			'directory.municipality_updated',
			{ type: 'municipality', id: municipalityId },
			'success',
			trx
		);
		return ok(undefined);
	});
}

export interface ParticipationRow {
	municipalityId: string;
	participating: boolean;
	joinedOn: string | null;
}

export type ParticipationResult =
	{ ok: true; value: { changed: number } } | { ok: false; error: string; errors?: Record<string, string> };

/** The form field of a municipality's joining day: one form holds every row. */
export const joinedOnField = (municipalityId: string) => `joinedOn-${municipalityId}`;

/**
 * Saves the participation of every municipality of the network in one go: all rows are checked
 * first and nothing is saved while one is wrong. Only the rows that changed are written and
 * audited, one audit entry per municipality, so the log says what changed.
 */
export async function saveParticipation(ctx: ServiceContext, rows: ParticipationRow[]): Promise<ParticipationResult> {
	await requirePermission(ctx, 'directory.settings');
	const today = todayIn(ctx.network.timeZone, ctx.now);
	const errors: Record<string, string> = {};
	for (const row of rows) {
		// A municipality takes part from the day it joined: a later day would count it before it does.
		if (row.participating && row.joinedOn !== null && row.joinedOn > today)
			errors[joinedOnField(row.municipalityId)] = 'error_directory_joined_in_future';
	}
	if (Object.keys(errors).length > 0) return { ok: false, error: 'error_form_summary', errors };
	return ctx.db.transaction().execute(async (trx): Promise<ParticipationResult> => {
		const current = new Map((await repo.listNetworkMunicipalities(trx, ctx.network.id)).map((m) => [m.id, m]));
		if (rows.some((row) => !current.has(row.municipalityId))) return { ok: false, error: 'error_not_found' };
		let changed = 0;
		for (const row of rows) {
			const before = current.get(row.municipalityId)!;
			// Taking part always has a start: today, in the network's time zone, unless a day is given.
			const joinedOn = row.participating ? (row.joinedOn ?? before.joinedOn ?? today) : null;
			if (before.participating === row.participating && before.joinedOn === joinedOn) continue;
			await repo.updateNetworkMunicipality(trx, ctx.network.id, row.municipalityId, {
				participating: row.participating,
				joinedOn
			});
			await ctx.audit.record(
				'directory.municipality_updated',
				{ type: 'municipality', id: row.municipalityId },
				'success',
				trx
			);
			changed += 1;
		}
		return { ok: true, value: { changed } };
	});
}

export type RemoveResult =
	| { ok: true; value: undefined }
	| {
			ok: false;
			error: string;
			field?: string;
			references?: { organisations: number; representatives: number; checklist: number };
	  };

/** Removes a municipality nothing of the network refers to; otherwise says what refers to it. */
export async function removeMunicipality(ctx: ServiceContext, municipalityId: string): Promise<RemoveResult> {
	await requirePermission(ctx, 'directory.settings');
	return ctx.db.transaction().execute(async (trx): Promise<RemoveResult> => {
		const existing = await repo.findNetworkMunicipality(trx, ctx.network.id, municipalityId);
		if (!existing) return failure('error_not_found');
		const references = await repo.countMunicipalityReferences(trx, ctx.network.id, municipalityId);
		if (references.organisations + references.representatives + references.checklist > 0)
			return { ...failure('error_directory_municipality_in_use'), references };
		await repo.deleteNetworkMunicipality(trx, ctx.network.id, municipalityId);
		await ctx.audit.record(
			'directory.municipality_removed',
			{ type: 'municipality', id: municipalityId },
			'success',
			trx
		);
		return { ok: true, value: undefined };
	});
}
