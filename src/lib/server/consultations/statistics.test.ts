import { describe, expect, it } from 'vitest';
import { parseCsv } from '../platform/csv.ts';
import { halfPeriod } from '../platform/periods.ts';
import { countedLists, type ListCounts } from './statistics-repository.ts';
import { buildStatistics, HIDDEN, medianOfHistogram, SUPPRESSED } from './statistics.ts';
import { statisticsCsv } from './statistics-service.ts';
import { suppressAdditive, suppressSmallCounts } from './statistics-shareable.ts';

function lists(
	total: number,
	values: Partial<Record<keyof typeof countedLists, Record<string, number>>>,
	byMonth: [string, number][] = []
): ListCounts {
	const all = Object.fromEntries(
		Object.entries(countedLists).map(([list, keys]) => [
			list,
			Object.fromEntries(keys.map((key) => [key, values[list as keyof typeof countedLists]?.[key] ?? 0]))
		])
	) as ListCounts['values'];
	return { total, byMonth: new Map(byMonth), values: all };
}

const period = halfPeriod('half_year', 2026, 1);

function sample(locale: 'sv' | 'nb' | 'en' = 'en') {
	return buildStatistics({
		period,
		locale,
		lists: lists(
			25,
			{
				channel: { email: 12, phone: 10, team_meeting: 2, in_person: 1 },
				age_group: { age_13_17: 20 },
				urgency: { normal: 25 }
			},
			[
				['2026-01', 5],
				['2026-03', 20]
			]
		),
		municipalities: [
			{ id: 'SE-1', name: 'Boden', participating: true },
			{ id: 'SE-2', name: 'Älvsbyn', participating: true },
			{ id: 'SE-3', name: 'Arjeplog', participating: true },
			{ id: 'SE-4', name: 'Kiruna', participating: false }
		],
		municipalityCounts: [
			{ id: 'SE-1', count: 20 },
			{ id: 'SE-4', count: 1 },
			{ id: 'SE-9', count: 1 },
			{ id: null, count: 3 }
		],
		organisationTypes: [
			{ id: 't1', key: 'social_services', name: null, hidden: false, sortOrder: 1 },
			{ id: 't2', key: 'school', name: null, hidden: false, sortOrder: 2 },
			{ id: 't3', key: null, name: 'Fritidsgård', hidden: false, sortOrder: 3 },
			{ id: 't4', key: 'police', name: null, hidden: true, sortOrder: 4 }
		],
		typeCounts: [
			{ id: 't2', count: 4 },
			{ id: 't1', count: 19 },
			{ id: null, count: 2 }
		],
		topics: [
			{ id: 'h', key: 'honour', name: null, hidden: false, sortOrder: 1 },
			{ id: 'c', key: 'close_relationships', name: 'Våld i nära relation (eget)', hidden: false, sortOrder: 2 }
		],
		topicCounts: [
			{ id: 'h', count: 20 },
			{ id: 'c', count: 10 }
		],
		daysToFirstAnswer: [
			{ days: 0, count: 1 },
			{ days: 2, count: 2 },
			{ days: 5, count: 1 }
		]
	});
}

describe('statistics', () => {
	it('takes the median of a histogram', () => {
		expect(medianOfHistogram([])).toBeNull();
		expect(medianOfHistogram([{ days: 3, count: 1 }])).toBe(3);
		expect(
			medianOfHistogram([
				{ days: 1, count: 1 },
				{ days: 9, count: 1 }
			])
		).toBe(5);
		expect(
			medianOfHistogram([
				{ days: 9, count: 1 },
				{ days: 1, count: 3 }
			])
		).toBe(1);
		expect(
			medianOfHistogram([
				{ days: 0, count: 2 },
				{ days: 4, count: 2 },
				{ days: 6, count: 1 }
			])
		).toBe(4);
	});

	it('sums up a period: channels, shares, not stated and the trend per month', () => {
		const stats = sample();
		expect(stats.total).toBe(25);
		expect(stats.period.label).toBe('First half of 2026');
		expect(stats.channels.map((r) => [r.key, r.count])).toEqual([
			['email', 12],
			['phone', 10],
			['team_meeting', 2],
			['web_form', 0],
			['in_person', 1],
			['other', 0]
		]);
		expect(stats.channels[0].share).toBeCloseTo(0.48);
		expect(stats.channels[0].label).toBe('E-mail');
		expect(stats.ageGroups.at(-1)).toMatchObject({ key: 'not_stated', label: 'Not stated', count: 5 });
		// Urgency is always stated: no "not stated" row.
		expect(stats.urgencies.map((r) => r.key)).toEqual(['acute', 'high', 'normal']);
		expect(stats.trend.map((r) => [r.key, r.count])).toEqual([
			['2026-01', 5],
			['2026-02', 0],
			['2026-03', 20],
			['2026-04', 0],
			['2026-05', 0],
			['2026-06', 0]
		]);
		expect(stats.trend[0].label).toBe('January 2026');
	});

	it('counts participating municipalities reached, names the others, and sums up the outside', () => {
		const { municipalities } = sample();
		expect(municipalities.participating).toBe(3);
		expect(municipalities.reached).toBe(1);
		expect(municipalities.notReached.map((n) => n.name)).toEqual(['Älvsbyn', 'Arjeplog']);
		// Null and a municipality outside the network's area; Kiruna is in the network, just not participating.
		expect(municipalities.outside).toBe(4);
		// English collation puts Ä with A.
		expect(municipalities.rows.map((r) => r.label)).toEqual(['Älvsbyn', 'Arjeplog', 'Boden', 'Kiruna']);
	});

	it('sorts organisation types and topics by count, leaves out hidden ones nobody used', () => {
		const stats = sample();
		expect(stats.organisationTypes.map((r) => [r.label, r.count])).toEqual([
			['Social services', 19],
			['School', 4],
			['Fritidsgård', 0],
			['Not stated', 2]
		]);
		expect(stats.topics.map((r) => [r.label, r.count])).toEqual([
			['Honour-related violence and oppression', 20],
			['Våld i nära relation (eget)', 10]
		]);
		// Shares of consultations: a consultation may have several topics.
		expect(stats.topics.reduce((sum, r) => sum + (r.share ?? 0), 0)).toBeGreaterThan(1);
	});

	it('gives the median days to first answer', () => {
		expect(sample().firstAnswer).toEqual({ answered: 4, medianDays: 2 });
	});

	it('hides a second cell where a single "<3" could be worked out from the total', () => {
		// One "<3": the smallest other non-zero cell goes too (the first of equals), 0 stays 0.
		expect(suppressAdditive([12, 0, 2, 5, 6])).toEqual([12, 0, SUPPRESSED, HIDDEN, 6]);
		expect(suppressAdditive([4, 1, 4])).toEqual([HIDDEN, SUPPRESSED, 4]);
		// Two or more "<3": nothing more.
		expect(suppressAdditive([12, 1, 2, 5])).toEqual([12, SUPPRESSED, SUPPRESSED, 5]);
		expect(suppressAdditive([2, 1, 1, 9])).toEqual([SUPPRESSED, SUPPRESSED, SUPPRESSED, 9]);
		// None, or nothing else to hide.
		expect(suppressAdditive([3, 0, 7])).toEqual([3, 0, 7]);
		expect(suppressAdditive([0, 2, 0])).toEqual([0, SUPPRESSED, 0]);
		expect(suppressAdditive([])).toEqual([]);
	});

	it('applies complementary suppression to additive sections only, and keeps the total', () => {
		const stats = sample();
		const shared = suppressSmallCounts(stats);
		expect(shared.total).toBe(25);
		expect(shared.complementary).toBe(true);
		const counts = (rows: readonly { key: string; count: unknown }[]) => rows.map((r) => [r.key, r.count]);
		// Channels have two "<3" (2 and 1): nothing more hidden.
		expect(counts(shared.channels)).toEqual([
			['email', 12],
			['phone', 10],
			['team_meeting', SUPPRESSED],
			['web_form', 0],
			['in_person', SUPPRESSED],
			['other', 0]
		]);
		// Organisation types 19, 4, 0 and not stated 2: the 4 goes with the 2, and its share too.
		expect(counts(shared.organisationTypes)).toEqual([
			['t1', 19],
			['t2', HIDDEN],
			['t3', 0],
			['not_stated', SUPPRESSED]
		]);
		expect(shared.organisationTypes[1].share).toBeNull();
		expect(shared.organisationTypes[0].share).toBeCloseTo(0.76);
		// Municipalities with those outside: Kiruna 1 is the only "<3"; the outside 4 is the smallest other.
		expect(shared.municipalities.rows.map((r) => [r.label, r.count])).toEqual([
			['Älvsbyn', 0],
			['Arjeplog', 0],
			['Boden', 20],
			['Kiruna', SUPPRESSED]
		]);
		expect(shared.municipalities.outside).toBe(HIDDEN);
		// No "<3" in age groups, urgency or the trend: all shown.
		expect(counts(shared.trend).map(([, count]) => count)).toEqual([5, 0, 20, 0, 0, 0]);
		expect(shared.urgencies.map((r) => r.count)).toEqual([0, 0, 25]);
		// Not additive: topics and vulnerabilities get the "<3" alone.
		const topics = suppressSmallCounts({
			...stats,
			topics: [
				{ key: 'h', label: 'H', count: 20, share: 0.8 },
				{ key: 't', label: 'T', count: 4, share: 0.16 },
				{ key: 'c', label: 'C', count: 1, share: 0.04 }
			],
			vulnerabilities: [
				{ key: 'lgbtq', label: 'L', count: 2, share: 0.08 },
				{ key: 'disability', label: 'D', count: 3, share: 0.12 }
			]
		});
		expect(topics.topics.map((r) => r.count)).toEqual([20, 4, SUPPRESSED]);
		expect(topics.vulnerabilities.map((r) => r.count)).toEqual([SUPPRESSED, 3]);
		// The full version has none of it.
		expect(stats.complementary).toBe(false);
		expect(stats.organisationTypes[1].count).toBe(4);
	});

	it('marks nothing as complementary when no section has a lone "<3"', () => {
		const stats = sample();
		const shared = suppressSmallCounts({
			...stats,
			organisationTypes: stats.organisationTypes.filter((r) => r.key !== 'not_stated'),
			municipalities: { ...stats.municipalities, rows: stats.municipalities.rows.filter((r) => r.count !== 1) }
		});
		expect(shared.complementary).toBe(false);
		expect(shared.municipalities.outside).toBe(4);
	});

	it('hides counts of 1 and 2 and their shares in the shareable version, keeps 0', () => {
		const stats = sample();
		const shared = suppressSmallCounts(stats);
		expect(shared.suppressed).toBe(true);
		expect(shared.total).toBe(25);
		const channels = Object.fromEntries(shared.channels.map((r) => [r.key, r]));
		expect(channels.team_meeting).toMatchObject({ count: SUPPRESSED, share: null });
		expect(channels.in_person).toMatchObject({ count: SUPPRESSED, share: null });
		expect(channels.web_form).toMatchObject({ count: 0, share: 0 });
		expect(channels.email).toMatchObject({ count: 12, share: 0.48 });
		expect(shared.municipalities.rows.find((r) => r.label === 'Kiruna')?.count).toBe(SUPPRESSED);
		expect(shared.municipalities.reached).toBe(1);
		expect(shared.firstAnswer).toEqual({ answered: 4, medianDays: 2 });
		// The original is untouched.
		expect(stats.channels.find((r) => r.key === 'in_person')?.count).toBe(1);
		const few = suppressSmallCounts({ ...stats, total: 2, firstAnswer: { answered: 2, medianDays: 3 } });
		expect(few.total).toBe(SUPPRESSED);
		expect(few.firstAnswer).toEqual({ answered: SUPPRESSED, medianDays: null });
	});

	it('writes the figures as CSV, with "<3" in the shareable version', () => {
		const rows = parseCsv(statisticsCsv(sample('sv'), 'sv'));
		expect(rows[0]).toEqual(['Avsnitt', 'Värde', 'Antal', 'Andel (%)']);
		expect(rows).toContainEqual(['Kanal', 'E-post', '12', '48,0']);
		expect(rows).toContainEqual(['Sammanfattning', 'Antal frågeställningar', '25', '']);
		const shared = parseCsv(statisticsCsv(suppressSmallCounts(sample()), 'en'), ',');
		expect(shared).toContainEqual(['Channel', 'In person', '<3', '']);
		expect(shared).toContainEqual(['Channel', 'Web form', '0', '0.0']);
		expect(shared).toContainEqual(['Asking organisation type', 'School', '–', '']);
		expect(shared).toContainEqual(['Municipality', 'Outside the network or not stated', '–', '']);
		// What the marks mean, at the end; only the shareable version has them.
		expect(shared.at(-2)).toEqual(['Note', expect.stringContaining('“<3”'), '', '']);
		expect(shared.at(-1)).toEqual(['Note', expect.stringContaining('“–”'), '', '']);
		expect(parseCsv(statisticsCsv(sample(), 'en'), ',').some((row) => row[0] === 'Note')).toBe(false);
		const sv = parseCsv(statisticsCsv(suppressSmallCounts(sample('sv')), 'sv'));
		expect(sv.at(-1)).toEqual(['Anmärkning', expect.stringContaining('”–”'), '', '']);
	});
});
