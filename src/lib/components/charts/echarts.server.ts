import * as echarts from 'echarts';

/**
 * Charts as SVG strings rendered on the server with ECharts' SSR mode: they show without
 * JavaScript, print, and go into PDFs and mails. They carry no meaning of their own for assistive
 * technology — the page puts the same figures in a table beside each chart — so they are plain
 * pictures (the page wraps them aria-hidden). Colours meet WCAG 2.2 against white: bars and lines
 * #1e5aa0 (6.9:1, above the 3:1 for graphics), text #1f2937 (14.7:1), axes #4b5563 (7.6:1).
 */
export const CHART_COLOURS = { bar: '#1e5aa0', text: '#1f2937', axis: '#4b5563', grid: '#d1d5db' } as const;

export interface ChartDatum {
	label: string;
	/** Null draws nothing: a hidden (suppressed) count. */
	value: number | null;
}

const textStyle = { color: CHART_COLOURS.text, fontSize: 13, fontFamily: 'Inter, system-ui, sans-serif' };

/**
 * ECharts' SSR mode marks elements with `ecmeta_*` attributes so that a browser-side ECharts can
 * hydrate the chart (tooltips, clicks). These charts are plain pictures with no ECharts in the
 * browser, and the attributes are not valid SVG in HTML, so they are dropped. ECharts escapes
 * attribute values, so a value never holds a double quote.
 */
export function withoutSsrMetadata(svg: string): string {
	return svg.replace(/\s+ecmeta_[a-z0-9_]+="[^"]*"/gi, '');
}

function render(option: echarts.EChartsCoreOption, width: number, height: number): string {
	const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
	try {
		chart.setOption({ animation: false, aria: { enabled: false }, textStyle, ...option });
		return withoutSsrMetadata(chart.renderToSVGString());
	} finally {
		chart.dispose();
	}
}

function shorten(label: string, max = 28): string {
	return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** Horizontal bars, one per row, labelled with their value; long labels are shortened (the table has them whole). */
export function barChartSvg(data: readonly ChartDatum[], options: { width?: number } = {}): string {
	const width = options.width ?? 640;
	const height = Math.max(120, 36 * data.length + 48);
	const axisLine = { lineStyle: { color: CHART_COLOURS.axis } };
	return render(
		{
			grid: { left: 8, right: 48, top: 8, bottom: 32, containLabel: true },
			xAxis: {
				type: 'value',
				minInterval: 1,
				axisLine: { show: true, ...axisLine },
				axisLabel: { color: CHART_COLOURS.text },
				splitLine: { lineStyle: { color: CHART_COLOURS.grid } }
			},
			yAxis: {
				type: 'category',
				inverse: true,
				data: data.map((d) => shorten(d.label)),
				axisLine,
				axisTick: { show: false },
				axisLabel: { color: CHART_COLOURS.text }
			},
			series: [
				{
					type: 'bar',
					data: data.map((d) => d.value),
					itemStyle: { color: CHART_COLOURS.bar },
					barMaxWidth: 24,
					label: { show: true, position: 'right', color: CHART_COLOURS.text }
				}
			]
		},
		width,
		height
	);
}

/** A line over months (the trend), with a dot and the value on each point. */
export function lineChartSvg(data: readonly ChartDatum[], options: { width?: number; height?: number } = {}): string {
	const axisLine = { lineStyle: { color: CHART_COLOURS.axis } };
	return render(
		{
			grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
			xAxis: {
				type: 'category',
				data: data.map((d) => d.label),
				axisLine,
				axisLabel: { color: CHART_COLOURS.text, interval: data.length > 12 ? 'auto' : 0 }
			},
			yAxis: {
				type: 'value',
				minInterval: 1,
				axisLine: { show: true, ...axisLine },
				axisLabel: { color: CHART_COLOURS.text },
				splitLine: { lineStyle: { color: CHART_COLOURS.grid } }
			},
			series: [
				{
					type: 'line',
					data: data.map((d) => d.value),
					connectNulls: false,
					lineStyle: { color: CHART_COLOURS.bar, width: 3 },
					itemStyle: { color: CHART_COLOURS.bar },
					symbolSize: 8,
					label: { show: data.length <= 24, position: 'top', color: CHART_COLOURS.text }
				}
			]
		},
		options.width ?? 640,
		options.height ?? 280
	);
}
