// Chart descriptions for the HTML reports: plain data with an ECharts option, built without loading ECharts (it is
// loaded by render/html/echarts-svg.ts only when a page is drawn). Two shapes cover every report: bars (horizontal,
// stackable, with a reference line) and lines over an axis (step lines, a second axis, marked points).

export interface ChartSpec {
  /** Unique on the page; also the figure's id (`chart-<id>`) that the browser test looks for. */
  id: string;
  title: string;
  caption?: string;
  width: number;
  height: number;
  /** An ECharts option (https://echarts.apache.org/en/option.html); functions (formatters) run in Node. */
  option: Record<string, unknown>;
}

export type ValueFormat = (v: number) => string;

/** $1.2k, $3.4M: axis labels, where digits matter less than size. */
export const usdShort: ValueFormat = (v) => {
  const a = Math.abs(v);
  const sign = v < 0 ? '-' : '';
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(a >= 1e10 ? 0 : 1)}B`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e3) return `${sign}$${(a / 1e3).toFixed(a >= 1e4 ? 0 : 1)}k`;
  return `${sign}$${a.toFixed(a >= 10 || a === 0 ? 0 : 2)}`;
};

const PALETTE = ['#3b5bdb', '#f08c00', '#2b8a3e', '#c92a2a', '#7048e8', '#1098ad', '#d6336c', '#5c940d', '#868e96'];
// ECharts lays text out in Node with Arial/Helvetica character widths (zrender's DEFAULT_TEXT_WIDTH_MAP); drawing it
// in Arial or a metric-compatible font (Liberation Sans on Linux) keeps legends and labels from overlapping.
// Unquoted: ECharts writes it into a double-quoted style attribute.
const FONT = 'Arial, Liberation Sans, Helvetica, sans-serif';

/** Rows a plain legend takes across `width` px: ~7 px a character at 12 px, plus the symbol and the gap. */
function legendRows(names: readonly string[], width: number): number {
  let rows = 1;
  let x = 16;
  for (const n of names) {
    const w = n.length * 7 + 25 + 16;
    if (x + w > width - 16 && x > 16) {
      rows++;
      x = 16;
    }
    x += w;
  }
  return rows;
}

function base(title: string, legend: boolean): Record<string, unknown> {
  return {
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: FONT },
    title: { text: title, left: 8, top: 4, textStyle: { fontSize: 15, fontWeight: 600, fontFamily: FONT } },
    ...(legend ? { legend: { top: 30, left: 8, right: 8, type: 'plain', itemGap: 16, textStyle: { fontSize: 12, fontFamily: FONT } } } : {}),
  };
}

export interface BarSeries {
  name: string;
  values: Array<number | null>;
  /** Series with the same stack are drawn end to end. */
  stack?: string;
  color?: string;
  /** Print each value at its bar's end. */
  labels?: boolean;
}

export interface BarChartInput {
  id: string;
  title: string;
  caption?: string;
  categories: string[];
  series: BarSeries[];
  format: ValueFormat;
  /** Bars left to right (false: bottom to top). Horizontal suits long category names. */
  horizontal?: boolean;
  /** A reference value (a budget) drawn across the bars. */
  reference?: { value: number; label: string };
  width?: number;
}

const LABEL_CHARS = 52;

export function barChart(i: BarChartInput): ChartSpec {
  const horizontal = i.horizontal ?? true;
  const legend = i.series.length > 1;
  const top = legend ? 40 + 24 * legendRows(i.series.map((x) => x.name), i.width ?? 960) : 40;
  const height = horizontal ? top + 40 + i.categories.length * (i.series.some((s) => s.stack) ? 30 : 22 * i.series.length + 8) : 360;
  const valueAxis = { type: 'value', axisLabel: { formatter: i.format }, splitLine: { lineStyle: { color: '#e9ecef' } } };
  // Category names left of horizontal bars are cut here, not by ECharts: its text measure in Node is narrower than
  // a browser's fonts, so its own truncation lets names run off the left edge. 7.5 px a character at 12 px.
  const names = i.categories.map((c) => (c.length > LABEL_CHARS ? c.slice(0, LABEL_CHARS - 1) + '…' : c));
  const labelWidth = Math.max(60, ...names.map((c) => Math.ceil(c.length * 7.5)));
  const categoryAxis = {
    type: 'category',
    data: names,
    inverse: horizontal,
    axisLabel: horizontal ? { fontSize: 12 } : { interval: 0, rotate: i.categories.length > 6 ? 30 : 0, width: 120, overflow: 'truncate' },
  };
  const series = i.series.map((s, k) => ({
    type: 'bar',
    name: s.name,
    data: s.values,
    ...(s.stack ? { stack: s.stack } : {}),
    ...(s.color ? { itemStyle: { color: s.color } } : {}),
    ...(s.labels ? { label: { show: true, position: horizontal ? 'right' : 'top', formatter: (p: { value: number }) => i.format(p.value), fontSize: 11 } } : {}),
    ...(k === 0 && i.reference
      ? { markLine: { symbol: 'none', label: { formatter: i.reference.label, position: 'insideEndTop' }, lineStyle: { color: '#c92a2a', type: 'dashed' }, data: [horizontal ? { xAxis: i.reference.value } : { yAxis: i.reference.value }] } }
      : {}),
  }));
  return {
    id: i.id, title: i.title, caption: i.caption, width: i.width ?? 960, height,
    option: {
      ...base(i.title, legend),
      grid: horizontal ? { left: labelWidth + 20, right: 70, top, bottom: 30 } : { left: 12, right: 24, top, bottom: 16, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series,
    },
  };
}

export interface LineSeries {
  name: string;
  values: Array<number | null>;
  /** Draw as steps (a count that changes at the hour). */
  step?: boolean;
  area?: boolean;
  /** 1: the right-hand axis. */
  axis?: 0 | 1;
  dashed?: boolean;
  color?: string;
}

export interface LineChartInput {
  id: string;
  title: string;
  caption?: string;
  x: string[];
  series: LineSeries[];
  format: ValueFormat;
  /** Name and format of a right-hand axis for series with `axis: 1`. */
  rightAxis?: { name: string; format: ValueFormat };
  leftName?: string;
  xName?: string;
  /** Label every n-th x value. */
  xLabelEvery?: number;
  /** Points to mark: a series, the x index and a label (a break-even month). */
  marks?: Array<{ series: number; index: number; label: string }>;
  width?: number;
  height?: number;
}

export function lineChart(i: LineChartInput): ChartSpec {
  const legend = i.series.length > 1;
  const top = legend ? 50 + 24 * legendRows(i.series.map((x) => x.name), i.width ?? 960) : 44;
  const yAxis = [
    { type: 'value', name: i.leftName ?? '', axisLabel: { formatter: i.format }, splitLine: { lineStyle: { color: '#e9ecef' } } },
    ...(i.rightAxis ? [{ type: 'value', name: i.rightAxis.name, axisLabel: { formatter: i.rightAxis.format }, splitLine: { show: false } }] : []),
  ];
  const series = i.series.map((s, k) => {
    const marks = (i.marks ?? []).filter((m) => m.series === k && s.values[m.index] !== null && s.values[m.index] !== undefined);
    return {
      type: 'line',
      name: s.name,
      data: s.values,
      // A point per value is a data mark (ecmeta_ssr_type="chart") the browser test counts; on a long series only
      // the first line gets small ones, so that 168 hours stay readable.
      showSymbol: s.values.length <= 60 || k === 0,
      symbolSize: s.values.length > 60 ? 2 : 4,
      ...(s.step ? { step: 'end' } : {}),
      ...(s.area ? { areaStyle: { opacity: 0.15 } } : {}),
      ...(s.axis === 1 ? { yAxisIndex: 1 } : {}),
      lineStyle: { width: 2, ...(s.dashed ? { type: 'dashed' } : {}), ...(s.color ? { color: s.color } : {}) },
      ...(s.color ? { itemStyle: { color: s.color } } : {}),
      ...(marks.length
        ? {
            markPoint: {
              symbol: 'circle',
              symbolSize: 12,
              itemStyle: { color: '#c92a2a', borderColor: '#fff', borderWidth: 2 },
              label: { show: true, position: 'top', distance: 8, fontSize: 11, color: '#c92a2a', backgroundColor: 'rgba(255,255,255,0.85)', formatter: (p: { name: string }) => p.name },
              data: marks.map((m) => ({ name: m.label, coord: [i.x[m.index], s.values[m.index]] })),
            },
          }
        : {}),
    };
  });
  return {
    id: i.id, title: i.title, caption: i.caption, width: i.width ?? 960, height: i.height ?? 380,
    option: {
      ...base(i.title, legend),
      grid: { left: 12, right: 24, top, bottom: 28, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      xAxis: { type: 'category', name: i.xName ?? '', nameLocation: 'middle', nameGap: 26, data: i.x, boundaryGap: false, axisLabel: { interval: (i.xLabelEvery ?? 1) - 1, fontSize: 11 } },
      yAxis,
      series,
    },
  };
}
