// The HTML reports in a real browser (issue 12 §2): Debian's chromium driven by playwright-core opens every shipped
// scenario's recommend report and one plan and one tco report, offline. No console error, no request leaving the
// file, and every chart the report kind draws is there with data marks (ECharts tags them ecmeta_ssr_type="chart").
// `.ci/run` installs chromium with apt when /usr/bin/chromium is missing; LLMPLAN_SKIP_BROWSER=1 skips this file.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const SKIP = process.env.LLMPLAN_SKIP_BROWSER === '1';
const SCENARIOS = ['chatbot', 'content-generation', 'code-assistant', 'semantic-search', 'onprem-classification', 'large-scale-70b'];
const MONEY = ['memory', 'replicas', 'monthly-cost', 'cumulative-cost', 'sensitivity'];

interface Report {
  name: string;
  args: string[];
  charts: string[];
}

const REPORTS: Report[] = [
  ...SCENARIOS.map((s) => ({ name: `recommend-${s}`, args: ['recommend', '--scenario', `scenarios/${s}.yaml`, '--as-of', '2026-11-23'], charts: MONEY })),
  { name: 'tco-chatbot', args: ['tco', '--scenario', 'scenarios/chatbot.yaml', '--as-of', '2026-11-23'], charts: MONEY },
  { name: 'plan-code-assistant', args: ['plan', '--scenario', 'scenarios/code-assistant.yaml'], charts: ['memory', 'replicas', 'gpu-hours'] },
  // check against a baseline (written first, below): the change by driver.
  { name: 'check-chatbot', args: ['check', '--scenario', 'scenarios/chatbot.yaml', '--as-of', '2026-11-23', '--baseline', '<baseline>'], charts: ['drivers'] },
];

function runBin(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/llmplan.js', ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

describe.skipIf(SKIP)('HTML reports in chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmplan-reports-'));
  let context: BrowserContext;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (as .ci/run does), or LLMPLAN_SKIP_BROWSER=1`);
    // Two at a time: the machine has two cores and each report plans and prices a scenario.
    const baseline = join(dir, 'baseline.json');
    const b = await runBin(['recommend', '--scenario', 'scenarios/content-generation.yaml', '--as-of', '2026-11-01', '--format', 'json', '--out', baseline]);
    if (b.code !== 0 && b.code !== 1) throw new Error(`baseline: exit ${b.code}: ${b.stderr}`);
    for (const r of REPORTS) r.args = r.args.map((a) => (a === '<baseline>' ? baseline : a));
    const queue = [...REPORTS];
    const worker = async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        const out = await runBin([...r.args, '--format', 'html', '--out', join(dir, `${r.name}.html`)]);
        if (out.code !== 0 && out.code !== 1) throw new Error(`${r.name}: exit ${out.code}: ${out.stderr}`);
      }
    };
    await Promise.all([worker(), worker()]);
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1100, height: 900 },
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const r of REPORTS) {
    test(`${r.name}: opens offline, no console error, every chart with data marks`, async () => {
      const file = join(dir, `${r.name}.html`);
      expect(statSync(file).size).toBeGreaterThan(5_000);
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        requests.push(url);
        return route.abort();
      });
      await page.goto(`file://${file}`, { waitUntil: 'load' });
      const charts = await page.$$eval('figure.chart', (figs) =>
        figs.map((f) => {
          const svg = f.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          return { id: f.getAttribute('data-chart'), marks: svg ? svg.querySelectorAll('[ecmeta_ssr_type="chart"]').length : 0, width: box?.width ?? 0, height: box?.height ?? 0 };
        }),
      );
      const scripts = await page.$$eval('script', (s) => s.length);
      await page.close();
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      expect(scripts).toBe(0);
      expect(charts.map((c) => c.id).sort()).toEqual([...r.charts].sort());
      for (const c of charts) {
        expect(c.marks, `${r.name} ${c.id}: data marks`).toBeGreaterThan(0);
        expect(c.width, `${r.name} ${c.id}: drawn`).toBeGreaterThan(300);
        expect(c.height, `${r.name} ${c.id}: drawn`).toBeGreaterThan(80);
      }
    });
  }
});
