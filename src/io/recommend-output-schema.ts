// The `recommend --json` contract (docs/json-output.md): one decision, the runners-up, every rejection by code,
// priced levers and the launch. Units in key names; strict objects; test/output-schemas.test.ts validates stdout.
import { z } from 'zod';
import { isoDate, m, nullable, num, scenarioHead, str } from './schema-helpers.ts';
import { REJECTION_CODES } from '../core/search/types.ts';

const args = m(z.record(z.string(), z.union([z.string(), z.number(), z.null()])), 'The numbers behind the code (units in the names).');

const rejection = z.strictObject({
  code: m(z.enum(REJECTION_CODES), 'Why the candidate lost; scripts match on this, not on the message.'),
  what: str('The candidate, serving variant, offer or group rejected.'),
  kind: m(z.enum(['api', 'cloud', 'onprem', 'hybrid', 'self-hosted', 'any']), 'Which kind of deployment it is.'),
  message: str('The reason in words (one formatter: core/search/reason-text.ts).'),
  args,
});

const predicted = z.strictObject({
  ttftSeconds: num('p95 time to first token at the planned load, seconds.'),
  tpotSeconds: num('p95 time per output token, seconds.'),
  e2eSeconds: num('p95 end-to-end time, seconds.'),
});

const candidate = {
  id: str('Stable id: api:<provider>/<model>, cloud:<model>:<offer>:<purchase>, onprem:<model>:<gpu>, hybrid:<model>:<gpu>:<base>+<overflow>.'),
  kind: m(z.enum(['api', 'cloud', 'onprem', 'hybrid']), 'Hosted API, rented cloud GPUs, bought GPUs, or a fixed base plus peaks elsewhere.'),
  label: str('Human label.'),
  model: str('Model catalog id (self-hosted) or provider/model (API).'),
  serving: nullable(
    z.strictObject({
      modelId: str('Model catalog id.'),
      gpuId: str('GPU catalog id.'),
      engine: str('Serving engine: vllm, sglang or trtllm.'),
      weights: str('Weight format served.'),
      kvDtype: str('KV-cache dtype.'),
      tensorParallel: m(z.number().int().min(1), 'GPUs per replica (tensor parallel).'),
    }),
    'How one replica runs; null for an API.',
  ),
  offerId: nullable(z.string(), 'Cloud offer id; null when no cloud offer is used.'),
  region: nullable(z.string(), 'Cloud region of the offer; null otherwise.'),
  purchase: str('How capacity is bought.'),
  monthlyCostUsd: num('Month 1 at steady state, USD (on-prem: depreciation + operating).'),
  peakMonthlyOperatingUsd: num('Highest monthly cash out excluding purchases, USD (checked against the monthly budget).'),
  capitalUsd: num('Purchases over the horizon, USD (checked against the capital budget).'),
  totalCostUsd: num('Cash over the horizon minus resale at its end, USD: what candidates are ranked by.'),
  costPerRequestUsd: nullable(z.number(), 'totalCostUsd per request over the horizon, USD.'),
  costPerMillionTokensUsd: nullable(z.number(), 'totalCostUsd per million tokens (input + output), USD.'),
  baseGpus: nullable(z.number().int().min(0), 'GPUs in the quietest hour; null for an API.'),
  peakGpus: nullable(z.number().int().min(0), 'GPUs in the busiest hour; null for an API.'),
  predictedP95: nullable(predicted, 'Predicted p95s of one replica at its planned load; null for an API (not predicted).'),
  qualityRisk: m(z.enum(['none', 'low', 'medium']), 'Precision below the released checkpoint: none, low (fp8 weights or KV), medium (int4 weights).'),
  oldestPriceReadOn: nullable(isoDate('Date.'), 'Read date of the oldest price the cost rests on.'),
  prices: m(
    z.array(z.strictObject({ what: str('Which price.'), value: num('The number used, in `unit`.'), unit: str('Unit.'), readOn: nullable(isoDate('Date.'), 'Date read; null when undated or yours.') })),
    'The prices the cost rests on, with their dates.',
  ),
  notes: m(z.array(z.string()), 'Assumptions and caveats.'),
  disaggregated: z
    .strictObject({
      prefillPeakInstances: m(z.number().int().min(1), 'Prefill instances at the busiest hour (count).'),
      prefillTensorParallel: m(z.number().int().min(1), 'GPUs per prefill instance.'),
      decodePeakInstances: m(z.number().int().min(1), 'Decode instances at the busiest hour (count).'),
      decodeTensorParallel: m(z.number().int().min(1), 'GPUs per decode instance (= serving.tensorParallel).'),
      kvTransferSeconds: num('KV transfer of a mean prompt, seconds.'),
      pairRequestsPerSecond: num('Requests/s one prefill instance and one decode instance serve together with the targets met (the benchmark rate).'),
    })
    .optional()
    .meta({ description: 'With --compare-disagg, on a disaggregated prefill/decode candidate only (docs/disaggregated.md).' }),
};

export const recommendOutputSchema = z
  .strictObject({
    ...scenarioHead('recommend'),
    horizonMonths: m(z.number().int().min(1), 'Months the totals cover (730-hour months).'),
    inputs: z
      .strictObject({
        requestsPerMonth: num('Requests per 730-hour month reaching the model.'),
        peakRequestsPerSecond: num('The busiest moment, requests/s.'),
        inputTokensMean: num('Mean input tokens per request.'),
        inputTokensP95: nullable(z.number(), '95th-percentile input tokens.'),
        outputTokensMean: num('Mean output tokens per request.'),
        outputTokensP95: nullable(z.number(), '95th-percentile output tokens.'),
        targets: z.strictObject({
          ttftP95Seconds: nullable(z.number(), 'Target, seconds.'),
          tpotP95Seconds: nullable(z.number(), 'Target, seconds.'),
          e2eP95Seconds: nullable(z.number(), 'Target, seconds.'),
          availability: nullable(z.number(), 'Target fraction.'),
        }),
        budget: z.strictObject({ monthlyUsd: nullable(z.number(), 'USD/month.'), capitalUsd: nullable(z.number(), 'USD.') }),
        models: m(z.array(z.string()), 'Self-hosted candidates.'),
        regions: m(z.array(z.string()), 'constraints.regions.'),
      })
      .meta({ description: 'What the decision was made for; `check --baseline` attributes a change in cost to these.' }),
    verdict: m(z.enum(['recommended', 'nothing-fits']), 'recommended: the recommendation meets every target, constraint and the budget (exit 0); nothing-fits: it is the closest candidate (exit 1).'),
    summary: nullable(z.string(), 'The answer in one sentence.'),
    recommendation: nullable(
      z.strictObject({
        ...candidate,
        meetsEverything: m(z.boolean(), 'Meets every target, constraint and the budget.'),
        misses: m(z.array(rejection), 'What the closest candidate misses (empty when it meets everything).'),
      }),
      'The decision; when nothing fits, the closest candidate; null only when no candidate could be priced at all.',
    ),
    nearestMiss: nullable(rejection, 'When no candidate meets the targets: the one nearest to them.'),
    targets: m(
      z.array(
        z.strictObject({
          metric: m(z.enum(['ttft', 'tpot', 'e2e']), 'Which p95.'),
          targetSeconds: num('The scenario target, seconds.'),
          predictedSeconds: nullable(z.number(), 'Predicted p95 at the planned load, seconds; null for an API.'),
          marginFraction: nullable(z.number(), '(target − predicted) / target.'),
          bandLowSeconds: nullable(z.number(), 'Low end of the out-of-sample error band (p10), seconds.'),
          bandHighSeconds: nullable(z.number(), 'High end (p90), seconds.'),
        }),
      ),
      'Each target with the prediction, its margin and error band.',
    ),
    errorTier: nullable(m(z.enum(['calibrated', 'extrapolated']), 'Tier.'), 'calibrated: GPU × engine has fitted rows; extrapolated: wider bands.'),
    runnersUp: m(z.array(z.strictObject({ ...candidate, behind: rejection })), 'The next best candidates of other kinds, models or GPUs, each with why it is behind.'),
    rejections: z.strictObject({
      byCode: m(z.record(z.string(), z.number().int().min(1)), 'Rejections counted by code.'),
      candidates: m(z.array(rejection), 'Every rejection with its numbers.'),
    }),
    levers: m(
      z.array(
        z.strictObject({
          id: str('Lever id.'),
          title: str('What changes.'),
          monthlySavingsUsd: nullable(z.number(), 'USD saved per month (negative: added); null when it cannot be priced for this plan.'),
          risk: str('What it puts at risk.'),
          keepsTargets: m(z.boolean(), 'Whether every target, constraint and the budget still hold with it.'),
          reason: nullable(z.string(), 'Why it is not priced, or does not apply.'),
        }),
      ),
      'One change at a time on the recommended deployment.',
    ),
    launch: nullable(
      z.strictObject({
        command: str('Engine serve command (self-hosted) or the API model and settings.'),
        benchmarkCommand: nullable(z.string(), 'Benchmark that would confirm the prediction before buying; null for an API.'),
        notes: m(z.array(z.string()), 'What the commands assume.'),
      }),
      'How to launch the recommendation.',
    ),
    oldestPrice: nullable(z.strictObject({ readOn: isoDate('Date.'), ageDays: m(z.number().int(), 'Days to asOf.'), what: str('Which price.') }), 'The oldest price behind the recommendation.'),
    search: z.strictObject({
      servingVariants: m(z.number().int().min(0), 'Model × GPU × weights × KV dtype × engine variants considered.'),
      plansEvaluated: m(z.number().int().min(0), 'Variants planned exactly.'),
      prunedByBound: m(z.number().int().min(0), 'Variants whose cost lower bound could not beat the runners-up.'),
      candidatesPriced: m(z.number().int().min(0), 'Priced candidates (every deployment of every evaluated variant, APIs, hybrids).'),
    }),
    calibrationFittedOn: str('Date the perf calibration was fitted.'),
  })
  .meta({ title: 'llmplan recommend --json', description: 'What should we do? The cheapest deployment meeting every target, constraint and the budget, and why the rest lost. Base units: USD, seconds, 730-hour months.' });
