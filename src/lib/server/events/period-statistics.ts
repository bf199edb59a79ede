import { m } from '#lib/paraglide/messages.js';
import { periodLabel, periodToken, type Period } from '../platform/periods.ts';
import { percentText } from '../platform/percent.ts';
import { listNetworkMunicipalities, listTypes, typeLabel, type NetworkMunicipality } from '../directory/index.ts';
import { endOfDayIn, startOfDayIn } from '../platform/time.ts';
import type { Locale, ServiceContext } from '../platform/context.ts';
import { csvSeparator, toCsv, type CsvCell } from '../platform/csv.ts';
import { requirePermission } from '../platform/permissions.ts';
import { eventFormats, eventTypes, type EventFormat, type EventType, type RegistrationStatus } from './model.ts';
import { utcToZoned } from '../platform/time.ts';
import * as repo from './period-statistics-repository.ts';
import type { PeriodEvent, RegistrationCount } from './period-statistics-repository.ts';

/**
 * The events' figures for a period (also the trainings of the half-year report, docs/product.md#period-report): the events
 * that started in it, what their registrations add up to, and whom they reached. The figures are
 * the per-event statistics (`eventStatistics`) summed over the period's published events; cancelled
 * events are listed apart and count for nothing. Counts only, no names: reading them is not
 * audited, exporting them is.
 */

export interface PeriodEventRow extends PeriodEvent {
	/** Over: `endAt` is before now. */
	ended: boolean;
	/** Everyone but the cancelled, the waiting list included. */
	registrations: number;
	/** Registered, attended or no-show: a seat that could be checked in. */
	withSeat: number;
	attended: number;
	waiting: number;
	/** Attended of those with a seat, once check-in has begun (as `eventStatistics`); else null. */
	attendanceRate: number | null;
}

/** Held events of one type or format: `count` and `share` as the chart and its table show them. */
export interface EventCountRow {
	key: string;
	label: string;
	count: number;
	share: number | null;
	registrations: number;
	attended: number;
}

export interface ReachRow {
	/** An organisation type or municipality id; null is "not stated". */
	id: string | null;
	label: string;
	registered: number;
	attended: number;
}

export interface PeriodStatistics {
	period: Period & { label: string; token: string };
	/** The published events starting in the period, in order; upcoming ones too. */
	events: PeriodEventRow[];
	/** Cancelled events that were to start in the period; not counted anywhere else. */
	cancelled: PeriodEventRow[];
	byType: EventCountRow[];
	byFormat: EventCountRow[];
	totals: {
		registrations: number;
		withSeat: number;
		attended: number;
		/** Had a seat and was not checked in, at the events whose attendance was recorded. */
		noShows: number;
		/** Attended of those with a seat, over the events whose attendance was recorded; null if none. */
		attendanceRate: number | null;
		/** Still on the waiting list of an event that is over. */
		waitingWithoutSeat: number;
		/** Published events that have not ended yet. */
		upcoming: number;
	};
	byOrganisationType: ReachRow[];
	byMunicipality: ReachRow[];
	municipalities: {
		participating: number;
		reachedByRegistration: number;
		reachedByAttendance: number;
		notReachedByRegistration: { id: string; name: string }[];
		notReachedByAttendance: { id: string; name: string }[];
	};
}

type Message = (inputs?: Record<string, never>, options?: { locale?: Locale }) => string;

const typeMessages: Record<EventType, Message> = {
	training: m.events_staff_type_training,
	conference: m.events_staff_type_conference,
	network_meeting: m.events_staff_type_network_meeting,
	theme_week_activity: m.events_staff_type_theme_week_activity,
	other: m.events_staff_type_other
};

const formatMessages: Record<EventFormat, Message> = {
	digital: m.events_staff_format_digital,
	on_site: m.events_staff_format_on_site,
	hybrid: m.events_staff_format_hybrid
};

/** The instants a period of calendar days covers in the network's time zone: [from, until). */
export function periodInstants(period: Period, timeZone: string): { from: Date; until: Date } {
	return { from: startOfDayIn(period.from, timeZone), until: endOfDayIn(period.to, timeZone) };
}

function rate(attended: number, withSeat: number): number | null {
	return withSeat > 0 && attended > 0 ? attended / withSeat : null;
}

function eventRow(event: PeriodEvent, counts: Record<RegistrationStatus, number>, now: Date): PeriodEventRow {
	const withSeat = counts.registered + counts.attended + counts.no_show;
	const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
	return {
		...event,
		ended: event.endAt < now,
		registrations: total - counts.cancelled,
		withSeat,
		attended: counts.attended,
		waiting: counts.waiting,
		attendanceRate: rate(counts.attended, withSeat)
	};
}

function noCounts(): Record<RegistrationStatus, number> {
	return { registered: 0, waiting: 0, offered: 0, cancelled: 0, attended: 0, no_show: 0 };
}

export interface PeriodRaw {
	period: Period;
	locale: Locale;
	now: Date;
	events: PeriodEvent[];
	counts: RegistrationCount[];
	/** The network's organisation types with their labels in `locale`. */
	organisationTypes: { id: string; label: string }[];
	municipalities: NetworkMunicipality[];
}

/** Turns the period's events and counted registrations into its figures (pure, tested without a database). */
export function buildPeriodStatistics(raw: PeriodRaw): PeriodStatistics {
	const { locale } = raw;
	const notStated = m.statistics_not_stated({}, { locale });
	const perEvent = new Map(raw.events.map((e) => [e.id, noCounts()]));
	const held = new Set(raw.events.filter((e) => e.status === 'published').map((e) => e.id));
	const typeName = new Map(raw.organisationTypes.map((t) => [t.id, t.label]));
	const municipalityName = new Map(raw.municipalities.map((x) => [x.id, x.name]));
	const byType = new Map<string | null, ReachRow>();
	const byMunicipality = new Map<string | null, ReachRow>();
	const reachedRegistered = new Set<string>();
	const reachedAttended = new Set<string>();
	for (const row of raw.counts) {
		const counts = perEvent.get(row.eventId);
		if (!counts) continue;
		counts[row.status] += row.count;
		if (!held.has(row.eventId) || row.status === 'cancelled') continue;
		const attended = row.status === 'attended' ? row.count : 0;
		const add = (map: Map<string | null, ReachRow>, id: string | null, names: Map<string, string>) => {
			const label = id === null ? notStated : (names.get(id) ?? id);
			const entry = map.get(id) ?? { id, label, registered: 0, attended: 0 };
			entry.registered += row.count;
			entry.attended += attended;
			map.set(id, entry);
		};
		add(byType, row.organisationTypeId, typeName);
		add(byMunicipality, row.municipalityId, municipalityName);
		if (row.municipalityId) {
			reachedRegistered.add(row.municipalityId);
			if (attended) reachedAttended.add(row.municipalityId);
		}
	}
	const rows = raw.events.map((e) => eventRow(e, perEvent.get(e.id)!, raw.now));
	const events = rows.filter((e) => e.status === 'published');
	const recorded = events.filter((e) => e.attendanceRate !== null);
	const sum = (list: PeriodEventRow[], pick: (e: PeriodEventRow) => number) =>
		list.reduce((total, e) => total + pick(e), 0);
	const recordedSeats = sum(recorded, (e) => e.withSeat);
	const recordedAttended = sum(recorded, (e) => e.attended);
	const countRows = <K extends string>(keys: readonly K[], keyOf: (e: PeriodEventRow) => K, label: (k: K) => string) =>
		keys.map((key) => {
			const these = events.filter((e) => keyOf(e) === key);
			return {
				key,
				label: label(key),
				count: these.length,
				share: events.length ? these.length / events.length : null,
				registrations: sum(these, (e) => e.registrations),
				attended: sum(these, (e) => e.attended)
			};
		});
	const participating = raw.municipalities
		.filter((x) => x.participating)
		.sort((a, b) => a.name.localeCompare(b.name, locale));
	const sorted = (map: Map<string | null, ReachRow>) =>
		[...map.values()].sort(
			(a, b) =>
				Number(a.id === null) - Number(b.id === null) ||
				b.registered - a.registered ||
				a.label.localeCompare(b.label, locale)
		);
	return {
		period: { ...raw.period, label: periodLabel(raw.period, locale), token: periodToken(raw.period) },
		events,
		cancelled: rows.filter((e) => e.status === 'cancelled'),
		byType: countRows(
			eventTypes,
			(e) => e.type,
			(k) => typeMessages[k]({}, { locale })
		),
		byFormat: countRows(
			eventFormats,
			(e) => e.format,
			(k) => formatMessages[k]({}, { locale })
		),
		totals: {
			registrations: sum(events, (e) => e.registrations),
			withSeat: sum(events, (e) => e.withSeat),
			attended: sum(events, (e) => e.attended),
			noShows: recordedSeats - recordedAttended,
			attendanceRate: recorded.length ? recordedAttended / recordedSeats : null,
			waitingWithoutSeat: sum(
				events.filter((e) => e.ended),
				(e) => e.waiting
			),
			upcoming: events.filter((e) => !e.ended).length
		},
		byOrganisationType: sorted(byType),
		byMunicipality: sorted(byMunicipality),
		municipalities: {
			participating: participating.length,
			reachedByRegistration: participating.filter((x) => reachedRegistered.has(x.id)).length,
			reachedByAttendance: participating.filter((x) => reachedAttended.has(x.id)).length,
			notReachedByRegistration: participating
				.filter((x) => !reachedRegistered.has(x.id))
				.map((x) => ({ id: x.id, name: x.name })),
			notReachedByAttendance: participating
				.filter((x) => !reachedAttended.has(x.id))
				.map((x) => ({ id: x.id, name: x.name }))
		}
	};
}

/** The figures of the events that started in the period, for communicators and above. */
export async function periodStatistics(ctx: ServiceContext, period: Period): Promise<PeriodStatistics> {
	await requirePermission(ctx, 'events.manage');
	const networkId = ctx.network.id;
	const { from, until } = periodInstants(period, ctx.network.timeZone);
	const [events, counts, types, municipalities] = await Promise.all([
		repo.listEventsStarting(ctx.db, networkId, from, until),
		repo.countRegistrationsOfEventsStarting(ctx.db, networkId, from, until),
		listTypes(ctx.db, networkId),
		listNetworkMunicipalities(ctx.db, networkId)
	]);
	return buildPeriodStatistics({
		period,
		locale: ctx.locale,
		now: ctx.now,
		events,
		counts,
		organisationTypes: types.map((t) => ({ id: t.id, label: typeLabel(t, ctx.locale) })),
		municipalities
	});
}

/**
 * The figures as CSV, one row per figure: a summary, each event (published, then cancelled), the
 * events per type and format, registrations per organisation type and municipality, and the
 * participating municipalities not reached. Dates are days in the network's time zone.
 */
export function periodStatisticsCsv(stats: PeriodStatistics, locale: Locale, timeZone: string): string {
	const o = { locale };
	const percent = (value: number | null) => percentText(value, locale);
	const summary = m.statistics_section_summary({}, o);
	// Section, item, count, date, type, format, registered, attended, attendance rate.
	const rows: CsvCell[][] = [
		[summary, m.statistics_period({}, o), stats.period.label],
		[summary, m.events_statistics_events({}, o), stats.events.length],
		[summary, m.events_statistics_cancelled_heading({}, o), stats.cancelled.length],
		[summary, m.events_statistics_registrations({}, o), stats.totals.registrations],
		[summary, m.events_statistics_with_seat({}, o), stats.totals.withSeat],
		[summary, m.events_statistics_attended({}, o), stats.totals.attended],
		[summary, m.events_statistics_no_shows({}, o), stats.totals.noShows],
		[
			summary,
			m.events_statistics_attendance_rate({}, o),
			null,
			null,
			null,
			null,
			null,
			null,
			percent(stats.totals.attendanceRate)
		],
		[summary, m.events_statistics_waiting({}, o), stats.totals.waitingWithoutSeat],
		[summary, m.statistics_municipalities_participating_label({}, o), stats.municipalities.participating],
		[summary, m.events_statistics_reached_registration({}, o), stats.municipalities.reachedByRegistration],
		[summary, m.events_statistics_reached_attendance({}, o), stats.municipalities.reachedByAttendance]
	];
	const eventLines = (section: string, list: PeriodEventRow[]) =>
		list.map((e) => [
			section,
			e.title,
			null,
			utcToZoned(e.startAt, timeZone).slice(0, 10),
			typeMessages[e.type]({}, o),
			formatMessages[e.format]({}, o),
			e.registrations,
			e.attended,
			percent(e.attendanceRate)
		]);
	rows.push(...eventLines(m.events_statistics_events_heading({}, o), stats.events));
	rows.push(...eventLines(m.events_statistics_cancelled_heading({}, o), stats.cancelled));
	for (const [section, list] of [
		[m.events_statistics_by_type({}, o), stats.byType],
		[m.events_statistics_by_format({}, o), stats.byFormat]
	] as const)
		for (const row of list)
			rows.push([section, row.label, row.count, null, null, null, row.registrations, row.attended]);
	for (const [section, list] of [
		[m.events_statistics_by_organisation_type({}, o), stats.byOrganisationType],
		[m.events_statistics_by_municipality({}, o), stats.byMunicipality]
	] as const)
		for (const row of list) rows.push([section, row.label, null, null, null, null, row.registered, row.attended]);
	for (const [section, list] of [
		[m.events_statistics_csv_not_reached_registration({}, o), stats.municipalities.notReachedByRegistration],
		[m.events_statistics_csv_not_reached_attendance({}, o), stats.municipalities.notReachedByAttendance]
	] as const)
		for (const x of list) rows.push([section, x.name]);
	return toCsv(
		[
			m.statistics_csv_section({}, o),
			m.statistics_csv_item({}, o),
			m.events_statistics_csv_value({}, o),
			m.events_statistics_csv_date({}, o),
			m.events_statistics_col_type({}, o),
			m.events_statistics_col_format({}, o),
			m.events_statistics_col_registrations({}, o),
			m.events_statistics_col_attended({}, o),
			m.events_statistics_csv_rate({}, o)
		],
		rows,
		{ separator: csvSeparator(locale) }
	);
}

/** The CSV download of a period's figures; every export is written to the audit log. */
export async function exportPeriodStatisticsCsv(ctx: ServiceContext, period: Period): Promise<string> {
	const stats = await periodStatistics(ctx, period);
	await ctx.audit.exported('event_statistics', `csv:${period.from}..${period.to}`);
	return periodStatisticsCsv(stats, ctx.locale, ctx.network.timeZone);
}
