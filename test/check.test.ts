// `llmplan check`, the CI gate: exit codes, the baseline diff that names its drivers and adds up, the pull-request
// comment, and the GitHub Actions example's own commands.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { cli } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'llmplan-check-'));
const AS_OF = ['--as-of', '2026-11-01'];
const chatbot = readFileSync('scenarios/chatbot.yaml', 'utf8');
const write = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('llmplan check', () => {
  test('exit 0 within the limits, 1 over them (failing check first, with its numbers), 2 on bad input', async () => {
    expect((await cli(['check', '--scenario', 'scenarios/chatbot.yaml', ...AS_OF, '--max-monthly-usd', '1000000000'])).code).toBe(0);
    const over = await cli(['check', '--scenario', 'scenarios/chatbot.yaml', ...AS_OF, '--max-monthly-usd', '0.01']);
    expect(over.code).toBe(1);
    expect(over.stdout.split('\n')[1]).toMatch(/^ {2}FAIL max-monthly: \$[\d,]+\/month at the busiest month vs --max-monthly-usd \$0\.01/);
    expect((await cli(['check', '--scenario', '/nonexistent.yaml', ...AS_OF])).code).toBe(2);
    expect((await cli(['check', '--scenario', 'scenarios/chatbot.yaml', '--baseline', write('bad.json', '{"kind":"tco"}'), ...AS_OF])).code).toBe(2);
    expect((await cli(['check', '--scenario', 'scenarios/chatbot.yaml', '--max-increase-pct', '10', ...AS_OF])).code).toBe(2);
  });

  test('tripled traffic against a baseline: the increase fails the gate, traffic is named as the driver, and the drivers add up to the Δ', async () => {
    const base = await cli(['recommend', '--scenario', 'scenarios/chatbot.yaml', ...AS_OF, '--json']);
    const baseline = write('baseline.json', base.stdout);
    const grown = write('grown.yaml', chatbot.replace('dailyActiveUsers: 10000', 'dailyActiveUsers: 30000'));
    const r = await cli(['check', '--scenario', grown, '--baseline', baseline, '--max-increase-pct', '10', ...AS_OF, '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.verdict).toBe('fail');
    expect(j.checks[0]).toMatchObject({ id: 'max-increase', passed: false });
    const sum = j.change.drivers.reduce((a: number, d: { deltaMonthlyUsd: number }) => a + d.deltaMonthlyUsd, 0);
    expect(sum).toBeCloseTo(j.change.deltaMonthlyUsd, 6);
    expect(j.change.oldMonthlyUsd).toBeCloseTo(JSON.parse(base.stdout).recommendation.monthlyCostUsd, 6);
    const traffic = j.change.drivers.find((d: { driver: string }) => d.driver === 'traffic');
    expect(traffic.deltaMonthlyUsd).toBeGreaterThan(0);
    expect(traffic.detail).toMatch(/requests\/month 2,732,286 → 8,196,857/);
    // Nothing else changed: no price, length or target effect.
    for (const d of j.change.drivers.filter((x: { driver: string }) => ['prices', 'token-lengths', 'targets'].includes(x.driver))) expect(Math.abs(d.deltaMonthlyUsd)).toBeLessThan(0.01);
    // A check --json is itself a baseline.
    const again = await cli(['check', '--scenario', grown, '--baseline', write('check.json', r.stdout), '--max-increase-pct', '10', ...AS_OF, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).change.deltaMonthlyUsd).toBeCloseTo(0, 6);
  });

  test('the pull-request comment: verdict first, old/new/Δ table, failed checks first, details folded', async () => {
    const baseline = write('baseline2.json', (await cli(['recommend', '--scenario', 'scenarios/chatbot.yaml', ...AS_OF, '--json'])).stdout);
    const grown = write('grown2.yaml', chatbot.replace('dailyActiveUsers: 10000', 'dailyActiveUsers: 30000'));
    const md = (await cli(['check', '--scenario', grown, '--baseline', baseline, '--max-increase-pct', '10', ...AS_OF, '--format', 'markdown'])).stdout;
    const lines = md.split('\n');
    expect(lines[0]).toMatch(/^❌ \*\*llmplan check `chatbot`: 1 check\(s\) failed\*\* \(\+\$[\d,]+\/month, \+\d+\.\d%\)$/);
    expect(md).toContain('| | old | new | Δ |');
    expect(md).toMatch(/\| ↳ traffic \(requests\) \| \| \| \+\$[\d,]+ \|/);
    expect(md.indexOf('| max-increase | **FAIL**')).toBeLessThan(md.indexOf('| targets-and-budget | pass'));
    expect(md).toMatch(/<details><summary>Details<\/summary>[\s\S]*<\/details>/);
  });

  test('the GitHub Actions example runs: its llmplan commands, in order, give a comment and an exit code', async () => {
    const wf = parse(readFileSync('examples/github-actions.yml', 'utf8'));
    const runs: string[] = wf.jobs.check.steps.map((s: { run?: string }) => s.run ?? '').join('\n').split('\n').filter((l: string) => l.includes('npx llmplan'));
    expect(runs.length).toBe(1);
    const baseline = write('llmplan-baseline.json', (await cli(['recommend', '--scenario', wf.env.SCENARIO, ...AS_OF, '--json'])).stdout);
    // The workflow's own line, with the files of this run and a fixed price date.
    const argv = runs[0]!.trim().replace(/^npx llmplan /, '').replace(/ > .*$/, '').replaceAll('"$SCENARIO"', wf.env.SCENARIO).replaceAll('/tmp/llmplan-baseline.json', baseline).split(/\s+/);
    const r = await cli([...argv, ...AS_OF]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✅ \*\*llmplan check `chatbot`: all checks pass\*\* \(\+\$0\.00\/month, \+0\.0%\)/);
  });
});
