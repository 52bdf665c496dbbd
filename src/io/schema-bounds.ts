// The limits of core/bounds.ts as zod pieces, so a schema states a field's limit where it declares the field and the
// error names the limit and its reason: "must be at most 10,485,760 tokens (the longest context window …)". Messages
// are made when an error happens: the first toLocaleString loads ICU data (~12 ms of every start).
import { z } from 'zod';
import { LIMITS, formatLimit, limitText, type LimitName } from '../core/bounds.ts';
import { hasControl } from '../errors.ts';

type RangeLimit = { [K in LimitName]: (typeof LIMITS)[K] extends { min: number } ? K : never }[LimitName];

export function rangeMessage(name: LimitName, got: unknown): string {
  const l = LIMITS[name] as { min?: number; max: number; unit: string; why: string };
  const range = l.min === undefined ? `at most ${formatLimit(l.max)}` : `between ${formatLimit(l.min)} and ${formatLimit(l.max)}`;
  return `must be ${range} ${l.unit} (${l.why}); got ${String(got)}`;
}

/** A number at most the limit (and not below `min`, default: no lower bound here). */
export const atMost = (name: LimitName, n: z.ZodNumber = z.number()) => n.max(LIMITS[name].max, { error: (i) => rangeMessage(name, i.input) });

/** A whole number from `min` (default 1) to the limit: layer counts, sizes, experts, tokens. */
export const count = (name: LimitName, min = 1) => atMost(name, z.number().int().min(min));

/** A number inside a physical range with a lower bound of its own (bandwidth, TFLOPS, watts). */
export const inRange = (name: RangeLimit) => atMost(name, z.number().min(LIMITS[name].min, { error: (i) => rangeMessage(name, i.input) }));

/** Text a person wrote: no control characters but line breaks and tabs, at most LIMITS.textChars. */
export const text = z
  .string()
  .max(LIMITS.textChars.max, { error: () => `must be ${limitText('textChars')}` })
  .refine((v) => !hasControl(v.replace(/[\n\t]/g, '')), 'control characters are not allowed');

/** An id, name or label: one line, no control characters, at most LIMITS.idChars. */
export const label = z
  .string()
  .max(LIMITS.idChars.max, { error: () => `must be ${limitText('idChars')}` })
  .refine((v) => !hasControl(v), 'control characters are not allowed');

/** A list of at most the limit's items. */
export const list = <T extends z.ZodType>(item: T, name: LimitName) =>
  z.array(item).max(LIMITS[name].max, { error: (i) => `has ${Array.isArray(i.input) ? i.input.length : '?'} items; ${limitText(name)}` });

export type { RangeLimit };
