// The calibration a command predicts with: the shipped calibration/perf.json, or the user's `--calibration` file.
import { resolve } from 'node:path';
import { readCalibration, type CalibrationFile } from '../calibration/file.ts';
import type { RunContext } from './context.ts';

export function loadCalibrationFor(path: string | undefined, ctx: RunContext): CalibrationFile {
  return path === undefined ? readCalibration() : readCalibration(resolve(ctx.cwd, path), path);
}
