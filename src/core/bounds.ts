// What llmplan accepts, in one place: every limit on an input value, file or string, with the reason it is where it
// is. The parsers enforce them where a value is read (scenario and catalog schemas, flag parsers, the file reader)
// and say which limit was hit; docs/limits.md is generated from this table. Two promises rest on them: no value
// inside the limits makes a number overflow to Infinity, and no command's work grows past a few seconds with them
// (the loops that depend on input values are bounded by construction in core, see docs/limits.md).

export interface Limit {
  /** Smallest accepted value, when there is one beyond "positive". */
  readonly min?: number;
  readonly max: number;
  readonly unit: string;
  readonly why: string;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/** Requests per second: the one traffic limit; per-day, per-month and per-run volumes are derived from it. */
const MAX_REQUESTS_PER_SECOND = 1_000_000;

export const LIMITS = {
  // Traffic and lengths (scenario fields and the flags that mean the same).
  tokensPerRequest: { max: 10_485_760, unit: 'tokens', why: 'the longest context window of any catalog model (Llama 4 Scout); no prompt or answer is longer' },
  requestsPerSecond: { max: MAX_REQUESTS_PER_SECOND, unit: 'requests/s', why: '10× Google Search worldwide (~100,000 queries/s); peak, mean, per-day, per-month and per-run volumes are held to the same rate' },
  requestsPerDay: { max: MAX_REQUESTS_PER_SECOND * 86_400, unit: 'requests/day', why: 'the request-rate limit over a day' },
  requestsPerMonth: { max: MAX_REQUESTS_PER_SECOND * 730 * 3_600, unit: 'requests/month', why: 'the request-rate limit over a 730-hour month' },
  users: { max: 10_000_000_000, unit: 'users', why: 'more than the people on Earth (8.2 billion)' },
  requestsPerUserPerDay: { max: 86_400, unit: 'requests', why: 'one request a second, all day' },
  seconds: { max: 604_800, unit: 's', why: 'a week: think times, response times and latency targets are seconds to hours' },
  corpusDocuments: { max: 100_000_000_000, unit: 'documents', why: 'twice the indexed web (~50 billion pages)' },
  corpusPassHours: { max: 87_600, unit: 'h', why: 'ten years, the longest horizon' },
  usd: { max: 1e15, unit: 'USD', why: '10× world GDP in a year; budgets above it are typing errors' },
  // Time.
  horizonMonths: { max: 120, unit: 'months', why: 'ten years: past that, no price or GPU in the catalogs means anything' },
  monthlyGrowthRate: { max: 10, unit: '×/month', why: '+1,000% a month' },
  growthOverHorizon: { max: 1_000_000, unit: '×', why: 'traffic a million times the first month\'s within the horizon: past that a fleet size is fiction (11× a month for 120 months would be 10^124)' },
  priceAgeDays: { max: 36_500, unit: 'days', why: 'a century' },
  // Deployment flags.
  tensorParallel: { max: 64, unit: 'GPUs', why: 'the largest NVLink domain sold (72 GPUs, GB200 NVL72), to a power of two' },
  expertParallel: { max: 512, unit: 'GPUs', why: 'one routed expert a GPU for the catalog model with the most experts (512)' },
  disaggInstances: { max: 1_024, unit: 'instances', why: 'a pool of 1,024 instances of the largest TP is 65,536 GPUs, past the largest single deployments' },
  concurrency: { max: 1_000_000, unit: 'requests', why: 'the request-rate limit for a one-second response' },
  runRequests: { max: 1_000_000_000, unit: 'requests', why: 'a benchmark run of 1,000 requests/s for 11 days; the run model costs a few dozen steps whatever the number' },
  top: { max: 100, unit: 'candidates', why: 'a list a person reads' },
  // Lists and strings in a scenario.
  modelsPerScenario: { max: 8, unit: 'models', why: 'plan, tco and recommend size and price every model on every GPU for every month: 8 models × 24 GPUs × 120 growing months take ~5 s on 2 cores; compare more in several scenarios' },
  catalogGpus: { max: 64, unit: 'GPUs', why: 'the bundled catalog has 27 and every plan covers each GPU; more make plan, tco and recommend slower in proportion' },
  catalogModels: { max: 512, unit: 'models', why: 'the bundled catalog has 62' },
  listItems: { max: 64, unit: 'items', why: 'API models, regions and allowed GPUs: more than any catalog holds of each that a scenario could pick from' },
  weeklyPeriods: { max: 168, unit: 'periods', why: 'one per hour of the week' },
  idChars: { max: 128, unit: 'characters', why: 'catalog ids are under 30 characters and Hugging Face repo ids under 100' },
  textChars: { max: 10_000, unit: 'characters', why: 'names, descriptions, notes and sources are sentences, not documents (the longest catalog note has 1,486)' },
  // Expressions in a scenario.
  expressionChars: { max: 1_000, unit: 'characters', why: 'the longest shipped expression has 86; a formula longer than a paragraph is a program' },
  expressionDepth: { max: 16, unit: 'levels', why: 'parentheses nested deeper than a person can check (the parser recurses per level)' },
  expressionNodes: { max: 200, unit: 'terms', why: 'numbers, names and operators in one expression; a 5,000-term sum overflowed the evaluator\'s stack' },
  // Files. Sizes are counted while reading (a device reports size 0 and never ends).
  scenarioBytes: { max: 256 * KiB, unit: 'bytes', why: 'the shipped scenarios are 2-5 KB' },
  catalogBytes: { max: 1 * MiB, unit: 'bytes', why: 'the largest bundled catalog is 131 KB; YAML parses at about 1 MB/s' },
  calibrationBytes: { max: 1 * MiB, unit: 'bytes', why: 'the shipped calibration is 5 KB' },
  csvBytes: { max: 4 * MiB, unit: 'bytes', why: 'the shipped measurement CSV is 134 KB (265 rows)' },
  efficiency: { min: 0.001, max: 1, unit: 'of the peak', why: 'fitted efficiencies are 0.05-0.92; below 0.1% a step takes 1,000× its roofline and sums of steps overflow' },
  logErrorRatio: { max: 100, unit: '(natural log)', why: 'a band of e^100 is far past any calibration, and applied to any prediction it stays finite' },
  measuredValue: { min: 1e-6, max: 1e12, unit: 'per row', why: 'published tokens/s, requests/s and milliseconds lie between 10^-3 and 10^8; a ratio needs a positive value' },
  csvRows: { max: 2_000, unit: 'rows', why: '7× the shipped measurements; 2,000 rows are predicted and tabled in ~1.6 s (5,000 took 6 s)' },
  fitRows: { max: 300, unit: 'rows', why: 'a fit evaluates every row ~4,000 times per fold: the shipped 214 rows and 7 sources take ~8 s, 300 rows ~10 s' },
  fitFolds: { max: 8, unit: 'folds', why: 'sources beyond 8 are held out in 8 groups: each fold is a whole fit' },
  yamlNodes: { max: 50_000, unit: 'nodes', why: 'the largest bundled catalog has 5,208 keys and values; validation work grows with them' },
  yamlDepth: { max: 64, unit: 'levels', why: 'the deepest bundled file nests 12 levels' },
  // Catalog physics: the lower bounds keep every division, root and loop finite; the upper ones keep products finite.
  catalogNumber: { min: 1e-6, max: 1e15, unit: '(any catalog number but 0)', why: 'prices, watts, bytes and ratios in the catalogs lie between 0.005 and 10^12; a product or quotient of a few such stays finite' },
  depreciationYears: { min: 0.25, max: 50, unit: 'years', why: 'hardware is written off over 3-7 years; every month\'s charge divides by it' },
  gpuMemoryGB: { min: 1, max: 1_000_000, unit: 'GB', why: 'the smallest catalog GPU has 16 GB; 1 GB keeps a typo in bytes from passing as gigabytes' },
  gpuMemoryBytes: { min: 2 ** 30, max: 1e15, unit: 'bytes', why: 'the same range as memory in GB' },
  memoryBandwidthGBps: { min: 10, max: 1_000_000, unit: 'GB/s', why: 'the slowest catalog GPU streams 300 GB/s; a decode step divides by it' },
  tensorTflops: { min: 0.1, max: 1_000_000, unit: 'TFLOPS', why: 'the slowest catalog peak is 65 TFLOPS; every step divides by it (unknown is null, never 0)' },
  tdpWatts: { min: 10, max: 100_000, unit: 'W', why: 'the smallest catalog TDP is 70 W; power and colocation cost scale with it' },
  linkGBps: { min: 1, max: 1_000_000, unit: 'GB/s', why: 'PCIe 3.0 x1 carries 2 GB/s; an all-reduce divides by it' },
  linkDomain: { max: 1_024, unit: 'GPUs', why: 'the largest NVLink domain announced has 576 GPUs' },
  modelParameters: { min: 1_000_000, max: 1e14, unit: 'parameters', why: 'the smallest catalog model has 335M; 1M keeps a typo in billions from passing' },
  checkpointBytes: { min: 1_000_000, max: 1e15, unit: 'bytes', why: 'the weights of at least 1M parameters' },
  architectureSize: { max: 10_000_000, unit: 'units', why: 'layers, hidden and head sizes, vocabulary and experts are at most ~300,000 in any released model' },
  positionEmbeddings: { max: 100_000_000, unit: 'tokens', why: '10× the longest context window' },
  engineTokens: { min: 16, max: 1_000_000, unit: 'tokens', why: 'a step schedules at least one KV block (16 tokens); prefill runs in chunks of this size' },
  engineSequences: { max: 100_000, unit: 'sequences', why: 'engines cap running sequences at 256-2,048 by default' },
  engineGiB: { max: 1_000, unit: 'GiB', why: 'fixed engine overheads are a few GiB' },
  bytesPerLogit: { max: 64, unit: 'bytes', why: 'a logit is 2-4 bytes; a sampler keeps a few copies' },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;

/** Problems listed for one input; the rest are counted ("… and 1,234 more"). */
export const MAX_PROBLEMS_SHOWN = 50;
/** Characters of a user's input echoed back in a message, before "…". */
export const MAX_ECHO_CHARS = 80;

/** "at most 10,485,760 tokens (the longest context window …)": the text every limit's error ends with. */
export function limitText(name: LimitName): string {
  const l: Limit = LIMITS[name];
  return `at most ${formatLimit(l.max)} ${l.unit} (${l.why})`;
}

export function formatLimit(x: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? x.toLocaleString('en-US') : String(x);
}

/** Traffic × this after `months` months of compound growth: (1 + rate)^(months − 1) at the last month. */
export function growthOverHorizon(monthlyGrowthRate: number, months: number): number {
  return (1 + monthlyGrowthRate) ** Math.max(0, months - 1);
}

/** Compound growth beyond LIMITS.growthOverHorizon, or null: the scenario's horizon, or `--horizon-months`'s. */
export function growthProblem(monthlyGrowthRate: number, months: number): string | null {
  const factor = growthOverHorizon(monthlyGrowthRate, months);
  if (factor <= LIMITS.growthOverHorizon.max) return null;
  return `+${Number((monthlyGrowthRate * 100).toPrecision(4))}% a month compounds to ${factor.toPrecision(3)}× the first month's traffic by month ${months}; growth over the horizon must be ${limitText('growthOverHorizon')}`;
}
