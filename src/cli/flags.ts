// Flag parsers: the form and the limit (core/bounds.ts) of each value, checked before any work, and the one filter
// commander's own error messages pass through.
import { InvalidArgumentError } from 'commander';
import { LIMITS, MAX_ECHO_CHARS, limitText, type LimitName } from '../core/bounds.ts';
import { echo, escapeControl } from '../errors.ts';

function withinLimit(name: string, n: number, v: string, limit: LimitName | undefined): number {
  if (limit && n > LIMITS[limit].max) throw new InvalidArgumentError(`${name} must be ${limitText(limit)} (got ${echo(v)})`);
  return n;
}

export function positiveInt(name: string, limit?: LimitName) {
  return (v: string): number => {
    const n = Number(v.replace(/_/g, ''));
    if (!/^\s*[0-9][0-9_]*\s*$/.test(v) || !Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive whole number (got ${echo(v)})`);
    return withinLimit(name, n, v, limit);
  };
}

/**
 * A token count: a whole number (8192, 8_192) or with the k/M suffix context lengths are quoted in, binary as in
 * the configs (32k = 32,768; 128k = 131,072; 1M = 1,048,576: Llama 4 Scout's 10M is max_position_embeddings 10,485,760).
 */
export function tokenCount(name: string, limit: LimitName = 'tokensPerRequest') {
  const whole = positiveInt(name, limit);
  return (v: string): number => {
    const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([kKmM])\s*$/.exec(v);
    if (!m) {
      try {
        return whole(v);
      } catch (e) {
        if (/^\s*[0-9][0-9_]*\s*$/.test(v)) throw e;
        throw new InvalidArgumentError(`${name} must be a positive whole number of tokens, or with k/M (32k = 32,768; got ${echo(v)})`);
      }
    }
    const n = Number(m[1]) * (m[2]!.toLowerCase() === 'k' ? 1024 : 1024 * 1024);
    if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} must come to a positive whole number of tokens (got ${echo(v)} = ${n})`);
    return withinLimit(name, n, v, limit);
  };
}

/** `--disagg xP:yD`: prefill and decode instances, each a positive whole number ("1:3"). */
export function disaggPools(name: string) {
  const count = positiveInt(name, 'disaggInstances');
  return (v: string): { prefillInstances: number; decodeInstances: number } => {
    const m = /^\s*([^:]+):([^:]+)\s*$/.exec(v);
    if (!m) throw new InvalidArgumentError(`${name} must be prefill:decode instances, two positive whole numbers such as 1:3 (got ${echo(v)})`);
    return { prefillInstances: count(m[1]!), decodeInstances: count(m[2]!) };
  };
}

export function positiveNumber(name: string, limit?: LimitName) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number (got ${echo(v)})`);
    return withinLimit(name, n, v, limit);
  };
}

export function nonNegativeNumber(name: string, limit?: LimitName) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number ≥ 0 (got ${echo(v)})`);
    return withinLimit(name, n, v, limit);
  };
}

export function fraction(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1) throw new InvalidArgumentError(`${name} must be a number in (0, 1] (got ${echo(v)})`);
    return n;
  };
}

/** A catalog id, alias or region as typed: at most LIMITS.idChars characters (a 100,000-character id took 11 s). */
export function idArg(name: string) {
  return (v: string): string => {
    if (v.length > LIMITS.idChars.max) throw new InvalidArgumentError(`${name} must be ${limitText('idChars')} (got ${echo(v)})`);
    return v;
  };
}

/** The same, repeatable: every value kept, comma-separated lists split when `split`. */
export function idList(name: string, split = false) {
  const one = idArg(name);
  return (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), ...(split ? v.split(',').map((x) => x.trim()).filter(Boolean) : [v]).map(one)];
}

/**
 * Commander's own messages quote the argument as typed (`argument '…' is invalid`): escape control characters and
 * cut a long quoted argument as `echo` does, so an escape sequence or a megabyte of input never reaches the terminal.
 */
export function sanitizeCommanderMessage(str: string): string {
  const tail = str.endsWith('\n') ? '\n' : '';
  const body = tail ? str.slice(0, -1) : str;
  return (
    body
      .split('\n')
      .map((line) => escapeControl(line).replace(new RegExp(`'([^']{${MAX_ECHO_CHARS + 1},})'`, 'g'), (_m, arg: string) => `'${arg.slice(0, MAX_ECHO_CHARS)}…' (${arg.length.toLocaleString('en-US')} characters)`))
      .join('\n') + tail
  );
}
