// Scenario text → resolved Scenario, or one InputError listing every problem at file:line:col (STYLE.md §6–8).
// Stages: YAML (io/yaml.ts: size, duplicates, aliases, __proto__) → expressions → zod shape → cross-field rules
// → traffic curve (core/capacity/workload.ts). Each stage reports everything it finds before the loader gives up.
import { didYouMean } from '../core/did-you-mean.ts';
import {
  DAYS,
  WEEKDAYS,
  WEEKEND,
  batchRequestsPerSecond,
  hourlyArrivalRates,
  hoursOfPeriod,
  monthlyRequests,
  requestsPerDayFromUsers,
  requestsPerSecondFromUsers,
  shapeValues,
  weeklyRequests,
  type Day,
  type TrafficDescription,
  type Volume,
  type WeeklyShape,
} from '../core/capacity/workload.ts';
import { HOURS_PER_WEEK, NonFiniteError, SECONDS_PER_HOUR } from '../core/units.ts';
import { LIMITS, growthProblem, limitText } from '../core/bounds.ts';
import { echo, InputError, type InputProblem } from '../errors.ts';
import { CLOUD_PROVIDERS } from '../catalog/providers.ts';
import { JURISDICTION_NAMES, jurisdictionOf } from '../core/cost/regions.ts';
import { GENAI_PROVIDER_IDS } from '../catalog/api-prices.ts';
import { keysAt } from '../io/schema-keys.ts';
import { locate, parseYamlText, zodProblems } from '../io/yaml.ts';
import { evaluateExpressions } from './expressions.ts';
import { scenarioFileSchema, type ScenarioFile } from './schema.ts';
import type { QualityTier, Scenario } from './types.ts';

export interface LoadScenarioOptions {
  /** Model catalog ids; when given, `models` must be among them. */
  knownModelIds?: string[];
  /** GPU catalog ids; when given, `constraints.allowedGpus` must be among them. */
  knownGpuIds?: string[];
  /** Region ids of the catalog's cloud offers; with the jurisdictions, what constraints.regions may name. */
  knownRegionIds?: string[];
}

type Path = (string | number)[];
type Report = (path: Path, message: string, hint?: string) => void;
type FileWorkload = ScenarioFile['workload'];

/** Candidates for a quality tier: instruction models with open weights of that size in the bundled catalog. */
const TIER_MODELS: Record<'generate' | 'embed', Record<QualityTier, string[]>> = {
  generate: {
    small: ['llama-3.1-8b', 'qwen3-8b', 'mistral-7b-v0.3'],
    medium: ['qwen3-32b', 'gemma-3-27b', 'qwen2.5-32b'],
    large: ['llama-3.3-70b', 'qwen2.5-72b', 'llama-3.1-70b'],
  },
  embed: { small: ['bge-large-en-v1.5'], medium: ['e5-mistral-7b-instruct'], large: ['e5-mistral-7b-instruct'] },
};

export async function loadScenario(text: string, file: string, opts: LoadScenarioOptions = {}): Promise<Scenario> {
  const ld = parseYamlText(text, file);
  const problems: InputProblem[] = [];
  const report: Report = (path, message, hint) =>
    problems.push({ file, ...locate(ld, path), path: path.map(String).join('.') || '(document)', message, ...(hint ? { hint } : {}) });

  const { data, failed } = await evaluateExpressions(scenarioFileSchema, ld.value, report);
  const parsed = scenarioFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.filter((i) => !failed.has(i.path.map(String).join('.')));
    problems.push(...zodProblems(ld, issues, (p) => keysAt(scenarioFileSchema, p)));
  }
  if (problems.length || !parsed.success) throw fail(problems);

  const s = parsed.data;
  checkRules(s, opts, report);
  if (problems.length) throw fail(problems);
  let scenario: Scenario | null;
  try {
    scenario = resolve(s, file, opts, report);
    // Where each API entry is written: a later stage that finds no such model points at it (file:line:col).
    if (scenario) scenario.positions = Object.fromEntries(s.api.flatMap((_, i) => (['provider', 'model'] as const).map((k) => [`api.${i}.${k}`, locate(ld, ['api', i, k])])));
  } catch (e) {
    if (!(e instanceof NonFiniteError)) throw e;
    report(['workload'], `the numbers are too extreme to compute with: ${e.message}`);
    scenario = null;
  }
  const infinite = scenario ? nonFinitePath(scenario) : null;
  if (infinite) report(['workload'], `the numbers are too extreme to compute with: ${infinite} is not finite`);
  if (problems.length || !scenario) throw fail(problems);
  return scenario;
}

/** STYLE.md §11: no NaN or Infinity leaves the loader, however large the inputs (1e300 tokens per document). */
function nonFinitePath(value: unknown, path = ''): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = nonFinitePath(v, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  }
  return null;
}

function expandDays(days: 'all' | 'weekdays' | 'weekends' | Day[]): Day[] {
  if (days === 'all') return [...DAYS];
  if (days === 'weekdays') return [...WEEKDAYS];
  if (days === 'weekends') return [...WEEKEND];
  return [...new Set(days)];
}

function toShape(w: FileWorkload): WeeklyShape | null {
  const ws = w.weeklyShape;
  if (!ws) return null;
  return {
    unit: ws.unit,
    periods: ws.periods?.map((p) => ({ days: expandDays(p.days), fromHour: p.fromHour, toHour: p.toHour, value: p.value })) ?? null,
    hourly: ws.hourly ?? null,
  };
}

function toVolume(w: FileWorkload): Volume | null {
  if (w.dailyActiveUsers !== undefined && w.requestsPerUserPerDay !== undefined) {
    return { kind: 'perDay', requestsPerDay: requestsPerDayFromUsers(w.dailyActiveUsers, w.requestsPerUserPerDay), basis: w.dailyBasis };
  }
  if (w.requestsPerDay !== undefined) return { kind: 'perDay', requestsPerDay: w.requestsPerDay, basis: w.dailyBasis };
  if (w.requestsPerMonth !== undefined) return { kind: 'perMonth', requestsPerMonth: w.requestsPerMonth };
  if (w.meanRequestsPerSecond !== undefined) return { kind: 'perSecond', requestsPerSecond: w.meanRequestsPerSecond };
  return null;
}

function validTimezone(tz: string): boolean {
  // UTC needs no ICU time-zone data (loading it costs ~25 ms of a ~1 s command).
  if (tz === 'UTC' || tz === 'Etc/UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function checkIds(ids: readonly string[], known: readonly string[] | undefined, path: Path, what: string, report: Report): void {
  if (!known) return;
  ids.forEach((id, i) => {
    if (!known.includes(id)) report([...path, i], `unknown ${what} ${echo(id)}`, didYouMean(id, known) ?? `see llmplan catalog ${what === 'model' ? 'models' : 'gpus'}`);
  });
}

/** Map keys (GPU ids, provider ids) must be known: a misspelt one would silently change nothing. */
function checkKeys(keys: readonly string[], known: readonly string[] | undefined, path: Path, what: string, report: Report): void {
  if (!known) return;
  for (const k of keys) if (!known.includes(k)) report([...path, k], `unknown ${what} "${k}"`, didYouMean(k, known) ?? `one of ${known.slice(0, 8).join(', ')}…`);
}

function checkVolume(s: ScenarioFile, report: Report): void {
  const w = s.workload;
  const W: Path = ['workload'];
  const volumeKeys = (['requestsPerDay', 'requestsPerMonth', 'meanRequestsPerSecond'] as const).filter((k) => w[k] !== undefined);
  const hasUsers = w.dailyActiveUsers !== undefined || w.requestsPerUserPerDay !== undefined;
  if (hasUsers && (w.dailyActiveUsers === undefined || w.requestsPerUserPerDay === undefined)) {
    const missing = w.dailyActiveUsers === undefined ? 'dailyActiveUsers' : 'requestsPerUserPerDay';
    report(W, `dailyActiveUsers and requestsPerUserPerDay go together; ${missing} is missing`);
  }
  const ways = [...(hasUsers ? ['dailyActiveUsers'] : []), ...volumeKeys];
  for (const extra of ways.slice(1)) {
    report([...W, extra], `the volume is already given by ${ways[0]}; state it one way only`, 'a derived figure can be an expression, e.g. requestsPerDay: dailyActiveUsers * requestsPerUserPerDay, without also writing the inputs as a second volume');
  }
  const shape = w.weeklyShape;
  if (ways.length === 0 && (!shape || shape.unit === 'relative')) {
    report(W, 'no traffic volume', 'give dailyActiveUsers + requestsPerUserPerDay, requestsPerDay, requestsPerMonth or meanRequestsPerSecond, or a weeklyShape with unit concurrentUsers or requestsPerSecond');
  }
  if (w.peakConcurrentUsers !== undefined && w.peakRequestsPerSecond !== undefined) {
    report([...W, 'peakRequestsPerSecond'], 'give peakConcurrentUsers or peakRequestsPerSecond, not both');
  }
  const needsThink = w.peakConcurrentUsers !== undefined || (ways.length === 0 && shape?.unit === 'concurrentUsers');
  if (needsThink && w.thinkTimeSeconds === undefined) {
    report(W, 'concurrent users need thinkTimeSeconds to become requests per second (Little\'s law)', 'e.g. thinkTimeSeconds: 60');
  }
}

function checkShape(w: FileWorkload, report: Report): void {
  const ws = w.weeklyShape;
  if (!ws) return;
  const P: Path = ['workload', 'weeklyShape'];
  if (!!ws.periods === !!ws.hourly) report(P, 'give either periods or hourly');
  const owner = new Map<number, number>();
  ws.periods?.forEach((p, i) => {
    if (p.fromHour > 23) report([...P, 'periods', i, 'fromHour'], 'must be 0–23');
    if (p.fromHour === p.toHour) report([...P, 'periods', i, 'toHour'], 'equals fromHour', 'write fromHour: 0, toHour: 24 for a whole day');
    if (p.fromHour > 23 || p.fromHour === p.toHour) return;
    for (const day of expandDays(p.days)) {
      for (const h of hoursOfPeriod(p.fromHour, p.toHour)) {
        const slot = DAYS.indexOf(day) * 24 + h;
        const other = owner.get(slot);
        if (other !== undefined) {
          report([...P, 'periods', i], `overlaps period ${other + 1} at ${day} ${String(h).padStart(2, '0')}:00`);
          return;
        }
        owner.set(slot, i);
      }
    }
  });
  if (!!ws.periods === !!ws.hourly) return;
  const values = shapeValues(toShape(w)!);
  if (values.every((v) => v === 0)) report(P, 'the weekly shape is zero in every hour');
  else if (w.dailyBasis === 'weekday' && values.slice(0, 5 * 24).every((v) => v === 0)) {
    report([...P], 'dailyBasis is "weekday" but the shape has no weekday traffic');
  }
}

function checkKind(s: ScenarioFile, report: Report): void {
  const w = s.workload;
  if (s.kind === 'batch') {
    if (!w.batch) report(['workload'], 'a batch scenario needs workload.batch (itemsPerRun, windowStartHour, deadlineHour)');
    const interactiveKeys = ['dailyActiveUsers', 'requestsPerUserPerDay', 'requestsPerDay', 'requestsPerMonth', 'meanRequestsPerSecond', 'peakConcurrentUsers', 'peakRequestsPerSecond', 'weeklyShape'] as const;
    for (const k of interactiveKeys) if (w[k] !== undefined) report(['workload', k], `not used by a batch scenario: its traffic is workload.batch, sized for the deadline`);
  } else {
    checkVolume(s, report);
    checkShape(w, report);
    if (w.batch) report(['workload', 'batch'], `only a batch scenario has workload.batch (kind is ${s.kind})`);
  }
  if (s.kind === 'embedding') {
    if (!w.embedding) report(['workload'], 'an embedding scenario needs workload.embedding (corpusDocuments, tokensPerDocument, corpusPassHours)');
    if (w.outputTokensMean !== 0) report(['workload', 'outputTokensMean'], 'embeddings generate no tokens: must be 0');
  } else if (w.embedding) report(['workload', 'embedding'], `only an embedding scenario has workload.embedding (kind is ${s.kind})`);
  const b = w.batch;
  if (b) {
    if (b.windowStartHour > 23) report(['workload', 'batch', 'windowStartHour'], 'must be 0–23');
    if (b.windowStartHour === b.deadlineHour) report(['workload', 'batch', 'deadlineHour'], 'equals windowStartHour', 'a 24-hour window is windowStartHour: 0, deadlineHour: 24');
  }
}

function checkRules(s: ScenarioFile, opts: LoadScenarioOptions, report: Report): void {
  if (!s.models && !s.qualityTier) report([], 'no models', 'give models (catalog ids, e.g. [llama-3.1-8b]) or qualityTier (small, medium, large)');
  if (s.models && s.qualityTier) report(['qualityTier'], 'give models or qualityTier, not both');
  checkIds(s.models ?? [], opts.knownModelIds, ['models'], 'model', report);
  checkIds(s.constraints.allowedGpus, opts.knownGpuIds, ['constraints', 'allowedGpus'], 'GPU', report);
  if (opts.knownRegionIds) {
    const known = [...JURISDICTION_NAMES, 'global', ...opts.knownRegionIds];
    s.constraints.regions.forEach((r, i) => {
      if (!known.some((k) => k.toLowerCase() === r.toLowerCase())) {
        const j = jurisdictionOf(r);
        // Suggest a region of the same jurisdiction first (eu-central-1 → europe-central-1, not us-central1).
        const near = j ? didYouMean(r, known.filter((k) => jurisdictionOf(k) === j)) : didYouMean(r, known);
        report(['constraints', 'regions', i], `unknown region "${r}": no catalog offer is there`, [near, j ? `or write the jurisdiction "${j}"` : `use a region id from \`llmplan catalog offers\` or a jurisdiction (${JURISDICTION_NAMES.join(', ')})`].filter(Boolean).join('; '));
      }
    });
  }
  checkKeys(Object.keys(s.pricing?.gpuPurchaseUsd ?? {}), opts.knownGpuIds, ['pricing', 'gpuPurchaseUsd'], 'GPU', report);
  checkKeys(Object.keys(s.pricing?.ownedGpus ?? {}), opts.knownGpuIds, ['pricing', 'ownedGpus'], 'GPU', report);
  checkKeys(Object.keys(s.pricing?.cloudDiscounts ?? {}), CLOUD_PROVIDERS, ['pricing', 'cloudDiscounts'], 'cloud provider', report);
  checkKeys(Object.keys(s.pricing?.apiDiscounts ?? {}), GENAI_PROVIDER_IDS, ['pricing', 'apiDiscounts'], 'API provider', report);
  if (!validTimezone(s.timezone)) {
    report(['timezone'], `unknown time zone ${echo(s.timezone)}`, didYouMean(s.timezone, [...Intl.supportedValuesOf('timeZone'), 'UTC']) ?? 'an IANA name such as Europe/Berlin or UTC');
  }
  checkKind(s, report);
  const w = s.workload;
  for (const io of ['input', 'output'] as const) {
    const mean = w[`${io}TokensMean`];
    const p50 = w[`${io}TokensP50`];
    const p95 = w[`${io}TokensP95`];
    if (p95 !== undefined && p95 < mean) report(['workload', `${io}TokensP95`], `must be ≥ ${io}TokensMean (${mean}); got ${p95}`);
    if (p50 !== undefined && p95 !== undefined && p50 > p95) report(['workload', `${io}TokensP50`], `must be ≤ ${io}TokensP95 (${p95}); got ${p50}`);
  }
  if (w.systemPromptTokens > w.inputTokensMean) {
    report(['workload', 'systemPromptTokens'], `is part of the input, so must be ≤ inputTokensMean (${w.inputTokensMean}); got ${w.systemPromptTokens}`);
  }
  const a = s.targets.availability;
  if (a !== undefined && !(a > 0 && a < 1)) {
    report(['targets', 'availability'], `must be between 0 and 1 (exclusive); got ${a}`, a > 1 && a <= 100 ? `write ${fmt(a / 100)} (or "${a}%") for ${a}%` : undefined);
  }
  const t = s.targets;
  if (t.e2eP95Seconds !== undefined && t.ttftP95Seconds !== undefined && t.e2eP95Seconds < t.ttftP95Seconds) {
    report(['targets', 'e2eP95Seconds'], `must be ≥ ttftP95Seconds (${t.ttftP95Seconds}); got ${t.e2eP95Seconds}`);
  }
  const growth = growthProblem(s.horizon.monthlyGrowthRate, s.horizon.months);
  if (growth) report(['horizon', 'monthlyGrowthRate'], growth);
}

/** The busiest rate a workload reaches, however it is written, within LIMITS.requestsPerSecond. */
function checkRate(rate: number, path: Path, what: string, report: Report): void {
  if (rate > LIMITS.requestsPerSecond.max) {
    report(path, `${what} is ${fmt(rate)} requests/s; it must be ${limitText('requestsPerSecond')}`);
  }
}

function traffic(s: ScenarioFile, days: Day[]): TrafficDescription {
  const w = s.workload;
  if (s.kind === 'batch' && w.batch) {
    return { kind: 'batch', itemsPerRun: w.batch.itemsPerRun, windowStartHour: w.batch.windowStartHour, deadlineHour: w.batch.deadlineHour, days };
  }
  return {
    kind: 'interactive',
    volume: toVolume(w),
    shape: toShape(w),
    thinkTimeSeconds: w.thinkTimeSeconds ?? null,
    responseSeconds: w.responseSeconds,
    responseCacheHitRate: w.responseCacheHitRate,
  };
}

function resolve(s: ScenarioFile, file: string, opts: LoadScenarioOptions, report: Report): Scenario | null {
  const w = s.workload;
  const batchDays = w.batch ? expandDays(w.batch.days) : [];
  let hourly: number[];
  try {
    hourly = hourlyArrivalRates(traffic(s, batchDays));
  } catch (e) {
    report(['workload'], `cannot turn the workload into traffic: ${(e as Error).message}`);
    return null;
  }
  const busiestHour = Math.max(...hourly);
  const miss = 1 - w.responseCacheHitRate;
  let peak = busiestHour;
  if (w.peakRequestsPerSecond !== undefined) peak = w.peakRequestsPerSecond * miss;
  if (w.peakConcurrentUsers !== undefined && w.thinkTimeSeconds !== undefined) {
    peak = requestsPerSecondFromUsers(w.peakConcurrentUsers, w.thinkTimeSeconds, w.responseSeconds) * miss;
  }
  if (peak < busiestHour * (1 - 1e-9)) {
    const key = w.peakConcurrentUsers !== undefined ? 'peakConcurrentUsers' : 'peakRequestsPerSecond';
    report(['workload', key], `the peak (${fmt(peak)} requests/s) is below the busiest hour's mean (${fmt(busiestHour)} requests/s)`, 'a peak is at least the mean of the hour it falls in; raise the peak or lower the volume');
    return null;
  }
  const stated = w.peakConcurrentUsers !== undefined ? 'peakConcurrentUsers' : w.peakRequestsPerSecond !== undefined ? 'peakRequestsPerSecond' : null;
  checkRate(peak, stated ? ['workload', stated] : ['workload'], stated ? 'the peak' : 'the busiest hour', report);
  if (w.batch) checkRate(batchRequestsPerSecond(w.batch), ['workload', 'batch', 'itemsPerRun'], 'the rate that meets the deadline', report);
  const requestsPerMonth = monthlyRequests(hourly);
  const models = s.models ?? tierModels(s, opts);
  return {
    schemaVersion: 1,
    file,
    name: s.name ?? (file.split(/[\\/]/).pop() ?? file).replace(/\.ya?ml$/i, ''),
    description: s.description,
    kind: s.kind,
    models,
    qualityTier: s.qualityTier ?? null,
    api: s.api,
    timezone: s.timezone,
    workload: {
      hourlyRequestsPerSecond: hourly,
      peakRequestsPerSecond: peak,
      meanRequestsPerSecond: weeklyRequests(hourly) / (HOURS_PER_WEEK * SECONDS_PER_HOUR),
      requestsPerWeek: weeklyRequests(hourly),
      requestsPerMonth,
      inputTokensMean: w.inputTokensMean,
      outputTokensMean: w.outputTokensMean,
      inputTokensP50: w.inputTokensP50 ?? null,
      inputTokensP95: w.inputTokensP95 ?? null,
      outputTokensP50: w.outputTokensP50 ?? null,
      outputTokensP95: w.outputTokensP95 ?? null,
      systemPromptTokens: w.systemPromptTokens,
      prefixCacheHitRate: w.prefixCacheHitRate,
      responseCacheHitRate: w.responseCacheHitRate,
      inputTokensPerMonth: requestsPerMonth * w.inputTokensMean,
      outputTokensPerMonth: requestsPerMonth * w.outputTokensMean,
      batch: w.batch
        ? {
            itemsPerRun: w.batch.itemsPerRun,
            windowStartHour: w.batch.windowStartHour,
            deadlineHour: w.batch.deadlineHour,
            windowSeconds: hoursOfPeriod(w.batch.windowStartHour, w.batch.deadlineHour).length * SECONDS_PER_HOUR,
            days: batchDays,
            runsPerWeek: batchDays.length,
            requiredRequestsPerSecond: batchRequestsPerSecond(w.batch),
          }
        : null,
      embedding: w.embedding
        ? {
            ...w.embedding,
            corpusTokens: w.embedding.corpusDocuments * w.embedding.tokensPerDocument,
            corpusPassTokensPerSecond: (w.embedding.corpusDocuments * w.embedding.tokensPerDocument) / (w.embedding.corpusPassHours * SECONDS_PER_HOUR),
          }
        : null,
    },
    targets: {
      ttftP95Seconds: s.targets.ttftP95Seconds ?? null,
      tpotP95Seconds: s.targets.tpotP95Seconds ?? null,
      e2eP95Seconds: s.targets.e2eP95Seconds ?? null,
      availability: s.targets.availability ?? null,
    },
    constraints: s.constraints,
    budget: { monthlyUsd: s.budget.monthlyUsd ?? null, capitalUsd: s.budget.capitalUsd ?? null },
    horizon: s.horizon,
    pricing: {
      electricityUsdPerKWh: s.pricing?.electricityUsdPerKWh ?? null,
      pue: s.pricing?.pue ?? null,
      facility: s.pricing?.facility ?? null,
      coloUsdPerKwMonth: s.pricing?.coloUsdPerKwMonth ?? null,
      staffUsdPerGpuYear: s.pricing?.staffUsdPerGpuYear ?? null,
      gpuPurchaseUsd: s.pricing?.gpuPurchaseUsd ?? {},
      ownedGpus: s.pricing?.ownedGpus ?? {},
      cloudDiscounts: s.pricing?.cloudDiscounts ?? {},
      apiDiscounts: s.pricing?.apiDiscounts ?? {},
    },
  };
}

function tierModels(s: ScenarioFile, opts: LoadScenarioOptions): string[] {
  const list = TIER_MODELS[s.kind === 'embedding' ? 'embed' : 'generate'][s.qualityTier!];
  return opts.knownModelIds ? list.filter((id) => opts.knownModelIds!.includes(id)) : [...list];
}

function fmt(x: number): string {
  return Number(x.toPrecision(6)).toString();
}

/** Problems in file order, as an editor lists them. */
function fail(problems: InputProblem[]): InputError {
  return new InputError([...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0)));
}
