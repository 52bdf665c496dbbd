// The shape of src/ (README "Layout"): a pure core grouped by the question each part answers, an application layer
// that loads inputs and runs the stages, commands that parse, call it and render, and nothing reaching into the CLI.
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Relative imports of a file (static and dynamic), resolved to repository paths like `src/core/units.ts`. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => relative('.', normalize(join(dirname(file), s))).split('\\').join('/'));
}

const src = files('src').filter((f) => f.endsWith('.ts'));
const under = (dir: string) => (f: string) => f.split('\\').join('/').startsWith(dir);

describe('architecture', () => {
  test('src/core is pure: no fs, process, chalk or commander', () => {
    for (const f of src.filter(under('src/core/'))) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/from ['"](node:)?(fs|path|child_process|os)['"]/);
      expect(text, f).not.toMatch(/from ['"](chalk|commander|cli-table3|yaml|zod)['"]/);
      expect(text, f).not.toMatch(/\bprocess\./);
    }
  });

  test('src/core imports neither the scenario loader nor the catalogs, nor anything outside src/core', () => {
    for (const f of src.filter(under('src/core/'))) {
      for (const i of imports(f)) expect(`${f} → ${i}`).toMatch(/→ src\/core\//);
    }
  });

  test('src/core is grouped by question: memory, perf, capacity, cost, search, and shared files at its root', () => {
    const groups = new Set(readdirSync('src/core').filter((f) => statSync(join('src/core', f)).isDirectory()));
    expect([...groups].sort()).toEqual(['capacity', 'cost', 'memory', 'perf', 'search']);
    const shared = readdirSync('src/core').filter((f) => f.endsWith('.ts'));
    expect(shared.length).toBeLessThanOrEqual(6);
  });

  test('nothing outside src/cli imports src/cli (the dev tools may run the CLI through its one entry, run())', () => {
    for (const f of src.filter((x) => !under('src/cli/')(x))) {
      for (const i of imports(f)) {
        if (under('src/tools/')(f) && i === 'src/cli/main.ts') continue;
        expect(`${f} → ${i}`).not.toMatch(/→ src\/cli\//);
      }
    }
  });

  test('no command imports another command', () => {
    for (const f of src.filter(under('src/cli/commands/'))) {
      for (const i of imports(f)) expect(`${f} → ${i}`).not.toMatch(/→ src\/cli\/commands\//);
    }
  });

  test('the application layer does not render: no chalk, cli-table3 or src/render', () => {
    for (const f of src.filter(under('src/app/'))) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/from ['"](chalk|commander|cli-table3)['"]/);
      for (const i of imports(f)) expect(`${f} → ${i}`).not.toMatch(/→ src\/(render|cli)\//);
    }
  });

  test('only the bin touches process.exitCode', () => {
    for (const f of src) {
      if (under('src/tools/')(f)) continue;
      expect(readFileSync(f, 'utf8'), f).not.toMatch(/process\.exit/);
    }
  });
});
