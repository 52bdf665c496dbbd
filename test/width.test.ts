// Output that fits the terminal (issue 12 §3): every human command at 80 and 120 columns has no line wider than
// that, on stdout or stderr; a terminal's own width wins over COLUMNS; piped output is 100 wide. The goldens
// (test/golden.test.ts) pin the text of the main commands at both widths and check the same.
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { run } from '../src/cli/main.ts';
import { fitTable, truncateImplementations } from '../src/render/table.ts';
import { outputWidth } from '../src/render/text.ts';
import { cli } from './helpers.ts';

const CSV = '../shared/calibration/throughput-latency.csv';

function wider(text: string, width: number): string[] {
  return text.split('\n').filter((l) => [...l].length > width);
}

const COMMANDS: string[][] = [
  ['--help'],
  ['tco', '--help'],
  ['recommend', '--help'],
  ['perf', '--help'],
  ['calibrate', '--help'],
  ['size', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb'],
  ['perf', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', '--isl', '1024', '--osl', '256', '--concurrency', '32', '--emit-bench'],
  ['catalog', 'models', '--as-of', '2026-11-23'],
  ['catalog', 'engines', '--as-of', '2026-11-23'],
  ['plan', '--scenario', 'scenarios/large-scale-70b.yaml'],
  ['tco', '--scenario', 'scenarios/semantic-search.yaml', '--as-of', '2026-11-01', '--verbose'],
  ['recommend', '--scenario', 'scenarios/onprem-classification.yaml', '--as-of', '2026-11-23', '--explain'],
  ...(existsSync(CSV) ? [['calibrate', '--data', CSV, '--rows']] : []),
];

describe('no line wider than the width given', () => {
  for (const columns of [80, 120]) {
    for (const args of COMMANDS) {
      test(`${args.join(' ')} at ${columns}`, { timeout: 60_000 }, async () => {
        const r = await cli(args, { COLUMNS: String(columns) });
        expect(r.code, r.stderr).toBeLessThan(2);
        expect(wider(r.stdout, columns)).toEqual([]);
        expect(wider(r.stderr, columns)).toEqual([]);
      });
    }
  }

  test('a terminal\'s own width wins; piped output is 100 columns, or COLUMNS', () => {
    expect(outputWidth({ isTTY: true, columns: 72 }, { COLUMNS: '200' })).toBe(72);
    expect(outputWidth({ isTTY: false }, {})).toBe(100);
    expect(outputWidth({ isTTY: false }, { COLUMNS: '132' })).toBe(132);
    expect(outputWidth({ isTTY: false }, { COLUMNS: 'wide' })).toBe(100);
  });

  test('tco on a 72-column terminal stream fits it', { timeout: 60_000 }, async () => {
    let stdout = '';
    let stderr = '';
    const code = await run({
      argv: ['tco', '--scenario', 'scenarios/chatbot.yaml', '--as-of', '2026-11-23'],
      env: { NO_COLOR: '1' },
      cwd: process.cwd(),
      stdout: { write: (s: string) => (stdout += s), isTTY: true, columns: 72 },
      stderr: { write: (s: string) => (stderr += s), isTTY: true, columns: 72 },
    });
    expect(code).toBe(0);
    expect(wider(stdout, 72)).toEqual([]);
    expect(wider(stderr, 72)).toEqual([]);
    expect(stderr.split('\n').filter((l) => l.startsWith('warning')).length).toBe(1);
  });
});

describe('fitTable', () => {
  const cols = [
    { head: 'name', wrap: true, minWidth: 8 },
    { head: 'cost', align: 'right' as const },
    { head: 'detail', wrap: true, drop: 2 },
    { head: 'age', drop: 1 },
  ];
  const rows = [['a rather long option name here', '$1,234', 'some detail that can wrap across lines', '12 d']];

  test('keeps every column when it fits; wraps before it drops; drops the least important first', () => {
    expect(fitTable(cols, rows, 200).dropped).toEqual([]);
    const mid = fitTable(cols, rows, 60);
    expect(mid.dropped).toEqual([]);
    expect(wider(mid.text, 60)).toEqual([]);
    const narrow = fitTable(cols, rows, 24);
    expect(narrow.dropped).toEqual(['age', 'detail']);
    expect(wider(narrow.text, 24)).toEqual([]);
  });

  test('a span shrinks with the columns it covers', () => {
    const t = fitTable(cols, [['x', { span: 3, content: 'n/a (no price for this GPU in this region)' }]], 28);
    expect(wider(t.text, 28)).toEqual([]);
    expect(t.text.replace(/[│\s]+/g, ' ')).toContain('no price for');
  });
});

describe("cli-table3's cut, replaced for speed (render/table.ts)", () => {
  it('gives the same string as cli-table3 0.6.5 for multi-line, non-ASCII and wide text', () => {
    const { slow, fast } = truncateImplementations;
    const piece = fc.constantFrom('a', 'b', ' ', '\n', '×', '—', '…', '€', '中', '🙂', '$58,669 more', 'qwen3-8b (fp8 weights,');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 2, max: 30 }), (parts, n) => {
        const s = parts.join('');
        expect(fast(s, n)).toBe(slow(s, n));
      }),
      { numRuns: 400 },
    );
  });
});

describe('fmtUsd groups digits as en-US Intl does (render/format.ts, no ICU)', () => {
  it('gives the same text as Intl.NumberFormat away from rounding ties', async () => {
    const { fmtUsd } = await import('../src/render/format.ts');
    const intl = (x: number, d: number) => `${x < 0 ? '-' : ''}$${Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })}`;
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        // x.cc + 0.003: never a tie at 0 or 2 decimals.
        const x = whole + Math.sign(whole || 1) * (cents / 100 + 0.003);
        const d = Math.abs(x) < 10 ? 2 : 0;
        expect(fmtUsd(x)).toBe(intl(x, d));
        expect(fmtUsd(x, 2)).toBe(intl(x, 2));
      }),
      { numRuns: 500 },
    );
  });
});
