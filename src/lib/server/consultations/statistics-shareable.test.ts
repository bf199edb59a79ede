import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { halfPeriod } from '../platform/periods.ts';
import { countedLists, type ListCounts } from './statistics-repository.ts';
import { buildStatistics, HIDDEN, SUPPRESSED, type ShownCount } from './statistics.ts';
import { medianText, statisticsCsv, statisticsSections, summarySentences } from './statistics-service.ts';
import { suppressSmallCounts } from './statistics-shareable.ts';

/**
 * The shareable (suppressed) statistics may hide a figure, never state a different one: every
 * sentence and every count of the shareable version either says the same as the full version or says
 * that the figure is hidden ("<3" for 1–2, "–" for 3 or more, the median "hidden"), never 0 or "none".
 */
const locales = ['sv', 'nb', 'en'] as const;
const period = halfPeriod('half_year', 2026, 1);

const smallCount = fc.oneof(fc.constantFrom(0, 1, 2, 3), fc.integer({ min: 0, max: 40 }));

const rawStatistics = fc
	.record({
		lists: fc.record(
			Object.fromEntries(
				Object.entries(countedLists).map(([list, keys]) => [
					list,
					fc
						.tuple(...keys.map(() => smallCount))
						.map((counts) => Object.fromEntries(keys.map((key, index) => [key, counts[index]])))
				])
			) as Record<keyof typeof countedLists, fc.Arbitrary<Record<string, number>>>
		),
		months: fc.array(smallCount, { minLength: 6, maxLength: 6 }),
		municipalities: fc.array(smallCount, { minLength: 3, maxLength: 3 }),
		outside: smallCount,
		types: fc.array(smallCount, { minLength: 3, maxLength: 3 }),
		topics: fc.array(smallCount, { minLength: 2, maxLength: 2 }),
		answers: fc.array(fc.record({ days: fc.integer({ min: 0, max: 30 }), count: fc.constantFrom(0, 1, 1, 2, 3) }), {
			maxLength: 4
		})
	})
	.map((g) => {
		// The total is what the channels add up to: every consultation has exactly one channel.
		const total = Object.values(g.lists.channel).reduce((sum, n) => sum + n, 0);
		const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
		const lists: ListCounts = {
			total,
			byMonth: new Map(months.map((month, index) => [month, g.months[index]])),
			values: g.lists as ListCounts['values']
		};
		return {
			period,
			locale: 'en' as const,
			lists,
			municipalities: [
				{ id: 'SE-1', name: 'Boden', participating: true },
				{ id: 'SE-2', name: 'Kalix', participating: true },
				{ id: 'SE-3', name: 'Pajala', participating: false }
			],
			municipalityCounts: [
				...g.municipalities.map((count, index) => ({ id: `SE-${index + 1}`, count })),
				{ id: null, count: g.outside }
			],
			organisationTypes: [
				{ id: 't1', key: 'social_services', name: null, hidden: false, sortOrder: 1 },
				{ id: 't2', key: 'school', name: null, hidden: false, sortOrder: 2 }
			],
			typeCounts: [
				{ id: 't1', count: g.types[0] },
				{ id: 't2', count: g.types[1] },
				{ id: null, count: g.types[2] }
			],
			topics: [
				{ id: 'h', key: 'honour', name: null, hidden: false, sortOrder: 1 },
				{ id: 'c', key: 'close_relationships', name: null, hidden: false, sortOrder: 2 }
			],
			topicCounts: [
				{ id: 'h', count: g.topics[0] },
				{ id: 'c', count: g.topics[1] }
			],
			daysToFirstAnswer: g.answers
		};
	});

/** A shown count says the same as the full one, or that it is hidden — and "<3" only for 1–2. */
function agrees(shown: ShownCount, full: number): boolean {
	if (shown === SUPPRESSED) return full === 1 || full === 2;
	if (shown === HIDDEN) return full >= 3;
	return shown === full;
}

describe('the shareable statistics say that a figure is hidden, never something false', () => {
	it('agrees with the full version in every count and every summary sentence (generated data, three languages)', () => {
		fc.assert(
			fc.property(rawStatistics, fc.constantFrom(...locales), (raw, locale) => {
				const full = buildStatistics({ ...raw, locale });
				const shared = suppressSmallCounts(full);
				const fullSections = statisticsSections(full, locale);
				statisticsSections(shared, locale).forEach((section, s) =>
					section.rows.forEach((row, r) => {
						const count = fullSections[s].rows[r].count;
						expect(agrees(row.count, count), `${section.key} ${row.label}: ${row.count} for ${count}`).toBe(true);
						if (row.share !== null) expect(row.share).toBe(fullSections[s].rows[r].share);
					})
				);

				const none = m.statistics_median_none({}, { locale });
				const fullSentences = new Map(summarySentences(full, locale).map((line) => [line.key, line.text]));
				for (const line of summarySentences(shared, locale)) {
					const said = fullSentences.get(line.key)!;
					if (line.text === said) continue;
					// Differs only by saying that the figure is hidden.
					expect(line.text, line.key).toMatch(/<3|–/);
					expect(line.text, line.key).not.toBe(none);
				}
				const median = medianText(shared, locale);
				if (full.firstAnswer.answered > 0) expect(median).not.toBe(none);
				else expect(median).toBe(none);
			}),
			{ numRuns: 400 }
		);
	});

	it('says "1 or 2 answered, median hidden" where the full version says "1 day (of 2 answered)"', () => {
		const full = buildStatistics({
			...fc.sample(rawStatistics, { seed: 1, numRuns: 1 })[0],
			daysToFirstAnswer: [{ days: 1, count: 2 }]
		});
		expect(medianText(full, 'en')).toBe(m.statistics_median_days_value({ days: 1, answered: 2 }, { locale: 'en' }));
		const shared = suppressSmallCounts(full);
		for (const locale of locales) {
			const text = medianText(shared, locale);
			expect(text).toBe(m.statistics_median_hidden({ mark: SUPPRESSED }, { locale }));
			expect(text).not.toBe(m.statistics_median_none({}, { locale }));
			// The shareable CSV says the same as the page.
			expect(statisticsCsv(shared, locale)).toContain(text.replace(/"/g, '""'));
		}
		expect(medianText(suppressSmallCounts({ ...full, firstAnswer: { answered: 0, medianDays: null } }), 'sv')).toBe(
			m.statistics_median_none({}, { locale: 'sv' })
		);
	});
});
