// Numbers in a scenario may be written as expressions over other numeric fields:
//   requestsPerDay: dailyActiveUsers * requestsPerUserPerDay
// Naming rule: a field is referred to by its key name alone (`dailyActiveUsers`, `monthlyUsd`, `months`). Every
// numeric key outside a list is unique in the scenario schema (a test checks it), so the name is unambiguous;
// numbers inside lists (weeklyShape periods, hourly profiles) may use expressions but cannot be referred to.
//
// Plain arithmetic (numbers, names, + - * /, unary ±, parentheses) is read by ./arithmetic.ts; anything else goes to
// mathjs, fenced per STYLE.md §12 and style-anchors 2.6: mathjs (≥ 15.2.0, CVE-2026-41139/40897) is imported
// lazily, only when an expression needs it; each such expression is parsed once and its tree checked against an allowlist
// (numbers, field names, + - * / ^ unary ±, parentheses, min max ceil floor round sqrt abs) before compile(),
// so assignments, function definitions, accessors (`cos.constructor`), strings, matrices, units and ranges are
// rejected by construction; the result must be a finite number.
//
// Bounded before parsing (core/bounds.ts): at most LIMITS.expressionChars characters and LIMITS.expressionDepth
// levels of parentheses, then at most LIMITS.expressionNodes nodes before compiling. mathjs recurses per operator, so
// a 5,000-term sum overflowed its stack; 1,000 characters stay far inside it.
import type { MathNode } from 'mathjs';
import type { z } from 'zod';
import { LIMITS, limitText } from '../core/bounds.ts';
import { didYouMean } from '../core/did-you-mean.ts';
import { echo } from '../errors.ts';
import { parseArithmetic } from './arithmetic.ts';

type Path = (string | number)[];
export type Report = (path: Path, message: string, hint?: string) => void;

const ALLOWED_FUNCTIONS = new Set(['min', 'max', 'ceil', 'floor', 'round', 'sqrt', 'abs']);
const ALLOWED_OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);

let mathjsLoaded = false;
/** True once an expression made this process import mathjs; plain numbers and plain arithmetic leave it false. */
export function hasLoadedMathjs(): boolean {
  return mathjsLoaded;
}

type AnySchema = { _zod: { def: Record<string, unknown> & { type: string } } };

function unwrap(s: AnySchema): AnySchema[] {
  const def = s._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema; options?: AnySchema[] };
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  if (def.type === 'union') return (def.options ?? []).flatMap(unwrap);
  return [s];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Numeric fields outside lists, by key name → path. Throws if a name repeats (a schema bug). */
export function namedNumericFields(schema: z.ZodType): Map<string, Path> {
  const out = new Map<string, Path>();
  const visit = (s: AnySchema, path: Path): void => {
    for (const u of unwrap(s)) {
      const def = u._zod.def as { type: string; shape?: Record<string, AnySchema> };
      if (def.type === 'number' && path.length > 0) {
        const name = String(path[path.length - 1]);
        if (out.has(name)) throw new Error(`numeric key "${name}" is not unique in the scenario schema`);
        out.set(name, path);
      } else if (def.type === 'object' && def.shape) {
        for (const [k, child] of Object.entries(def.shape)) visit(child, [...path, k]);
      }
    }
  };
  visit(schema as unknown as AnySchema, []);
  return out;
}

interface Site {
  path: Path;
  text: string;
  /** Key name when the site can be referred to; null inside lists. */
  name: string | null;
}

/** Strings the data holds where the schema wants a number: the expressions to evaluate. */
export function findExpressions(schema: z.ZodType, data: unknown): Site[] {
  const sites: Site[] = [];
  const visit = (s: AnySchema, value: unknown, path: Path, inList: boolean): void => {
    const options = unwrap(s);
    const types = options.map((o) => o._zod.def.type);
    if (types.includes('number') && typeof value === 'string') {
      sites.push({ path, text: value, name: inList ? null : String(path[path.length - 1]) });
      return;
    }
    for (const o of options) {
      const def = o._zod.def as { type: string; shape?: Record<string, AnySchema>; element?: AnySchema };
      if (def.type === 'object' && def.shape && isPlainObject(value)) {
        for (const [k, child] of Object.entries(def.shape)) if (Object.hasOwn(value, k)) visit(child, value[k], [...path, k], inList);
      } else if (def.type === 'array' && def.element && Array.isArray(value)) {
        value.forEach((item, i) => visit(def.element!, item, [...path, i], true));
      }
    }
  };
  visit(schema as unknown as AnySchema, data, [], false);
  return sites;
}

function getIn(data: unknown, path: Path): unknown {
  let v: unknown = data;
  for (const k of path) v = (v as Record<string | number, unknown> | null | undefined)?.[k];
  return v;
}

function setIn(data: unknown, path: Path, value: unknown): void {
  const parent = getIn(data, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
}

/** Too long or nested too deeply to parse safely: checked on the text, before mathjs sees it. */
function textProblem(text: string): string | null {
  if (text.length > LIMITS.expressionChars.max) return `an expression has ${limitText('expressionChars')}`;
  let depth = 0;
  let deepest = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') deepest = Math.max(deepest, ++depth);
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
  }
  return deepest > LIMITS.expressionDepth.max ? `parentheses nest ${deepest} deep; an expression nests ${limitText('expressionDepth')}` : null;
}

/** Allowlist check; returns the variable names used, or problems. */
function checkTree(root: MathNode): { symbols: string[]; problems: string[] } {
  const symbols: string[] = [];
  const problems: string[] = [];
  let nodes = 0;
  root.traverse((node, path, parent) => {
    if (++nodes === LIMITS.expressionNodes.max + 1) problems.push(`it has more than ${LIMITS.expressionNodes.max} terms; an expression has ${limitText('expressionNodes')}`);
    const n = node as MathNode & { value?: unknown; name?: string; fn?: unknown; isUnary?: () => boolean };
    switch (n.type) {
      case 'ConstantNode':
        if (typeof n.value !== 'number') problems.push(`only numbers may appear, not ${typeof n.value === 'string' ? echo(n.value) : String(n.value)}`);
        break;
      case 'SymbolNode':
        if (parent?.type === 'FunctionNode' && path === 'fn') break;
        symbols.push(n.name!);
        break;
      case 'OperatorNode':
        if (!ALLOWED_OPERATORS.has(String(n.fn))) problems.push(`the operator "${(n as { op?: string }).op}" is not allowed`);
        break;
      case 'ParenthesisNode':
        break;
      case 'FunctionNode': {
        const fn = n.fn as { type?: string; name?: string };
        if (fn.type !== 'SymbolNode' || !ALLOWED_FUNCTIONS.has(fn.name ?? '')) {
          problems.push(`the function ${echo(String(fn.name ?? n.fn))} is not allowed (allowed: ${[...ALLOWED_FUNCTIONS].join(', ')})`);
        }
        break;
      }
      default:
        problems.push(`${describeNode(n.type)} is not allowed`);
    }
  });
  return { symbols, problems };
}

function describeNode(type: string): string {
  const names: Record<string, string> = {
    AssignmentNode: 'assignment',
    FunctionAssignmentNode: 'defining a function',
    AccessorNode: 'property access',
    IndexNode: 'indexing',
    ArrayNode: 'a list',
    ObjectNode: 'an object',
    ConditionalNode: 'a conditional',
    RangeNode: 'a range',
    BlockNode: 'several statements',
  };
  return names[type] ?? type;
}

/** Turn a DFS stack into "a → b → a". */
function cycleText(stack: string[], back: string): string {
  return [...stack.slice(stack.indexOf(back)), back].join(' → ');
}

async function loadParser(): Promise<(text: string) => MathNode> {
  return (await import('./mathjs-lite.ts')).parse;
}

/**
 * Evaluate every expression in `data` (a fresh copy is returned). Problems go to `report`; the paths of fields
 * that failed (so zod need not repeat "expected number") are returned.
 */
export async function evaluateExpressions(schema: z.ZodType, data: unknown, report: Report): Promise<{ data: unknown; failed: Set<string> }> {
  const sites = findExpressions(schema, data);
  const failed = new Set<string>();
  if (sites.length === 0) return { data, failed };
  const out = structuredClone(data);
  const fail = (site: Site, message: string, hint?: string): void => {
    failed.add(site.path.join('.'));
    report(site.path, message, hint);
  };

  let parse: ((text: string) => MathNode) | undefined;
  type Read = { symbols: string[]; evaluate: (vars: ReadonlyMap<string, number>) => unknown };
  /** What plain arithmetic does not cover: parsed by mathjs and checked against the allowlist; null when reported. */
  const readWithMathjs = async (site: Site): Promise<Read | null> => {
    if (!parse) {
      parse = await loadParser();
      mathjsLoaded = true;
    }
    let node: MathNode;
    try {
      node = parse(site.text);
    } catch (e) {
      const hint = /,/.test(site.text) ? 'write numbers without thousands separators: 10000, not 10,000' : undefined;
      fail(site, `cannot read the expression ${echo(site.text)}: ${(e as Error).message}`, hint);
      return null;
    }
    const { symbols, problems } = checkTree(node);
    if (problems.length) {
      // The first disallowed construct says it; the rest of that tree (e.g. `constructor` in `cos.constructor`) is noise.
      fail(site, `in ${echo(site.text)}: ${problems[0]}`, 'allowed: numbers, other fields, + - * / ^, parentheses, min max ceil floor round sqrt abs');
      return null;
    }
    return { symbols, evaluate: (vars) => node.compile().evaluate(new Map(vars)) };
  };

  // Every named numeric field present in the file is a variable: plain numbers now, expressions once evaluated.
  const fields = namedNumericFields(schema);
  const known = new Map<string, number>();
  const pending = new Map<string, Site>();
  for (const [name, path] of fields) {
    const v = getIn(data, path);
    if (typeof v === 'number') known.set(name, v);
  }
  for (const s of sites) if (s.name) pending.set(s.name, s);
  const available = [...known.keys(), ...pending.keys()];

  const parsed = new Map<Site, Read>();
  for (const site of sites) {
    const shown = echo(site.text);
    const tooBig = textProblem(site.text);
    if (tooBig) {
      fail(site, `cannot read the expression ${shown}: ${tooBig}`);
      continue;
    }
    const read = parseArithmetic(site.text, LIMITS.expressionNodes.max) ?? (await readWithMathjs(site));
    if (!read) continue;
    const { symbols, evaluate } = read;
    const unknown = [...new Set(symbols)].filter((sym) => !known.has(sym) && !pending.has(sym));
    if (unknown.length === 1) {
      const sym = unknown[0]!;
      const hint = fields.has(sym)
        ? `"${sym}" is a scenario field but this file does not set it`
        : (didYouMean(sym, available) ?? (available.length ? `fields you can use: ${available.join(', ')}` : 'this file has no numeric fields to refer to'));
      fail(site, `in ${shown}: unknown name ${echo(sym)}`, hint);
      continue;
    }
    if (unknown.length > 1) {
      fail(site, `in ${shown}: unknown names ${unknown.slice(0, 5).map(echo).join(', ')}`, `a number is written with digits only; fields you can use: ${available.join(', ') || 'none'}`);
      continue;
    }
    parsed.set(site, { evaluate, symbols: [...new Set(symbols)] });
  }

  // Topological order over named expressions; a back edge is a cycle, reported once with its members.
  const order: Site[] = [];
  const state = new Map<Site, 'visiting' | 'done'>();
  const inCycle = new Set<Site>();
  const stack: string[] = [];
  const visit = (site: Site): void => {
    const st = state.get(site);
    if (st === 'done') return;
    if (st === 'visiting') {
      const back = site.name!;
      const text = cycleText(stack, back);
      const members = stack.slice(stack.indexOf(back)).map((n) => pending.get(n)!);
      if (!members.some((m) => inCycle.has(m))) fail(site, `expressions refer to each other in a cycle: ${text}`);
      for (const m of members) {
        inCycle.add(m);
        failed.add(m.path.join('.'));
      }
      return;
    }
    state.set(site, 'visiting');
    if (site.name) stack.push(site.name);
    for (const sym of parsed.get(site)?.symbols ?? []) {
      const dep = pending.get(sym);
      if (dep) visit(dep);
    }
    if (site.name) stack.pop();
    state.set(site, 'done');
    order.push(site);
  };
  for (const site of sites) visit(site);

  for (const site of order) {
    const p = parsed.get(site);
    if (!p || failed.has(site.path.join('.'))) continue;
    const missing = p.symbols.filter((s) => !known.has(s));
    if (missing.length) {
      // A field it depends on failed and was reported there; mark this one so zod does not add noise.
      failed.add(site.path.join('.'));
      continue;
    }
    let result: unknown;
    try {
      result = p.evaluate(new Map(p.symbols.map((s) => [s, known.get(s)!])));
    } catch (e) {
      fail(site, `cannot evaluate ${echo(site.text)}: ${(e as Error).message}`);
      continue;
    }
    if (typeof result !== 'number' || !Number.isFinite(result)) {
      fail(site, `${echo(site.text)} is ${String(result)}, not a finite number`, /\/\s*0\b|\/\s*\(/.test(site.text) ? 'check for a division by zero' : undefined);
      continue;
    }
    setIn(out, site.path, result);
    if (site.name) known.set(site.name, result);
  }
  return { data: out, failed };
}
