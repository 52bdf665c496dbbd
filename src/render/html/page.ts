// A report as one self-contained HTML file: a title, sections of prose, tables, code and charts. No script, no
// external stylesheet, font or image: the charts are SVG drawn in Node by ECharts (render/html/echarts-svg.ts,
// loaded only when a page has charts) and inlined, so the file opens offline and in a mail attachment.
// Every command's report (plan, tco, recommend, and `check`) is a `HtmlReport` given to `renderHtmlReport`.
import type { ChartSpec } from './charts.ts';

export type Block =
  | { kind: 'paragraph'; text: string; tone?: 'good' | 'bad' | 'muted' }
  | { kind: 'list'; items: string[] }
  | { kind: 'facts'; items: Array<[label: string, value: string]> }
  | { kind: 'table'; head: string[]; rows: Array<Array<string | number>>; align?: Array<'left' | 'right'>; caption?: string }
  | { kind: 'code'; text: string }
  | { kind: 'chart'; chart: ChartSpec };

export interface Section {
  heading: string;
  blocks: Block[];
}

export interface HtmlReport {
  title: string;
  /** One line under the title: what, as of when. */
  subtitle?: string;
  sections: Section[];
  /** Small print at the end: the tool and version, where the numbers come from. */
  footer?: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

const STYLE = `
:root { color-scheme: light; --ink: #1d2230; --muted: #5b6275; --line: #d9dce3; --good: #1a7f37; --bad: #b42318; --accent: #3b5bdb; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #f6f7f9; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 20px 48px; }
header h1 { margin: 0 0 4px; font-size: 26px; }
header p { margin: 0; color: var(--muted); }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin-top: 18px; }
section h2 { margin: 0 0 10px; font-size: 18px; }
p.good { color: var(--good); font-weight: 600; } p.bad { color: var(--bad); font-weight: 600; } p.muted { color: var(--muted); font-size: 13px; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 8px 16px; margin: 8px 0; }
dl.facts div { border-left: 3px solid var(--accent); padding-left: 8px; } dl.facts dt { color: var(--muted); font-size: 12px; } dl.facts dd { margin: 0; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: #f0f2f5; font-weight: 600; } td.r, th.r { text-align: right; font-variant-numeric: tabular-nums; }
caption { caption-side: bottom; text-align: left; color: var(--muted); font-size: 12px; padding-top: 4px; }
pre { background: #f0f2f5; padding: 10px; border-radius: 6px; overflow-x: auto; font-size: 12px; white-space: pre-wrap; word-break: break-all; }
figure.chart { margin: 12px 0; } figure.chart svg { width: 100%; height: auto; display: block; }
figure.chart figcaption { color: var(--muted); font-size: 12px; }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
`;

function blockHtml(b: Block, svgs: Map<string, string>): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p${b.tone ? ` class="${b.tone}"` : ''}>${escapeHtml(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'facts':
      return `<dl class="facts">${b.items.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('')}</dl>`;
    case 'code':
      return `<pre><code>${escapeHtml(b.text)}</code></pre>`;
    case 'table': {
      const cls = (i: number) => (b.align?.[i] === 'right' ? ' class="r"' : '');
      const head = `<thead><tr>${b.head.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
      const body = `<tbody>${b.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${escapeHtml(String(c))}</td>`).join('')}</tr>`).join('')}</tbody>`;
      return `<table>${b.caption ? `<caption>${escapeHtml(b.caption)}</caption>` : ''}${head}${body}</table>`;
    }
    case 'chart':
      return `<figure class="chart" id="chart-${escapeHtml(b.chart.id)}" data-chart="${escapeHtml(b.chart.id)}">${svgs.get(b.chart.id) ?? ''}${b.chart.caption ? `<figcaption>${escapeHtml(b.chart.caption)}</figcaption>` : ''}</figure>`;
  }
}

/** The whole page. Charts are drawn first (ECharts loaded lazily, once), then laid into their figures. */
export async function renderHtmlReport(doc: HtmlReport): Promise<string> {
  const charts = doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart] : [])));
  const svgs = new Map<string, string>();
  if (charts.length) {
    const { renderChartSvg } = await import('./echarts-svg.ts');
    for (const c of charts) svgs.set(c.id, renderChartSvg(c));
  }
  const sections = doc.sections
    .map((s) => `<section><h2>${escapeHtml(s.heading)}</h2>\n${s.blocks.map((b) => blockHtml(b, svgs)).join('\n')}\n</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="llmplan">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header><h1>${escapeHtml(doc.title)}</h1>${doc.subtitle ? `<p>${escapeHtml(doc.subtitle)}</p>` : ''}</header>
${sections}
${doc.footer ? `<footer>${escapeHtml(doc.footer)}</footer>` : ''}
</main>
</body>
</html>
`;
}
