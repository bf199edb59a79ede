import { describe, expect, it } from 'vitest';
import { halfPeriod, termPeriod } from '../platform/periods.ts';
import type { NetworkMunicipality } from '../directory/index.ts';
import { parseCsv } from '../platform/csv.ts';
import type { RegistrationStatus } from './model.ts';
import { buildPeriodStatistics, periodInstants, periodStatisticsCsv } from './period-statistics.ts';
import type { PeriodEvent, RegistrationCount } from './period-statistics-repository.ts';

const now = new Date('2026-05-20T12:00:00Z');

function event(id: string, values: Partial<PeriodEvent> = {}): PeriodEvent {
	const startAt = values.startAt ?? new Date('2026-03-10T08:00:00Z');
	return {
		id,
		title: `Event ${id}`,
		type: 'training',
		format: 'digital',
		status: 'published',
		startAt,
		endAt: new Date(startAt.getTime() + 3 * 3_600_000),
		...values
	};
}

function counts(
	eventId: string,
	status: RegistrationStatus,
	count: number,
	where: { type?: string | null; municipality?: string | null } = {}
): RegistrationCount {
	return {
		eventId,
		status,
		count,
		organisationTypeId: where.type ?? null,
		municipalityId: where.municipality ?? null
	};
}

function municipality(id: string, name: string, participating = true): NetworkMunicipality {
	return { id, name, countyCode: '25', countyName: 'Norrbottens län', participating, joinedOn: null };
}

const municipalities = [
	municipality('SE-2580', 'Luleå'),
	municipality('SE-2581', 'Piteå'),
	municipality('SE-2582', 'Boden'),
	municipality('SE-2583', 'Haparanda', false)
];

function sample(locale: 'sv' | 'nb' | 'en' = 'en') {
	return buildPeriodStatistics({
		period: termPeriod(2026, 'spring'),
		locale,
		now,
		events: [
			event('a'),
			event('b', { type: 'conference', format: 'on_site', startAt: new Date('2026-04-02T07:00:00Z') }),
			event('c', { startAt: new Date('2026-06-01T07:00:00Z') }),
			event('d', { status: 'cancelled', startAt: new Date('2026-04-20T07:00:00Z') })
		],
		counts: [
			// a: attendance recorded; 6 with a seat, 4 came.
			counts('a', 'attended', 3, { type: 'social', municipality: 'SE-2580' }),
			counts('a', 'attended', 1, { type: 'school', municipality: 'SE-2583' }),
			counts('a', 'no_show', 1, { type: 'social', municipality: 'SE-2581' }),
			counts('a', 'registered', 1, { municipality: 'SE-2581' }),
			counts('a', 'waiting', 2, { type: 'school' }),
			counts('a', 'cancelled', 5, { type: 'school', municipality: 'SE-2582' }),
			// b: over, but nobody checked in: no rate, not in the rate or the no-shows.
			counts('b', 'registered', 4, { type: 'school', municipality: 'SE-2580' }),
			counts('b', 'waiting', 1),
			// c: upcoming; its waiting list may still get seats.
			counts('c', 'registered', 2, { type: 'social', municipality: 'SE-2580' }),
			counts('c', 'waiting', 3),
			// d: cancelled; counted nowhere but its own row.
			counts('d', 'registered', 7, { type: 'social', municipality: 'SE-2582' }),
			// An event outside the period (not listed) never counts.
			counts('x', 'attended', 9, { municipality: 'SE-2582' })
		],
		organisationTypes: [
			{ id: 'social', label: 'Social services' },
			{ id: 'school', label: 'School' }
		],
		municipalities
	});
}

describe('periodInstants', () => {
	it('turns the days of a term into instants in the network’s time zone', () => {
		expect(periodInstants(termPeriod(2026, 'autumn'), 'Europe/Stockholm')).toEqual({
			from: new Date('2026-07-31T22:00:00Z'),
			until: new Date('2026-12-31T23:00:00Z')
		});
		expect(periodInstants(halfPeriod('half_year', 2026, 1), 'Europe/Oslo')).toEqual({
			from: new Date('2025-12-31T23:00:00Z'),
			until: new Date('2026-06-30T22:00:00Z')
		});
	});
});

describe('buildPeriodStatistics', () => {
	it('sums the published events and keeps cancelled ones apart', () => {
		const stats = sample();
		expect(stats.period).toMatchObject({ label: 'Spring term 2026', token: 'term-2026-spring' });
		expect(stats.events.map((e) => e.id)).toEqual(['a', 'b', 'c']);
		expect(stats.cancelled.map((e) => [e.id, e.registrations])).toEqual([['d', 7]]);
		expect(stats.events.map((e) => [e.id, e.registrations, e.attended, e.attendanceRate, e.ended])).toEqual([
			['a', 8, 4, 4 / 6, true],
			['b', 5, 0, null, true],
			['c', 5, 0, null, false]
		]);
		expect(stats.totals).toEqual({
			registrations: 18,
			withSeat: 12,
			attended: 4,
			// Only event a recorded attendance: 6 with a seat, 4 came.
			noShows: 2,
			attendanceRate: 4 / 6,
			// a's and b's waiting lists; c has not happened yet.
			waitingWithoutSeat: 3,
			upcoming: 1
		});
	});

	it('counts events per type and format, every type and format listed', () => {
		const stats = sample();
		expect(stats.byType.map((r) => [r.key, r.count])).toEqual([
			['training', 2],
			['conference', 1],
			['network_meeting', 0],
			['theme_week_activity', 0],
			['other', 0]
		]);
		expect(stats.byType[0]).toMatchObject({ label: 'Training', share: 2 / 3, registrations: 13, attended: 4 });
		expect(stats.byFormat.map((r) => [r.key, r.count])).toEqual([
			['digital', 2],
			['on_site', 1],
			['hybrid', 0]
		]);
	});

	it('breaks registrations down by organisation type and municipality, not stated last', () => {
		const stats = sample();
		expect(stats.byOrganisationType).toEqual([
			{ id: 'school', label: 'School', registered: 7, attended: 1 },
			{ id: 'social', label: 'Social services', registered: 6, attended: 3 },
			{ id: null, label: 'Not stated', registered: 5, attended: 0 }
		]);
		expect(stats.byMunicipality.map((r) => [r.label, r.registered, r.attended])).toEqual([
			['Luleå', 9, 3],
			['Piteå', 2, 0],
			['Haparanda', 1, 1],
			['Not stated', 6, 0]
		]);
	});

	it('names the participating municipalities not reached by registration and by attendance', () => {
		const { municipalities: reach } = sample();
		// Boden only had a cancelled registration and a cancelled event; Haparanda is not participating.
		expect(reach).toEqual({
			participating: 3,
			reachedByRegistration: 2,
			reachedByAttendance: 1,
			notReachedByRegistration: [{ id: 'SE-2582', name: 'Boden' }],
			notReachedByAttendance: [
				{ id: 'SE-2582', name: 'Boden' },
				{ id: 'SE-2581', name: 'Piteå' }
			]
		});
	});

	it('has no rate and no shares for a period without events', () => {
		const stats = buildPeriodStatistics({
			period: termPeriod(2025, 'autumn'),
			locale: 'sv',
			now,
			events: [],
			counts: [],
			organisationTypes: [],
			municipalities
		});
		expect(stats.totals).toMatchObject({ registrations: 0, attendanceRate: null, noShows: 0 });
		expect(stats.byType.every((r) => r.count === 0 && r.share === null)).toBe(true);
		expect(stats.municipalities.notReachedByRegistration.map((x) => x.name)).toEqual(['Boden', 'Luleå', 'Piteå']);
	});
});

describe('periodStatisticsCsv', () => {
	it('writes the summary, each event with its local date, and the breakdowns', () => {
		const rows = parseCsv(periodStatisticsCsv(sample('sv'), 'sv', 'Europe/Stockholm'));
		expect(rows[0]).toEqual([
			'Avsnitt',
			'Värde',
			'Antal',
			'Datum',
			'Typ',
			'Form',
			'Anmälda',
			'Närvarande',
			'Närvarograd (%)'
		]);
		const find = (section: string, item: string) => rows.find((r) => r[0] === section && r[1] === item);
		expect(find('Sammanfattning', 'Period')?.[2]).toBe('Vårterminen 2026');
		expect(find('Sammanfattning', 'Anmälningar')?.[2]).toBe('18');
		expect(find('Sammanfattning', 'Närvarograd')?.[8]).toBe('66,7');
		expect(find('Publicerade evenemang', 'Event a')).toEqual([
			'Publicerade evenemang',
			'Event a',
			'',
			'2026-03-10',
			'Utbildning',
			'Digitalt',
			'8',
			'4',
			'66,7'
		]);
		expect(find('Inställda evenemang', 'Event d')?.[6]).toBe('7');
		expect(find('Evenemang per typ', 'Konferens')?.slice(2, 3)).toEqual(['1']);
		expect(find('Anmälda och närvarande per kommun', 'Luleå')?.slice(6, 8)).toEqual(['9', '3']);
		expect(find('Deltagande kommuner utan närvarande', 'Piteå')).toBeDefined();
	});
});
