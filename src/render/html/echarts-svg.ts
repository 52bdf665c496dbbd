// ECharts' server-side rendering to an SVG string (https://echarts.apache.org/handbook/en/how-to/cross-platform/server/):
// `init(null, null, { renderer: 'svg', ssr: true, width, height })`, `setOption`, `renderToSVGString()`. Only the
// chart kinds and components the reports use are registered, so the lazily loaded chunk stays small. Data marks
// carry `ecmeta_ssr_type="chart"`, which the browser test counts.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartSpec } from './charts.ts';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent, TitleComponent, SVGRenderer]);

export function renderChartSvg(spec: ChartSpec): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  try {
    chart.setOption(spec.option);
    // role/aria: a screen reader announces the chart by its title.
    return chart.renderToSVGString().replace('<svg ', `<svg role="img" aria-label="${spec.title.replace(/[&<>"]/g, '')}" `);
  } finally {
    chart.dispose();
  }
}
