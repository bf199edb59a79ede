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

/**
 * ECharts measures text on the server with a rough estimate narrower than Inter really is, so
 * with `containLabel` a long category name ran past the picture's left edge and lost its first
 * letters ("Jngdomsmottagning"). The label column is therefore laid out here: a width per
 * character on the safe side of Inter's widest common letters at the axis' 12 px, labels wrapped
 * at spaces and hyphens to the column, and a word longer than the column split with a hyphen.
 * The whole name stays in the table beside the chart.
 */
const AXIS_FONT_PX = 12;
const CHAR_PX = 0.64 * AXIS_FONT_PX;
const LINE_PX = 15;

/** Splits a label into lines of at most `max` characters, breaking after spaces and hyphens. */
export function wrapLabel(label: string, max: number): string[] {
	const words = label.trim().split(/(?<=[\s-])/u);
	const lines: string[] = [];
	let line = '';
	for (let word of words) {
		while (word.trim().length > max) {
			// A word longer than the whole column: fill the line, then break the word with a hyphen.
			const room = line === '' ? max - 1 : 0;
			if (room <= 0) {
				lines.push(line.trimEnd());
				line = '';
				continue;
			}
			lines.push(`${word.slice(0, room)}-`);
			word = word.slice(room);
		}
		if ((line + word).trimEnd().length > max && line !== '') {
			lines.push(line.trimEnd());
			line = '';
		}
		line += word;
	}
	if (line.trim() !== '') lines.push(line.trimEnd());
	return lines;
}

/** The label column: wide enough for the longest word, at most 40 % of the chart. */
function labelColumn(labels: readonly string[], width: number): { px: number; chars: number } {
	const longestWord = Math.max(4, ...labels.flatMap((l) => l.split(/[\s-]+/u).map((w) => w.length)));
	const longestLabel = Math.max(4, ...labels.map((l) => l.length));
	const maxChars = Math.floor((width * 0.4) / CHAR_PX);
	const chars = Math.min(maxChars, Math.max(Math.min(longestLabel, 24), longestWord));
	return { px: Math.ceil(chars * CHAR_PX), chars };
}

/** The width of a chart drawn for a phone: a 375 px screen less the page's margins. */
export const NARROW_CHART_WIDTH = 340;

/** Horizontal bars, one per row, labelled with their value; long labels wrap (the table has them whole). */
export function barChartSvg(data: readonly ChartDatum[], options: { width?: number } = {}): string {
	const width = options.width ?? 640;
	const column = labelColumn(
		data.map((d) => d.label),
		width
	);
	const labels = data.map((d) => wrapLabel(d.label, column.chars));
	const rowHeights = labels.map((lines) => Math.max(36, lines.length * LINE_PX + 14));
	const height = Math.max(120, rowHeights.reduce((sum, h) => sum + h, 0) + 48);
	const axisLine = { lineStyle: { color: CHART_COLOURS.axis } };
	return render(
		{
			grid: { left: column.px + 16, right: 48, top: 8, bottom: 32, containLabel: false },
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
				data: labels.map((lines) => lines.join('\n')),
				axisLine,
				axisTick: { show: false },
				axisLabel: { color: CHART_COLOURS.text, fontSize: AXIS_FONT_PX, lineHeight: LINE_PX, margin: 8, interval: 0 }
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
