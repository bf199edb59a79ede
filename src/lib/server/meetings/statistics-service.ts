import { m } from '#lib/paraglide/messages.js';
import { listNetworkMunicipalities, listTypes, typeLabel, type NetworkMunicipality } from '../directory/index.ts';
import { listMembers } from '../networks/index.ts';
import type { Locale, ServiceContext } from '../platform/context.ts';
import { csvSeparator, toCsv, type CsvCell } from '../platform/csv.ts';
import { percentText } from '../platform/percent.ts';
import { periodLabel, periodToken, type Period } from '../platform/periods.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { endOfDayIn, startOfDayIn, utcToZoned } from '../platform/time.ts';
import * as repo from './statistics-repository.ts';
import type { AffiliationCountRow, GuestCountRow, MeetingCountRow, MemberCountRow } from './statistics-repository.ts';

/**
 * Attendance at the team meetings of a period (docs/product.md#team-meetings), for the half-year
 * report's "most members took part regularly": the meetings held, each invited member's attendance
 * rate, the rates per municipality and organisation type, who took part regularly, which
 * participating municipalities were never represented, and the guests.
 *
 * Definitions, said once here and on the page:
 * - A meeting is *held* when it is not cancelled and has started. Cancelled meetings are counted
 *   apart and count for nothing else; coming meetings are listed but not counted.
 * - A member's *attendance rate* is present ÷ invited over the meetings held. Excused counts as not
 *   present (it is shown apart); an invitation nobody marked counts as not present too and is shown
 *   as "not recorded", so a forgotten sheet is visible rather than silently excluded.
 * - Per municipality and organisation type, the marks are grouped by the affiliation copied into
 *   each mark when it was made (decision 021), so old periods keep their figures; unmarked
 *   invitations have no affiliation and are not in these tables.
 * - A municipality is *represented* when a member from it was present or a guest from it came.
 */

/** The share of meetings a member must attend to have "taken part regularly", until the network chooses. */
export const DEFAULT_REGULAR_PERCENT = 75;

export interface MeetingRow {
	id: string;
	title: string;
	startAt: Date;
	/** Started and not cancelled. */
	held: boolean;
	invited: number;
	present: number;
	excused: number;
	absent: number;
	notRecorded: number;
	guests: number;
	/** Present ÷ invited, for a held meeting with invitations; else null. */
	rate: number | null;
}

export interface MemberStatRow {
	membershipId: string;
	name: string;
	invited: number;
	present: number;
	excused: number;
	absent: number;
	notRecorded: number;
	rate: number;
	/** Attended at least the network's regular share of the meetings held they were invited to. */
	regular: boolean;
}

export interface AffiliationStatRow {
	/** An organisation type or municipality id; null is "not stated". */
	id: string | null;
	label: string;
	/** Marks made (present, excused or absent). */
	marked: number;
	present: number;
	excused: number;
	absent: number;
	/** Present ÷ marked. */
	rate: number | null;
}

export interface GuestStatRow {
	id: string | null;
	label: string;
	count: number;
}

export interface MeetingStatistics {
	period: Period & { label: string; token: string };
	regularPercent: number;
	meetings: {
		held: number;
		/** Held meetings with at least one mark. */
		recorded: number;
		upcoming: number;
		cancelled: number;
	};
	/** Every meeting of the period that is not cancelled, in order, coming ones too. */
	meetingRows: MeetingRow[];
	cancelledRows: MeetingRow[];
	totals: {
		invitations: number;
		present: number;
		excused: number;
		absent: number;
		notRecorded: number;
		/** Present ÷ invitations over the meetings held; null when there were none. */
		rate: number | null;
		guests: number;
	};
	members: MemberStatRow[];
	regular: { count: number; of: number };
	byMunicipality: AffiliationStatRow[];
	byOrganisationType: AffiliationStatRow[];
	municipalities: {
		participating: number;
		represented: number;
		neverRepresented: { id: string; name: string }[];
	};
	guests: { byOrganisationType: GuestStatRow[]; byMunicipality: GuestStatRow[] };
}

export interface StatisticsRaw {
	period: Period;
	locale: Locale;
	now: Date;
	regularPercent: number;
	meetings: MeetingCountRow[];
	members: MemberCountRow[];
	names: Map<string, string>;
	marks: AffiliationCountRow[];
	guests: GuestCountRow[];
	organisationTypes: { id: string; label: string }[];
	municipalities: NetworkMunicipality[];
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** Turns the counted rows into the period's figures (pure: the numbers come from the database). */
export function buildMeetingStatistics(raw: StatisticsRaw): MeetingStatistics {
	const { locale } = raw;
	const notStated = m.statistics_not_stated({}, { locale });
	const typeName = new Map(raw.organisationTypes.map((t) => [t.id, t.label]));
	const municipalityName = new Map(raw.municipalities.map((x) => [x.id, x.name]));
	const compare = (a: string, b: string) => a.localeCompare(b, locale);

	const guestsOf = new Map<string, number>();
	for (const g of raw.guests) guestsOf.set(g.meetingId, (guestsOf.get(g.meetingId) ?? 0) + g.count);
	const rows: MeetingRow[] = raw.meetings.map((x) => {
		const held = x.status === 'scheduled' && x.startAt <= raw.now;
		return {
			id: x.id,
			title: x.title,
			startAt: x.startAt,
			held,
			invited: x.invited,
			present: x.present,
			excused: x.excused,
			absent: x.absent,
			notRecorded: x.invited - x.present - x.excused - x.absent,
			guests: guestsOf.get(x.id) ?? 0,
			rate: held ? ratio(x.present, x.invited) : null
		};
	});
	const cancelledIds = new Set(raw.meetings.filter((x) => x.status === 'cancelled').map((x) => x.id));
	const meetingRows = rows.filter((r) => !cancelledIds.has(r.id));
	const cancelledRows = rows.filter((r) => cancelledIds.has(r.id));
	const held = meetingRows.filter((r) => r.held);
	const sum = (pick: (r: MeetingRow) => number) => held.reduce((total, r) => total + pick(r), 0);

	const members: MemberStatRow[] = raw.members
		.map((x) => ({
			membershipId: x.membershipId,
			name: raw.names.get(x.membershipId) ?? notStated,
			invited: x.invited,
			present: x.present,
			excused: x.excused,
			absent: x.absent,
			notRecorded: x.invited - x.present - x.excused - x.absent,
			rate: x.present / x.invited,
			// In whole numbers, so 3 of 4 at 75 % is regular without a rounding doubt.
			regular: x.present * 100 >= raw.regularPercent * x.invited
		}))
		.sort((a, b) => b.rate - a.rate || compare(a.name, b.name));

	const group = (key: (row: AffiliationCountRow) => string | null, names: Map<string, string>) => {
		const map = new Map<string | null, AffiliationStatRow>();
		for (const row of raw.marks) {
			const id = key(row);
			const entry = map.get(id) ?? {
				id,
				label: id === null ? notStated : (names.get(id) ?? id),
				marked: 0,
				present: 0,
				excused: 0,
				absent: 0,
				rate: null
			};
			entry.marked += row.count;
			entry[row.status] += row.count;
			map.set(id, entry);
		}
		return [...map.values()]
			.map((entry) => ({ ...entry, rate: ratio(entry.present, entry.marked) }))
			.sort((a, b) => Number(a.id === null) - Number(b.id === null) || compare(a.label, b.label));
	};
	const guestGroup = (key: (row: GuestCountRow) => string | null, names: Map<string, string>) => {
		const map = new Map<string | null, GuestStatRow>();
		for (const row of raw.guests) {
			const id = key(row);
			const entry = map.get(id) ?? { id, label: id === null ? notStated : (names.get(id) ?? id), count: 0 };
			entry.count += row.count;
			map.set(id, entry);
		}
		return [...map.values()].sort((a, b) => Number(a.id === null) - Number(b.id === null) || compare(a.label, b.label));
	};

	const represented = new Set<string>();
	for (const row of raw.marks) if (row.status === 'present' && row.municipalityId) represented.add(row.municipalityId);
	for (const row of raw.guests) if (row.municipalityId) represented.add(row.municipalityId);
	const participating = raw.municipalities.filter((x) => x.participating).sort((a, b) => compare(a.name, b.name));
	const invitations = sum((r) => r.invited);
	const present = sum((r) => r.present);
	const regularCount = members.filter((x) => x.regular).length;

	return {
		period: { ...raw.period, label: periodLabel(raw.period, locale), token: periodToken(raw.period) },
		regularPercent: raw.regularPercent,
		meetings: {
			held: held.length,
			recorded: held.filter((r) => r.invited > r.notRecorded).length,
			upcoming: meetingRows.length - held.length,
			cancelled: cancelledRows.length
		},
		meetingRows,
		cancelledRows,
		totals: {
			invitations,
			present,
			excused: sum((r) => r.excused),
			absent: sum((r) => r.absent),
			notRecorded: sum((r) => r.notRecorded),
			rate: ratio(present, invitations),
			guests: sum((r) => r.guests)
		},
		members,
		regular: { count: regularCount, of: members.length },
		byMunicipality: group((r) => r.municipalityId, municipalityName),
		byOrganisationType: group((r) => r.organisationTypeId, typeName),
		municipalities: {
			participating: participating.length,
			represented: participating.filter((x) => represented.has(x.id)).length,
			neverRepresented: participating.filter((x) => !represented.has(x.id)).map((x) => ({ id: x.id, name: x.name }))
		},
		guests: {
			byOrganisationType: guestGroup((r) => r.organisationTypeId, typeName),
			byMunicipality: guestGroup((r) => r.municipalityId, municipalityName)
		}
	};
}

/** The instants a period of calendar days covers in the network's time zone: [from, until). */
export function periodInstants(period: Period, timeZone: string): { from: Date; until: Date } {
	return { from: startOfDayIn(period.from, timeZone), until: endOfDayIn(period.to, timeZone) };
}

async function regularPercentOf(ctx: ServiceContext): Promise<number> {
	return (await repo.findRegularPercent(ctx.db, ctx.network.id))?.regularPercent ?? DEFAULT_REGULAR_PERCENT;
}

/** The attendance figures of the meetings that started in the period; coordinators and admins only. */
export async function meetingStatistics(ctx: ServiceContext, period: Period): Promise<MeetingStatistics> {
	await requirePermission(ctx, 'meetings.manage');
	const { db } = ctx;
	const networkId = ctx.network.id;
	const { from, until } = periodInstants(period, ctx.network.timeZone);
	// Held means started: the counts of members and affiliations stop at now.
	const heldUntil = until < ctx.now ? until : new Date(ctx.now.getTime() + 1);
	const [meetings, members, marks, guests, people, types, municipalities, regularPercent] = await Promise.all([
		repo.listMeetingsWithCounts(db, networkId, from, until),
		repo.countAttendanceByMember(db, networkId, from, heldUntil),
		repo.countMarksByAffiliation(db, networkId, from, heldUntil),
		repo.countGuests(db, networkId, from, heldUntil),
		listMembers(db, networkId),
		listTypes(db, networkId),
		listNetworkMunicipalities(db, networkId),
		regularPercentOf(ctx)
	]);
	return buildMeetingStatistics({
		period,
		locale: ctx.locale,
		now: ctx.now,
		regularPercent,
		meetings,
		members,
		names: new Map(people.map((p) => [p.membershipId, p.name])),
		marks,
		guests,
		organisationTypes: types.map((t) => ({ id: t.id, label: typeLabel(t, ctx.locale) })),
		municipalities
	});
}

/** The "took part regularly" share the statistics use, and whether the network has chosen it. */
export async function statisticsSettings(ctx: ServiceContext): Promise<{ regularPercent: number; isDefault: boolean }> {
	await requirePermission(ctx, 'meetings.manage');
	const row = await repo.findRegularPercent(ctx.db, ctx.network.id);
	return { regularPercent: row?.regularPercent ?? DEFAULT_REGULAR_PERCENT, isDefault: !row };
}

/** Sets the share of meetings a member must attend to count as taking part regularly. */
export async function updateRegularPercent(
	ctx: ServiceContext,
	form: { regularPercent: number }
): Promise<Result<number>> {
	await requirePermission(ctx, 'meetings.manage');
	const value = form.regularPercent;
	if (!Number.isInteger(value) || value < 1 || value > 100)
		return failure('error_meetings_regular_percent_invalid', 'regularPercent');
	await ctx.db.transaction().execute(async (trx) => {
		await repo.saveRegularPercent(trx, ctx.network.id, value, ctx.now);
		await ctx.audit.record(
			'meetings.settings_updated',
			{ type: 'meeting_settings', id: ctx.network.id },
			'success',
			trx
		);
	});
	return ok(value);
}

/**
 * The figures as CSV, one row per figure: the summary, each meeting (held, coming, cancelled), each
 * member, the marks per municipality and organisation type, the guests, and the participating
 * municipalities never represented. Dates are days in the network's time zone.
 */
export function meetingStatisticsCsv(stats: MeetingStatistics, locale: Locale, timeZone: string): string {
	const o = { locale };
	const percent = (value: number | null) => percentText(value, locale);
	const summary = m.statistics_section_summary({}, o);
	// Section, item, date, invited or marked, present, excused, absent, not recorded, rate, guests.
	const figure = (label: string, value: CsvCell): CsvCell[] => [summary, label, value];
	const rows: CsvCell[][] = [
		figure(m.statistics_period({}, o), stats.period.label),
		figure(m.meetings_statistics_held({}, o), stats.meetings.held),
		figure(m.meetings_statistics_recorded({}, o), stats.meetings.recorded),
		figure(m.meetings_statistics_upcoming({}, o), stats.meetings.upcoming),
		figure(m.meetings_statistics_cancelled({}, o), stats.meetings.cancelled),
		figure(m.meetings_statistics_invitations({}, o), stats.totals.invitations),
		figure(m.meetings_statistics_present({}, o), stats.totals.present),
		figure(m.meetings_statistics_excused({}, o), stats.totals.excused),
		figure(m.meetings_statistics_absent({}, o), stats.totals.absent),
		figure(m.meetings_statistics_not_recorded({}, o), stats.totals.notRecorded),
		figure(m.meetings_statistics_rate({}, o), percent(stats.totals.rate)),
		figure(m.meetings_statistics_guests({}, o), stats.totals.guests),
		figure(m.meetings_statistics_regular_percent_label({}, o), stats.regularPercent),
		figure(m.meetings_statistics_regular_members({}, o), stats.regular.count),
		figure(m.meetings_statistics_members_counted({}, o), stats.regular.of),
		figure(m.statistics_municipalities_participating_label({}, o), stats.municipalities.participating),
		figure(m.meetings_statistics_represented({}, o), stats.municipalities.represented)
	];
	const meetingLines = (section: string, list: MeetingRow[]) =>
		list.map((r) => [
			section,
			r.title,
			utcToZoned(r.startAt, timeZone).slice(0, 10),
			r.invited,
			r.present,
			r.excused,
			r.absent,
			r.held ? r.notRecorded : null,
			percent(r.rate),
			r.guests
		]);
	rows.push(...meetingLines(m.meetings_statistics_meetings_heading({}, o), stats.meetingRows));
	rows.push(...meetingLines(m.meetings_statistics_cancelled_heading({}, o), stats.cancelledRows));
	for (const x of stats.members)
		rows.push([
			m.meetings_statistics_members_heading({}, o),
			x.name,
			null,
			x.invited,
			x.present,
			x.excused,
			x.absent,
			x.notRecorded,
			percent(x.rate),
			null
		]);
	for (const [section, list] of [
		[m.meetings_statistics_by_municipality({}, o), stats.byMunicipality],
		[m.meetings_statistics_by_organisation_type({}, o), stats.byOrganisationType]
	] as const)
		for (const x of list)
			rows.push([section, x.label, null, x.marked, x.present, x.excused, x.absent, null, percent(x.rate), null]);
	for (const [section, list] of [
		[m.meetings_statistics_guests_by_municipality({}, o), stats.guests.byMunicipality],
		[m.meetings_statistics_guests_by_organisation_type({}, o), stats.guests.byOrganisationType]
	] as const)
		for (const x of list) rows.push([section, x.label, null, null, null, null, null, null, null, x.count]);
	for (const x of stats.municipalities.neverRepresented)
		rows.push([m.meetings_statistics_never_represented_heading({}, o), x.name]);
	return toCsv(
		[
			m.statistics_csv_section({}, o),
			m.statistics_csv_item({}, o),
			m.meetings_statistics_col_date({}, o),
			m.meetings_statistics_col_invited({}, o),
			m.meetings_statistics_present({}, o),
			m.meetings_statistics_excused({}, o),
			m.meetings_statistics_absent({}, o),
			m.meetings_statistics_not_recorded({}, o),
			m.meetings_statistics_csv_rate({}, o),
			m.meetings_statistics_guests({}, o)
		],
		rows,
		{ separator: csvSeparator(locale) }
	);
}

/** The CSV download of a period's attendance; it names members, so every export is audited. */
export async function exportMeetingStatisticsCsv(ctx: ServiceContext, period: Period): Promise<string> {
	const stats = await meetingStatistics(ctx, period);
	await ctx.audit.exported('meeting_statistics', `csv:${period.from}..${period.to}`);
	return meetingStatisticsCsv(stats, ctx.locale, ctx.network.timeZone);
}
