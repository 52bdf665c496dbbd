// Reports and output flags (issue 12 §2–3): --format html|csv|json|table and --out on plan, tco and recommend; files
// whole or not at all and never over an input; stale prices one line, --verbose, --quiet. The browser test
// (report-browser.test.ts) opens the HTML in chromium; this one reads it as text.
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { csvField, csvLines } from '../src/render/tco-csv.ts';
import { cli } from './helpers.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'llmplan-reports-'));
const TCO = ['tco', '--scenario', 'scenarios/chatbot.yaml', '--as-of', '2026-11-23'];

describe('CSV for spreadsheets', () => {
  test('RFC 4180: quotes a field with a comma, quote or line break, doubles its quotes; CRLF between records', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvLines([['a', 'b'], [1, null]])).toBe('a,b\r\n1,\r\n');
  });

  test('tco --format csv: a header naming units, one row per option, empty (not 0) for unknown', { timeout: 60_000 }, async () => {
    const r = await cli([...TCO, '--format', 'csv']);
    const json = JSON.parse((await cli([...TCO, '--json'])).stdout);
    const lines = r.stdout.split('\r\n').filter(Boolean);
    const head = lines[0]!.split(',');
    expect(head.length).toBeGreaterThanOrEqual(5);
    expect(head).toEqual(expect.arrayContaining(['Capex (USD)', 'Month 1 cost (USD)', '36-month total (USD)', 'Peak GPUs (count)', 'Oldest price age (days)']));
    expect(lines.length - 1).toBe(json.options.length);
    expect(lines[1]).toMatch(/^1,/);
    // stdout is only the CSV: warnings stay on stderr.
    expect(r.stdout).not.toMatch(/warning/);
  });
});

describe('--format and --out', () => {
  test('--format html to stdout: one self-contained page, no script, nothing fetched', { timeout: 60_000 }, async () => {
    const r = await cli([...TCO, '--format', 'html', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>/);
    expect(r.stdout).not.toMatch(/<script/i);
    expect(r.stdout).not.toMatch(/(src|href)="https?:/);
    expect(r.stdout.match(/<svg /g)!.length).toBe(5);
    expect(r.stderr).toBe('');
  });

  test('--out writes the file whole, leaves no temporary file, says where on stderr', { timeout: 60_000 }, async () => {
    const dir = tmp();
    const out = join(dir, 'plan.html');
    const r = await cli(['plan', '--scenario', 'scenarios/chatbot.yaml', '--format', 'html', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^wrote .*plan\.html \(\d+ KiB\)/m);
    expect(readdirSync(dir)).toEqual(['plan.html']);
    const html = readFileSync(out, 'utf8');
    for (const id of ['memory', 'replicas', 'gpu-hours']) expect(html).toContain(`data-chart="${id}"`);
  });

  test('--out naming an input (the scenario, through a link too) is refused with exit 2 and the input kept', async () => {
    const dir = tmp();
    const scenario = join(dir, 'in.yaml');
    const text = readFileSync('scenarios/chatbot.yaml', 'utf8');
    writeFileSync(scenario, text);
    symlinkSync(scenario, join(dir, 'link.yaml'));
    for (const out of [scenario, join(dir, 'link.yaml'), join(dir, '.', 'in.yaml')]) {
      const r = await cli(['recommend', '--scenario', scenario, '--as-of', '2026-11-23', '--format', 'html', '--out', out]);
      expect(r.code, out).toBe(2);
      expect(r.stderr).toMatch(/--out.*input of this command/);
      expect(readFileSync(scenario, 'utf8')).toBe(text);
    }
  });

  test('--json is --format json; with another --format, or a format the command lacks, exit 2', async () => {
    expect((await cli([...TCO, '--json', '--format', 'html'])).code).toBe(2);
    expect((await cli(['recommend', '--scenario', 'scenarios/chatbot.yaml', '--format', 'csv'])).code).toBe(2);
    expect((await cli(['plan', '--scenario', 'scenarios/chatbot.yaml', '--out', '/nonexistent-dir/x.html', '--format', 'html'])).code).toBe(2);
  });
});

describe('warnings', () => {
  test('stale prices: one line by default, each price with --verbose, none with --quiet', { timeout: 60_000 }, async () => {
    const base = await cli([...TCO, '--as-of', '2026-11-01']);
    const warn = base.stderr.split('\n').filter((l) => l.startsWith('warning'));
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatch(/warning: \d+ prices older than 180 days, oldest [\d,]+ days/);
    const verbose = await cli([...TCO, '--as-of', '2026-11-01', '--verbose']);
    expect(verbose.stderr.split('\n').filter((l) => l.startsWith('  - ')).length).toBeGreaterThan(5);
    const quiet = await cli([...TCO, '--as-of', '2026-11-01', '--quiet']);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(base.stdout);
  });

  test('the scenario\'s own API baseline is in the table, and break-even rows name rows above them', { timeout: 60_000 }, async () => {
    const r = await cli([...TCO, '--as-of', '2026-11-01']);
    // The id wraps across lines of its cell: without spaces and borders it reads whole again.
    expect(r.stdout.split('Not compared')[0]!.replace(/[│\s]+/g, '')).toContain('claude-3-sonnet-20240229');
    const table = r.stdout.split('Break-even')[0]!;
    const rows = new Set([...table.matchAll(/│\s*[★✗]?(\d+) │/g)].map((m) => m[1]));
    const refs = [...r.stdout.split('Break-even')[1]!.split('What would')[0]!.matchAll(/#(\d+)/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const n of refs) expect(rows.has(n), `#${n}`).toBe(true);
  });
});
