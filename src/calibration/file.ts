// The calibration file: efficiencies per engine, the rows they were fitted on, and the error bands measured
// out of sample. Shipped as calibration/perf.json; `llmplan calibrate --fit` writes a user's own.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../catalog/load.ts';
import type { EfficiencyTable } from '../core/perf/calibration.ts';
import { InputError } from '../errors.ts';

const efficiency = z.strictObject({
  mfu: z.number().gt(0).lte(1),
  mbu: z.number().gt(0).lte(1),
  stepOverheadSeconds: z.number().min(0),
  allReduceLatencySeconds: z.number().min(0),
  requestOverheadSeconds: z.number().min(0),
  kvMbu: z.number().gt(0).lte(1),
  moeMfuFactor: z.number().gt(0).lte(1),
  sequenceOverheadSeconds: z.number().min(0),
  linkEfficiency: z.number().gt(0).lte(1),
});

const band = z.strictObject({ n: z.number().int().min(0), medianApe: z.number().min(0), logRatioP10: z.number(), logRatioP90: z.number() });

export const calibrationFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  fittedOn: z.string(),
  dataFile: z.string(),
  rowsUsed: z.number().int().min(0),
  sources: z.array(z.string()),
  efficiency: z.strictObject({ vllm: efficiency, sglang: efficiency, trtllm: efficiency }),
  /** GPU × engine pairs with fitted rows: a prediction there is "calibrated", elsewhere "extrapolated". */
  coverage: z.array(z.strictObject({ gpu: z.string(), engine: z.string(), rows: z.number().int() })),
  /** Out-of-sample error bands by metric group (throughput, tpot, ttft, e2e). */
  bands: z.record(z.string(), band),
  bandsMethod: z.string(),
});
export type CalibrationFile = z.infer<typeof calibrationFileSchema>;

export const SHIPPED_CALIBRATION = join(PACKAGE_ROOT, 'calibration', 'perf.json');

export function readCalibration(path: string = SHIPPED_CALIBRATION): CalibrationFile {
  if (!existsSync(path)) throw new InputError([{ file: path, message: 'calibration file not found', hint: 'run `llmplan calibrate --data <csv> --fit --out <file>`' }]);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError([{ file: path, message: `not valid JSON: ${(e as Error).message}` }]);
  }
  const r = calibrationFileSchema.safeParse(raw);
  if (!r.success) throw new InputError(r.error.issues.map((i) => ({ file: path, path: i.path.join('.'), message: i.message })));
  return r.data;
}

export function efficiencyTable(c: CalibrationFile): EfficiencyTable {
  return c.efficiency;
}
