// Golden CLI output (STYLE.md §23): the built binary, spawned as a user would run it, with NO_COLOR=1 and a fixed
// --as-of date; each file holds the command, stdout, stderr and exit code. Regenerate after an intended change
// with `npm run build && npx vitest run test/golden.test.ts -u`, read the diff, and commit the files. In CI
// (CI=true) vitest writes no snapshots and fails on a missing one.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const BIN = 'bin/llmplan.js';
const BUNDLE = 'dist/llmplan.js';

interface Golden {
  /** File name under test/golden/, without .md: the scenario and flags that matter (STYLE.md §23). */
  name: string;
  args: string[];
  /** Rewrites stdout before it is pinned (a very long list pinned by its count and hash). */
  stdout?: (text: string) => string;
  /** Terminal width given through COLUMNS (issue 12 §3); without it the output is piped, so 100. */
  columns?: number;
}

const SCENARIOS = ['chatbot', 'content-generation', 'code-assistant', 'semantic-search', 'onprem-classification', 'large-scale-70b'];

/**
 * `recommend --json` lists every rejected candidate (thousands on a large catalog): the golden pins that list by
 * its length and SHA-256, and everything else as printed, so any change still fails the test.
 */
function pinRejectionList(text: string): string {
  const j = JSON.parse(text) as { rejections: { candidates: unknown[] | string } };
  const list = JSON.stringify(j.rejections.candidates);
  j.rejections.candidates = `${(j.rejections.candidates as unknown[]).length} entries, sha256 ${createHash('sha256').update(list).digest('hex')}`;
  return JSON.stringify(j, null, 2) + '\n';
}

const GOLDENS: Golden[] = [
  { name: 'help', args: ['--help'] },
  { name: 'size llama-3.1-8b h100-sxm-80gb', args: ['size', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb'] },
  { name: 'size llama-3.1-70b every-gpu', args: ['size', '--model', 'llama-3.1-70b'] },
  { name: 'perf llama-3.1-8b h100-sxm-80gb 1024-256 concurrency-32', args: ['perf', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', '--isl', '1024', '--osl', '256', '--concurrency', '32', '--emit-bench'] },
  { name: 'plan chatbot --gpu h100-sxm-80gb', args: ['plan', '--scenario', 'scenarios/chatbot.yaml', '--gpu', 'h100-sxm-80gb'] },
  { name: 'tco content-generation --as-of 2026-11-23', args: ['tco', '--scenario', 'scenarios/content-generation.yaml', '--as-of', '2026-11-23'] },
  { name: 'tco onprem-classification --as-of 2026-11-23', args: ['tco', '--scenario', 'scenarios/onprem-classification.yaml', '--as-of', '2026-11-23'] },
  ...SCENARIOS.map((s) => ({ name: `recommend ${s} --as-of 2026-11-23`, args: ['recommend', '--scenario', `scenarios/${s}.yaml`, '--as-of', '2026-11-23'] })),
  ...SCENARIOS.map((s) => ({ name: `recommend ${s} --as-of 2026-11-23 --json`, args: ['recommend', '--scenario', `scenarios/${s}.yaml`, '--as-of', '2026-11-23', '--json'], stdout: pinRejectionList })),
  // The same commands on narrow and wide terminals: tables wrap or drop their least important columns.
  ...[80, 120].flatMap((columns) => [
    { name: `tco chatbot --as-of 2026-11-23 at ${columns} columns`, args: ['tco', '--scenario', 'scenarios/chatbot.yaml', '--as-of', '2026-11-23'], columns },
    { name: `plan chatbot at ${columns} columns`, args: ['plan', '--scenario', 'scenarios/chatbot.yaml'], columns },
    { name: `recommend chatbot --as-of 2026-11-23 at ${columns} columns`, args: ['recommend', '--scenario', 'scenarios/chatbot.yaml', '--as-of', '2026-11-23'], columns },
    { name: `size llama-3.1-70b every-gpu at ${columns} columns`, args: ['size', '--model', 'llama-3.1-70b'], columns },
    { name: `catalog gpus --as-of 2026-11-23 at ${columns} columns`, args: ['catalog', 'gpus', '--as-of', '2026-11-23'], columns },
  ]),
  { name: 'tco chatbot --as-of 2026-11-23 --verbose at 120 columns', args: ['tco', '--scenario', 'scenarios/chatbot.yaml', '--as-of', '2026-11-23', '--verbose'], columns: 120 },
  { name: 'tco chatbot --as-of 2026-11-23 --format csv', args: ['tco', '--scenario', 'scenarios/chatbot.yaml', '--as-of', '2026-11-23', '--format', 'csv', '--quiet'] },
];

/** Lines wider than `width` columns (code points, as a terminal counts ours), with their numbers. */
export function linesWiderThan(text: string, width: number): string[] {
  return text.split('\n').flatMap((l, i) => ([...l].length > width ? [`${i + 1}: ${[...l].length} > ${width}: ${l.slice(0, 60)}…`] : []));
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function runBin(args: string[], columns?: number): Promise<{ code: number; stdout: string; stderr: string }> {
  // A user's shell: no colour, and none of our own environment overrides leaking in from the developer's.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LLMPLAN_') && k !== 'FORCE_COLOR' && k !== 'COLUMNS'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...env, NO_COLOR: '1', ...(columns ? { COLUMNS: String(columns) } : {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const fence = (text: string) => '```\n' + text + (text === '' || text.endsWith('\n') ? '' : '\n') + '```\n';

function goldenMarkdown(args: string[], r: { code: number; stdout: string; stderr: string }, columns?: number): string {
  const env = `NO_COLOR=1${columns ? ` COLUMNS=${columns}` : ''}`;
  return [`# llmplan ${args.join(' ')}`, '', fence(`$ ${env} llmplan ${args.join(' ')}`), '## stdout', '', fence(r.stdout), '## stderr', '', fence(r.stderr), `Exit code: ${r.code}`, ''].join('\n');
}

describe('golden output of the built binary', () => {
  beforeAll(() => {
    // The goldens are of the bundle: a stale dist/ would record yesterday's output as today's truth.
    const built = statSync(BUNDLE, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    // calibration/perf.json is read at run time, not bundled, so only src/ and catalogs/ (compiled into dist/) count.
    const sources = Math.max(newestMtime('src'), newestMtime('catalogs'));
    if (built < sources) throw new Error(`${BUNDLE} is missing or older than src/ or catalogs/: run \`npm run build\` first`);
  });

  for (const g of GOLDENS) {
    // A shipped tco prices every option over every GPU: seconds, not milliseconds, on a 2-core machine.
    test(g.name, { timeout: 60_000 }, async () => {
      const r = await runBin(g.args, g.columns);
      await expect(goldenMarkdown(g.args, { ...r, stdout: g.stdout ? g.stdout(r.stdout) : r.stdout }, g.columns)).toMatchFileSnapshot(`golden/${g.name}.md`);
      // What a person reads fits the width it was given (JSON and CSV are for programs).
      if (!g.args.includes('--json') && !g.args.includes('csv')) {
        expect(linesWiderThan(r.stdout, g.columns ?? 100), 'stdout').toEqual([]);
        expect(linesWiderThan(r.stderr, g.columns ?? 100), 'stderr').toEqual([]);
      }
    });
  }
});
