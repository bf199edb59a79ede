import { describe, expect, it } from 'vitest';
import { barChartSvg, lineChartSvg, withoutSsrMetadata } from './echarts.server.ts';

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
});
