// `npm run bench`: whole-process timings of llmplan commands against bare `node -e 0`, as ratios.
// Median of N runs each, interleaved so that machine noise hits every command alike.
import { spawnSync } from 'node:child_process';

const N = Number(process.env.BENCH_RUNS ?? 9);
const commands = [
  ['bare node', ['-e', '0']],
  ['llmplan --help', ['bin/llmplan.js', '--help']],
  ['llmplan size', ['bin/llmplan.js', 'size', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb']],
  ['llmplan size (all GPUs)', ['bin/llmplan.js', 'size', '--model', 'llama-3.1-70b', '--json']],
  ['llmplan perf', ['bin/llmplan.js', 'perf', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', '--isl', '1024', '--osl', '256', '--concurrency', '32']],
  ['llmplan plan (one GPU)', ['bin/llmplan.js', 'plan', '--scenario', 'scenarios/code-assistant.yaml', '--gpu', 'h100-sxm-80gb']],
  ['llmplan tco chatbot', ['bin/llmplan.js', 'tco', '--scenario', 'scenarios/chatbot.yaml', '--as-of', '2026-11-23']],
  ...['chatbot', 'content-generation', 'code-assistant', 'semantic-search', 'onprem-classification', 'large-scale-70b'].map((s) => [
    `llmplan recommend ${s}`,
    ['bin/llmplan.js', 'recommend', '--scenario', `scenarios/${s}.yaml`, '--as-of', '2026-11-23'],
  ]),
  ...(process.env.BENCH_EXTRA ? JSON.parse(process.env.BENCH_EXTRA) : []),
];

const times = new Map(commands.map(([name]) => [name, []]));
for (let i = 0; i < N; i++) {
  for (const [name, args] of commands) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0 && r.status !== 1) {
      process.stderr.write(`${name} exited ${r.status}: ${r.stderr}\n`);
      process.exit(1);
    }
    times.get(name).push(ms);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times.get('bare node'));
process.stdout.write(`${N} runs each, median wall time (node ${process.version})\n`);
for (const [name] of commands) {
  const m = median(times.get(name));
  process.stdout.write(`${name.padEnd(28)} ${m.toFixed(0).padStart(5)} ms  ${(m / base).toFixed(2)}× bare node\n`);
}
