// YAML → validated object, with every problem located at file:line:col (STYLE.md §7, style-anchors 2.5).
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { LIMITS, MAX_PROBLEMS_SHOWN, limitText } from '../core/bounds.ts';
import { echo, InputError, type InputProblem } from '../errors.ts';
import { didYouMean } from '../core/did-you-mean.ts';

export interface LocatedDocument {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  value: unknown;
}

/**
 * Parse text into a plain JS value, collecting every syntax problem with its position. Files are size-limited when
 * read (io/read.ts); the text limit here guards callers that parse text of their own.
 */
export function parseYamlText(text: string, file: string): LocatedDocument {
  if (text.length > LIMITS.catalogBytes.max) {
    throw new InputError([{ file, message: `is ${text.length.toLocaleString('en-US')} characters long`, hint: limitText('catalogBytes') }]);
  }
  const lineCounter = new LineCounter();
  // uniqueKeys is checked below in one pass: the parser's own check compares every key with every other (200,000
  // keys took minutes).
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: false, strict: true });
  const problems: InputProblem[] = [];
  for (const e of doc.errors) {
    const pos = e.linePos?.[0];
    // The parser recurses per level of a flow collection ([[[[…): past its stack it says "Maximum call stack size".
    const message = e.code === 'RESOURCE_EXHAUSTION' ? `nested too deeply: ${limitText('yamlDepth')}` : firstLine(e.message);
    problems.push({ file, line: pos?.line, col: pos?.col, message, hint: e.code });
  }
  // Warnings are unresolved tags (`!foo 1`, `!!python/object`): a tag llmplan does not know is an error, not a string.
  for (const w of doc.warnings) {
    const pos = w.linePos?.[0];
    problems.push({ file, line: pos?.line, col: pos?.col, message: firstLine(w.message), hint: w.code });
  }
  if (problems.length) throw new InputError(problems.slice(0, MAX_PROBLEMS_SHOWN));
  checkNodes(doc, file, lineCounter);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    // yaml throws ReferenceError "Excessive alias count" for billion-laughs documents.
    throw new InputError([{ file, message: `cannot expand YAML aliases: ${(e as Error).message}`, hint: 'at most 50 alias uses' }]);
  }
  return { file, doc, lineCounter, value };
}

/** The parser's message without its position (the problem carries it) and without the source excerpt. */
function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).replace(/ at line \d+, column \d+:?$/, '');
}

const PROTO_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * One pass over the document, without recursion: at most LIMITS.yamlNodes nodes and LIMITS.yamlDepth levels, no
 * duplicate keys in a map, no keys that reach an object's prototype.
 */
function checkNodes(doc: Document, file: string, lc: LineCounter): void {
  const problems: InputProblem[] = [];
  const at = (node: unknown) => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lc.linePos(range[0]) : {};
  };
  const stack: { node: unknown; path: string[] }[] = [{ node: doc.contents, path: [] }];
  let nodes = 0;
  while (stack.length) {
    const { node, path } = stack.pop()!;
    if (++nodes > LIMITS.yamlNodes.max) {
      throw new InputError([{ file, ...at(node), message: `has more than ${LIMITS.yamlNodes.max.toLocaleString('en-US')} keys and values`, hint: limitText('yamlNodes') }]);
    }
    if (path.length > LIMITS.yamlDepth.max) {
      throw new InputError([{ file, ...at(node), message: `nested too deeply: ${limitText('yamlDepth')}` }]);
    }
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        if (PROTO_KEYS.has(key)) problems.push({ file, ...at(pair.key), path: [...path, key].join('.'), message: `the key "${key}" is not allowed` });
        else if (seen.has(key) && isScalar(pair.key)) problems.push({ file, ...at(pair.key), path: [...path, key].join('.'), message: `duplicate key ${echo(key)}: map keys must be unique`, hint: 'DUPLICATE_KEY' });
        seen.add(key);
        stack.push({ node: pair.value, path: [...path, key] });
        if (problems.length >= MAX_PROBLEMS_SHOWN) break;
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: [...path, String(i)] }));
    }
    if (problems.length >= MAX_PROBLEMS_SHOWN) break;
  }
  // The stack visits the document backwards: list the problems in file order, as an editor does.
  if (problems.length) throw new InputError(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0)));
}

/** Position of a key path in the document; falls back to the nearest existing parent. */
export function locate(ld: LocatedDocument, path: readonly PropertyKey[], preferKey?: string): { line?: number; col?: number } {
  const p = path.map((k) => (typeof k === 'number' ? k : String(k)));
  if (preferKey !== undefined) {
    const parent = ld.doc.getIn(p, true);
    if (isMap(parent)) {
      const pair = parent.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === preferKey);
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      if (range) return ld.lineCounter.linePos(range[0]);
    }
  }
  for (let n = p.length; n >= 0; n--) {
    const node = n === 0 ? ld.doc.contents : ld.doc.getIn(p.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return ld.lineCounter.linePos(range[0]);
  }
  return {};
}

/** Keys a file of an older llmplan may still carry, with what replaced them (shown instead of a did-you-mean). */
// A Map, not an object literal: a key such as `toString` must not find Object.prototype's (a property test did).
const RETIRED_KEYS = new Map<string, string>([
  ['hostServerUsdPer8GpuNode', 'replaced by serverTypes[].hostUsdPerServer: a host price per server type (issue 11, see docs/tco.md)'],
  ['networkingUsdPerNode', 'replaced by fabricSwitch (switch price and ports) and serverTypes[].fabricPortsPerServer (issue 11)'],
]);

/** zod issue list → located problems, with did-you-mean for unknown keys. */
export function zodProblems(ld: LocatedDocument, issues: readonly z.core.$ZodIssue[], knownKeysAt: (path: PropertyKey[]) => string[]): InputProblem[] {
  const out: InputProblem[] = [];
  for (const issue of issues) {
    // Past the problems a person reads, the rest are counted, not located (locating 200,000 unknown keys took minutes).
    if (out.length >= MAX_PROBLEMS_SHOWN) {
      out.push({ file: ld.file, message: issue.code === 'unrecognized_keys' ? `${issue.keys.length} unknown keys` : issue.message });
      continue;
    }
    const path = issue.path as PropertyKey[];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys.slice(0, MAX_PROBLEMS_SHOWN)) {
        const pos = locate(ld, path, key);
        out.push({
          file: ld.file,
          ...pos,
          path: [...path, key].map(String).join('.'),
          message: `unknown key ${echo(key)}`,
          hint: (path.length === 0 ? RETIRED_KEYS.get(String(key)) : undefined) ?? didYouMean(key, knownKeysAt(path)) ?? `expected one of: ${knownKeysAt(path).join(', ')}`,
        });
      }
      if (issue.keys.length > MAX_PROBLEMS_SHOWN) out.push({ file: ld.file, path: path.map(String).join('.'), message: `… and ${(issue.keys.length - MAX_PROBLEMS_SHOWN).toLocaleString('en-US')} more unknown keys` });
      continue;
    }
    const pos = locate(ld, path);
    out.push({ file: ld.file, ...pos, path: path.map(String).join('.') || '(document)', message: describeIssue(issue) });
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    return `expected ${issue.expected}${'received' in issue ? '' : ''}`.replace(/^expected (.*)$/, (_m, e) => `expected ${e} (${issue.message.replace(/^Invalid input: /, '')})`);
  }
  return issue.message;
}

/** Parse and validate with a zod schema; throws one InputError listing every problem. */
export function loadYaml<T>(text: string, file: string, schema: z.ZodType<T>, knownKeysAt: (path: PropertyKey[]) => string[]): { data: T; located: LocatedDocument } {
  const located = parseYamlText(text, file);
  const result = schema.safeParse(located.value);
  if (!result.success) throw new InputError(zodProblems(located, result.error.issues, knownKeysAt));
  return { data: result.data, located };
}
