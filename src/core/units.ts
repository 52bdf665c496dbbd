// Base units inside llmplan: bytes, seconds, USD, tokens, FLOP/s. Conversions live here and at the edges only.

/** 2^30 bytes. vLLM and SGLang print "GB" but compute with 2^30 (see calibration/README.md, memory-facts). */
export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;
/** Decimal gigabyte, as datasheets print memory bandwidth ("3.35 TB/s") and checkpoint sizes. */
export const GB = 1e9;
export const TB = 1e12;
/** 10^12 operations per second: datasheet TFLOPS / TOPS. */
export const TERA = 1e12;

/**
 * Hours in a billing month: 730 = 8,760 h / 12, the convention of AWS, GCP, Azure price pages and infracost's
 * HourToMonthUnitMultiplier. Never mathjs' `month` (1/12 Julian year = 730.5 h).
 */
export const HOURS_PER_MONTH = 730;
export const HOURS_PER_WEEK = 168;
export const SECONDS_PER_HOUR = 3600;
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

export const TOKENS_PER_MTOK = 1e6;

export function bytesToGiB(bytes: number): number {
  return bytes / GiB;
}

export class NonFiniteError extends Error {
  constructor(name: string, value: unknown) {
    super(`${name} is not a finite number (got ${String(value)})`);
    this.name = 'NonFiniteError';
  }
}

/** Guard at core boundaries: NaN or Infinity is a bug, never an answer. */
export function assertFinite(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new NonFiniteError(name, value);
  return value;
}

export function ceilDiv(a: number, b: number): number {
  return Math.ceil(a / b);
}

/**
 * A whole number with its thousands grouped as en-US writes them (1,234,567), by hand: the first Intl number format
 * loads ICU, ~8 ms of a `recommend`. Past 1e21 (where String() switches to exponents) Intl writes it.
 */
export function groupedInteger(n: number): string {
  // Math.round(-0.3) is -0, which toLocaleString prints as "-0".
  const r = Math.round(n);
  if (r === 0) return '0';
  if (!(Math.abs(r) < 1e21)) return r.toLocaleString('en-US');
  return `${r < 0 ? '-' : ''}${groupDigits(String(Math.abs(r)))}`;
}

/** "1234567.89" → "1,234,567.89": commas in the integer part of a plain (not exponent) decimal string. */
export function groupDigits(plain: string): string {
  const dot = plain.indexOf('.');
  const int = dot < 0 ? plain : plain.slice(0, dot);
  return int.replace(/\B(?=(\d{3})+$)/g, ',') + (dot < 0 ? '' : plain.slice(dot));
}
