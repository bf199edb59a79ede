import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
	listMemberAffiliations,
	listNetworkMunicipalitiesByName,
	listTypes,
	networkMunicipalityExists,
	typeLabel
} from '../directory/index.ts';
import { listMembers } from '../networks/index.ts';
import type { ServiceContext } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import * as attendance from './attendance-repository.ts';
import { checkTexts } from './checked-texts.ts';
import type { GuestForm } from './forms.ts';
import * as meetings from './meetings-repository.ts';
import type { AttendanceStatus } from './model.ts';

/**
 * Attendance at a team meeting (docs/product.md#team-meetings): coordinators mark each invited
 * person present, absent or excused during or after the meeting, on a page made for a phone, and
 * count guests by organisation type and municipality without names. The member's organisation
 * type and municipality are copied into the mark (docs/decisions/021-team-meetings.md).
 */

/** Present or absent can be marked from this long before the start: people arrive early. */
const MARK_FROM_MS = 60 * 60_000;

/** Each member's organisation type and municipality now, from the directory, by membership id. */
export async function affiliationsOf(
	db: Kysely<Database>,
	networkId: string
): Promise<Map<string, { organisationTypeId: string | null; municipalityId: string | null }>> {
	const [members, byUser] = await Promise.all([listMembers(db, networkId), listMemberAffiliations(db, networkId)]);
	return new Map(
		members.map((member) => [
			member.membershipId,
			byUser.get(member.userId) ?? { organisationTypeId: null, municipalityId: null }
		])
	);
}

/** The marking page: every invited person with their mark, the guests, and the guest form's lists. */
export async function attendanceSheet(ctx: ServiceContext, meetingId: string) {
	await requirePermission(ctx, 'meetings.manage');
	const meeting = await meetings.findMeeting(ctx.db, ctx.network.id, meetingId);
	if (!meeting) return failure('error_not_found');
	const [rows, guests, types, municipalities, affiliations] = await Promise.all([
		attendance.listAttendance(ctx.db, ctx.network.id, meetingId),
		attendance.listGuests(ctx.db, ctx.network.id, meetingId),
		listTypes(ctx.db, ctx.network.id),
		listNetworkMunicipalitiesByName(ctx.db, ctx.network.id),
		affiliationsOf(ctx.db, ctx.network.id)
	]);
	const typeNames = new Map(types.map((t) => [t.id, typeLabel(t, ctx.locale)]));
	const municipalityNames = new Map(municipalities.map((mu) => [mu.id, mu.name]));
	const nameOf = (names: Map<string, string>, id: string | null | undefined) => (id ? (names.get(id) ?? null) : null);
	return ok({
		meeting,
		/** Each invited person with their organisation type and municipality now, from the directory. */
		rows: rows.map((row) => {
			const where = affiliations.get(row.membershipId);
			return {
				...row,
				organisationTypeName: nameOf(typeNames, where?.organisationTypeId),
				municipalityName: nameOf(municipalityNames, where?.municipalityId)
			};
		}),
		guests: guests.map((g) => ({
			...g,
			typeName: g.organisationTypeId ? (typeNames.get(g.organisationTypeId) ?? null) : null,
			municipalityName: g.municipalityId ? (municipalityNames.get(g.municipalityId) ?? null) : null
		})),
		typeOptions: types.filter((t) => !t.hidden).map((t) => ({ id: t.id, name: typeLabel(t, ctx.locale) })),
		municipalityOptions: municipalities.map((mu) => ({ id: mu.id, name: mu.name })),
		/** Present and absent only from shortly before the start; excused any time. */
		canMarkPresence: meeting.startAt.getTime() - MARK_FROM_MS <= ctx.now.getTime(),
		counts: {
			invited: rows.length,
			present: rows.filter((r) => r.status === 'present').length,
			absent: rows.filter((r) => r.status === 'absent').length,
			excused: rows.filter((r) => r.status === 'excused').length,
			guests: guests.reduce((sum, g) => sum + g.count, 0)
		}
	});
}

export interface SheetMark {
	membershipId: string;
	status: AttendanceStatus | null;
	reason: string | null;
}

/**
 * Saves the whole sheet at once: all marks or none. Refused for someone not invited, for present or
 * absent before the meeting is about to start, for a cancelled meeting, and for personal data in a
 * reason.
 */
export async function markAttendance(
	ctx: ServiceContext,
	meetingId: string,
	marks: SheetMark[]
): Promise<Result<number>> {
	await requirePermission(ctx, 'meetings.manage');
	const meeting = await meetings.findMeeting(ctx.db, ctx.network.id, meetingId);
	if (!meeting) return failure('error_not_found');
	if (meeting.status === 'cancelled') return failure('error_meetings_cancelled');
	const invited = new Map(
		(await attendance.listAttendance(ctx.db, ctx.network.id, meetingId)).map((row) => [row.membershipId, row])
	);
	const stranger = marks.find((mark) => !invited.has(mark.membershipId));
	if (stranger) return failure('error_meetings_not_invited');
	const early = meeting.startAt.getTime() - MARK_FROM_MS > ctx.now.getTime();
	if (early && marks.some((mark) => mark.status === 'present' || mark.status === 'absent'))
		return failure('error_meetings_not_started');
	for (const mark of marks)
		if (mark.reason) {
			const refused = await checkTexts(ctx, { [`reason-${mark.membershipId}`]: mark.reason });
			if (refused) return failure(refused.error, refused.field);
		}
	const affiliations = await affiliationsOf(ctx.db, ctx.network.id);
	const changed = marks.filter((mark) => {
		const row = invited.get(mark.membershipId)!;
		return row.status !== mark.status || (row.reason ?? null) !== (mark.status === 'present' ? null : mark.reason);
	});
	await ctx.db.transaction().execute(async (trx) => {
		for (const mark of changed) {
			const where = affiliations.get(mark.membershipId) ?? { organisationTypeId: null, municipalityId: null };
			await attendance.markAttendance(
				trx,
				ctx.network.id,
				meetingId,
				{ ...mark, selfAnnounced: false, ...where },
				ctx.actor.userId,
				ctx.now
			);
		}
		if (changed.length)
			await ctx.audit.record('meetings.attendance_marked', { type: 'meeting', id: meetingId }, 'success', trx);
	});
	return ok(changed.length);
}

/** Counts guests of one organisation type and municipality (either may be unknown), without names. */
export async function addGuests(ctx: ServiceContext, meetingId: string, form: GuestForm): Promise<Result<void>> {
	await requirePermission(ctx, 'meetings.manage');
	const meeting = await meetings.findMeeting(ctx.db, ctx.network.id, meetingId);
	if (!meeting) return failure('error_not_found');
	if (form.organisationTypeId) {
		const types = await listTypes(ctx.db, ctx.network.id);
		if (!types.some((t) => t.id === form.organisationTypeId)) return failure('error_invalid', 'organisationTypeId');
	}
	if (form.municipalityId && !(await networkMunicipalityExists(ctx.db, ctx.network.id, form.municipalityId)))
		return failure('error_invalid', 'municipalityId');
	await ctx.db.transaction().execute(async (trx) => {
		await attendance.insertGuests(trx, ctx.network.id, meetingId, { id: randomUUID(), ...form });
		await ctx.audit.record('meetings.guests_added', { type: 'meeting', id: meetingId }, 'success', trx);
	});
	return ok(undefined);
}

export async function removeGuests(ctx: ServiceContext, meetingId: string, guestId: string): Promise<Result<void>> {
	await requirePermission(ctx, 'meetings.manage');
	return ctx.db.transaction().execute(async (trx) => {
		if (!(await attendance.deleteGuests(trx, ctx.network.id, meetingId, guestId))) return failure('error_not_found');
		await ctx.audit.record('meetings.guests_removed', { type: 'meeting', id: meetingId }, 'success', trx);
		return ok(undefined);
	});
}
