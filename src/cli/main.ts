// The one composition root: run({ argv, env, cwd, stdout, stderr }) → exit code. Only bin/llmplan.js touches process.
import { Command, CommanderError, Option } from 'commander';
import { CheckFailed, InputError, formatProblem } from '../errors.ts';
import { MAX_PROBLEMS_SHOWN } from '../core/bounds.ts';
import { disaggPools, fraction, idArg, idList, nonNegativeNumber, positiveInt, positiveNumber, sanitizeCommanderMessage, tokenCount } from './flags.ts';
import type { RunContext } from '../app/context.ts';
import { VERSION } from './version.ts';
import { addCatalogCommands } from './catalog-commands.ts';
import { KV_DTYPES, WEIGHT_FORMATS } from '../core/memory/precision.ts';
import { ENGINE_IDS } from '../core/memory/engine-memory.ts';
import { DEFAULT_CONTEXT_TOKENS } from '../core/memory/default-context.ts';

export const EXIT = { ok: 0, checkFailed: 1, badInput: 2, internal: 70 } as const;

export type { RunContext, Stream } from '../app/context.ts';

const DOCS = 'https://github.com/llmplan/llmplan#readme';

// Options shared by the commands that size or price a deployment: one definition each.
const weightsOption = () =>
  new Option('--weights <format>', 'weight format (default: as released)').choices([...WEIGHT_FORMATS]);
const kvDtypeOption = () => new Option('--kv-dtype <dtype>', 'KV cache dtype').choices([...KV_DTYPES]).default('bf16');
const engineOption = () => new Option('--engine <engine>', 'serving engine (memory budget and efficiencies)').choices([...ENGINE_IDS]).default('vllm');
const memoryFractionOption = () =>
  new Option('--memory-fraction <f>', 'gpu_memory_utilization / mem_fraction_static / free_gpu_memory_fraction').argParser(fraction('--memory-fraction'));
// Output: one form per run (`--json` is `--format json`), optionally to a file; warnings on stderr, quieter or louder.
const formatOption = (formats: readonly string[]) =>
  new Option('--format <format>', `output: ${formats.map((f) => FORMAT_HELP[f]).join(', ')}`).choices([...formats]);
const FORMAT_HELP: Record<string, string> = { table: 'table (terminal)', json: 'json', html: 'html (a self-contained report with charts)', csv: 'csv (the option table, for spreadsheets)' };
const outOption = () => new Option('-o, --out <file>', 'write the output to this file (whole or not at all; never over an input) instead of stdout');
const verboseOption = () => new Option('--verbose', 'list every stale price, not only how many and the oldest');
const quietOption = () => new Option('-q, --quiet', 'no warnings or notes on stderr (errors still)');
// The pricing commands (tco, recommend, check) share these: one definition each.
const asOfOption = () => new Option('--as-of <date>', 'price everything as of this date (YYYY-MM-DD; default today): reproducible output');
const facilityOption = () =>
  new Option('--facility <kind>', 'on-prem facility: own data centre (power × PUE) or colocation (+ $/kW-month); default: the scenario\'s pricing.facility, else own').choices(['own', 'colo']);
const calibrationOption = () => new Option('--calibration <file>', 'efficiencies from `llmplan calibrate --fit` (default: the shipped calibration/perf.json)');

/**
 * Help's examples and notes fit 80 columns (commander wraps its own option list to 80 when not on a terminal): a
 * long example breaks before its options with `\\` continuations, so that it still pastes; prose wraps at spaces.
 */
function helpText(text: string): string {
  const W = 80;
  return text
    .split('\n')
    .flatMap((line) => {
      if (line.length <= W) return [line];
      if (line.startsWith('  $ ')) {
        const out: string[] = [];
        let cur = '';
        for (const part of line.split(/ (?=--|> )/)) {
          if (cur && (cur + ' ' + part + ' \\').length > W) {
            out.push(cur + ' \\');
            cur = '      ' + part;
          } else cur = cur ? `${cur} ${part}` : part;
        }
        return [...out, cur];
      }
      const words = line.split(' ');
      const out: string[] = [];
      let cur = '';
      for (const w of words) {
        if (cur && (cur + ' ' + w).length > W) {
          out.push(cur);
          cur = '  ' + w;
        } else cur = cur ? `${cur} ${w}` : w;
      }
      return [...out, cur];
    })
    .join('\n');
}

export function buildProgram(ctx: RunContext): Command {
  const program = new Command('llmplan')
    .description('Size, speed, capacity and cost of an LLM deployment, with sources for every number.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
      outputError: (s, write) => write(sanitizeCommanderMessage(s)),
    })
    .addHelpText(
      'after',
      helpText(`
Examples:
  $ llmplan size --model llama-3.1-8b --gpu h100-sxm-80gb
  $ llmplan size --model llama-3.1-70b --weights fp8 --context 32768
  $ llmplan catalog gpus

Docs: ${DOCS}`),
    );

  const catalogDirOption = () =>
    new Option('--catalog-dir <dir>', 'extra catalog directory (gpus.yaml, models.yaml, engines.yaml); repeatable').argParser(
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    );

  program
    .command('size')
    .summary('will it fit? GPU memory: weights, KV cache, concurrency, smallest TP')
    .description('Memory plan of a model on a GPU (or on every catalog GPU): weights, engine overhead, KV cache, sequences that fit.')
    .option('-m, --model <id>', 'model id or alias (llmplan catalog models), or a Hugging Face config.json path', idArg('--model'))
    .option('-g, --gpu <id>', 'GPU id or alias; omit to compare every catalog GPU', idArg('--gpu'))
    .option('--tp <n>', 'tensor-parallel degree (default: the smallest that fits); exit 1 when it does not fit', positiveInt('--tp', 'tensorParallel'))
    .addOption(weightsOption())
    .addOption(kvDtypeOption())
    .option('--context <tokens>', `tokens per sequence (prompt + output); 32k = 32,768 (default: ${DEFAULT_CONTEXT_TOKENS}, or the model's maximum when smaller)`, tokenCount('--context'))
    .addOption(engineOption())
    .addOption(memoryFractionOption())
    .option('--max-num-seqs <n>', 'engine cap on concurrent sequences (vLLM max_num_seqs): sizes the sampler\'s profiling pass (default: the engine\'s, by GPU size)', positiveInt('--max-num-seqs', 'concurrency'))
    .addOption(catalogDirOption())
    .option('--json', 'machine-readable output (schema: schemas/size-output.schema.json)')
    .addHelpText(
      'after',
      helpText(`
Examples:
  $ llmplan size --model llama-3.1-8b --gpu h100-sxm-80gb
  $ llmplan size --model qwen3-235b-a22b --gpu h100-sxm-80gb --weights fp8 --tp 4 --engine sglang
  $ llmplan size --model deepseek-v3 --weights fp8 --context 32768 --json

Exit codes: 0 the answer (it fits, or every GPU compared),
1 the model does not fit at the --tp given, 2 bad input.`),
    )
    .action(async (opts) => {
      const { runSize } = await import('./commands/size.ts');
      await runSize(opts, ctx);
    });

  program
    .command('perf')
    .summary('how fast? TTFT, TPOT and throughput from the calibrated roofline, with error bands')
    .description('Latency and throughput of one replica at a concurrency or request rate, with the out-of-sample error band and tier.')
    .option('-m, --model <id>', 'model id or alias, or a Hugging Face config.json path', idArg('--model'))
    .option('-g, --gpu <id>', 'GPU id or alias', idArg('--gpu'))
    .option('--tp <n>', 'tensor-parallel degree (default: the smallest that fits)', positiveInt('--tp', 'tensorParallel'))
    .addOption(weightsOption())
    .addOption(kvDtypeOption())
    .option('--isl <tokens>', 'input tokens per request (2048, 2k)', tokenCount('--isl'))
    .option('--osl <tokens>', 'output tokens per request', tokenCount('--osl'))
    .option('--concurrency <n>', 'closed loop: requests in flight', positiveInt('--concurrency', 'concurrency'))
    .option('--rate <r>', 'open loop: requests per second (Poisson)', positiveNumber('--rate', 'requestsPerSecond'))
    .option('--requests <n>', 'a finite benchmark run: n requests sent at --rate, or all at once without it (vllm bench serve --num-prompts n): its throughput and mean latencies, ramp-up and drain included', positiveInt('--requests', 'runRequests'))
    .addOption(engineOption())
    .addOption(memoryFractionOption())
    .addOption(calibrationOption())
    .option('--emit-bench', 'also print the vllm bench serve / AIPerf command that would confirm this prediction')
    .option('--ep <n>', 'attention data-parallel + expert-parallel (DEP, wide-EP) over n GPUs: attention at TP 1 on each, the routed experts spread over all n (MoE models)', positiveInt('--ep', 'expertParallel'))
    .option('--disagg <xP:yD>', 'disaggregated prefill/decode: x prefill and y decode instances (1:3), KV moved between them', disaggPools('--disagg'))
    .option('--prefill-tp <n>', 'with --disagg: TP of each prefill instance (default: --tp)', positiveInt('--prefill-tp', 'tensorParallel'))
    .option('--decode-tp <n>', 'with --disagg: TP of each decode instance (default: --tp)', positiveInt('--decode-tp', 'tensorParallel'))
    .addOption(catalogDirOption())
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      helpText(`
Examples:
  $ llmplan perf --model llama-3.1-8b --gpu h100-sxm-80gb --isl 1024 --osl 256 --concurrency 32
  $ llmplan perf --model llama-3.1-70b --gpu h100-sxm-80gb --tp 4 --isl 4096 --osl 512 --rate 2 --disagg 2:1
  $ llmplan perf --model deepseek-v3 --gpu h200-sxm-141gb --ep 8 --isl 1024 --osl 1024 --concurrency 512
  $ llmplan perf --model llama-3.1-70b --gpu h100-sxm-80gb --weights fp8 --tp 2 --isl 2048 --osl 512 --rate 4 --emit-bench
  $ llmplan perf --model qwen3-32b --gpu l40s-48gb --isl 500 --osl 200 --concurrency 8 --json
  $ llmplan perf --model llama-3.1-70b --gpu h100-sxm-80gb --tp 4 --weights bf16 --isl 467 --osl 256 --rate 16 --requests 500`),
    )
    .action(async (opts) => {
      const { runPerf } = await import('./commands/perf.ts');
      await runPerf(opts, ctx);
    });

  program
    .command('calibrate')
    .summary('check the model against published or your own measurements; --fit writes a calibration file')
    .description('Predict every row of a measurement CSV (format of throughput-latency.csv), report the error per row and regime; with --fit, fit the efficiencies and write a calibration file for --calibration.')
    .option('--data <csv>', 'measurement CSV (columns: model, gpu, num_gpus, tp, precision, engine, engine_version, isl, osl, concurrency_or_batch, metric, value, ...)')
    .option('--fit', 'fit the efficiencies to these rows (leave-one-source-out error bands when there are several sources)')
    .option('--out <file>', 'where --fit writes the calibration file', 'llmplan-calibration.json')
    .option('--calibration <file>', 'calibration to evaluate (default: the shipped one)')
    .option('--rows', 'also print every row\'s prediction and the rows not predicted (the summary stays last)')
    .addOption(catalogDirOption())
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      helpText(`
Examples:
  $ llmplan calibrate --data ../shared/calibration/throughput-latency.csv
  $ llmplan calibrate --data ../shared/calibration/throughput-latency.csv --rows
  $ llmplan calibrate --data my-vllm-bench.csv --fit --out my-cluster.json
  $ llmplan perf --model llama-3.1-8b --gpu h100-sxm-80gb --isl 512 --osl 256 --concurrency 16 --calibration my-cluster.json`),
    )
    .action(async (opts) => {
      const { runCalibrate } = await import('./commands/calibrate.ts');
      await runCalibrate(opts, ctx);
    });

  program
    .command('plan')
    .summary('how many? replicas for every hour of the week, redundancy for the availability target')
    .description('Size the fleet for a scenario: per (model, GPU) option the TP, per-replica capacity under the p95 targets, the hourly replica curve, GPU-hours per month, and which target binds.')
    .option('-s, --scenario <file>', 'scenario YAML (see scenarios/)')
    .option('-g, --gpu <id>', 'only this GPU (default: the scenario\'s allowed GPUs, or every catalog GPU)', idArg('--gpu'))
    .addOption(engineOption())
    .addOption(weightsOption())
    .addOption(kvDtypeOption())
    .addOption(memoryFractionOption())
    .addOption(calibrationOption())
    .option('--compare-disagg', 'also size a disaggregated deployment (a prefill pool and a decode pool) on each GPU, GPU-hours beside the aggregated plan')
    .addOption(catalogDirOption())
    .option('--json', 'machine-readable output, with the hourly curve (= --format json)')
    .addOption(formatOption(['table', 'json', 'html']))
    .addOption(outOption())
    .addOption(quietOption())
    .addHelpText(
      'after',
      helpText(`
Examples:
  $ llmplan plan --scenario scenarios/chatbot.yaml
  $ llmplan plan --scenario scenarios/chatbot.yaml --format html --out plan.html
  $ llmplan plan --scenario scenarios/large-scale-70b.yaml --gpu h100-sxm-80gb --weights fp8
  $ llmplan plan --scenario scenarios/chatbot.yaml --gpu h100-sxm-80gb --compare-disagg
  $ llmplan plan --scenario scenarios/content-generation.yaml --json`),
    )
    .action(async (opts) => {
      const { runPlan } = await import('./commands/plan.ts');
      await runPlan(opts, ctx);
    });

  program
    .command('tco')
    .summary('what will it cost? hosted API vs cloud GPUs vs on-prem, break-even and sensitivity')
    .description('Total cost of ownership of a scenario over its horizon: every API model, cloud offer and on-prem build priced with dated prices, the cheapest that meets the targets, the budget verdict (exit 1 when over), break-even volume and month, and the inputs that would flip the decision.')
    .option('-s, --scenario <file>', 'scenario YAML (see scenarios/)')
    .option('--horizon-months <n>', 'months to total over, at most 120 (default: the scenario\'s horizon.months)', positiveInt('--horizon-months', 'horizonMonths'))
    .addOption(asOfOption())
    .option('--max-price-age-days <n>', 'warn on stderr when a price used is older than this', positiveInt('--max-price-age-days', 'priceAgeDays'), 180)
    .addOption(facilityOption())
    .option('--all', 'list every option, not only the cheapest 12')
    .option('-g, --gpu <id>', 'only this GPU for the self-hosted options', idArg('--gpu'))
    .addOption(engineOption())
    .addOption(weightsOption())
    .addOption(kvDtypeOption())
    .addOption(calibrationOption())
    .addOption(catalogDirOption())
    .option('--json', 'machine-readable output (schemaVersion 1; keys name their units; = --format json)')
    .addOption(formatOption(['table', 'json', 'html', 'csv']))
    .addOption(outOption())
    .addOption(verboseOption())
    .addOption(quietOption())
    .addHelpText(
      'after',
      helpText(`
Examples:
  $ llmplan tco --scenario scenarios/chatbot.yaml
  $ llmplan tco --scenario scenarios/onprem-classification.yaml --horizon-months 60 --facility colo
  $ llmplan tco --scenario scenarios/content-generation.yaml --as-of 2026-11-01 --json
  $ llmplan tco --scenario scenarios/chatbot.yaml --format html --out tco.html
  $ llmplan tco --scenario scenarios/chatbot.yaml --format csv --out options.csv

Exit codes: 0 within budget (or none set), 1 over the scenario's budget, 2 bad input.
Docs: docs/tco.md`),
    )
    .action(async (opts) => {
      const { runTco } = await import('./commands/tco.ts');
      await runTco(opts, ctx);
    });

  program
    .command('recommend')
    .summary('what should we do? the cheapest deployment that meets every target, why the rest lost, levers, launch')
    .description('Search models × GPUs × TP × weight format × KV dtype × engine × deployment (hosted API, cloud offer and purchase mix, on-prem, hybrid) under the scenario\'s targets, constraints and budget; print the decision, the runners-up, every rejection by code, priced levers and the launch command. Without --scenario, --model/--rate/--isl/--osl describe a flat-traffic scenario.')
    .option('-s, --scenario <file>', 'scenario YAML (see scenarios/)')
    .option('--top <n>', 'runners-up to show', positiveInt('--top', 'top'), 3)
    .option('--explain', 'list every rejected candidate with its numbers')
    .addOption(asOfOption())
    .option('--max-price-age-days <n>', 'prices older than this are flagged', positiveInt('--max-price-age-days', 'priceAgeDays'), 180)
    .addOption(facilityOption())
    .option('-m, --model <id>', 'one-shot: model id or a Hugging Face config.json path (instead of --scenario)', idArg('--model'))
    .option('--rate <r>', 'one-shot: requests per second, flat over the week', positiveNumber('--rate', 'requestsPerSecond'))
    .option('--isl <tokens>', 'one-shot: input tokens per request (3000, 3k)', tokenCount('--isl'))
    .option('--osl <tokens>', 'one-shot: output tokens per request', tokenCount('--osl'))
    .option('--ttft-p95 <s>', 'one-shot: p95 time to first token, seconds', positiveNumber('--ttft-p95', 'seconds'))
    .option('--tpot-p95 <s>', 'one-shot: p95 time per output token, seconds', positiveNumber('--tpot-p95', 'seconds'))
    .option('--e2e-p95 <s>', 'one-shot: p95 end-to-end time, seconds', positiveNumber('--e2e-p95', 'seconds'))
    .option('--availability <f>', 'one-shot: availability target, e.g. 0.999', fraction('--availability'))
    .option('--budget-monthly <usd>', 'one-shot: monthly budget, USD', positiveNumber('--budget-monthly', 'usd'))
    .option('--region <r>', 'one-shot: allowed region or jurisdiction (us-east-1, eu); repeatable', idList('--region', true))
    .option('-g, --gpu <id>', 'one-shot: allowed GPU id; repeatable', idList('--gpu'))
    .option('--horizon-months <n>', 'months to total over, at most 120 (default: the scenario\'s, or 36)', positiveInt('--horizon-months', 'horizonMonths'))
    .option('--print-scenario', 'one-shot: print the scenario the flags describe, as YAML, and stop')
    .option('--compare-disagg', 'also price a disaggregated deployment (a prefill pool and a decode pool) of every variant planned exactly')
    .addOption(calibrationOption())
    .addOption(catalogDirOption())
    .option('--json', 'machine-readable output (schema: schemas/recommend-output.schema.json; = --format json)')
    .addOption(formatOption(['table', 'json', 'html']))
    .addOption(outOption())
    .addOption(quietOption())
    .addHelpText(
      'after',
      helpText(`
Examples:
  $ llmplan recommend --scenario scenarios/chatbot.yaml
  $ llmplan recommend --scenario scenarios/onprem-classification.yaml --explain
  $ llmplan recommend --scenario scenarios/large-scale-70b.yaml --compare-disagg
  $ llmplan recommend --scenario scenarios/chatbot.yaml --format html --out report.html
  $ llmplan recommend --model qwen3-32b --rate 20 --isl 3000 --osl 400 --ttft-p95 0.5
  $ llmplan recommend --model qwen3-32b --rate 20 --isl 3000 --osl 400 --ttft-p95 0.5 --print-scenario > my.yaml

Exit codes: 0 a recommendation meets every target and the budget, 1 nothing does (the closest is shown), 2 bad input.
Docs: docs/recommend.md`),
    )
    .action(async (opts) => {
      const { runRecommend } = await import('./commands/recommend.ts');
      await runRecommend(opts, ctx);
    });
  program
    .command('check')
    .summary('does this change still fit? a CI gate: budget, targets, increase over a baseline, price age')
    .description('Recommend for the scenario as it is now and check it: every target and the budget met, at most --max-monthly-usd, at most --max-increase-pct over a --baseline (a committed `recommend --json` or `check --json`, with the change attributed to traffic, token lengths, targets, prices and the decision), and no price older than --max-price-age-days.')
    .option('-s, --scenario <file>', 'scenario YAML')
    .option('--baseline <file>', 'a previous `llmplan recommend --json` or `check --json` output to compare with')
    .option('--max-monthly-usd <usd>', 'fail above this $/month (the busiest month)', positiveNumber('--max-monthly-usd', 'usd'))
    .option('--max-increase-pct <p>', 'fail when $/month rose more than this % over the baseline', nonNegativeNumber('--max-increase-pct'))
    .option('--max-price-age-days <n>', 'fail when a price behind the recommendation is older', positiveInt('--max-price-age-days', 'priceAgeDays'))
    .addOption(new Option('--format <format>', 'table, json, markdown (a pull-request comment) or html (a report with charts)').choices(['table', 'json', 'markdown', 'html']))
    .option('--json', 'same as --format json (schema: schemas/check-output.schema.json)')
    .addOption(outOption())
    .addOption(quietOption())
    .addOption(asOfOption())
    .option('--top <n>', 'runners-up in the embedded recommendation', positiveInt('--top'), 3)
    .addOption(facilityOption())
    .addOption(calibrationOption())
    .addOption(catalogDirOption())
    .addHelpText(
      'after',
      `
Examples:
  $ llmplan check --scenario scenarios/chatbot.yaml --max-monthly-usd 10000
  $ llmplan recommend --scenario scenarios/chatbot.yaml --json > llmplan-baseline.json   # commit it
  $ llmplan check --scenario scenarios/chatbot.yaml --baseline llmplan-baseline.json --max-increase-pct 10 --format markdown

Exit codes: 0 every check passes, 1 a check failed (failing checks are listed first), 2 bad input.
GitHub Actions: examples/github-actions.yml`,
    )
    .action(async (opts) => {
      const { runCheck } = await import('./commands/check.ts');
      await runCheck(opts, ctx);
    });

  addCatalogCommands(program, ctx, catalogDirOption);
  return program;
}

export async function run(ctx: RunContext): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(ctx.argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT.ok : EXIT.badInput;
    }
    if (e instanceof InputError) {
      for (const p of e.problems.slice(0, MAX_PROBLEMS_SHOWN)) ctx.stderr.write(`error: ${formatProblem(p)}\n`);
      const more = e.problems.length - MAX_PROBLEMS_SHOWN;
      if (more > 0) ctx.stderr.write(`error: … and ${more.toLocaleString('en-US')} more problem${more === 1 ? '' : 's'}\n`);
      return EXIT.badInput;
    }
    if (e instanceof CheckFailed) return EXIT.checkFailed;
    const err = e as Error;
    ctx.stderr.write(`internal error: ${err?.message ?? String(e)}\nThis is a bug in llmplan; please report it with the command you ran.\n`);
    if (ctx.argv.includes('--debug') || ctx.env.LLMPLAN_DEBUG) ctx.stderr.write(`${err?.stack ?? ''}\n`);
    return EXIT.internal;
  }
}
