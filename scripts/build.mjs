// Bundle src/ into dist/ with esbuild: one entry for the CLI, lazily loaded chunks for each command, so
// `llmplan --help` loads commander alone (bench/run.mjs measures it). Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

// zod re-exports all of its ~50 message locales as `z.locales` (370 KB, half of zod's bundle, parsed at every start);
// llmplan uses English only, which zod configures itself from locales/en.js. The namespace keeps `en` alone.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    const enFile = createRequire(import.meta.url).resolve('zod/v4/locales/en.js');
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir) ? { path: 'zod-locales', namespace: 'zod-english-only' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({ contents: `export { default as en } from ${JSON.stringify(enFile)};`, resolveDir: dirname(enFile) }));
  },
};

// genai-prices keeps its price table as one 800 KB array literal, evaluated by every `recommend` with a hosted API.
// V8 parses JSON faster than the same object literal ("The cost of JavaScript in 2019", v8.dev/blog/
// cost-of-javascript-2019#json): the table is bundled as JSON.parse('…'), checked equal to the literal here, and
// the build fails if the package no longer has that shape. recommend with an API: 6–8 ms less main-thread CPU.
const genaiPricesAsJson = {
  name: 'genai-prices-as-json',
  setup(b) {
    b.onLoad({ filter: /[\\/]@pydantic[\\/]genai-prices[\\/]dist[\\/]index\.js$/ }, (args) => {
      const src = readFileSync(args.path, 'utf8');
      const head = 'const E = [';
      const tail = '\n], J = {';
      const end = src.indexOf(tail);
      if (!src.startsWith(head) || end < 0) throw new Error(`${args.path}: the price table is no longer "${head}…${tail.trim()}"; update genaiPricesAsJson in scripts/build.mjs`);
      const table = new Function(`return ${src.slice(head.length - 1, end + 2)};`)();
      const json = JSON.stringify(table);
      if (!isDeepStrictEqual(JSON.parse(json), table)) throw new Error(`${args.path}: the price table does not survive JSON; update genaiPricesAsJson in scripts/build.mjs`);
      return { contents: `const E = JSON.parse(${JSON.stringify(json)}), J = {${src.slice(end + tail.length)}`, loader: 'js' };
    });
  },
};

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { llmplan: 'src/cli/main.ts', tools: 'src/tools/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [zodEnglishOnly, genaiPricesAsJson],
  // commander and cli-table3 are CommonJS; a bundled require() of node builtins needs a real require.
  banner: { js: "import { createRequire as __llmplanCreateRequire } from 'node:module'; const require = __llmplanCreateRequire(import.meta.url);" },
});

// Validate the bundled catalogs and compile them to dist/catalog.json (see COMPILED_CATALOG in src/catalog/load.ts).
const { spawnSync } = await import('node:child_process');
const compiled = spawnSync(process.execPath, ['dist/tools.js', 'compile-catalogs'], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
