import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barChartSvg, lineChartSvg, NARROW_CHART_WIDTH, withoutSsrMetadata, wrapLabel } from './echarts.server.ts';

// The charts are put into HTML pages as they are, where ECharts' own SSR attributes are invalid.
describe('server-rendered charts', () => {
	const data = [
		{ label: 'Hedersrelaterat våld & förtryck', value: 7 },
		{ label: 'Barnäktenskap "och" tvångsäktenskap', value: null },
		{ label: 'Annat', value: 2 }
	];

	it('carry no ecmeta attributes, in bar and line charts', () => {
		for (const svg of [barChartSvg(data), lineChartSvg(data)]) {
			expect(svg.startsWith('<svg')).toBe(true);
			expect(svg).not.toMatch(/ecmeta/i);
			// The picture itself is still there.
			expect(svg).toContain('<path');
			expect(svg).toContain('Annat');
		}
	});

	it('strips only the ecmeta attributes', () => {
		expect(
			withoutSsrMetadata('<svg ecmeta_ssr_type="chart" width="10"><path d="M0 0" ecmeta_series_index="0"></path></svg>')
		).toBe('<svg width="10"><path d="M0 0"></path></svg>');
	});

	it('wraps a label to the column without losing or adding a letter', () => {
		expect(wrapLabel('Labour and welfare office (NAV)', 16)).toEqual(['Labour and', 'welfare office', '(NAV)']);
		expect(wrapLabel('Hälso- och sjukvård', 10)).toEqual(['Hälso- och', 'sjukvård']);
		expect(wrapLabel('Ungdomsmottagningsverksamheten', 12)).toEqual(['Ungdomsmott-', 'agningsverk-', 'samheten']);
		fc.assert(
			fc.property(
				fc.array(fc.stringMatching(/^[A-Za-zÅÄÖåäöø()-]{1,30}$/), { minLength: 1, maxLength: 8 }),
				fc.integer({ min: 4, max: 30 }),
				(words, max) => {
					const label = words.join(' ');
					const lines = wrapLabel(label, max);
					for (const line of lines) expect(line.length).toBeLessThanOrEqual(max);
					// Joined again (a split word's added hyphen taken away) the lines give the label's letters.
					const letters = (text: string) => text.replace(/[\s-]/g, '');
					expect(letters(lines.join(''))).toBe(letters(label));
				}
			)
		);
	});

	it('draws the longest organisation type names whole, wrapped, at phone and desktop widths', () => {
		const names = [
			'Ungdomsmottagning',
			'Kvinno- och tjejjour',
			'Helsestasjon for ungdom',
			'Labour and welfare office (NAV)',
			'Non-governmental organisation'
		];
		for (const width of [640, NARROW_CHART_WIDTH]) {
			const svg = barChartSvg(
				names.map((label, i) => ({ label, value: i + 1 })),
				{ width }
			);
			const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
			for (const word of names.flatMap((n) => n.split(/\s+/))) expect(texts).toContain(word);
			expect(texts).not.toContain('…');
		}
	});
});
