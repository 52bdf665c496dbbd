// `--as-of YYYY-MM-DD`: the day prices are selected for and ages counted to (default: today, UTC).
import { InputError } from '../errors.ts';

export function parseAsOf(v: string | undefined, flag = '--as-of'): string {
  if (v === undefined) return new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
    throw new InputError([{ path: flag, message: `expected a calendar date YYYY-MM-DD (got "${v}")` }]);
  }
  return v;
}
