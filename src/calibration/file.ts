// The calibration file: efficiencies per engine, the rows they were fitted on, and the error bands measured
// out of sample. Shipped as calibration/perf.json; `llmplan calibrate --fit` writes a user's own.
import { join } from 'node:path';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../catalog/load.ts';
import type { EfficiencyTable } from '../core/perf/calibration.ts';
import { LIMITS } from '../core/bounds.ts';
import { InputError } from '../errors.ts';
import { atMost, inRange, label, text } from '../io/schema-bounds.ts';
import { readInputFile } from '../io/read.ts';

// Efficiencies are at least LIMITS.efficiency.min, overheads at most LIMITS.seconds and error ratios at most
// e^LIMITS.logErrorRatio: a hand-edited file cannot turn a latency into Infinity.
const seconds = atMost('seconds', z.number().min(0));
const fraction = inRange('efficiency');
const efficiency = z.strictObject({
  mfu: fraction,
  mbu: fraction,
  stepOverheadSeconds: seconds,
  allReduceLatencySeconds: seconds,
  requestOverheadSeconds: seconds,
  runtimeRequestOverheadSeconds: seconds,
  kvMbu: fraction,
  moeMfuFactor: fraction,
  linkEfficiency: fraction,
});

export const CALIBRATION_SCHEMA_VERSION = 3;

/** Why a file of an older schema cannot be read, by its version. */
const OLD_SCHEMAS: Record<string, string> = {
  '1': 'schema 1, written before the model dropped its per-sequence step cost',
  '2': 'schema 2, written before the per-request cost of an API server and of the runtime without one were fitted apart',
};

const logRatio = atMost('logErrorRatio', z.number().min(-LIMITS.logErrorRatio.max));
const band = z.strictObject({ n: z.number().int().min(0), medianApe: z.number().min(0).max(Math.exp(LIMITS.logErrorRatio.max)), logRatioP10: logRatio, logRatioP90: logRatio });

export const calibrationFileSchema = z.strictObject({
  // Schema 2 (2026-12-01) dropped schema 1's fitted per-sequence step cost; schema 3 (2026-12-01) added the per-request
  // cost without an API server (docs/accuracy.md says why).
  schemaVersion: z.literal(CALIBRATION_SCHEMA_VERSION, { error: (i) => (OLD_SCHEMAS[String(i.input)] ? `${OLD_SCHEMAS[String(i.input)]}: re-run \`llmplan calibrate --data <csv> --fit --out <file>\`` : `expected ${CALIBRATION_SCHEMA_VERSION}`) }),
  fittedOn: label,
  dataFile: text,
  rowsUsed: z.number().int().min(0),
  sources: z.array(text),
  efficiency: z.strictObject({ vllm: efficiency, sglang: efficiency, trtllm: efficiency }),
  /** GPU × engine pairs with fitted rows: a prediction there is "calibrated", elsewhere "extrapolated". */
  coverage: z.array(z.strictObject({ gpu: label, engine: label, rows: z.number().int() })),
  /** Out-of-sample error bands by metric group (throughput, tpot, ttft, e2e). */
  bands: z.record(label, band),
  bandsMethod: text,
});
export type CalibrationFile = z.infer<typeof calibrationFileSchema>;

export const SHIPPED_CALIBRATION = join(PACKAGE_ROOT, 'calibration', 'perf.json');

export function readCalibration(path: string = SHIPPED_CALIBRATION, shown: string = path): CalibrationFile {
  let text: string;
  try {
    text = readInputFile(path, 'calibrationBytes', shown);
  } catch (e) {
    if (e instanceof InputError && e.problems[0]?.message === 'file not found') {
      throw new InputError([{ file: shown, message: 'calibration file not found', hint: 'run `llmplan calibrate --data <csv> --fit --out <file>`' }]);
    }
    throw e;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError([{ file: shown, message: `not valid JSON: ${(e as Error).message}` }]);
  }
  const r = calibrationFileSchema.safeParse(raw);
  if (!r.success) throw new InputError(r.error.issues.map((i) => ({ file: shown, path: i.path.join('.'), message: i.message })));
  return r.data;
}

export function efficiencyTable(c: CalibrationFile): EfficiencyTable {
  return c.efficiency;
}
