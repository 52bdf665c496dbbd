// Bundle src/ into dist/ with esbuild: one entry for the CLI, lazily loaded chunks for each command, so
// `llmplan --help` loads commander alone (bench/run.mjs measures it). Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
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
  plugins: [zodEnglishOnly],
  // commander and cli-table3 are CommonJS; a bundled require() of node builtins needs a real require.
  banner: { js: "import { createRequire as __llmplanCreateRequire } from 'node:module'; const require = __llmplanCreateRequire(import.meta.url);" },
});

// Validate the bundled catalogs and compile them to dist/catalog.json (see COMPILED_CATALOG in src/catalog/load.ts).
const { spawnSync } = await import('node:child_process');
const compiled = spawnSync(process.execPath, ['dist/tools.js', 'compile-catalogs'], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
