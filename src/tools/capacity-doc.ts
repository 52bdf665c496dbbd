// Generated part of docs/capacity.md: steps 4 and 5 of the chatbot walkthrough, from the plan and size commands'
// own --json, so the prose cannot drift from the block above it when the model or its calibration moves.
import { commandStdout } from './command-stdout.ts';

interface PlanJson {
  peakRequestsPerSecond: number;
  options: Array<{ replicaCapacityRequestsPerSecond: number; atCapacityP95: { ttftSeconds: number; tpotSeconds: number; e2eSeconds: number; meanBatch: number }; hourly: Array<{ hourOfWeek: number; arrivalRequestsPerSecond: number; replicasForLoad: number; utilisation: number }> }>;
}
interface SizeJson {
  results: Array<{ maxConcurrentSequences: number }>;
}

async function commandJson<T>(args: string[]): Promise<T> {
  return JSON.parse(await commandStdout([...args, '--json'])) as T;
}

const f = (x: number, digits: number) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Steps 4-5 of the walkthrough: Llama-3.1-8B on one H100 for the chatbot scenario (500 in / 200 out, p95 1,400 / 300). */
export async function renderCapacityWalkthrough(): Promise<string> {
  const plan = await commandJson<PlanJson>(['plan', '--scenario', 'scenarios/chatbot.yaml', '--gpu', 'h100-sxm-80gb']);
  const size = await commandJson<SizeJson>(['size', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm-80gb', '--context', '1700']);
  const o = plan.options[0]!;
  const p = o.atCapacityP95;
  const cap = o.replicaCapacityRequestsPerSecond;
  const busiest = o.hourly.find((h) => h.hourOfWeek === 9)!;
  const burst = plan.peakRequestsPerSecond / busiest.arrivalRequestsPerSecond;
  return [
    `4. **Replica capacity.** Llama 3.1 8B on one H100 (TP 1; the KV cache holds ${f(size.results[0]!.maxConcurrentSequences, 0)} sequences of 1,400 + 300`,
    `   tokens, the engine cap is 1,024): bisection finds **${f(cap, 2)} req/s**, where the end-to-end p95 reaches **${f(p.e2eSeconds, 2)} s**;`,
    `   the end-to-end target binds the replica, long before TTFT. At that rate the mean decode batch is B̄ = ${f(p.meanBatch, 1)},`,
    `   and \`p95AtRate\` gives **TPOT p95 ${f(p.tpotSeconds * 1000, 2)} ms** (the \`mixedStep\` at B₉₅ = ⌈B̄ + 1.645 √B̄⌉, a share of its steps`,
    '   carrying a 500-token prompt), **TTFT p95 ' + f(p.ttftSeconds * 1000, 1) + ' ms** (request overhead + the rest of the step in progress + the',
    '   prefill of the wait behind earlier prompts + the 1,400-token p95 prompt\'s prefill + no slot wait), and',
    `   end-to-end p95 = TTFT p95 + (300 − 1) × TPOT p95 = **${f(p.e2eSeconds, 2)} s**. (\`llmplan plan --scenario scenarios/chatbot.yaml`,
    '   --gpu h100-sxm-80gb --json` prints them as `replicaCapacityRequestsPerSecond` and `atCapacityP95`.)',
    `5. **Load.** Busiest hour: ceil(${f(busiest.arrivalRequestsPerSecond, 2)} × ${f(burst, 2)} / ${f(cap, 2)}) = ceil(${f(plan.peakRequestsPerSecond / cap, 2)}) = **${busiest.replicasForLoad}** replica (utilisation`,
    `   ${Math.round(busiest.utilisation * 100)}%); nights and weekends also 1 (always on).`,
    '',
  ].join('\n');
}
