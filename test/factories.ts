// Test factories with defaults + overrides (STYLE.md §24). Not stand-ins for production code: the real planner
// and catalogs produce these shapes; here every number is chosen so a test can check it by hand.
import type { CapacityPlan, HourPlan } from '../src/core/capacity/types.ts';
import type { HostServerType } from '../src/core/cost/types.ts';
import type { OnpremInputs, Sourced, TcoApiPrice, TcoInput, TcoOffer, TcoScenario } from '../src/core/cost/tco.ts';
import { HOURS_PER_MONTH, HOURS_PER_WEEK } from '../src/core/units.ts';
import type { PlanInput } from '../src/core/capacity/replicas.ts';
import { readCalibration } from '../src/calibration/file.ts';
import type { Efficiency } from '../src/core/perf/step.ts';
import { engine, gpu, model } from './helpers.ts';

const src = (value: number, readOn = '2026-11-01'): Sourced => ({ value, source: 'test', readOn });

/**
 * Round efficiencies for hand-checked step times: half the matmul ceiling, 80% of DRAM bandwidth, no fixed costs,
 * experts as efficient as dense GEMMs, links at full speed.
 */
export function handEfficiency(overrides: Partial<Efficiency> = {}): Efficiency {
  return { mfu: 0.5, mbu: 0.8, stepOverheadSeconds: 0, allReduceLatencySeconds: 0, requestOverheadSeconds: 0, runtimeRequestOverheadSeconds: 0, kvMbu: 0.8, moeMfuFactor: 1, linkEfficiency: 1, ...overrides };
}

/** A 168-hour curve: `loadReplicas(h)` replicas for the load each hour, `redundancy` more, capacity 10 req/s each. */
export function curve(loadReplicas: (hourOfWeek: number) => number, redundancy = 0, capacity = 10, gpusPerReplica = 1): HourPlan[] {
  return Array.from({ length: HOURS_PER_WEEK }, (_, h) => {
    const load = loadReplicas(h);
    return {
      hourOfWeek: h,
      arrivalRequestsPerSecond: load * capacity * 0.5,
      replicasForLoad: load,
      replicas: load + redundancy,
      gpus: (load + redundancy) * gpusPerReplica,
      utilisation: 0.5,
    };
  });
}

/** Monday-Friday 09:00-17:00: hours 9..16 of days 0..4 of the week. */
export const isBusinessHour = (h: number) => h < 120 && h % 24 >= 9 && h % 24 < 17;

export function makePlan(overrides: Partial<CapacityPlan> = {}): CapacityPlan {
  const gpusPerReplica = overrides.gpusPerReplica ?? 1;
  const hourly = overrides.hourly ?? curve(() => 1, 0, overrides.replicaCapacityRequestsPerSecond ?? 10, gpusPerReplica);
  const gpuHoursPerWeek = hourly.reduce((a, h) => a + h.gpus, 0);
  const baseGpus = Math.min(...hourly.map((h) => h.gpus));
  const requestsPerMonth = hourly.reduce((a, h) => a + h.arrivalRequestsPerSecond * 3600, 0) * (HOURS_PER_MONTH / HOURS_PER_WEEK);
  return {
    modelId: 'llama-3.1-8b',
    gpuId: 'h100-sxm-80gb',
    engine: 'vllm',
    tensorParallel: gpusPerReplica,
    weightFormat: 'bf16',
    kvDtype: 'bf16',
    gpusPerReplica,
    replicaCapacityRequestsPerSecond: 10,
    replicaOutputTokensPerSecond: 2000,
    hourly,
    peakReplicas: Math.max(...hourly.map((h) => h.replicas)),
    minReplicas: Math.min(...hourly.map((h) => h.replicas)),
    redundancyReplicas: 0,
    baseGpus,
    gpuHoursPerMonth: gpuHoursPerWeek * (HOURS_PER_MONTH / HOURS_PER_WEEK),
    baseGpuHoursPerMonth: baseGpus * HOURS_PER_MONTH,
    variableGpuHoursPerMonth: (gpuHoursPerWeek - baseGpus * HOURS_PER_WEEK) * (HOURS_PER_MONTH / HOURS_PER_WEEK),
    requestsPerMonth,
    inputTokensPerMonth: requestsPerMonth * 500,
    outputTokensPerMonth: requestsPerMonth * 200,
    oneTimeGpuHours: 0,
    oneTimeNote: null,
    binding: 'throughput' as const,
    feasible: true,
    infeasibleReason: null,
    ...overrides,
  };
}

const hourly = (usdPerHour: number | null, readOn = '2026-11-01') =>
  usdPerHour === null ? { usdPerHour: null, reason: 'not published' } : { usdPerHour, source: 'test', readOn };

export function makeOffer(overrides: Partial<TcoOffer> & { od?: number | null; c1y?: number | null; c3y?: number | null; spot?: TcoOffer['spot'] } = {}): TcoOffer {
  const { od = 16, c1y = null, c3y = null, ...rest } = overrides;
  const gpuCount = rest.gpuCount ?? 8;
  return {
    id: 'test-8x-h100',
    provider: 'aws',
    instanceType: 'p-test.8x',
    gpuId: 'h100-sxm-80gb',
    gpuCount,
    region: 'us-east-1',
    minimumUnitGpus: gpuCount,
    onDemand: hourly(od),
    spot: { usdPerHour: null, reason: 'no spot market' },
    commit1y: hourly(c1y),
    commit3y: hourly(c3y),
    interruptionNote: 'spot: reclaimed with 2 minutes notice',
    ...rest,
  };
}

export function makeApiPrice(overrides: Partial<Extract<TcoApiPrice, { kind: 'price' }>> = {}): TcoApiPrice {
  return {
    kind: 'price', provider: 'anthropic', model: 'claude-test', inputUsdPerMTok: 3, outputUsdPerMTok: 15,
    cacheReadUsdPerMTok: 0.3, cacheWriteUsdPerMTok: 3.75, tiers: [], source: 'test', dataDate: '2026-11-01',
    batchMultiplier: 0.5, batchNote: 'test batch', ...overrides,
  };
}

export function makeScenario(overrides: Partial<Omit<TcoScenario, 'workload'>> & { workload?: Partial<TcoScenario['workload']> } = {}): TcoScenario {
  const { workload, ...rest } = overrides;
  return {
    name: 'test',
    kind: 'interactive',
    budget: { monthlyUsd: null, capitalUsd: null },
    horizon: { months: 12, monthlyGrowthRate: 0 },
    constraints: { onPremOnly: false, regions: [], allowedGpus: [] },
    ...rest,
    workload: {
      requestsPerMonth: 1_000_000, inputTokensPerMonth: 500e6, outputTokensPerMonth: 200e6, inputTokensMean: 500, inputTokensP95: null,
      systemPromptTokens: 0, prefixCacheHitRate: 0, ...workload,
    },
  };
}

/** An 8-GPU host server: $30,000 without GPUs, no networking, unless overridden. */
export function makeServerType(overrides: Partial<HostServerType> = {}): HostServerType {
  return { id: 'hgx-8gpu', label: '8-GPU baseboard server', gpusPerServer: 8, hostUsdPerServer: src(30_000), networkingUsdPerServer: src(0), ...overrides };
}

/** Round numbers: $20,000 a GPU, $30,000 an 8-GPU host, no networking/storage, 500 W TDP, 500 W host, PUE 1.5, $0.10/kWh. */
export function makeOnprem(overrides: Partial<OnpremInputs> = {}): OnpremInputs {
  return {
    cardUsd: { 'h100-sxm-80gb': src(20_000) },
    servers: {},
    serverTypeByGpu: { 'h100-sxm-80gb': makeServerType() },
    storageUsdPerNode: src(0),
    hostPowerWattsPerServer: src(500),
    gpuTdpWatts: { 'h100-sxm-80gb': src(500) },
    pue: src(1.5),
    usdPerKwh: src(0.1),
    colocationUsdPerKwMonth: src(200),
    depreciationYears: src(5),
    staffUsdPerGpuYear: src(1_200),
    supportFractionOfCapexPerYear: src(0.12),
    residual: [{ afterYears: 3, fraction: 0.3 }, { afterYears: 5, fraction: 0.1 }],
    residualSource: 'test',
    ...overrides,
  };
}

export function makeInput(overrides: Partial<TcoInput> = {}): TcoInput {
  return {
    scenario: makeScenario(),
    plans: [makePlan()],
    apiPrices: [],
    offers: [],
    onprem: null,
    asOf: '2026-11-23',
    maxPriceAgeDays: 180,
    facility: 'own',
    ...overrides,
  };
}

export const isBusinessHourRate = (rps: number) => Array.from({ length: HOURS_PER_WEEK }, (_, h) => (isBusinessHour(h) ? rps : 0));

/** Llama-3.1-8B bf16 on one H100 with vLLM, business hours (Mon-Fri 09-17) at 20 req/s, nothing at night or at weekends. */
export function makePlanInput(over: Partial<PlanInput> = {}): PlanInput {
  const rps = 20;
  return {
    model: model('llama-3.1-8b'),
    gpu: gpu('h100-sxm-80gb'),
    engine: engine('vllm'),
    weights: 'bf16',
    kvDtype: 'bf16',
    efficiency: readCalibration().efficiency,
    hourlyRequestsPerSecond: isBusinessHourRate(rps),
    peakRequestsPerSecond: rps,
    lengths: { inputMean: 500, outputMean: 200, inputP95: 1400, outputP95: 300 },
    targets: { ttftP95Seconds: 1, tpotP95Seconds: null, e2eP95Seconds: 5 },
    availability: 0.999,
    alwaysOn: true,
    scaleAhead: true,
    ...over,
  };
}
